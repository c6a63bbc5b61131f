/**
 * The phases every bench times the addon by, through the public API: analyze, the numeric
 * factorisation (refactor with A's values) and one solve, best of several runs each.
 */
import { analyze, type CscMatrix, type Factor } from '../lib';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Best seconds of each phase. */
export interface BestPhases { analyze: number; factor: number; solve: number }

/**
 * Runs analyze → refactor → solve `repeats` times on fresh factors. `last`, when given, sees the
 * last run's factor and solution before the factor is disposed.
 */
export function bestPhases(A: CscMatrix, b: Float64Array, repeats: number,
                           last?: (factor: Factor, x: Float64Array) => void): BestPhases {
  const best = { analyze: Infinity, factor: Infinity, solve: Infinity };
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const factor = analyze(A);
    const t1 = performance.now();
    factor.refactor(A.values);
    const t2 = performance.now();
    const x = factor.solve(b);
    const t3 = performance.now();
    if (r === repeats - 1) last?.(factor, x);
    const freedOnWorker = factor.info.memoryBytes >= 64 * 2 ** 20;
    factor.dispose();
    // A large factor is freed on a worker thread (docs/async-and-threads.md): let that finish, so
    // that it does not share the cores with the next run's timed phases (the C driver frees inline).
    if (freedOnWorker) Atomics.wait(pause, 0, 0, 250);
    best.analyze = Math.min(best.analyze, (t1 - t0) / 1e3);
    best.factor = Math.min(best.factor, (t2 - t1) / 1e3);
    best.solve = Math.min(best.solve, (t3 - t2) / 1e3);
  }
  return best;
}
