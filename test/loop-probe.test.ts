/**
 * The event-loop probe of the measurements (native/core/loop_probe.h): a native 1 ms tick on the
 * loop that makes no JavaScript garbage. What test/harness/event-loop.ts and bench/event-loop.ts
 * rely on: a loop held by JavaScript shows as one tick at least as long as the hold (the main
 * thread's CPU time), tick ends increase on the clock that start returned, and misuse is a typed
 * error, not a crash.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { native } from '../lib/native';
import { ensureBuilt, REPO } from './helpers/spawn';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function busy(ms: number): void {
  const until = native().threadCpuMs() + ms;
  while (native().threadCpuMs() < until) { /* hold the loop on the CPU */ }
}

describe('loop probe', () => {
  it('records ticks whose CPU time covers a 30 ms hold of the loop, on the clock start returned', async () => {
    const started = native().startLoopProbe(10_000);
    const toProbeClock = started - performance.now();
    await sleep(20);
    busy(30);
    const holdEnd = performance.now() + toProbeClock;
    await sleep(20);
    const samples = native().stopLoopProbe();
    expect(samples.length % 2).toBe(0);
    const ticks = samples.length / 2;
    expect(ticks).toBeGreaterThanOrEqual(3);
    const cpu = Array.from({ length: ticks }, (_, k) => samples[2 * k]);
    const ends = Array.from({ length: ticks }, (_, k) => samples[2 * k + 1]);
    // The hold is 30 ms of this thread's CPU, and it falls between two ticks.
    expect(Math.max(...cpu)).toBeGreaterThanOrEqual(30);
    expect(cpu.every((ms) => ms >= 0)).toBe(true);
    expect(ends[0]).toBeGreaterThan(started);
    for (let k = 1; k < ticks; k++) expect(ends[k]).toBeGreaterThanOrEqual(ends[k - 1]);
    // One tick is outstanding at a time: a 30 ms hold does not queue 30 ticks that would then all
    // run right after it.
    expect(ends.filter((end) => end > holdEnd && end < holdEnd + 0.5).length).toBeLessThanOrEqual(2);
  });

  it('stops recording at its capacity', async () => {
    native().startLoopProbe(3);
    await sleep(30);
    expect(native().stopLoopProbe().length).toBe(6);
  });

  it('refuses a bad capacity, a second probe and a stop without a probe, with typed errors', () => {
    expect(() => native().startLoopProbe(0)).toThrow(RangeError);
    expect(() => native().startLoopProbe(Number.NaN)).toThrow(/capacity/);
    expect(() => native().stopLoopProbe()).toThrow(/no probe is running/);
    native().startLoopProbe(10);
    expect(() => native().startLoopProbe(10)).toThrow(/already running/);
    expect(Object.prototype.toString.call(native().stopLoopProbe())).toBe('[object Float64Array]');
    expect(() => native().stopLoopProbe()).toThrow(/no probe is running/);
  });

  // Node runs the finalizer, then hands the ticks still queued to the callback: a probe stopped
  // with a tick in the queue was written to after it was freed (caught by scripts/asan, which
  // runs this file). Holding the loop for 0–2 ms before each stop leaves a tick queued.
  it('starts and stops a thousand times with ticks still queued, and then still records', async () => {
    for (let i = 0; i < 1000; i++) {
      native().startLoopProbe(16);
      const until = performance.now() + (i % 3);
      while (performance.now() < until) { /* let the ticker queue a tick */ }
      if (i % 2 === 1) await new Promise((resolve) => setImmediate(resolve));
      expect(native().stopLoopProbe().length % 2).toBe(0);
    }
    native().startLoopProbe(16);
    await sleep(10);
    expect(native().stopLoopProbe().length).toBeGreaterThanOrEqual(2);
  });

  it('a probe left running does not keep the process alive', () => {
    ensureBuilt(['dist/lib/native.js'], ['lib']);
    const entry = path.join(REPO, 'dist', 'lib', 'native.js');
    const child = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(entry)}).native().startLoopProbe(10); console.log('ok')`],
                            { encoding: 'utf8', timeout: 30_000 });
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('ok');
  });
});
