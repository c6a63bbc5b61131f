import { checkFloat64Array, checkVector } from '../sparse/validate';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, closeTags, transposeTags, tridiagonal } from './tags';

/**
 * A tridiagonal matrix from its three bands: lower[i] = A[i+1, i], diag[i] = A[i, i],
 * upper[i] = A[i, i+1] (lower and upper have length n - 1). Tagged tridiagonal;
 * solved in O(n) by {@link Tridiagonal}. The arrays are shared, not copied.
 *
 * @example
 * ```ts
 * import { TridiagonalOperator, linearSolve } from 'spsolve';
 *
 * // 1-D Laplacian [[2, -1, 0], [-1, 2, -1], [0, -1, 2]].
 * const band = new Float64Array([-1, -1]);
 * const T = new TridiagonalOperator(band, new Float64Array([2, 2, 2]), band, ['symmetric']);
 * const { value } = linearSolve(T, new Float64Array([1, 0, 1]));
 * console.log(value.map((v) => +v.toFixed(9))); // → Float64Array(3) [ 1, 1, 1 ]
 * ```
 */
export class TridiagonalOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  /**
   * @throws TypeError / RangeError when a band is not a Float64Array or lower / upper
   *   do not have length n - 1.
   */
  constructor(
    /** The subdiagonal: lower[i] = A[i+1, i], length n - 1. */
    readonly lower: Float64Array,
    /** The diagonal: diag[i] = A[i, i], length n. */
    readonly diag: Float64Array,
    /** The superdiagonal: upper[i] = A[i, i+1], length n - 1. */
    readonly upper: Float64Array,
    tags: Iterable<Tag> = [],
  ) {
    super();
    checkFloat64Array(diag, 'TridiagonalOperator: diag');
    const bandLength = Math.max(diag.length - 1, 0);
    checkVector(lower, bandLength, 'TridiagonalOperator: lower');
    checkVector(upper, bandLength, 'TridiagonalOperator: upper');
    this.tags = closeTags([tridiagonal, ...tags]);
  }

  get inSize(): number {
    return this.diag.length;
  }

  get outSize(): number {
    return this.diag.length;
  }

  protected apply(x: Float64Array): Float64Array {
    const { lower, diag, upper } = this;
    const n = diag.length;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = diag[i] * x[i] + (i > 0 ? lower[i - 1] * x[i - 1] : 0) + (i < n - 1 ? upper[i] * x[i + 1] : 0);
    }
    return y;
  }

  protected transposed(): LinearOperator {
    return new TridiagonalOperator(this.upper, this.diag, this.lower, transposeTags(this.tags));
  }
}
