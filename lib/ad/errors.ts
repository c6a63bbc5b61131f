/** Errors of the derivative rules. */

/**
 * A derivative spsolve cannot compute correctly, raised before any work is done rather
 * than returning a wrong number (e.g. a solver that may return a pseudo-inverse solution
 * of a rank-deficient operator, or a logdet of an operator without stored entries).
 * A subclass of TypeError.
 *
 * @example
 * ```ts
 * import { FunctionOperator, UnsupportedDerivativeError, logdetVjp } from 'spsolve';
 *
 * // A matrix-free operator has no stored entries to put a log-determinant gradient on.
 * const op = new FunctionOperator((x) => x.map((v) => 2 * v), 3);
 * try {
 *   logdetVjp(op);
 * } catch (e) {
 *   console.log(e instanceof UnsupportedDerivativeError); // → true
 * }
 * ```
 */
export class UnsupportedDerivativeError extends TypeError {
  /** 'UnsupportedDerivativeError'. */
  override name = 'UnsupportedDerivativeError';
}
