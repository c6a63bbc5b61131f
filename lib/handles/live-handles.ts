/**
 * How many native objects are alive: a diagnostic for leak tests.
 * @module
 */
import { native } from '../native';

/**
 * How many native objects (factorisations, and every other kind) are alive in this thread's addon instance (diagnostics, leak
 * tests); a factor kept alive by a running async job still counts.
 *
 * @example
 * ```ts
 * import { cholesky, liveHandles, poisson2d } from 'spsolve';
 *
 * const before = liveHandles();
 * const factor = cholesky(poisson2d(10));
 * console.log(liveHandles() - before); // → 1
 * factor.dispose();
 * console.log(liveHandles() - before); // → 0
 * ```
 */
export function liveHandles(): number {
  return native().liveHandles();
}
