/**
 * The Gram matrix Bᵀ B of a sparse B, as the lower triangle of a symmetric CscMatrix: the
 * normal-equations matrix AᵀA (B = A) or AAᵀ (B = Aᵀ). Column j of BᵀB is Σ_k B_kj · (row k of B)ᵀ,
 * accumulated in a dense work vector with a marker, so the cost is the number of products
 * (Σ_k nnz(row k)²), not m n².
 */
import { CscMatrix } from './csc';

export function gramLower(matrix: CscMatrix): CscMatrix {
  const b = matrix.symmetry === 'general' ? matrix : matrix.toGeneral();
  const n = b.ncols;
  const rowsOfB = b.transpose(); // column k of Bᵀ is row k of B
  const work = new Float64Array(n);
  const marker = new Int32Array(n).fill(-1);
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    const touched: number[] = [];
    for (let p = b.colPtr[j]; p < b.colPtr[j + 1]; p++) {
      const k = b.rowIdx[p];
      const bkj = b.values[p];
      for (let q = rowsOfB.colPtr[k]; q < rowsOfB.colPtr[k + 1]; q++) {
        const i = rowsOfB.rowIdx[q];
        if (i < j) continue; // the lower triangle only
        if (marker[i] !== j) {
          marker[i] = j;
          work[i] = 0;
          touched.push(i);
        }
        work[i] += rowsOfB.values[q] * bkj;
      }
    }
    for (const i of touched) {
      rows.push(i);
      cols.push(j);
      values.push(work[i]);
    }
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, values, { symmetry: 'lower' });
}
