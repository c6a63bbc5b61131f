/**
 * Options of {@link qr}: the column ordering and the rank-detection tolerance.
 * @module
 */
import { checkChoice, checkNonNegative, describe } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';

/**
 * SuiteSparseQR's fill-reducing column orderings: 'default' (SPQR's choice: COLAMD, or AMD of AᵀA
 * for very tall or wide A; see {@link QRInfo.ordering} for what it took), 'colamd', 'amd' (AMD of
 * AᵀA), 'metis' (METIS of AᵀA), 'cholmod' (CHOLMOD's best effort), 'best' (try COLAMD, AMD and
 * METIS, keep the sparsest R), 'bestamd' (COLAMD and AMD), 'natural' and 'fixed' (no permutation
 * but the singletons' / none at all).
 *
 * @example
 * ```ts
 * import { CscMatrix, qr } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]);
 * const factor = qr(A, { ordering: 'natural' });
 * console.log(factor.info.ordering); // → natural
 * factor.dispose();
 * ```
 */
export type QROrdering = 'default' | 'fixed' | 'natural' | 'colamd' | 'cholmod' | 'amd' | 'metis' | 'best' | 'bestamd';

/** @internal SPQR_ORDERING_* codes by name (SuiteSparseQR_definitions.h). */
export const QR_ORDERING_CODES = {
  fixed: 0, natural: 1, colamd: 2, cholmod: 4, amd: 5, metis: 6, default: 7, best: 8, bestamd: 9,
} as const satisfies Record<QROrdering, number>;
/** @internal The names of the orderings SPQR reports as used, by code (3 is a given permutation). */
export const QR_USED_ORDERING_NAMES = ['fixed', 'natural', 'colamd', 'given', 'cholmod', 'amd', 'metis', 'default', 'best', 'bestamd'] as const;

/**
 * Options of {@link qr} and {@link qrAsync}.
 *
 * @example
 * ```ts
 * import { CscMatrix, qr } from 'spsolve';
 *
 * // Column 1 is twice column 0: rank 1 with SPQR's default tolerance.
 * const A = CscMatrix.fromDense(3, 2, [1, 1, 1, 2, 2, 2]);
 * const factor = qr(A, { tolerance: 'default' });
 * console.log(factor.rank, factor.info.tolerance > 0); // → 1 true
 * factor.dispose();
 * ```
 */
export interface QROptions {
  /**
   * Rank detection: a column whose remaining 2-norm is at most `tolerance` when its turn comes is
   * dead (left out of R's leading rows). 'default' (the default) is SPQR's own,
   * 20 (m + n) ε max_j ‖A_j‖₂; a number ≥ 0 sets it; 'none' turns rank detection off.
   */
  tolerance?: number | 'default' | 'none';
  /** The fill-reducing column ordering (default 'default'). */
  ordering?: QROrdering;
}

/** @internal The codes the addon takes. */
export interface ResolvedQROptions {
  ordering: number;
  tolerance: number;
}

/** @internal */
export function resolveQROptions(opts: unknown, fn: string): ResolvedQROptions {
  const { tolerance, ordering } = checkOptions(opts, ['tolerance', 'ordering'], `${fn}: opts`);
  const names = Object.keys(QR_ORDERING_CODES) as QROrdering[];
  const orderingName = ordering === undefined ? 'default' : checkChoice(ordering, names, `${fn}: opts.ordering`);
  let code: number;
  if (tolerance === undefined || tolerance === 'default') code = -2;
  else if (tolerance === 'none') code = -1;
  else if (typeof tolerance === 'number') code = checkNonNegative(tolerance, `${fn}: opts.tolerance`);
  else throw new TypeError(`${fn}: opts.tolerance must be a number >= 0, 'default' or 'none', got ${describe(tolerance)}`);
  return { ordering: QR_ORDERING_CODES[orderingName], tolerance: code };
}
