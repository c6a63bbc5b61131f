/**
 * Errors raised by CHOLMOD factorisations. The classes are defined here and handed to the
 * native addon once, so C++ raises them directly with a string code.
 * @module
 */

/**
 * CHOLMOD reported a failure. `code` is CHOLMOD's status name, e.g. 'CHOLMOD_OUT_OF_MEMORY'.
 * {@link NotPositiveDefiniteError} is the subclass for 'CHOLMOD_NOT_POSDEF'.
 *
 * @example
 * ```ts
 * import { CholmodError, analyze, poisson2d } from 'spsolve';
 *
 * const factor = analyze(poisson2d(5)); // symbolic only: nothing to solve with yet
 * try {
 *   factor.solve(new Float64Array(25));
 * } catch (e) {
 *   if (e instanceof CholmodError) console.log(e.code); // → CHOLMOD_NOT_FACTORIZED
 * }
 * factor.dispose();
 * ```
 */
export class CholmodError extends Error {
  /** 'CHOLMOD_OUT_OF_MEMORY' | 'CHOLMOD_INVALID' | 'CHOLMOD_TOO_LARGE' | 'CHOLMOD_NOT_POSDEF' | 'CHOLMOD_NOT_FACTORIZED' | ... */
  readonly code: string;
  /** CHOLMOD's numeric status (negative for errors, positive for warnings). */
  readonly status: number;
  /** Raised by the addon; constructing one yourself is only useful in tests. */
  constructor(message: string, code: string, status: number) {
    super(message);
    this.name = 'CholmodError';
    this.code = code;
    this.status = status;
  }
}

/**
 * The matrix (plus shift) is not positive definite. `column` is the failing column in the
 * caller's numbering (0-based); `step` is the elimination step at which it failed, i.e. its
 * position in the fill-reducing order (`factor.permutation[step] === column`).
 *
 * @example
 * ```ts
 * import { CscMatrix, NotPositiveDefiniteError, cholesky } from 'spsolve';
 *
 * const A = CscMatrix.fromTriplets(3, 3, [0, 1, 2], [0, 1, 2], [1, -1, 1], { symmetry: 'lower' });
 * try {
 *   cholesky(A, { ordering: 'natural' });
 * } catch (e) {
 *   if (e instanceof NotPositiveDefiniteError) console.log(e.column, e.step); // → 1 1
 * }
 * ```
 */
export class NotPositiveDefiniteError extends CholmodError {
  /** The column (0-based, the caller's numbering) at which the factorisation broke down. */
  readonly column: number;
  /** The elimination step (0-based) at which it broke down: `factor.permutation[step] === column`. */
  readonly step: number;
  /** Raised by the addon; constructing one yourself is only useful in tests. */
  constructor(message: string, column: number, step: number) {
    super(message, 'CHOLMOD_NOT_POSDEF', 1);
    this.name = 'NotPositiveDefiniteError';
    this.column = column;
    this.step = step;
  }
}
