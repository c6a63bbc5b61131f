/**
 * The error SuiteSparseQR's failures are raised as.
 * @module
 */
import { CholmodError } from '../cholmod/errors';

/**
 * SuiteSparseQR (SPQR) reported a failure. SPQR reports through CHOLMOD's status codes, which keep
 * their meaning under SPQR's name: `code` is 'SPQR_OUT_OF_MEMORY', 'SPQR_TOO_LARGE', 'SPQR_INVALID'
 * ...; `status` is the numeric code (negative for errors). A C++ exception inside SPQR (its own
 * `std::bad_alloc`) arrives as 'SPQR_OUT_OF_MEMORY'. Arguments are checked before SPQR runs, as
 * TypeError / RangeError.
 *
 * @example
 * ```ts
 * import { QrError } from 'spsolve';
 *
 * const e = new QrError('qr: out of memory', 'SPQR_OUT_OF_MEMORY', -2);
 * console.log(e.name, e.code, e.status); // → QrError SPQR_OUT_OF_MEMORY -2
 * ```
 */
export class QrError extends Error {
  /** SPQR's status name: 'SPQR_OUT_OF_MEMORY' | 'SPQR_TOO_LARGE' | 'SPQR_INVALID' | ... */
  readonly code: string;
  /** SPQR's numeric status (CHOLMOD's numbering; negative for errors). */
  readonly status: number;
  /** Raised by {@link qr} and {@link QRFactor}'s methods; constructing one yourself is only useful in tests. */
  constructor(message: string, code: string, status: number) {
    super(message);
    this.name = 'QrError';
    this.code = code;
    this.status = status;
  }
}

/** The addon raises SPQR's failures as engine errors with an 'SPQR_' code: they become QrError. @internal */
export function asQrError(error: unknown, fn: string): unknown {
  if (error instanceof CholmodError && error.code.startsWith('SPQR_')) {
    return new QrError(`${fn}: ${error.message}`, error.code, error.status);
  }
  return error;
}

/** Runs a native SPQR call, rethrowing its failures as QrError. @internal */
export function spqr<T>(fn: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw asQrError(error, fn);
  }
}

/** {@link spqr} for an async call. @internal */
export async function spqrAsync<T>(fn: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asQrError(error, fn);
  }
}
