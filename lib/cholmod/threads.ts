/**
 * The process-wide policy for the threads a BLAS call (in supernodal factorisations, LU, QR,
 * selected inverses and solves) may use.
 * @module
 */
import { native } from '../native';
import { describe } from '../sparse/validate';

/**
 * How many threads a BLAS call may use: `'auto'` (the default) or a fixed count.
 *
 * @example
 * ```ts
 * import { type ThreadPolicy, setThreads } from 'spsolve';
 *
 * const policy: ThreadPolicy = process.env.ONE_JOB_AT_A_TIME ? 4 : 'auto';
 * setThreads(policy);
 * ```
 */
export type ThreadPolicy = number | 'auto';

/**
 * Sets how many threads a BLAS call inside spsolve may use, for the whole process (the bundled
 * engines have no OpenMP, so these and libuv's pool are the only threads). The results do not
 * depend on it, only the speed: a large BLAS call (dgemm, dsyrk, dtrsm, dpotrf, dgemv, dlarfb) is
 * cut into tiles by its shape alone, each tile is one single-threaded OpenBLAS call, and the
 * tiles run on the calling thread and on free threads of one team shared by the whole process.
 * So the same matrix gives the same factor, bit for bit, under every policy, alone or beside
 * other jobs (docs/factorizations.md, "Reproducible results"), and concurrent
 * jobs share the team instead of each asking for every core.
 *
 * - `'auto'` (the default): every usable core (`buildInfo().cores`, or `OPENBLAS_NUM_THREADS` if
 *   that is set and lower).
 * - a number n in [1, 1024]: n threads.
 *
 * In the system build (`buildInfo().tiledBlas` false) Debian's libcholmod calls OpenBLAS directly:
 * there OpenBLAS runs on one thread, so that its results are reproducible too, and the policy
 * applies to spsolve's own BLAS calls (the selected inverse).
 *
 * The environment variable `SPSOLVE_THREADS` (`auto` or an integer) sets the policy when the
 * addon loads; anything else makes loading fail with a RangeError.
 *
 * @throws TypeError / RangeError unless `threads` is 'auto' or an integer in [1, 1024].
 * @example
 * ```ts
 * import { getThreads, setThreads } from 'spsolve';
 *
 * setThreads(1); // e.g. to compare with a single-threaded baseline
 * console.log(getThreads()); // → 1
 * setThreads('auto');
 * console.log(getThreads()); // → auto
 * ```
 */
export function setThreads(threads: ThreadPolicy): void {
  if (threads === 'auto') return native().setThreads(0);
  if (typeof threads !== 'number') {
    throw new TypeError(`setThreads: threads must be 'auto' or an integer in 1..1024, got ${describe(threads)}`);
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new RangeError(`setThreads: threads must be 'auto' or an integer in 1..1024, got ${threads}`);
  }
  native().setThreads(threads);
}

/**
 * The BLAS thread policy in force (see {@link setThreads}): `'auto'` unless `SPSOLVE_THREADS` or
 * setThreads fixed a count.
 *
 * @example
 * ```ts
 * import { getThreads } from 'spsolve';
 *
 * // Without SPSOLVE_THREADS and before any setThreads():
 * console.log(getThreads()); // → auto
 * ```
 */
export function getThreads(): ThreadPolicy {
  const fixed = native().getThreads();
  return fixed === 0 ? 'auto' : fixed;
}
