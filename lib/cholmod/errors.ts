/**
 * Errors raised by CHOLMOD factorisations. The classes are defined here and handed to the
 * native addon once, so C++ raises them directly with a string code.
 * @module
 */

/** CHOLMOD reported a failure. `code` is CHOLMOD's status name, e.g. 'CHOLMOD_OUT_OF_MEMORY'. */
export class CholmodError extends Error {
  /** 'CHOLMOD_OUT_OF_MEMORY' | 'CHOLMOD_INVALID' | 'CHOLMOD_TOO_LARGE' | 'CHOLMOD_NOT_POSDEF' | 'CHOLMOD_NOT_FACTORIZED' | ... */
  readonly code: string;
  /** CHOLMOD's numeric status (negative for errors, positive for warnings). */
  readonly status: number;
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
 * try { cholesky(A) } catch (e) { if (e instanceof NotPositiveDefiniteError) console.log(e.column) }
 * ```
 */
export class NotPositiveDefiniteError extends CholmodError {
  readonly column: number;
  readonly step: number;
  constructor(message: string, column: number, step: number) {
    super(message, 'CHOLMOD_NOT_POSDEF', 1);
    this.name = 'NotPositiveDefiniteError';
    this.column = column;
    this.step = step;
  }
}

/** A factorisation was used after `dispose()`. */
export class DisposedError extends Error {
  constructor(message = 'the factor has been disposed') {
    super(message);
    this.name = 'DisposedError';
  }
}
