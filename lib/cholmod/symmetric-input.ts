/**
 * How a CscMatrix is handed to CHOLMOD's symmetric factorisation: which stored triangle CHOLMOD
 * reads (stype), after checking that the matrix is square and, for 'general' storage, symmetric.
 * @internal @module
 */
import type { CscMatrix } from '../sparse/csc';

/** Relative tolerance for accepting a 'general' matrix as symmetric: |a_ij − a_ji| ≤ tol · max|a|. */
export const SYMMETRY_TOLERANCE = 1e-12;

/**
 * CHOLMOD's stype for a symmetric factorisation of A: -1 reads the lower triangle, 1 the upper;
 * a 'general' matrix (stored in full) is read through its lower part. O(1): whether a 'general'
 * A is symmetric is checked by the addon (native/core/symmetry.h), where the factorisation runs.
 */
export function storedTriangle(A: CscMatrix, name: string): -1 | 1 {
  if (A.nrows !== A.ncols) {
    throw new RangeError(`${name} must be square for a symmetric factorization, got ${A.nrows} x ${A.ncols}`);
  }
  return A.symmetry === 'upper' ? 1 : -1;
}

/** {@link storedTriangle}, and for a 'general' A the symmetry check, here (O(nnz)). */
export function symmetricStype(A: CscMatrix, name: string): -1 | 1 {
  const stype = storedTriangle(A, name);
  if (A.symmetry !== 'general') return stype;
  const offender = firstAsymmetry(A);
  if (offender) {
    const [i, j] = offender;
    throw new RangeError(
      `${name} is stored as 'general' but is not symmetric (entry (${i}, ${j}) differs from (${j}, ${i})); ` +
        "a Cholesky factorization needs a symmetric matrix: pass one triangle with { symmetry: 'lower' } " +
        'or use an unsymmetric solver',
    );
  }
  return -1;
}

/** The first (row, col) where A and Aᵀ differ beyond the tolerance, or undefined. O(nnz). */
export function firstAsymmetry(A: CscMatrix): [number, number] | undefined {
  const T = A.transpose();
  let scale = 0;
  for (let k = 0; k < A.nnz; k++) scale = Math.max(scale, Math.abs(A.values[k]));
  const tol = SYMMETRY_TOLERANCE * scale;
  const { colPtr: ap, rowIdx: ai, values: ax } = A;
  const { colPtr: tp, rowIdx: ti, values: tx } = T;
  for (let j = 0; j < A.ncols; j++) {
    // Merge column j of A with column j of Aᵀ; an entry missing on one side counts as zero.
    let p = ap[j], q = tp[j];
    const pEnd = ap[j + 1], qEnd = tp[j + 1];
    while (p < pEnd || q < qEnd) {
      const ra = p < pEnd ? ai[p] : Infinity;
      const rt = q < qEnd ? ti[q] : Infinity;
      const row = Math.min(ra, rt);
      const a = ra === row ? ax[p++] : 0;
      const t = rt === row ? tx[q++] : 0;
      if (Math.abs(a - t) > tol) return [row, j];
    }
  }
  return undefined;
}
