/**
 * What a thread actually executed, as opposed to the CPU time its kernel charged it.
 *
 * On a VM that reports no steal time (the one of bench/README.md), when the host takes a vCPU away
 * the guest charges the whole absence to the thread that was current on it: the main thread, asleep
 * in epoll_wait between two 1 ms ticks, was charged 10–35 ms of "CPU" for one tick. `perf record`'s
 * cpu-clock event tells the two apart: it samples a thread on a timer that runs only while the
 * guest runs, so a thread that really executed for t ms gets about t · F / 1000 samples, and one
 * charged for the host's absence gets one or none. (Checked on this VM: a 30 ms busy loop on the
 * main thread, charged 14 ms while it waited for a core behind the job, got 29 samples at 2 kHz;
 * a tick charged 27 ms got 2, both in epoll_pwait.)
 *
 * Used by bench/event-loop.ts when `perf` (Debian's linux-perf) is installed; the bench prints its
 * table without these columns otherwise.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** `perf --version`, or null when perf is not installed or may not sample here. */
export function perfVersion(): string | null {
  const probe = spawnSync('perf', ['record', '-q', '-k', 'mono', '-e', 'cpu-clock', '-F', '1000', '-o', '/dev/null', '--', 'true'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  return spawnSync('perf', ['--version'], { encoding: 'utf8' }).stdout.trim();
}

export interface SampledRun {
  /** The command's standard output. */
  stdout: string;
  /** The times of one thread's samples, CLOCK_MONOTONIC ms, ascending. */
  samplesOf(tid: number): Float64Array;
}

/** Runs a command under `perf record` (cpu-clock, every thread, CLOCK_MONOTONIC timestamps). */
export function runSampled(frequencyHz: number, command: string, args: string[]): SampledRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spsolve-perf-'));
  const data = path.join(dir, 'perf.data');
  try {
    const run = spawnSync('perf', ['record', '-q', '-k', 'mono', '-e', 'cpu-clock', '-F', String(frequencyHz), '-o', data, '--', command, ...args],
      { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 0) throw new Error(`perf record ${command} exited with ${run.status}: ${run.stderr}`);
    const script = spawnSync('perf', ['script', '-i', data, '-F', 'tid,time'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (script.status !== 0) throw new Error(`perf script exited with ${script.status}: ${script.stderr}`);
    const byThread = new Map<number, number[]>();
    for (const line of script.stdout.split('\n')) {
      const match = /^\s*(\d+)\s+(\d+\.\d+):/.exec(line);
      if (!match) continue;
      const tid = Number(match[1]);
      let times = byThread.get(tid);
      if (!times) byThread.set(tid, (times = []));
      times.push(Number(match[2]) * 1e3);
    }
    return { stdout: run.stdout, samplesOf: (tid) => Float64Array.from(byThread.get(tid) ?? []).sort() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** How many of the ascending times fall in (from, to]. */
export function countIn(times: Float64Array, from: number, to: number): number {
  return upperBound(times, to) - upperBound(times, from);
}

function upperBound(times: Float64Array, value: number): number {
  let lo = 0, hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
