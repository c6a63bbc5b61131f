/**
 * The priority of spsolve's async work, for a process whose event loop must answer first.
 * @module
 */
import { native } from '../native';
import { describe } from '../sparse/validate';

/** `'normal'` (the default) or `'background'`: see {@link setJobPriority}. */
export type JobPriority = 'normal' | 'background';

const PRIORITIES: readonly JobPriority[] = ['normal', 'background'];

/**
 * Sets the priority at which async jobs run (every `…Async` call and the freeing of large
 * objects after `dispose()`), for the whole process, from the next job on.
 *
 * - `'normal'` (the default): a job runs on the libuv pool thread that takes it, competing for the
 *   cores on equal terms with every other thread, the event loop included.
 * - `'background'`: a job runs on one of spsolve's own threads at Linux's `SCHED_IDLE` priority
 *   (nice 19 where the system refuses that), and the threads that help its BLAS calls do too. It
 *   uses a core only when no normal thread wants one: a server's event loop that wakes takes a core
 *   from it at once instead of waiting up to a time slice. On an otherwise idle machine the job is
 *   as fast as at normal priority; on a machine busy with other work it waits for that work.
 *
 * The results are the same bits at either priority (docs/factorizations.md, "Reproducible
 * results"). Synchronous calls always run on their caller's thread at its priority. The pool
 * thread of a background job sleeps while the job runs: libuv's pool threads also serve the rest
 * of Node, and an unprivileged process cannot give a thread back a priority it lowered.
 *
 * The environment variable `SPSOLVE_JOB_PRIORITY` (`normal` or `background`) sets the priority
 * when the addon loads; anything else makes loading fail with a RangeError.
 *
 * @throws TypeError unless `priority` is a string; RangeError unless it is 'normal' or 'background'.
 * @example
 * ```ts
 * import { getJobPriority, setJobPriority } from 'spsolve';
 *
 * setJobPriority('background'); // a server: factorisations never delay a request
 * console.log(getJobPriority()); // → background
 * setJobPriority('normal');
 * ```
 */
export function setJobPriority(priority: JobPriority): void {
  const expected = `'normal' or 'background'`;
  if (typeof priority !== 'string') throw new TypeError(`setJobPriority: priority must be ${expected}, got ${describe(priority)}`);
  const index = PRIORITIES.indexOf(priority);
  if (index < 0) throw new RangeError(`setJobPriority: priority must be ${expected}, got '${priority}'`);
  native().setJobPriority(index as 0 | 1);
}

/**
 * The priority of async jobs in force (see {@link setJobPriority}): `'normal'` unless
 * `SPSOLVE_JOB_PRIORITY` or setJobPriority chose `'background'`.
 *
 * @example
 * ```ts
 * import { getJobPriority } from 'spsolve';
 *
 * // Without SPSOLVE_JOB_PRIORITY and before any setJobPriority():
 * console.log(getJobPriority()); // → normal
 * ```
 */
export function getJobPriority(): JobPriority {
  return PRIORITIES[native().getJobPriority().priority];
}
