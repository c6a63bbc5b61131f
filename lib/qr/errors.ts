/**
 * The error SuiteSparseQR's failures are raised as; handed to the addon by lib/native.ts (so this
 * file imports nothing).
 * @module
 */
/**
 * SuiteSparseQR (SPQR) reported a failure. SPQR reports through CHOLMOD's status codes, which keep
 * their meaning under SPQR's name: `code` is 'SPQR_OUT_OF_MEMORY', 'SPQR_TOO_LARGE', 'SPQR_INVALID'
 * ..., and 'SPQR_NOT_INSTALLED' in an LGPL-only build, which has no SPQR (docs/licensing.md);
 * `status` is the numeric code (negative for errors). A C++ exception inside SPQR (its own
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
  /** Raised by the addon, {@link qr} and {@link QRFactor}'s methods; constructing one yourself is only useful in tests. */
  constructor(message: string, code: string, status: number) {
    super(message);
    this.name = 'QrError';
    this.code = code;
    this.status = status;
  }
}
