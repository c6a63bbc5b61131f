/**
 * `npm run bench:event-loop`: how long the main thread is held while choleskyAsync runs and when
 * the factor is disposed, for 3D Poisson 20³ … 60³ and 2D up to 1000². Each size runs in a fresh
 * process (test/harness/event-loop.ts) for several rounds; a native 1 ms tick on the loop, which
 * makes no JavaScript garbage (native/core/loop_probe.h), records the main thread's
 * CPU time between its ticks. The table gives, per size, the synchronous part of the call, the
 * p50 / p99 / max of those runs (all of them, and those during which V8 did not collect garbage),
 * spsolve's completion of the job (result, promise, freeing the job: the addon's own clock), and
 * dispose(), all in ms of main-thread CPU time; and the collections V8 ran meanwhile (their
 * pauses in wall time).
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

const sizes: [Shape, number, string][] = [
  ['3d', 20, '3D Poisson 20³'], ['3d', 30, '3D Poisson 30³'], ['3d', 40, '3D Poisson 40³'], ['3d', 50, '3D Poisson 50³'],
  ['3d', 60, '3D Poisson 60³'], ['2d', 250, '2D Poisson 250²'], ['2d', 500, '2D Poisson 500²'], ['2d', 1000, '2D Poisson 1000²'],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

function main(): void {
  const rounds = Number(process.argv[2] ?? 5);
  const probe = path.resolve(__dirname, '..', 'test', 'harness', 'event-loop.js');
  console.log(`Main-thread CPU time (ms), ${rounds} rounds per size; ${os.cpus()[0]?.model} × ${os.availableParallelism()}, node ${process.version}, node flags: ${NODE_FLAGS.join(' ') || 'none'}\n`);
  console.log('| problem | n | call (max) | runs p50 | runs p99 | runs max | runs max outside V8 collections | completion (max) | dispose (max) | longest outside collections | V8 collections in the jobs: minor, major (pause max, ms) | job wall (s) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  for (const [shape, size, name] of sizes) {
    const report = JSON.parse(execFileSync(process.execPath, ['--expose-gc', ...NODE_FLAGS, probe, shape, String(size), String(rounds)], { encoding: 'utf8', maxBuffer: 1 << 28 })) as EventLoopReport;
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
    console.log(`| ${name} | ${report.n.toLocaleString('en')} | ${f(call)} | ${f(percentile(runs, 0.5))} | ${f(percentile(runs, 0.99))} | ` +
                `${f(runs[runs.length - 1] ?? 0)} | ${f(outsideMax)} | ${f(completion)} | ${f(dispose)} | **${f(longest)}** | ${pauses('minor')}, ${pauses('major')} | ${wall.toFixed(2)} |`);
  }
}

main();
