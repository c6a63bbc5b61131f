/**
 * The check of CscMatrix's compressed columns (the invariants in csc.ts): on the calling thread
 * for the constructor, or with its O(nnz) scan on libuv's thread pool for
 * `CscMatrix.fromArraysAsync`. Both throw the same errors, worded here only: the native scan
 * (native/kernels/csc_columns_check.cc) reports just the first column that fails, and that column
 * is checked again here, which throws what the constructor would.
 * @internal @module
 */
import { native } from '../native';
import type { Symmetry } from './symmetry';
import { checkIndex, checkLength, nonFiniteError } from './validate';

const FN = 'CscMatrix';

/**
 * The O(1) part, which comes first: colPtr's length, its first and last entries, and the
 * lengths of rowIdx and values. Afterwards every colPtr[j] the column scan reads is in the array.
 */
export function checkColumnBounds(ncols: number, colPtr: Int32Array, rowIdx: Int32Array, values: Float64Array): void {
  checkLength(colPtr, ncols + 1, `${FN}: colPtr`, 'ncols + 1');
  if (colPtr[0] !== 0) throw new RangeError(`${FN}: colPtr[0] must be 0, got ${colPtr[0]}`);
  const nnz = colPtr[ncols];
  if (nnz !== rowIdx.length) {
    throw new RangeError(`${FN}: colPtr[ncols] must be rowIdx.length = ${rowIdx.length}, got ${nnz}`);
  }
  checkLength(values, rowIdx.length, `${FN}: values`, 'rowIdx.length');
}

/**
 * The scan of columns `from` … `to` − 1 (after {@link checkColumnBounds}). Throws on the first
 * violation; returns false (without throwing) when the data is valid but some column is
 * unsorted or holds a duplicate, so the caller canonicalises.
 */
export function checkColumnRange(
  nrows: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
  symmetry: Symmetry,
  from: number,
  to: number,
): boolean {
  const nnz = rowIdx.length;
  // 0: no triangle constraint, 1: row >= col required, 2: row <= col required.
  const triangle = symmetry === 'lower' ? 1 : symmetry === 'upper' ? 2 : 0;
  let canonical = true;
  for (let j = from; j < to; j++) {
    const start = colPtr[j];
    const end = colPtr[j + 1];
    // Checking `end <= nnz` here, not only at the last column, keeps the entry loop
    // below from reading past the arrays when colPtr jumps up and comes back down.
    if (end < start || end > nnz) {
      throw new RangeError(
        end < start
          ? `${FN}: colPtr must be non-decreasing, got colPtr[${j + 1}] = ${end} < colPtr[${j}] = ${start}`
          : `${FN}: colPtr[${j + 1}] must be at most nnz = colPtr[ncols] = ${nnz}, got ${end}`,
      );
    }
    let previous = -1;
    for (let k = start; k < end; k++) {
      const row = rowIdx[k];
      if (row < 0 || row >= nrows) checkIndex(row, nrows, `${FN}: rowIdx[${k}] (column ${j})`);
      if (row <= previous) canonical = false;
      previous = row;
      if (triangle !== 0 && (triangle === 1 ? row < j : row > j)) {
        throw new RangeError(
          `${FN}: rowIdx[${k}] = ${row} in column ${j} is ${triangle === 1 ? 'above' : 'below'} the diagonal; ` +
            `symmetry '${symmetry}' stores only entries with row ${triangle === 1 ? '>=' : '<='} col`,
        );
      }
      const v = values[k];
      if (v - v !== 0) throw nonFiniteError(v, k, `${FN}: values`);
    }
  }
  return canonical;
}

/**
 * The constructor's single validation pass over colPtr and the entries, on this thread.
 * Throws on the first violation; returns false when some column needs sorting or summing.
 */
export function checkColumns(
  nrows: number,
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
  symmetry: Symmetry,
): boolean {
  checkColumnBounds(ncols, colPtr, rowIdx, values);
  return checkColumnRange(nrows, colPtr, rowIdx, values, symmetry, 0, ncols);
}

/**
 * {@link checkColumns} with the O(nnz) scan on libuv's thread pool: the same result, the same
 * errors (as a rejection). The arrays are read in place meanwhile and are marked untransferable
 * (as for every async job of the library: lib/native.ts).
 */
export async function checkColumnsOffThread(
  nrows: number,
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
  symmetry: Symmetry,
): Promise<boolean> {
  checkColumnBounds(ncols, colPtr, rowIdx, values);
  const triangle = symmetry === 'lower' ? -1 : symmetry === 'upper' ? 1 : 0;
  const { firstInvalidColumn: j, canonical } = await native().cscColumnsCheckAsync({ nrows, ncols, colPtr, rowIdx, values, triangle });
  if (j < 0) return canonical;
  // Throws the constructor's error for column j, the first bad one.
  checkColumnRange(nrows, colPtr, rowIdx, values, symmetry, j, j + 1);
  // Only when the caller wrote into the arrays during the scan, which the contract forbids: the
  // scan's answer is stale, so the whole check runs again here, and its answer stands.
  return checkColumns(nrows, ncols, colPtr, rowIdx, values, symmetry);
}
