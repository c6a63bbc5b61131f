import type { DenseMatrix } from '../sparse';
import { type CscMatrix, checkCscMatrix } from '../sparse/csc';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, checkTagsFit, closeTags, symmetric, transposeTags } from './tags';

/**
 * A CscMatrix as an operator. One stored triangle ('lower' / 'upper') is a symmetric
 * matrix, so the operator is tagged symmetric automatically; Cholesky and LDLt hand
 * the matrix itself to CHOLMOD. Add `positiveSemidefinite` for an SPD matrix, so that
 * {@link AutoSolver} picks Cholesky.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(20), ['positiveSemidefinite']);
 * const x = linearSolve(op, new Float64Array(400).fill(1)).value; // CHOLMOD Cholesky
 * console.log(op.tags.has('symmetric'), x.length); // → true 400
 * ```
 */
export class SparseOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;
  #transposed?: SparseOperator;

  /**
   * @param matrix The matrix (not copied).
   * @param tags Extra tags; 'symmetric' is added for 'lower' / 'upper' storage.
   * @throws TypeError when `matrix` is not a CscMatrix; RangeError for tags on a non-square matrix.
   */
  constructor(
    /** The wrapped matrix, as given. */
    readonly matrix: CscMatrix,
    tags: Iterable<Tag> = [],
  ) {
    super();
    checkCscMatrix(matrix, 'SparseOperator: matrix');
    this.tags = closeTags(matrix.symmetry === 'general' ? tags : [symmetric, ...tags]);
    checkTagsFit(this.tags, matrix.ncols, matrix.nrows);
  }

  get inSize(): number {
    return this.matrix.ncols;
  }

  get outSize(): number {
    return this.matrix.nrows;
  }

  protected apply(x: Float64Array): Float64Array {
    return this.matrix.matvec(x);
  }

  /** Built once (an O(nnz) counting sort) and linked both ways, so repeated transposes are free. */
  protected transposed(): LinearOperator {
    if (!this.#transposed) {
      this.#transposed = new SparseOperator(this.matrix.transpose(), transposeTags(this.tags));
      this.#transposed.#transposed = this;
    }
    return this.#transposed;
  }

  override asMatrix(): DenseMatrix {
    return { nrows: this.outSize, ncols: this.inSize, data: this.matrix.toDense() };
  }
}
