/**
 * The matrix a remote factorisation uploads: for LU the full matrix, for cholesky / ldlt its
 * lower triangle (MUMPS sums both triangles of a symmetric input, so exactly one must go), with
 * the map from each uploaded entry to the caller's stored entry, so that refactor can take the
 * caller's values array as it is.
 * @internal
 * @module
 */
import { CscMatrix } from '../sparse';
import { describe } from '../sparse/validate';

/** The factorisations MUMPS offers: LLᵀ (SPD), LDLᵀ with pivoting (symmetric indefinite), LU. */
export type RemoteKind = 'cholesky' | 'ldlt' | 'lu';

export interface Upload {
  n: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
  /** uploaded entry k comes from the caller's values[valueMap[k]]. */
  valueMap: Int32Array;
}

export function prepareUpload(A: unknown, kind: RemoteKind, fn: string): Upload {
  if (!(A instanceof CscMatrix)) throw new TypeError(`${fn}: A must be a CscMatrix, got ${describe(A)}`);
  if (A.nrows !== A.ncols) throw new RangeError(`${fn}: A must be square, got ${A.nrows} x ${A.ncols}`);
  if (A.nrows === 0) throw new RangeError(`${fn}: A must have at least one row, got 0 x 0`);
  const indices = A.withValues(Float64Array.from({ length: A.nnz }, (_, k) => k));
  let pattern: CscMatrix;
  if (kind === 'lu') pattern = indices.toGeneral();
  else if (A.symmetry === 'lower') pattern = indices;
  else if (A.symmetry === 'upper') pattern = indices.transpose();
  else {
    checkSymmetric(A, fn);
    pattern = lowerTriangle(indices);
  }
  const valueMap = Int32Array.from(pattern.values);
  return { n: A.nrows, colPtr: pattern.colPtr, rowIdx: pattern.rowIdx, values: gather(A.values, valueMap), valueMap };
}

export function gather(values: Float64Array, valueMap: Int32Array): Float64Array {
  const out = new Float64Array(valueMap.length);
  for (let k = 0; k < valueMap.length; k++) out[k] = values[valueMap[k]];
  return out;
}

/** A 'general' matrix given to a symmetric kind must be symmetric (up to rounding). */
function checkSymmetric(A: CscMatrix, fn: string): void {
  const T = A.transpose();
  let scale = 0;
  for (const v of A.values) scale = Math.max(scale, Math.abs(v));
  const same = T.samePattern(A) && T.values.every((v, k) => Math.abs(v - A.values[k]) <= 1e-12 * scale);
  if (!same) {
    throw new RangeError(`${fn}: A must be symmetric for kind 'cholesky' or 'ldlt' (use kind 'lu'), got a 'general' matrix that is not`);
  }
}

function lowerTriangle(A: CscMatrix): CscMatrix {
  const colPtr = new Int32Array(A.ncols + 1);
  const rows: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < A.ncols; j++) {
    for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
      if (A.rowIdx[k] >= j) {
        rows.push(A.rowIdx[k]);
        values.push(A.values[k]);
      }
    }
    colPtr[j + 1] = rows.length;
  }
  return new CscMatrix(A.nrows, A.ncols, colPtr, Int32Array.from(rows), Float64Array.from(values), { symmetry: 'lower' });
}
