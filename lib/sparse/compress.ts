/**
 * Building canonical compressed-column arrays in O(nnz + nrows + ncols).
 *
 * "Canonical" means: within every column the row indices are strictly
 * increasing (sorted, no duplicates). CHOLMOD calls this `sorted = TRUE,
 * packed = TRUE`; it lets every later operation (binary search for an entry,
 * pattern comparison, merging the two triangles) be a linear scan.
 *
 * Everything here is a counting sort (bucket by index, then prefix sums), never
 * a comparison sort: a transpose visits the columns in order, so it emits each
 * output column's indices already sorted. Two transposes therefore sort any
 * CSC matrix, and a bucket-by-row followed by one transpose sorts triplets.
 * Nothing here validates: callers have already checked indices and values.
 */

/** The three arrays of a compressed-column matrix. */
export interface CscArrays {
  colPtr: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
}

/**
 * The transpose of an nrows x ncols CSC matrix, as CSC arrays of the ncols x nrows
 * result (its colPtr has nrows + 1 entries). Output columns come out sorted.
 */
export function transposeArrays(
  nrows: number,
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): CscArrays {
  const begin = colPtr[0];
  const end = colPtr[ncols];
  const nnz = end - begin;
  const outPtr = new Int32Array(nrows + 1);
  for (let k = begin; k < end; k++) outPtr[rowIdx[k] + 1]++;
  for (let i = 0; i < nrows; i++) outPtr[i + 1] += outPtr[i];
  const next = outPtr.slice(0, nrows);
  const outIdx = new Int32Array(nnz);
  const outVal = new Float64Array(nnz);
  for (let j = 0; j < ncols; j++) {
    for (let k = colPtr[j], stop = colPtr[j + 1]; k < stop; k++) {
      const dest = next[rowIdx[k]]++;
      outIdx[dest] = j;
      outVal[dest] = values[k];
    }
  }
  return { colPtr: outPtr, rowIdx: outIdx, values: outVal };
}

/**
 * Sums duplicates in CSC arrays whose columns are sorted (duplicates adjacent),
 * compacting IN PLACE — only for arrays this module just allocated. Returns
 * arrays trimmed to the new nnz. A sum of finite values can still overflow, so
 * each sum is checked.
 */
export function sumSortedDuplicates(ncols: number, arrays: CscArrays): CscArrays {
  const { colPtr, rowIdx, values } = arrays;
  let write = 0;
  let start = colPtr[0];
  for (let j = 0; j < ncols; j++) {
    const end = colPtr[j + 1];
    let last = -1;
    for (let k = start; k < end; k++) {
      const row = rowIdx[k];
      if (row === last) {
        const sum = values[write - 1] + values[k];
        if (sum - sum !== 0) {
          throw new RangeError(
            `values: duplicate entries at row ${row}, column ${j} sum to ${sum}; matrix values must be finite`,
          );
        }
        values[write - 1] = sum;
      } else {
        rowIdx[write] = row;
        values[write] = values[k];
        write++;
        last = row;
      }
    }
    start = end;
    colPtr[j + 1] = write;
  }
  colPtr[0] = 0;
  if (write === rowIdx.length) return arrays;
  return { colPtr, rowIdx: rowIdx.slice(0, write), values: values.slice(0, write) };
}

/** Sorts every column and sums duplicates: two transposes, then one compaction. Never touches its inputs. */
export function canonicalize(
  nrows: number,
  ncols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): CscArrays {
  const t = transposeArrays(nrows, ncols, colPtr, rowIdx, values);
  const back = transposeArrays(ncols, nrows, t.colPtr, t.rowIdx, t.values);
  return sumSortedDuplicates(ncols, back);
}

/**
 * Canonical CSC arrays from the first `count` triplets (0-based, in range,
 * finite — not rechecked). Bucketing by row gives compressed-row arrays, i.e.
 * the CSC arrays of the transpose; transposing those visits rows in increasing
 * order, so every output column is sorted and duplicates end up adjacent.
 *
 * Triplets that already come column by column with increasing rows (files written
 * by this library and most other writers) skip all of that: one pass builds
 * colPtr. With `adopt` the caller hands over `rows` / `values` (Int32Array /
 * Float64Array it allocated itself) and they become the result without a copy.
 */
export function compressTriplets(
  nrows: number,
  ncols: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  values: ArrayLike<number>,
  count: number,
  adopt = false,
): CscArrays {
  if (isColumnMajorSorted(rows, cols, count)) {
    const colPtr = new Int32Array(ncols + 1);
    for (let k = 0; k < count; k++) colPtr[cols[k] + 1]++;
    for (let j = 0; j < ncols; j++) colPtr[j + 1] += colPtr[j];
    const canAdopt = adopt && rows instanceof Int32Array && values instanceof Float64Array;
    return {
      colPtr,
      rowIdx: canAdopt && rows.length === count ? rows : copyPrefix(new Int32Array(count), rows),
      values: canAdopt && values.length === count ? values : copyPrefix(new Float64Array(count), values),
    };
  }
  const rowPtr = new Int32Array(nrows + 1);
  for (let k = 0; k < count; k++) rowPtr[rows[k] + 1]++;
  for (let i = 0; i < nrows; i++) rowPtr[i + 1] += rowPtr[i];
  const next = rowPtr.slice(0, nrows);
  const colOf = new Int32Array(count);
  const valOf = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const dest = next[rows[k]]++;
    colOf[dest] = cols[k];
    valOf[dest] = values[k];
  }
  const csc = transposeArrays(ncols, nrows, rowPtr, colOf, valOf);
  return sumSortedDuplicates(ncols, csc);
}

/** True when (col, row) strictly increases: columns in order, rows sorted, no duplicates. */
function isColumnMajorSorted(rows: ArrayLike<number>, cols: ArrayLike<number>, count: number): boolean {
  let lastRow = -1;
  let lastCol = -1;
  for (let k = 0; k < count; k++) {
    const row = rows[k];
    const col = cols[k];
    if (col < lastCol || (col === lastCol && row <= lastRow)) return false;
    lastRow = row;
    lastCol = col;
  }
  return true;
}

/** Fills `out` with the first out.length elements of `from`. */
function copyPrefix<T extends Int32Array | Float64Array>(out: T, from: ArrayLike<number>): T {
  for (let k = 0, n = out.length; k < n; k++) out[k] = from[k];
  return out;
}
