import { checkDimension, checkFunction, checkVector } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, checkTagsFit, closeTags, transposeTags } from './tags';

/**
 * A matrix-vector product x ↦ A x, for {@link FunctionOperator}. It must be linear and
 * return a Float64Array of length outSize; it may return a new array or x itself (the
 * operator copies it then), but must not modify x.
 *
 * @example
 * ```ts
 * import { FunctionOperator, type MatVec } from 'spsolve';
 *
 * const double: MatVec = (x) => x.map((v) => 2 * v);
 * console.log(new FunctionOperator(double, 2).mv(new Float64Array([1, 2]))); // → Float64Array(2) [ 2, 4 ]
 * ```
 */
export type MatVec = (x: Float64Array) => Float64Array;

/**
 * Options of the {@link FunctionOperator} constructor.
 *
 * @example
 * ```ts
 * import { FunctionOperator } from 'spsolve';
 *
 * // A 1 x 2 operator x ↦ x0 + x1, and its transpose y ↦ (y, y).
 * const sum = new FunctionOperator((x) => Float64Array.of(x[0] + x[1]), { inSize: 2, outSize: 1 }, {
 *   transposeMv: (y) => Float64Array.of(y[0], y[0]),
 * });
 * console.log(sum.transpose().mv(new Float64Array([3]))); // → Float64Array(2) [ 3, 3 ]
 * ```
 */
export interface FunctionOperatorOptions {
  /** x ↦ Aᵀ x; without it only a symmetric-tagged operator can be transposed. */
  transposeMv?: MatVec;
  /** Structural promises about A (need a square operator); they are trusted, not checked. */
  tags?: Iterable<Tag>;
}

/**
 * A matrix-free operator from a user function x ↦ A x (which must be linear). Solve
 * it with an iterative solver ({@link CG}, {@link MINRES}, {@link GMRES},
 * {@link BiCGStab}) or, when small, a dense one (which calls mv inSize times).
 *
 * @example
 * ```ts
 * import { CG, FunctionOperator, linearSolve } from 'spsolve';
 *
 * // The 1-D Laplacian of size n without storing it.
 * const n = 50;
 * const laplacian = new FunctionOperator(
 *   (x) => x.map((v, i) => 2 * v - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0)),
 *   n,
 *   { tags: ['positiveSemidefinite'] },
 * );
 * const { value, stats } = linearSolve(laplacian, new Float64Array(n).fill(1), new CG());
 * console.log(value.length, stats.steps); // → 50 25
 * ```
 */
export class FunctionOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;
  readonly inSize: number;
  readonly outSize: number;
  readonly #fn: MatVec;
  readonly #transposeFn?: MatVec;

  /**
   * @param fn x ↦ A x.
   * @param sizes n for a square operator, or `{ inSize, outSize }`.
   * @param opts The transpose product and tags.
   * @throws TypeError when fn / transposeMv is not a function; RangeError for a bad size or tags on a non-square operator.
   */
  constructor(fn: MatVec, sizes: number | { inSize: number; outSize: number }, opts: FunctionOperatorOptions = {}) {
    super();
    checkFunction(fn, 'FunctionOperator: mv');
    const { inSize, outSize } = typeof sizes === 'number' ? { inSize: sizes, outSize: sizes } : sizes ?? ({} as never);
    checkDimension(inSize, 'FunctionOperator: inSize');
    checkDimension(outSize, 'FunctionOperator: outSize');
    const { transposeMv, tags = [] } = checkOptions(opts, ['transposeMv', 'tags'], 'FunctionOperator: opts');
    this.inSize = inSize;
    this.outSize = outSize;
    this.#fn = fn;
    this.#transposeFn = transposeMv === undefined ? undefined : checkFunction<MatVec>(transposeMv, 'FunctionOperator: opts.transposeMv');
    this.tags = closeTags(tags as Iterable<Tag>);
    checkTagsFit(this.tags, inSize, outSize);
  }

  protected apply(x: Float64Array): Float64Array {
    const y = this.#fn(x);
    checkVector(y, this.outSize, 'FunctionOperator: the value returned by mv');
    // Callers may overwrite the result, so never hand back the input (or a shared buffer).
    return y === x ? y.slice() : y;
  }

  protected transposed(): LinearOperator {
    if (!this.#transposeFn) {
      throw new TypeError(
        'FunctionOperator.transpose(): no transposeMv was given; pass { transposeMv } or tag the operator symmetric',
      );
    }
    return new FunctionOperator(
      this.#transposeFn,
      { inSize: this.outSize, outSize: this.inSize },
      { transposeMv: this.#fn, tags: transposeTags(this.tags) },
    );
  }
}
