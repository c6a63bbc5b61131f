/**
 * The process-wide policy for the BLAS threads CHOLMOD's supernodal work runs on.
 * @module
 */
import { native } from '../native';
import { describe } from '../sparse/validate';

/**
 * How many BLAS threads: `'auto'` (the default) or a fixed count for every call.
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
 * Sets the threads of the BLAS (OpenBLAS) inside supernodal factorisations, selected inverses and
 * solves, for the whole process (the bundled CHOLMOD has no OpenMP, so these are the only threads
 * besides libuv's pool). OpenBLAS keeps one count per process, which is why this is a policy and
 * not an option of each call.
 *
 * - `'auto'` (the default): a supernodal factorisation of more than about 0.05 GFLOP (and each
 *   large supernode of a selected inverse) gets every core (`buildInfo().cores`, or
 *   `OPENBLAS_NUM_THREADS` if that is set and lower) while it is the only BLAS work in flight;
 *   as soon as two operations overlap (async jobs, solves, worker threads) all of them run on one
 *   thread each, since jobs that each ask OpenBLAS for every core collapse to a fraction of one
 *   job's speed. One large factorisation at a time is as fast as CHOLMOD called from C, and many
 *   concurrent jobs still add up to every core.
 * - a number n in [1, 1024]: every call uses n threads, whatever else runs.
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
