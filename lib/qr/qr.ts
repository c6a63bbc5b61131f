/**
 * qr() and qrAsync(): a SuiteSparseQR factorisation of a sparse matrix of any shape.
 * @module
 */
import { native } from '../native';
import { type CscMatrix, checkCscMatrix } from '../sparse/csc';
import { checkFinite } from '../sparse/validate';
import { spqr, spqrAsync } from './errors';
import { QRFactor } from './factor';
import { type QROptions, resolveQROptions } from './options';

function prepare(A: unknown, opts: unknown, fn: string) {
  const matrix = checkCscMatrix(A, `${fn}: A`);
  if (matrix.nrows === 0 || matrix.ncols === 0) {
    throw new RangeError(`${fn}: A must have at least one row and one column, got ${matrix.nrows} x ${matrix.ncols}`);
  }
  // A stored triangle stands for the whole symmetric matrix.
  const general = matrix.toGeneral();
  checkFinite(general.values, `${fn}: A.values`);
  return { general, options: resolveQROptions(opts, fn) };
}

/**
 * Factorises a sparse matrix of any shape with SuiteSparseQR: B E = Q R, B the tall one of A and
 * Aᵀ. The factor solves least-squares problems (tall A), minimum-norm problems (wide A) and square
 * systems, with A or Aᵀ, and reports the numerical rank (see {@link QRFactor}).
 *
 * @param A m × n, any storage (a stored triangle is expanded), at least one row and one column.
 * @throws TypeError / RangeError for bad arguments; {@link QrError} when SPQR fails (out of memory).
 *
 * @example
 * ```ts
 * import { CscMatrix, qr } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(4, 2, [1, 1, 1, 1, 0, 1, 2, 3]);
 * const factor = qr(A);
 * const c = factor.solve(new Float64Array([1, 3, 5, 7])); // y = 1 + 2t exactly
 * console.log(c.map((v) => +v.toFixed(10))); // → Float64Array(2) [ 1, 2 ]
 * factor.dispose();
 * ```
 */
export function qr(A: CscMatrix, opts?: QROptions): QRFactor {
  const { general, options } = prepare(A, opts, 'qr');
  const handle = spqr('qr', () => native().qrFactorize({ A: general, ...options }));
  return new QRFactor(handle, general);
}

/**
 * {@link qr} on the thread pool: the analysis and factorisation run off the main thread.
 *
 * @example
 * ```ts
 * import { CscMatrix, qrAsync } from 'spsolve';
 *
 * const factor = await qrAsync(CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]));
 * console.log(factor.rank); // → 2
 * factor.dispose();
 * ```
 */
export async function qrAsync(A: CscMatrix, opts?: QROptions): Promise<QRFactor> {
  const { general, options } = prepare(A, opts, 'qrAsync');
  const handle = await spqrAsync('qrAsync', () => native().qrFactorizeAsync({ A: general, ...options }));
  return new QRFactor(handle, general);
}
