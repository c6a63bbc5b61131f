/**
 * Background jobs (setJobPriority, native/blas/job_priority.h): an async job runs on spsolve's own
 * threads at SCHED_IDLE, its tiled BLAS calls are helped only by background helpers, libuv's pool
 * threads keep their priority, and the results are the same bits as at normal priority.
 *
 * Why this can fail: a job left on the pool thread (or a pool thread lowered instead of the job
 * moved) shows up in the threads' policies below; a background call helped by the normal crew, or
 * no background helper at all, in the counters; an exception lost between the background thread
 * and the pool thread as a hang or an untyped error.
 *
 * The problems are small on purpose: a background job only gets a core nobody else wants, and the
 * suite may run beside other work (npm test under load), where a large one would crawl.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { buildInfo, cholesky, choleskyAsync, getJobPriority, NotPositiveDefiniteError, setJobPriority, type JobPriority } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { lu, luAsync } from '../lib/lu';
import { native } from '../lib/native';
import { CscMatrix, convectionDiffusion3d, poisson2d, poisson3d } from '../lib/sparse';

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;
const bytes = (x: Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

interface Task {
  name: string;
  policy: number;
  nice: number;
}

/** Every thread of this process: its name, scheduling policy and nice value (proc(5), stat fields 2, 41, 19). */
function tasks(): Task[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3
      return [{ name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), policy: Number(fields[38]), nice: Number(fields[16]) }];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

const isBackground = (t: Task) => t.policy === SCHED_IDLE || (t.policy === SCHED_OTHER && t.nice === 19);

/** tasks(), taken again (up to 20 times, 50 ms apart) while some thread not named spsolve's is lowered. */
async function stableSnapshot(): Promise<Task[]> {
  let snapshot = tasks();
  for (let k = 0; k < 20 && snapshot.some((t) => !t.name.startsWith('spsolve-') && isBackground(t)); k++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    snapshot = tasks();
  }
  return snapshot;
}

let before: JobPriority;
beforeAll(() => {
  before = getJobPriority();
});
afterEach(() => {
  setJobPriority(before);
  expect(liveHandles()).toBe(0);
});

describe('setJobPriority', () => {
  it("takes 'normal' or 'background' and refuses anything else, naming both", () => {
    setJobPriority('background');
    expect(getJobPriority()).toBe('background');
    setJobPriority('normal');
    expect(getJobPriority()).toBe('normal');
    expect(() => setJobPriority('low' as never)).toThrow(new RangeError("setJobPriority: priority must be 'normal' or 'background', got 'low'"));
    expect(() => setJobPriority(1 as never)).toThrow(TypeError);
    expect(() => setJobPriority(undefined as never)).toThrow(/priority must be 'normal' or 'background'/);
  });

  describe('SPSOLVE_JOB_PRIORITY', () => {
    const entry = path.resolve(__dirname, '..', 'dist', 'lib', 'cholmod', 'index.js');
    const probe = `const c = require(${JSON.stringify(entry)}); console.log(c.getJobPriority())`;
    const run = (value: string | undefined) =>
      spawnSync(process.execPath, ['-e', probe], { env: { ...process.env, SPSOLVE_JOB_PRIORITY: value }, encoding: 'utf8' });

    it("sets the priority at load ('normal' when unset)", () => {
      for (const [value, priority] of [[undefined, 'normal'], ['normal', 'normal'], ['background', 'background']] as const) {
        const result = run(value);
        expect({ value, status: result.status, out: result.stdout.trim() }).toEqual({ value, status: 0, out: priority });
      }
    });

    it('an invalid value makes loading fail with a clear message', () => {
      const bad = run('idle');
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(/SPSOLVE_JOB_PRIORITY must be 'normal' or 'background', got 'idle'/);
    });
  });
});

describe('a background job', () => {
  const A = poisson3d(16); // supernodal, with BLAS calls large enough to be cut into tiles
  const b = Float64Array.from({ length: A.nrows }, (_, i) => Math.cos(i));

  it('runs on a background thread at SCHED_IDLE, helped by background helpers only, and gives the same bits', async () => {
    const reference = (() => {
      using f = cholesky(A);
      return f.solve(b) as Float64Array;
    })();
    const poolBefore = tasks().filter((t) => !t.name.startsWith('spsolve-'));

    setJobPriority('background');
    const counts0 = native().tileCounts(), jobs0 = native().getJobPriority().backgroundJobs;
    const f = await choleskyAsync(A);
    try {
      expect(native().getJobPriority().backgroundJobs - jobs0).toBeGreaterThanOrEqual(1); // choleskyAsync may be several jobs
      expect(bytes(f.solve(b) as Float64Array).equals(bytes(reference))).toBe(true);
    } finally {
      setJobPriority('normal'); // so that the free after dispose() is no background job of a later test
      f.dispose();
    }
    const counts1 = native().tileCounts();
    // CHOLMOD's tiled calls came from a background thread (the system build's libcholmod calls
    // OpenBLAS itself, not the tiles).
    if (buildInfo().tiledBlas) expect(counts1.backgroundCalls - counts0.backgroundCalls).toBeGreaterThan(0);

    // A thread spsolve is starting at this moment (a free after a dispose) is lowered before it
    // takes spsolve's name: for that instant it is a lowered thread under its creator's name. A
    // pool thread lowered for good would be so in every snapshot.
    const snapshot = await stableSnapshot();
    const jobThreads = snapshot.filter((t) => t.name === 'spsolve-bg');
    expect(jobThreads.length).toBeGreaterThanOrEqual(1);
    expect(jobThreads.every(isBackground)).toBe(true);
    // (Threads a library starts from a background thread inherit its name and priority: the system
    // build's OpenBLAS does, so there may be more of these than spsolve started.)
    expect(native().getJobPriority().backgroundThreads).toBeGreaterThanOrEqual(1);
    // The background crew of the tile team, if the team has helpers at all, runs at SCHED_IDLE too.
    expect(snapshot.filter((t) => t.name === 'spsolve-tile-bg').every(isBackground)).toBe(true);
    // No thread of Node's, the pool's included, was lowered.
    const others = snapshot.filter((t) => !t.name.startsWith('spsolve-'));
    expect(others.filter(isBackground)).toEqual([]);
    expect(others.length).toBeGreaterThanOrEqual(poolBefore.length);
  }, 60_000);

  it("at 'normal' again, jobs run on the pool thread (no background job, no background BLAS call)", async () => {
    setJobPriority('background');
    using first = await choleskyAsync(A);
    setJobPriority('normal');
    const counts0 = native().tileCounts(), jobs0 = native().getJobPriority().backgroundJobs;
    (await choleskyAsync(A)).dispose();
    const counts1 = native().tileCounts();
    expect(native().getJobPriority().backgroundJobs).toBe(jobs0);
    expect(counts1.backgroundCalls).toBe(counts0.backgroundCalls);
    if (buildInfo().tiledBlas) expect(counts1.tiledCalls).toBeGreaterThan(counts0.tiledCalls);
  }, 60_000);

  it("an engine's error reaches the promise typed, through the background thread", async () => {
    setJobPriority('background');
    const negated = new CscMatrix(A.nrows, A.ncols, A.colPtr, A.rowIdx, A.values.map((v) => -v), { symmetry: A.symmetry });
    await expect(choleskyAsync(negated)).rejects.toThrow(NotPositiveDefiniteError);
    // And the thread serves the next job.
    using f = await choleskyAsync(A);
    expect(f.solve(b)).toBeInstanceOf(Float64Array);
  }, 60_000);

  it('8 concurrent jobs over 3 patterns and 2 engines give the sequential results, bit for bit', async () => {
    const problems = [poisson3d(12), poisson2d(40), convectionDiffusion3d(10)];
    const sequential = problems.map((M, k) => {
      const rhs = Float64Array.from({ length: M.nrows }, (_, i) => Math.sin(i + k));
      using f = k === 2 ? lu(M) : cholesky(M);
      return bytes(f.solve(rhs) as Float64Array);
    });
    setJobPriority('background');
    const results = await Promise.all(
      Array.from({ length: 8 }, async (_, j) => {
        const k = j % 3;
        const M = problems[k];
        const rhs = Float64Array.from({ length: M.nrows }, (_, i) => Math.sin(i + k));
        using f = k === 2 ? await luAsync(M) : await choleskyAsync(M);
        return { k, same: bytes(f.solve(rhs) as Float64Array).equals(sequential[k]) };
      }),
    );
    expect(results.filter((r) => !r.same)).toEqual([]);
  }, 120_000);
});
