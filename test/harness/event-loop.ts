/**
 * How much the main thread works while an async factorisation runs: run in a fresh Node process
 * (the jest process's heap would add its own GC pauses), for one problem, several rounds of
 * choleskyAsync → await → dispose. Used by test/concurrency.test.ts (properties that hold on any
 * machine) and bench/event-loop.ts (the table in bench/README.md).
 *
 *   node --expose-gc dist/test/harness/event-loop.js <1d|2d|3d> <size> [rounds]   → one JSON line
 *
 * 1d is the chain poisson2d(size, 1): the most input per unit of factorisation work, so that any
 * main-thread cost proportional to the input shows most.
 *
 * Time is the main thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not the wall clock: a gap in a timer is the
 * event loop held only for the part the thread spent running; the rest is the OS giving the CPU
 * to other processes (or the other threads of this one) on a busy machine.
 */
import { PerformanceObserver, constants as perf } from 'node:perf_hooks';
import { choleskyAsync, poisson2d, poisson3d } from '../../lib';
import { native } from '../../lib/native';

export interface EventLoopRound {
  /** CPU time of the synchronous part of choleskyAsync (until it returns its promise), ms. */
  callMs: number;
  /** Main-thread CPU between consecutive ticks of the 1 ms loop probe while the job ran, ms, one per tick. */
  runsMs: number[];
  /**
   * When each tick ended, and when the probe started (the start of the first tick's interval):
   * CLOCK_MONOTONIC ms, the clock of `perf record -k mono`, with which bench/event-loop.ts checks
   * how much of a long run the thread actually executed.
   */
  tickEndsMs: number[];
  probeStartMs: number;
  /** The same without the ticks during which V8 collected garbage (the collector's work, not spsolve's). */
  runsOutsideCollectionsMs: number[];
  /** CPU time of dispose(), ms. */
  disposeMs: number;
  /**
   * Main-thread CPU from the call to the resolved promise in a second run of the same job with no
   * timer (the timer's own ticks cost more than the job's main-thread work), and the whole
   * process's CPU in that run, ms.
   */
  mainMs: number;
  processMs: number;
  /**
   * The main thread's CPU in spsolve's completion of the job (building the result, settling the
   * promise, freeing the job: native().completionCpuMs()), ms, in the run with the timer. The
   * timer keeps the thread warm: after a second asleep, the same completion of a 100-unknown
   * analysis took 1.4 – 8.7 ms instead of 0.01 ms on the VM of bench/README.md, the machine
   * bringing back what it evicted, and mainMs includes that.
   */
  completionMs: number;
  /** Wall time of the job, ms. */
  wallMs: number;
  /**
   * The pauses of V8's collections while the job ran (wall clock, ms): minor (scavenges) and major
   * (mark-compact). Why V8 started one is not visible from JavaScript (its memory reducer and a
   * report of native memory set the same flags); `node --trace-incremental-marking` prints it.
   */
  collectionsMs: { minor: number[]; major: number[] };
}

export interface EventLoopReport { n: number; nnz: number; pid: number; rounds: EventLoopRound[] }

/**
 * The main thread's CPU time so far, ms, from the addon (CLOCK_THREAD_CPUTIME_ID): exact, and
 * allocation-free. (Linux's /proc schedstat, read before, is brought up to date only at a context
 * switch or a scheduler tick, 4 ms here: a call that ran 1 ms could read 0 or 4; and a readFileSync
 * per 1 ms tick made the garbage whose collections the probe then measured.)
 */
function mainThreadMs(): number {
  return native().threadCpuMs();
}

function processMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e3;
}

// Room for a tick per ms of a two-minute job.
const maxTicks = 1 << 17;

async function round(A: ReturnType<typeof poisson2d>): Promise<EventLoopRound> {
  collections.length = 0;
  const start = performance.now(), main0 = mainThreadMs(), completion0 = native().completionCpuMs();
  const pending = choleskyAsync(A);
  const callMs = mainThreadMs() - main0;
  // The ticks: a native timer (native/core/loop_probe.h), since a JavaScript setInterval makes
  // garbage on every tick, whose collections the probe would then measure. Its clock is mapped
  // onto performance.now()'s, the clock of V8's collection entries.
  const probeStartMs = native().startLoopProbe(maxTicks);
  const probeClockToPerformance = performance.now() - probeStartMs;
  const factor = await pending;
  const completionMs = native().completionCpuMs() - completion0;
  const samples = native().stopLoopProbe();
  const wallMs = performance.now() - start;
  const before = mainThreadMs();
  factor.dispose();
  const disposeMs = mainThreadMs() - before;
  await settle(); // also delivers the job's collections to the observer
  const runsMs: number[] = [], tickEndsMs: number[] = [];
  for (let k = 0; k < samples.length; k += 2) {
    runsMs.push(samples[k]);
    tickEndsMs.push(samples[k + 1]);
  }
  // A tick whose interval met one of V8's collections measured the collector, not spsolve.
  const during = collections.filter((c) => c.start < start + wallMs && c.start + c.ms > start);
  const runsOutsideCollectionsMs = runsMs.filter((_, k) => {
    const from = k === 0 ? start : tickEndsMs[k - 1] + probeClockToPerformance, to = tickEndsMs[k] + probeClockToPerformance;
    return !during.some((c) => c.start < to && c.start + c.ms > from);
  });
  const quietMain0 = mainThreadMs(), quietProcess0 = processMs();
  const quiet = await choleskyAsync(A);
  const mainMs = mainThreadMs() - quietMain0, processTotal = processMs() - quietProcess0;
  quiet.dispose();
  return {
    callMs, runsMs, tickEndsMs, probeStartMs, runsOutsideCollectionsMs, disposeMs, mainMs, processMs: processTotal, completionMs, wallMs,
    collectionsMs: {
      minor: during.filter((c) => !c.major).map((c) => c.ms),
      major: during.filter((c) => c.major).map((c) => c.ms),
    },
  };
}

/** V8's collections (filled by the observer below): start (performance.now() time) and pause, ms. */
const collections: { start: number; ms: number; major: boolean }[] = [];

function observeCollections(): void {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as unknown as { detail: { kind: number } };
      collections.push({ start: entry.startTime, ms: entry.duration, major: detail.kind === perf.NODE_PERFORMANCE_GC_MAJOR });
    }
  }).observe({ entryTypes: ['gc'] });
}

/**
 * Lets the freeing of a disposed factor (on a worker) finish before the next measurement, and, when
 * Node runs with --expose-gc (bench/event-loop.ts passes it), collects the probe's own garbage (its
 * reports, the previous round's second run): a collection in the next window is then one the
 * window's own allocations started.
 */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  (globalThis as { gc?: () => void }).gc?.();
  // The observer is handed that collection's entry on a later turn of the loop: here, not in the
  // next window (its callback ran 0.5–1 ms there, in the first ticks).
  await new Promise((resolve) => setTimeout(resolve, 10));
}

export type Shape = '1d' | '2d' | '3d';

export async function probe(shape: Shape, size: number, rounds: number): Promise<EventLoopReport> {
  const A = shape === '1d' ? poisson2d(size, 1) : shape === '2d' ? poisson2d(size) : poisson3d(size);
  // One warm-up: the first call loads the addon and compiles the JavaScript on the path.
  (await choleskyAsync(poisson2d(4))).dispose();
  const report: EventLoopReport = { n: A.nrows, nnz: A.nnz, pid: process.pid, rounds: [] };
  observeCollections();
  await settle(); // the start-up's and the warm-up's garbage
  for (let r = 0; r < rounds; r++) {
    report.rounds.push(await round(A));
    await settle();
  }
  return report;
}

if (require.main === module) {
  const [shape, size, rounds] = process.argv.slice(2);
  probe(shape as Shape, Number(size), Number(rounds ?? 3)).then((report) => console.log(JSON.stringify(report)));
}
