/**
 * The derivative rules work on blocks of columns: one right-hand side is a block of one
 * column, many right-hand sides a DenseMatrix. Blocks are plain DenseMatrix values, so a
 * block goes to a solver (and through it to CHOLMOD) in one call, and the result is
 * handed back in the shape the caller used.
 */
import type { LinearOperator } from '../operators';
import type { Rhs } from '../solvers/solver';
import { DenseMatrix, checkDenseMatrix, isDenseMatrix } from '../sparse';
import { checkVector } from '../sparse/validate';

/** A vector or a DenseMatrix viewed as a block (the data is shared, not copied). */
export function toBlock(x: Rhs): DenseMatrix {
  return x instanceof Float64Array ? { nrows: x.length, ncols: 1, data: x } : x;
}

/** A block handed back in the shape of `like`: a vector for a vector, a DenseMatrix otherwise. */
export function shapeLike<V extends Rhs>(block: DenseMatrix, like: V): V {
  return (like instanceof Float64Array ? block.data : block) as V;
}

/** What a solver's compute takes: a vector for a one-column block (the common case stays cheap). */
export function asRhs(block: DenseMatrix, single: boolean): Rhs {
  return single && block.ncols === 1 ? block.data : block;
}

export function zeros(nrows: number, ncols: number): DenseMatrix {
  return { nrows, ncols, data: new Float64Array(nrows * ncols) };
}

/** op applied to every column of x. */
export function applyColumns(op: LinearOperator, x: DenseMatrix): DenseMatrix {
  const out = zeros(op.outSize, x.ncols);
  for (let c = 0; c < x.ncols; c++) out.data.set(op.mv(x.data.slice(c * x.nrows, (c + 1) * x.nrows)), c * op.outSize);
  return out;
}

/** y ← y + alpha·x, in place; y is returned. */
export function addScaled(y: DenseMatrix, alpha: number, x: DenseMatrix): DenseMatrix {
  for (let k = 0; k < y.data.length; k++) y.data[k] += alpha * x.data[k];
  return y;
}

/** [a | b]: the columns of a, then those of b (same number of rows). */
export function concatColumns(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  const data = new Float64Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { nrows: a.nrows, ncols: a.ncols + b.ncols, data };
}

/** Columns [from, to) of a block, copied. */
export function columnRange(x: DenseMatrix, from: number, to: number): DenseMatrix {
  return { nrows: x.nrows, ncols: to - from, data: x.data.slice(from * x.nrows, to * x.nrows) };
}

/**
 * Checks that `x` has the shape of a solve's input or output: `rows` rows and, when the
 * reference is a DenseMatrix, its number of columns (a vector must meet a vector).
 */
export function checkShape(x: unknown, rows: number, like: Rhs, what: string): asserts x is Rhs {
  if (like instanceof Float64Array) return checkVector(x, rows, what);
  const { nrows, ncols } = checkDenseMatrix(what, x);
  if (nrows !== rows || ncols !== like.ncols) {
    throw new RangeError(`${what} must be ${rows} x ${like.ncols}, like b, got ${nrows} x ${ncols}`);
  }
}
