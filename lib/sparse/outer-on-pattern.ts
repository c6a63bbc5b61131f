/**
 * An outer product evaluated only on a sparse pattern, natively (native/kernels/outer_on_pattern.cc).
 * @module
 */
import { native } from '../native';
import { type CscMatrix, checkCscMatrix } from './csc';
import { checkDenseMatrix, type DenseMatrix } from './dense';
import { checkFiniteNumber, checkVector } from './validate';

/** 2 MiB of doubles: bcsstk16 with 8 columns (1.25 MiB) gains 1.6× from the scratch block, 2D Poisson 300² (23 MiB) loses 3×. */
const SCRATCH_LIMIT = 262_144;

/**
 * `scale · left · rightᵀ` evaluated only at the stored entries of `matrix`: entry k of the result
 * is scale · Σ_c left[row_k, c] · right[col_k, c]. For a stored triangle ('lower' / 'upper') each
 * off-diagonal entry stands for (i, j) and (j, i) and gets both products. This is the operator
 * cotangent of the derivative rules (`−λ xᵀ` on A's pattern), computed natively in one pass.
 *
 * @param matrix The pattern (its values are not read).
 * @param left m × k (m = matrix.nrows).
 * @param right n × k (n = matrix.ncols).
 * @param into Written instead of a new array (length matrix.nnz).
 * @example
 * ```ts
 * import { CscMatrix, outerOnPattern } from 'spsolve';
 *
 * const pattern = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, 1]); // the diagonal
 * const u = { nrows: 2, ncols: 1, data: Float64Array.of(1, 2) };
 * const v = { nrows: 2, ncols: 1, data: Float64Array.of(3, 4) };
 * console.log(Array.from(outerOnPattern(pattern, u, v))); // → [ 3, 8 ]
 * ```
 */
export function outerOnPattern(matrix: CscMatrix, left: DenseMatrix, right: DenseMatrix, scale = 1, into?: Float64Array): Float64Array {
  checkCscMatrix(matrix, 'outerOnPattern: matrix');
  checkDenseMatrix('outerOnPattern: left', left);
  checkDenseMatrix('outerOnPattern: right', right);
  if (left.nrows !== matrix.nrows || right.nrows !== matrix.ncols || left.ncols !== right.ncols) {
    throw new RangeError(`outerOnPattern: left must be ${matrix.nrows} x k and right ${matrix.ncols} x k, ` +
                         `got ${left.nrows} x ${left.ncols} and ${right.nrows} x ${right.ncols}`);
  }
  checkFiniteNumber(scale, 'outerOnPattern: scale');
  if (into !== undefined) checkVector(into, matrix.nnz, 'outerOnPattern: into');
  // Uninitialised: the native pass writes every entry (or throws, and `out` is dropped); zeroing
  // 8·nnz bytes first doubled the average cost of the allocation in a loop of pullbacks.
  const out = into ?? uninitialized(matrix.nnz);
  const triangle = matrix.symmetry !== 'general';
  const k = left.ncols;
  // With several columns the native pass gathers the rows of [left, right] and [right, left]
  // (triangle), or of left and right, into a scratch block, while that block is small enough to
  // be recycled memory; larger ones would be fresh pages, and it reads the blocks in place instead.
  const scratchLength = k > 1 ? (triangle ? 4 * right.nrows : left.nrows + right.nrows) * k : 0;
  const scratch = uninitialized(scratchLength <= SCRATCH_LIMIT ? scratchLength : 0); // filled before it is read
  native().outerOnPattern({
    ncols: matrix.ncols, colPtr: matrix.colPtr, rowIdx: matrix.rowIdx, triangle,
    left: left.data, m: left.nrows, right: right.data, n: right.nrows, k, scale, out, scratch,
  });
  return out;
}

function uninitialized(length: number): Float64Array {
  const bytes = Buffer.allocUnsafeSlow(8 * length);
  return new Float64Array(bytes.buffer, bytes.byteOffset, length);
}
