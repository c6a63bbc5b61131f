/**
 * Dense matrices as plain data: `{ nrows, ncols, data }` with `data` column-major
 * (entry (i, j) at data[i + j * nrows]). Column-major because that is what CHOLMOD's
 * dense type and LAPACK expect, so many right-hand sides cross into the addon as
 * one buffer without reshuffling, and each column is a contiguous `subarray`.
 *
 * An interface, not a class, so any object of that shape (from a worker message,
 * from JSON plus a Float64Array) is accepted without wrapping.
 */

import { MAX_DENSE_ELEMENTS, checkDimension, describe, toFloat64Array } from './validate';

export interface DenseMatrix {
  nrows: number;
  ncols: number;
  /** Column-major, length nrows * ncols. */
  data: Float64Array;
}

/** Shape test used to tell a DenseMatrix from a vector or a CscMatrix in overloaded APIs. */
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
 * A validated DenseMatrix. Without `data` it is all zeros; a Float64Array is
 * shared (not copied), any other numeric array is copied.
 */
export function denseMatrix(nrows: number, ncols: number, data?: Float64Array | ArrayLike<number>): DenseMatrix {
  checkDimension('nrows', nrows);
  checkDimension('ncols', ncols);
  const size = nrows * ncols;
  if (size > MAX_DENSE_ELEMENTS) {
    throw new RangeError(`a ${nrows} x ${ncols} dense matrix (${size} elements) is too large`);
  }
  if (data === undefined) return { nrows, ncols, data: new Float64Array(size) };
  const values = toFloat64Array('data', data);
  if (values.length !== size) {
    throw new RangeError(`data must have length nrows * ncols = ${size}, got ${values.length}`);
  }
  return { nrows, ncols, data: values };
}

/** Checks that `value` is a DenseMatrix, with a TypeError naming `name` otherwise. */
export function checkDenseMatrix(name: string, value: unknown): DenseMatrix {
  if (!isDenseMatrix(value)) {
    throw new TypeError(
      `${name} must be a DenseMatrix { nrows, ncols, data: Float64Array of length nrows * ncols }, got ${describe(value)}`,
    );
  }
  return value;
}

/** Column j as a view into M.data (no copy: writes go through to M). */
export function column(M: DenseMatrix, j: number): Float64Array {
  if (!Number.isInteger(j) || j < 0 || j >= M.ncols) {
    throw new RangeError(`column index j must be an integer in 0..${M.ncols - 1}, got ${j}`);
  }
  return M.data.subarray(j * M.nrows, (j + 1) * M.nrows);
}

/** A matrix whose columns are copies of the given vectors (all of one length). */
export function fromColumns(columns: readonly Float64Array[], nrows?: number): DenseMatrix {
  const rows = nrows ?? (columns.length > 0 ? columns[0].length : 0);
  const M = denseMatrix(rows, columns.length);
  columns.forEach((c, j) => {
    if (!(c instanceof Float64Array)) throw new TypeError(`columns[${j}] must be a Float64Array, got ${describe(c)}`);
    if (c.length !== rows) throw new RangeError(`columns[${j}] must have length ${rows}, got ${c.length}`);
    M.data.set(c, j * rows);
  });
  return M;
}

/** Entry (i, j). */
export function denseGet(M: DenseMatrix, i: number, j: number): number {
  return M.data[i + j * M.nrows];
}

/** Mᵀ as a new matrix. */
export function denseTranspose(M: DenseMatrix): DenseMatrix {
  const { nrows, ncols, data } = M;
  const out = new Float64Array(nrows * ncols);
  for (let j = 0; j < ncols; j++) {
    for (let i = 0; i < nrows; i++) out[j + i * ncols] = data[i + j * nrows];
  }
  return { nrows: ncols, ncols: nrows, data: out };
}

/** out = M x (column-oriented loop: reads M.data contiguously). */
export function denseMatvec(M: DenseMatrix, x: Float64Array, out?: Float64Array): Float64Array {
  const { nrows, ncols, data } = M;
  if (x.length !== ncols) throw new RangeError(`x must have length ${ncols}, got ${x.length}`);
  const y = out ?? new Float64Array(nrows);
  if (y.length !== nrows) throw new RangeError(`out must have length ${nrows}, got ${y.length}`);
  y.fill(0);
  for (let j = 0; j < ncols; j++) {
    const xj = x[j];
    const base = j * nrows;
    for (let i = 0; i < nrows; i++) y[i] += data[base + i] * xj;
  }
  return y;
}
