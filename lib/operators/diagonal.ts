import { checkDimension, checkFloat64Array } from '../sparse/validate';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, closeTags, diagonal, positiveSemidefinite, unitDiagonal } from './tags';

/**
 * diag(d), n x n with n = d.length. Tagged diagonal, hence symmetric: its own
 * transpose. Solved by {@link Diagonal}.
 *
 * @example
 * ```ts
 * import { DiagonalOperator, linearSolve } from 'spsolve';
 *
 * const D = new DiagonalOperator(new Float64Array([1, 2, 4]));
 * console.log(linearSolve(D, new Float64Array([1, 1, 1])).value); // → Float64Array(3) [ 1, 0.5, 0.25 ]
 * ```
 */
export class DiagonalOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;
  /** The diagonal d (shared with the array given, not copied). */
  readonly diagonal: Float64Array;

  /**
   * @param d The diagonal entries.
   * @param tags Extra tags, e.g. 'positiveSemidefinite' when every entry is >= 0.
   * @throws TypeError when d is not a Float64Array.
   */
  constructor(d: Float64Array, tags: Iterable<Tag> = []) {
    super();
    checkFloat64Array(d, 'DiagonalOperator: d');
    this.diagonal = d;
    this.tags = closeTags([diagonal, ...tags]);
  }

  get inSize(): number {
    return this.diagonal.length;
  }

  get outSize(): number {
    return this.diagonal.length;
  }

  protected apply(x: Float64Array): Float64Array {
    return x.map((xi, i) => this.diagonal[i] * xi);
  }

  protected transposed(): LinearOperator {
    return this;
  }
}

/**
 * The n x n identity: tagged diagonal, unit diagonal and positive (semi)definite.
 *
 * @example
 * ```ts
 * import { IdentityOperator, add, scale, SparseOperator, poisson2d, linearSolve } from 'spsolve';
 *
 * // A shifted operator A + 0.1 I, still sparse and symmetric, so CHOLMOD can factor it.
 * const A = new SparseOperator(poisson2d(4), ['positiveSemidefinite']);
 * const shifted = add(A, scale(new IdentityOperator(16), 0.1));
 * console.log(linearSolve(shifted, new Float64Array(16).fill(1)).result); // → successful
 * ```
 */
export class IdentityOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag> = closeTags([diagonal, unitDiagonal, positiveSemidefinite]);

  /**
   * @param size n, a non-negative integer.
   * @throws RangeError for another size.
   */
  constructor(
    /** n: the operator is n x n. */
    readonly size: number,
  ) {
    super();
    checkDimension(size, 'IdentityOperator: size');
  }

  get inSize(): number {
    return this.size;
  }

  get outSize(): number {
    return this.size;
  }

  protected apply(x: Float64Array): Float64Array {
    return x.slice();
  }

  protected transposed(): LinearOperator {
    return this;
  }
}
