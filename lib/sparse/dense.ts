/**
 * Dense matrices as plain data: `{ nrows, ncols, data }` with `data` column-major
 * (entry (i, j) at data[i + j * nrows]). Column-major because that is what CHOLMOD's
 * dense type and LAPACK expect, so many right-hand sides cross into the addon as
 * one buffer without reshuffling, and each column is a contiguous `subarray`.
 *
 * An interface, not a class, so any object of that shape (from a worker message,
 * from JSON plus a Float64Array) is accepted without wrapping.
 */

import { MAX_DENSE_ELEMENTS, checkDimension, checkIndex, checkLength, checkVector, describe, outputVector, toFloat64Array } from './validate';

/**
 * A dense real matrix as plain data, column-major: entry (i, j) is
 * `data[i + j * nrows]`, so column j is the contiguous slice
 * `data[j * nrows .. (j + 1) * nrows)`. Used for many right-hand sides (one per
 * column), for {@link LinearOperator.asMatrix}, and for Matrix Market `array` files.
 * Any object of this shape is accepted; {@link denseMatrix} builds a checked one.
 *
 * @example
 * ```ts
 * import { type DenseMatrix, denseGet } from 'spsolve';
 *
 * // [[1, 2, 3], [4, 5, 6]]
 * const M: DenseMatrix = { nrows: 2, ncols: 3, data: new Float64Array([1, 4, 2, 5, 3, 6]) };
 * console.log(denseGet(M, 1, 2)); // → 6
 * ```
 */
export interface DenseMatrix {
  /** Number of rows. */
  nrows: number;
  /** Number of columns. */
  ncols: number;
  /** Column-major, length nrows * ncols. */
  data: Float64Array;
}

/**
 * Shape test used to tell a {@link DenseMatrix} from a vector or a CscMatrix in
 * overloaded APIs: a non-null object with integer `nrows`, `ncols` >= 0 and a
 * Float64Array `data` of length nrows * ncols.
 *
 * @example
 * ```ts
 * import { denseMatrix, isDenseMatrix } from 'spsolve';
 *
 * console.log(isDenseMatrix(denseMatrix(2, 2)), isDenseMatrix(new Float64Array(4))); // → true false
 * ```
 */
export function isDenseMatrix(x: unknown): x is DenseMatrix {
  if (x === null || typeof x !== 'object') return false;
  const m = x as Partial<DenseMatrix>;
  return (
    m.data instanceof Float64Array &&
    Number.isInteger(m.nrows) &&
    Number.isInteger(m.ncols) &&
    (m.nrows as number) >= 0 &&
    (m.ncols as number) >= 0 &&
    m.data.length === (m.nrows as number) * (m.ncols as number)
  );
}

/**
 * A validated {@link DenseMatrix}. Without `data` it is all zeros; a Float64Array is
 * shared (not copied), any other numeric array is copied. `data` is column-major.
 *
 * @throws TypeError for a non-numeric `data`; RangeError for a bad dimension, a
 *   `data` length other than nrows * ncols, or a matrix too large for one array.
 *
 * @example
 * ```ts
 * import { denseMatrix } from 'spsolve';
 *
 * const Z = denseMatrix(3, 2); // zeros
 * const M = denseMatrix(2, 2, [1, 3, 2, 4]); // [[1, 2], [3, 4]]
 * console.log(Z.data.length, M.data[2]); // → 6 2
 * ```
 */
export function denseMatrix(nrows: number, ncols: number, data?: Float64Array | ArrayLike<number>): DenseMatrix {
  checkDimension(nrows, 'denseMatrix: nrows');
  checkDimension(ncols, 'denseMatrix: ncols');
  const size = nrows * ncols;
  if (size > MAX_DENSE_ELEMENTS) {
    throw new RangeError(`denseMatrix: a ${nrows} x ${ncols} dense matrix (${size} elements) is too large`);
  }
  if (data === undefined) return { nrows, ncols, data: new Float64Array(size) };
  const values = toFloat64Array(data, 'denseMatrix: data');
  checkLength(values, size, 'denseMatrix: data', 'nrows * ncols');
  return { nrows, ncols, data: values };
}

/**
 * Returns `value` when it is a {@link DenseMatrix} (see {@link isDenseMatrix}); throws
 * a TypeError naming `name` otherwise, or a RangeError when only its sizes are wrong (a
 * negative or fractional dimension, a `data` length other than nrows * ncols). For
 * validating arguments of your own functions. Unlike the library's other checks it takes
 * the name first.
 *
 * @example
 * ```ts
 * import { checkDenseMatrix } from 'spsolve';
 *
 * try {
 *   checkDenseMatrix('B', { nrows: 2, ncols: 2, data: [1, 2, 3, 4] });
 * } catch (error) {
 *   console.log((error as Error).message);
 *   // → B must be a DenseMatrix { nrows, ncols, data: Float64Array of length nrows * ncols }, got an object (Object)
 * }
 * ```
 */
export function checkDenseMatrix(name: string, value: unknown): DenseMatrix {
  const m = value as Partial<DenseMatrix> | null;
  if (m === null || typeof m !== 'object' || typeof m.nrows !== 'number' || typeof m.ncols !== 'number' || !(m.data instanceof Float64Array)) {
    throw new TypeError(
      `${name} must be a DenseMatrix { nrows, ncols, data: Float64Array of length nrows * ncols }, got ${describe(value)}`,
    );
  }
  checkDimension(m.nrows, `${name}.nrows`);
  checkDimension(m.ncols, `${name}.ncols`);
  checkLength(m.data, m.nrows * m.ncols, `${name}.data`, 'nrows * ncols');
  return m as DenseMatrix;
}

/**
 * Column j (0-based) as a view into M.data (no copy: writes go through to M).
 *
 * @throws RangeError when j is not an integer in 0..ncols-1.
 *
 * @example
 * ```ts
 * import { column, denseMatrix } from 'spsolve';
 *
 * const M = denseMatrix(2, 2, [1, 3, 2, 4]);
 * column(M, 1)[0] = 20;
 * console.log(M.data); // → Float64Array(4) [ 1, 3, 20, 4 ]
 * ```
 */
export function column(M: DenseMatrix, j: number): Float64Array {
  checkDenseMatrix('column: M', M);
  checkIndex(j, M.ncols, 'column: j');
  return M.data.subarray(j * M.nrows, (j + 1) * M.nrows);
}

/**
 * A matrix whose columns are copies of the given vectors (all of length `nrows`,
 * default the first one's length): the usual way to stack right-hand sides.
 *
 * @throws TypeError when a column is not a Float64Array; RangeError when the lengths differ.
 *
 * @example
 * ```ts
 * import { fromColumns } from 'spsolve';
 *
 * const B = fromColumns([new Float64Array([1, 2]), new Float64Array([3, 4])]);
 * console.log(B.nrows, B.ncols, B.data); // → 2 2 Float64Array(4) [ 1, 2, 3, 4 ]
 * ```
 */
export function fromColumns(columns: readonly Float64Array[], nrows?: number): DenseMatrix {
  const rows = nrows ?? (columns.length > 0 ? columns[0].length : 0);
  const M = denseMatrix(rows, columns.length);
  columns.forEach((c, j) => {
    checkVector(c, rows, `fromColumns: columns[${j}]`);
    M.data.set(c, j * rows);
  });
  return M;
}

/**
 * Entry (i, j), 0-based: `M.data[i + j * M.nrows]`. Not range-checked (an index out
 * of range gives a wrong entry or undefined), so it stays cheap in loops.
 *
 * @example
 * ```ts
 * import { denseGet, denseMatrix } from 'spsolve';
 *
 * console.log(denseGet(denseMatrix(2, 2, [1, 3, 2, 4]), 0, 1)); // → 2
 * ```
 */
export function denseGet(M: DenseMatrix, i: number, j: number): number {
  checkDenseMatrix('denseGet: M', M);
  checkIndex(i, M.nrows, 'denseGet: i');
  checkIndex(j, M.ncols, 'denseGet: j');
  return M.data[i + j * M.nrows];
}

/**
 * Mᵀ as a new matrix (ncols x nrows).
 *
 * @example
 * ```ts
 * import { denseMatrix, denseTranspose } from 'spsolve';
 *
 * const T = denseTranspose(denseMatrix(2, 3, [1, 4, 2, 5, 3, 6]));
 * console.log(T.nrows, T.ncols, T.data); // → 3 2 Float64Array(6) [ 1, 2, 3, 4, 5, 6 ]
 * ```
 */
export function denseTranspose(M: DenseMatrix): DenseMatrix {
  const { nrows, ncols, data } = checkDenseMatrix('denseTranspose: M', M);
  const out = new Float64Array(nrows * ncols);
  for (let j = 0; j < ncols; j++) {
    for (let i = 0; i < nrows; i++) out[j + i * ncols] = data[i + j * nrows];
  }
  return { nrows: ncols, ncols: nrows, data: out };
}

/**
 * out = M x (column-oriented loop: reads M.data contiguously).
 *
 * @param M An nrows x ncols matrix.
 * @param x Length ncols.
 * @param out Optional result buffer of length nrows (overwritten and returned).
 * @throws RangeError when x or out has the wrong length.
 *
 * @example
 * ```ts
 * import { denseMatrix, denseMatvec } from 'spsolve';
 *
 * const M = denseMatrix(2, 2, [1, 3, 2, 4]); // [[1, 2], [3, 4]]
 * console.log(denseMatvec(M, new Float64Array([1, 1]))); // → Float64Array(2) [ 3, 7 ]
 * ```
 */
export function denseMatvec(M: DenseMatrix, x: Float64Array, out?: Float64Array): Float64Array {
  const { nrows, ncols, data } = checkDenseMatrix('denseMatvec: M', M);
  checkVector(x, ncols, 'denseMatvec: x');
  const y = outputVector(out, nrows, x, 'denseMatvec');
  y.fill(0);
  for (let j = 0; j < ncols; j++) {
    const xj = x[j];
    const base = j * nrows;
    for (let i = 0; i < nrows; i++) y[i] += data[base + i] * xj;
  }
  return y;
}
