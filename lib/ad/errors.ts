/** Errors of the derivative rules. */

/**
 * A derivative spsolve cannot compute correctly, raised before any work is done rather
 * than returning a wrong number (e.g. a solver that may return a pseudo-inverse solution
 * of a rank-deficient operator, or a logdet of an operator without stored entries).
 */
export class UnsupportedDerivativeError extends TypeError {
  override name = 'UnsupportedDerivativeError';
}
