/**
 * How much the main thread works while an async factorisation runs: run in a fresh Node process
 * (the jest process's heap would add its own GC pauses), for one problem, several rounds of
 * choleskyAsync → await → dispose. Used by test/concurrency.test.ts (properties that hold on any
 * machine) and bench/event-loop.ts (the table in bench/README.md).
 *
 *   node dist/test/harness/event-loop.js <1d|2d|3d> <size> [rounds]   → one JSON line
 *
 * 1d is the chain poisson2d(size, 1): the most input per unit of factorisation work, so that any
 * main-thread cost proportional to the input shows most.
 *
 * Time is the main thread's CPU time (Linux schedstat), not the wall clock: a gap in a timer is the
 * event loop held only for the part the thread spent running; the rest is the OS giving the CPU
 * to other processes (or the other threads of this one) on a busy machine.
 */
import * as fs from 'node:fs';
import { choleskyAsync, poisson2d, poisson3d } from '../../lib';

export interface EventLoopRound {
  /** CPU time of the synchronous part of choleskyAsync (until it returns its promise), ms. */
  callMs: number;
  /** Main-thread CPU between consecutive 1 ms timer ticks while the job ran, ms, one per tick. */
  runsMs: number[];
  /** CPU time of dispose(), ms. */
  disposeMs: number;
  /**
   * Main-thread CPU from the call to the resolved promise in a second run of the same job with no
   * timer (the timer's own ticks cost more than the job's main-thread work), and the whole
   * process's CPU in that run, ms.
   */
  mainMs: number;
  processMs: number;
  /** Wall time of the job, ms. */
  wallMs: number;
}

export interface EventLoopReport { n: number; nnz: number; rounds: EventLoopRound[] }

/**
 * The main thread's CPU time so far, ms (Linux). Read into a buffer kept open, with no string or
 * array made per call: the probe ticks every millisecond, and the garbage of a readFileSync per
 * tick made the collections it then measured (a full one every few seconds, 4 – 11 ms).
 */
const schedstat = { fd: -1, buffer: Buffer.alloc(64) };
function mainThreadMs(): number {
  if (schedstat.fd < 0) schedstat.fd = fs.openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  const length = fs.readSync(schedstat.fd, schedstat.buffer, 0, schedstat.buffer.length, 0);
  let ns = 0;
  for (let k = 0; k < length; k++) {
    const digit = schedstat.buffer[k] - 48;
    if (digit < 0 || digit > 9) break;
    ns = ns * 10 + digit;
  }
  return ns / 1e6;
}

function processMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e3;
}

async function round(A: ReturnType<typeof poisson2d>): Promise<EventLoopRound> {
  // Room for a tick per ms of a long job, allocated before the job starts (no garbage per tick).
  const ticks = new Float64Array(1 << 20);
  let nTicks = 0;
  const start = performance.now(), main0 = mainThreadMs(), process0 = processMs();
  const pending = choleskyAsync(A);
  const callMs = mainThreadMs() - main0;
  let last = mainThreadMs();
  const timer = setInterval(() => {
    const now = mainThreadMs();
    if (nTicks < ticks.length) ticks[nTicks++] = now - last;
    last = now;
  }, 1);
  const factor = await pending;
  clearInterval(timer);
  const runsMs = Array.from(ticks.subarray(0, nTicks));
  const wallMs = performance.now() - start;
  const before = mainThreadMs();
  factor.dispose();
  const disposeMs = mainThreadMs() - before;
  await settle();
  const quietMain0 = mainThreadMs(), quietProcess0 = processMs();
  const quiet = await choleskyAsync(A);
  const mainMs = mainThreadMs() - quietMain0, processTotal = processMs() - quietProcess0;
  quiet.dispose();
  return { callMs, runsMs, disposeMs, mainMs, processMs: processTotal, wallMs };
}

/** Lets the freeing of a disposed factor (on a worker) finish before the next measurement. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

export type Shape = '1d' | '2d' | '3d';

export async function probe(shape: Shape, size: number, rounds: number): Promise<EventLoopReport> {
  const A = shape === '1d' ? poisson2d(size, 1) : shape === '2d' ? poisson2d(size) : poisson3d(size);
  // One warm-up: the first call loads the addon and compiles the JavaScript on the path.
  (await choleskyAsync(poisson2d(4))).dispose();
  const report: EventLoopReport = { n: A.nrows, nnz: A.nnz, rounds: [] };
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
