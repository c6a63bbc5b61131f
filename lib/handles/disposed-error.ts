/**
 * The error every native object (a factorisation, a hierarchy, a remote factor) raises once disposed.
 * @module
 */

/**
 * A native object (a factorisation, a solver state, a derivative's pullback) was used after `dispose()`.
 *
 * @example
 * ```ts
 * import { DisposedError, cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(5));
 * factor.dispose();
 * try {
 *   factor.solve(new Float64Array(25));
 * } catch (e) {
 *   console.log(e instanceof DisposedError); // → true
 * }
 * ```
 */
export class DisposedError extends Error {
  /** @param message Default: 'the factor has been disposed' (each kind of object names itself). */
  constructor(message = 'the factor has been disposed') {
    super(message);
    this.name = 'DisposedError';
  }
}
