/**
 * `npm run bench:event-loop`: how long the main thread is held while choleskyAsync runs and when
 * the factor is disposed, for 3D Poisson 20³ … 60³ and 2D up to 1000². Each size runs in a fresh
 * process (test/harness/event-loop.ts) for several rounds; a native 1 ms tick on the loop, which
 * makes no JavaScript garbage (native/core/loop_probe.h), records the main thread's
 * CPU time between its ticks. The table gives, per size, the synchronous part of the call, the
 * p50 / p99 / max of those runs (all of them, and those during which V8 did not collect garbage),
 * spsolve's completion of the job (result, promise, freeing the job: the addon's own clock), and
 * dispose(), all in ms of main-thread CPU time; and the collections V8 ran meanwhile (their
 * pauses in wall time). When `perf` is installed, each probe runs under `perf record` and two
 * columns more give the longest tick by what the thread executed (its cpu-clock samples,
 * bench/event-loop/execution-samples.ts), which leaves out what a VM's host took and the kernel
 * charged as CPU.
 *
 *   node dist/bench/event-loop.js [rounds=5]
 *
 * BENCH_NODE_FLAGS: node flags for the probes, e.g. '--single-threaded-gc --no-memory-reducer'
 * (what docs/async-and-threads.md recommends for a latency-sensitive server); none by default.
 */
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventLoopReport, Shape } from '../test/harness/event-loop';
import { countIn, perfVersion, runSampled } from './event-loop/execution-samples';

const sizes: [Shape, number, string][] = [
  ['3d', 20, '3D Poisson 20³'], ['3d', 30, '3D Poisson 30³'], ['3d', 40, '3D Poisson 40³'], ['3d', 50, '3D Poisson 50³'],
  ['3d', 60, '3D Poisson 60³'], ['2d', 250, '2D Poisson 250²'], ['2d', 500, '2D Poisson 500²'], ['2d', 1000, '2D Poisson 1000²'],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

// Samples per second of the main thread's execution: one sample is 0.25 ms.
const PERF_HZ = 4000;

/** Per tick, what the main thread executed by its samples (ms): the first tick's interval starts at the probe's start. */
function executedPerTick(report: EventLoopReport, samples: Float64Array): number[] {
  return report.rounds.flatMap((r) => r.tickEndsMs.map((end, k) =>
    countIn(samples, k === 0 ? r.probeStartMs : r.tickEndsMs[k - 1], end) * (1e3 / PERF_HZ)));
}

function runProbe(args: string[], perf: boolean): { report: EventLoopReport; executed: number[] | null } {
  if (!perf) return { report: JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 })) as EventLoopReport, executed: null };
  const run = runSampled(PERF_HZ, process.execPath, args);
  const report = JSON.parse(run.stdout) as EventLoopReport;
  return { report, executed: executedPerTick(report, run.samplesOf(report.pid)) };
}

function main(): void {
  const rounds = Number(process.argv[2] ?? 5);
  const probe = path.resolve(__dirname, '..', 'test', 'harness', 'event-loop.js');
  const perf = perfVersion();
  console.log(`Main-thread CPU time (ms), ${rounds} rounds per size; ${os.cpus()[0]?.model} × ${os.availableParallelism()}, node ${process.version}, node flags: ${NODE_FLAGS.join(' ') || 'none'}`);
  console.log(perf ? `Executed: ${perf}, cpu-clock samples at ${PERF_HZ} Hz (${1e3 / PERF_HZ} ms each)\n` : 'Executed: perf is not installed (Debian: linux-perf), so those columns are left out\n');
  const executedHeads = perf ? ' runs max, executed | longest, executed |' : '';
  console.log(`| problem | n | call (max) | runs p50 | runs p99 | runs max | runs max outside V8 collections | completion (max) | dispose (max) | longest outside collections |${executedHeads} V8 collections in the jobs: minor, major (pause max, ms) | job wall (s) |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${perf ? '---:|---:|' : ''}---|---:|`);
  for (const [shape, size, name] of sizes) {
    const { report, executed } = runProbe(['--expose-gc', ...NODE_FLAGS, probe, shape, String(size), String(rounds)], perf !== null);
    const runs = report.rounds.flatMap((r) => r.runsMs).sort((a, b) => a - b);
    const call = Math.max(...report.rounds.map((r) => r.callMs));
    const dispose = Math.max(...report.rounds.map((r) => r.disposeMs));
    const completion = Math.max(...report.rounds.map((r) => r.completionMs));
    const longest = Math.max(call, dispose, ...report.rounds.flatMap((r) => r.runsOutsideCollectionsMs));
    const wall = report.rounds.reduce((s, r) => s + r.wallMs, 0) / report.rounds.length / 1e3;
    const f = (v: number) => v.toFixed(2);
    const outside = report.rounds.flatMap((r) => r.runsOutsideCollectionsMs);
    const outsideMax = Math.max(0, ...outside);
    const pauses = (kind: 'minor' | 'major') => {
      const ms = report.rounds.flatMap((r) => r.collectionsMs[kind]);
      return ms.length === 0 ? '0' : `${ms.length} (${f(Math.max(...ms))})`;
    };
    // The call and dispose are not ticks: they count with their CPU time.
    const executedMax = executed?.reduce((a, b) => Math.max(a, b), 0) ?? 0;
    const executedCells = executed ? ` ${f(executedMax)} | **${f(Math.max(call, dispose, executedMax))}** |` : '';
    console.log(`| ${name} | ${report.n.toLocaleString('en')} | ${f(call)} | ${f(percentile(runs, 0.5))} | ${f(percentile(runs, 0.99))} | ` +
                `${f(runs[runs.length - 1] ?? 0)} | ${f(outsideMax)} | ${f(completion)} | ${f(dispose)} | **${f(longest)}** |${executedCells} ${pauses('minor')}, ${pauses('major')} | ${wall.toFixed(2)} |`);
  }
}

main();
