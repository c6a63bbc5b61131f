import { type DenseMatrix, checkDenseMatrix } from '../sparse/dense';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, checkTagsFit, closeTags, transposeTags } from './tags';

/**
 * A dense column-major matrix (entry (i, j) at data[i + j * nrows]) as an operator,
 * nrows x ncols (outSize x inSize). The data is shared, not copied. Solved by LU
 * (square) or QR (non-square) under {@link AutoSolver}.
 *
 * @example
 * ```ts
 * import { MatrixOperator, denseMatrix, linearSolve } from 'spsolve';
 *
 * const op = new MatrixOperator(denseMatrix(2, 2, [2, 1, 1, 3])); // [[2, 1], [1, 3]], no tags: LU
 * console.log(linearSolve(op, new Float64Array([3, 4])).value); // → Float64Array(2) [ 1, 1 ]
 * ```
 */
export class MatrixOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;
  /** The wrapped matrix (its data shared with the one given). */
  readonly matrix: DenseMatrix;

  /**
   * @param matrix A {@link DenseMatrix}, column-major.
   * @param tags Structural promises (need a square matrix).
   * @throws TypeError / RangeError for a malformed matrix or tags on a non-square one.
   */
  constructor(matrix: DenseMatrix, tags: Iterable<Tag> = []) {
    super();
    const { nrows, ncols, data } = checkDenseMatrix('MatrixOperator: matrix', matrix);
    this.matrix = { nrows, ncols, data };
    this.tags = closeTags(tags);
    checkTagsFit(this.tags, ncols, nrows);
  }

  get inSize(): number {
    return this.matrix.ncols;
  }

  get outSize(): number {
    return this.matrix.nrows;
  }

  protected apply(x: Float64Array): Float64Array {
    const { nrows, ncols, data } = this.matrix;
    const y = new Float64Array(nrows);
    for (let j = 0; j < ncols; j++) {
      const xj = x[j];
      for (let i = 0, base = j * nrows; i < nrows; i++) y[i] += data[base + i] * xj;
    }
    return y;
  }

  protected transposed(): LinearOperator {
    const { nrows, ncols, data } = this.matrix;
    const t = new Float64Array(data.length);
    for (let j = 0; j < ncols; j++) for (let i = 0; i < nrows; i++) t[j + i * ncols] = data[i + j * nrows];
    return new MatrixOperator({ nrows: ncols, ncols: nrows, data: t }, transposeTags(this.tags));
  }

  override asMatrix(): DenseMatrix {
    return { ...this.matrix, data: this.matrix.data.slice() };
  }
}
