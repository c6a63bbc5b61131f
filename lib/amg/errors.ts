/**
 * Errors raised by BoomerAMG hierarchies (HYPRE).
 * @module
 */
import { CholmodError } from '../cholmod/errors';

/**
 * HYPRE reported a failure, or the matrix cannot go to BoomerAMG. `code` says which:
 * - 'AMG_ZERO_DIAGONAL': a diagonal entry is missing or zero (the smoothers divide by it);
 * - 'AMG_OUT_OF_MEMORY', 'AMG_INVALID', 'AMG_FAILED': HYPRE's error flag (memory, argument, other);
 * - 'AMG_NOT_SET_UP': a refresh failed, so there is no hierarchy to use until a refresh succeeds;
 * - 'AMG_UNAVAILABLE': this build has no AMG (`buildInfo().amg === false`: the system-library build).
 *
 * Not converging is not an error: {@link Multigrid.solve} reports it in its result.
 *
 * @example
 * ```ts
 * import { AmgError, CscMatrix, amg } from 'spsolve';
 *
 * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [0, 1, 2]); // A[0][0] = 0
 * try {
 *   amg(A);
 * } catch (e) {
 *   if (e instanceof AmgError) console.log(e.code); // → AMG_ZERO_DIAGONAL
 * }
 * ```
 */
export class AmgError extends Error {
  /** 'AMG_ZERO_DIAGONAL' | 'AMG_OUT_OF_MEMORY' | 'AMG_INVALID' | 'AMG_FAILED' | 'AMG_NOT_SET_UP' | 'AMG_UNAVAILABLE'. */
  readonly code: string;
  /** HYPRE's error code (its bit flags), or -1 for a check of spsolve's. */
  readonly status: number;
  /** Raised by spsolve; constructing one yourself is only useful in tests. */
  constructor(message: string, code: string, status: number) {
    super(message);
    this.name = 'AmgError';
    this.code = code;
    this.status = status;
  }
}

/**
 * The addon raises every engine failure through the one engine error class it was given at load
 * (CholmodError); HYPRE's carry an 'AMG_' code and become AmgError here.
 * @internal
 */
export function asAmgError(error: unknown): unknown {
  if (error instanceof CholmodError && error.code.startsWith('AMG_')) {
    return new AmgError(error.message, error.code, error.status);
  }
  return error;
}

/** Runs a native AMG call, turning HYPRE's failures into AmgError. @internal */
export function amgCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw asAmgError(error);
  }
}

/** The same for an async call. @internal */
export async function amgCallAsync<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asAmgError(error);
  }
}
