/**
 * The loops behind CscMatrix's methods, on raw arrays of a canonical CSC matrix
 * (sorted columns, no duplicates). Kept apart from the class so each loop is a
 * small monomorphic function that V8 optimises on its own, and so the class
 * reads as its API.
 *
 * For a stored triangle of a symmetric matrix, every off-diagonal stored entry
 * (i, j) stands for two entries of the matrix, (i, j) and (j, i); the kernels
 * named `symmetric*` apply both.
 */

import type { CscArrays } from './compress';

/** y = A x for the stored entries only (y zeroed first). */
export function generalMatvec(
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
  x: Float64Array,
  y: Float64Array,
): void {
  y.fill(0);
  for (let j = 0; j < ncols; j++) {
    const xj = x[j];
    for (let k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      y[rowIdx[k]] += values[k] * xj;
    }
  }
}

/** y = Aᵀ x for the stored entries only: one dot product per column, no scatter. */
export function generalRmatvec(
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
  x: Float64Array,
  y: Float64Array,
): void {
  for (let j = 0; j < ncols; j++) {
    let acc = 0;
    for (let k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      acc += values[k] * x[rowIdx[k]];
    }
    y[j] = acc;
  }
}

/**
 * y = A x where A is the full symmetric matrix of which one triangle is stored:
 * each stored off-diagonal entry contributes to y[row] (as stored) and to y[col]
 * (its mirror), the latter gathered as a dot product per column.
 */
export function symmetricMatvec(
  n: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
  x: Float64Array,
  y: Float64Array,
): void {
  y.fill(0);
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    let mirrored = 0;
    for (let k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      const row = rowIdx[k];
      const v = values[k];
      y[row] += v * xj;
      if (row !== j) mirrored += v * x[row];
    }
    y[j] += mirrored;
  }
}

/** Column-major dense copy of the stored entries. */
export function generalToDense(
  nrows: number,
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): Float64Array {
  const dense = new Float64Array(nrows * ncols);
  for (let j = 0; j < ncols; j++) {
    const offset = j * nrows;
    for (let k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      dense[offset + rowIdx[k]] = values[k];
    }
  }
  return dense;
}

/** Column-major dense copy of the full symmetric matrix (stored triangle and its mirror). */
export function symmetricToDense(
  n: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): Float64Array {
  const dense = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      const row = rowIdx[k];
      dense[row + j * n] = values[k];
      dense[j + row * n] = values[k];
    }
  }
  return dense;
}

/**
 * Full storage of a symmetric matrix from one stored triangle, in one counting
 * pass. Visiting stored columns in increasing order keeps every output column
 * sorted for either triangle: with lower storage, column c first receives the
 * mirrors (rows < c, from earlier columns) and then its own entries (rows >= c);
 * with upper storage it first receives its own entries (rows <= c) and then the
 * mirrors (rows > c, from later columns).
 */
export function expandTriangle(
  n: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): CscArrays {
  const outPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    for (let k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      const row = rowIdx[k];
      outPtr[j + 1]++;
      if (row !== j) outPtr[row + 1]++;
    }
  }
  for (let j = 0; j < n; j++) outPtr[j + 1] += outPtr[j];
  const next = outPtr.slice(0, n);
  const nnz = outPtr[n];
  const outIdx = new Int32Array(nnz);
  const outVal = new Float64Array(nnz);
  for (let j = 0; j < n; j++) {
    for (let k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      const row = rowIdx[k];
      const v = values[k];
      let dest = next[j]++;
      outIdx[dest] = row;
      outVal[dest] = v;
      if (row !== j) {
        dest = next[row]++;
        outIdx[dest] = j;
        outVal[dest] = v;
      }
    }
  }
  return { colPtr: outPtr, rowIdx: outIdx, values: outVal };
}

/** Position of `row` in column `col` (binary search on the sorted column), or -1. */
export function findEntry(colPtr: Int32Array, rowIdx: Int32Array, row: number, col: number): number {
  let lo = colPtr[col];
  let hi = colPtr[col + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = rowIdx[mid];
    if (r === row) return mid;
    if (r < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Element-wise equality of two Int32Arrays. */
export function int32Equal(a: Int32Array, b: Int32Array): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}
