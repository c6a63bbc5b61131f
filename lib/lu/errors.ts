/**
 * Errors raised by the sparse LU engines (UMFPACK and KLU). The classes are defined here and handed
 * to the native addon once, so C++ raises them directly with the engine's own status code.
 * @module
 */

/** Which LU engine a factorisation runs on. */
export type LuEngine = 'umfpack' | 'klu';

/**
 * UMFPACK or KLU reported a failure. `code` is the engine's status name
 * ('UMFPACK_ERROR_out_of_memory', 'KLU_INVALID', …), `status` its number, `engine` which one.
 * {@link SingularMatrixError} is the subclass for a singular matrix.
 *
 * @example
 * ```ts
 * import { CscMatrix, LuError, luAnalyze } from 'spsolve';
 *
 * const A = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [2, 3]);
 * const f = luAnalyze(A); // symbolic only: nothing to solve with yet
 * try {
 *   f.solve(new Float64Array(2));
 * } catch (e) {
 *   if (e instanceof LuError) console.log(e.engine, e.code); // → umfpack UMFPACK_ERROR_invalid_Numeric_object
 * }
 * f.dispose();
 * ```
 */
export class LuError extends Error {
  /** The engine's status name, e.g. 'UMFPACK_WARNING_singular_matrix' or 'KLU_SINGULAR'. */
  readonly code: string;
  /** The engine's numeric status (negative for errors, positive for warnings). */
  readonly status: number;
  /** The engine that failed. */
  readonly engine: LuEngine;
  /** Raised by the addon; constructing one yourself is only useful in tests. */
  constructor(message: string, code: string, status: number, engine: LuEngine) {
    super(message);
    this.name = 'LuError';
    this.code = code;
    this.status = status;
    this.engine = engine;
  }
}

/**
 * The matrix is singular, structurally (no matching of rows to columns exists) or numerically (a
 * zero pivot after partial pivoting). `column` is a column of A (0-based, the caller's numbering)
 * where the factorisation found it.
 *
 * @example
 * ```ts
 * import { CscMatrix, SingularMatrixError, lu } from 'spsolve';
 *
 * // Column 1 is twice column 0.
 * const A = CscMatrix.fromDense(2, 2, [1, 2, 2, 4]);
 * try {
 *   lu(A);
 * } catch (e) {
 *   if (e instanceof SingularMatrixError) console.log(e.code, e.column); // → UMFPACK_WARNING_singular_matrix 1
 * }
 * ```
 */
export class SingularMatrixError extends LuError {
  /** A column of A (0-based) at which the factorisation found the matrix singular. */
  readonly column: number;
  /** Raised by the addon; constructing one yourself is only useful in tests. */
  constructor(message: string, code: string, status: number, engine: LuEngine, column: number) {
    super(message, code, status, engine);
    this.name = 'SingularMatrixError';
    this.column = column;
  }
}
