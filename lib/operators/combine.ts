import type { DenseMatrix } from '../sparse';
import { checkFiniteNumber } from '../sparse/validate';
import { AbstractOperator, LinearOperator, checkOperator } from './operator';
import { Tag, composeTags, scaleTags, sumTags } from './tags';

/**
 * A + B, for two operators of the same size; usually built with {@link add}. Its tags
 * are those both share ({@link sumTags}). When both sides are sparse-backed the sum
 * can be handed to CHOLMOD as one matrix.
 *
 * @example
 * ```ts
 * import { AddOperator, DiagonalOperator, IdentityOperator } from 'spsolve';
 *
 * const sum = new AddOperator(new IdentityOperator(2), new DiagonalOperator(new Float64Array([1, 2])));
 * console.log(sum.mv(new Float64Array([1, 1]))); // → Float64Array(2) [ 2, 3 ]
 * ```
 */
export class AddOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  /** @throws TypeError when an operand is not a LinearOperator; RangeError when the sizes differ. */
  constructor(
    /** A, the first term. */
    readonly left: LinearOperator,
    /** B, the second term. */
    readonly right: LinearOperator,
  ) {
    super();
    checkOperator(left, 'add: first operand');
    checkOperator(right, 'add: second operand');
    if (left.inSize !== right.inSize || left.outSize !== right.outSize) {
      throw new RangeError(
        `add: sizes differ: ${left.outSize} x ${left.inSize} + ${right.outSize} x ${right.inSize}`,
      );
    }
    this.tags = sumTags(left.tags, right.tags);
  }

  get inSize(): number {
    return this.left.inSize;
  }

  get outSize(): number {
    return this.left.outSize;
  }

  protected apply(x: Float64Array): Float64Array {
    const y = this.left.mv(x);
    const z = this.right.mv(x);
    for (let i = 0; i < y.length; i++) y[i] += z[i];
    return y;
  }

  protected transposed(): LinearOperator {
    return new AddOperator(this.left.transpose(), this.right.transpose());
  }

  override asMatrix(): DenseMatrix {
    const a = this.left.asMatrix();
    const b = this.right.asMatrix();
    for (let k = 0; k < a.data.length; k++) a.data[k] += b.data[k];
    return a;
  }
}

/**
 * A ∘ B: x ↦ A (B x), an outer.outSize x inner.inSize operator; usually built with
 * {@link compose}. Matrix-free: each mv is one mv of B and one of A. Tags follow
 * {@link composeTags} (a product of symmetric matrices is not symmetric in general).
 *
 * @example
 * ```ts
 * import { ComposedOperator, DiagonalOperator } from 'spsolve';
 *
 * const d = new DiagonalOperator(new Float64Array([2, 3]));
 * console.log(new ComposedOperator(d, d).mv(new Float64Array([1, 1]))); // → Float64Array(2) [ 4, 9 ]
 * ```
 */
export class ComposedOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  /** @throws TypeError when an operand is not a LinearOperator; RangeError when outer.inSize ≠ inner.outSize. */
  constructor(
    /** A, applied second. */
    readonly outer: LinearOperator,
    /** B, applied first. */
    readonly inner: LinearOperator,
  ) {
    super();
    checkOperator(outer, 'compose: first operand');
    checkOperator(inner, 'compose: second operand');
    if (outer.inSize !== inner.outSize) {
      throw new RangeError(
        `compose: ${outer.outSize} x ${outer.inSize} ∘ ${inner.outSize} x ${inner.inSize}: ` +
          `the first operand's inSize must equal the second's outSize`,
      );
    }
    this.tags = composeTags(outer.tags, inner.tags);
  }

  get inSize(): number {
    return this.inner.inSize;
  }

  get outSize(): number {
    return this.outer.outSize;
  }

  protected apply(x: Float64Array): Float64Array {
    return this.outer.mv(this.inner.mv(x));
  }

  protected transposed(): LinearOperator {
    return new ComposedOperator(this.inner.transpose(), this.outer.transpose());
  }
}

/**
 * c · A for a finite scalar c; usually built with {@link scale} or {@link neg}. A
 * negative c turns positiveSemidefinite into negativeSemidefinite ({@link scaleTags}).
 *
 * @example
 * ```ts
 * import { IdentityOperator, ScaledOperator } from 'spsolve';
 *
 * console.log(new ScaledOperator(new IdentityOperator(2), 3).mv(new Float64Array([1, 2]))); // → Float64Array(2) [ 3, 6 ]
 * ```
 */
export class ScaledOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  /** @throws TypeError when `operator` is not a LinearOperator or `scalar` is not a finite number. */
  constructor(
    /** A. */
    readonly operator: LinearOperator,
    /** c. */
    readonly scalar: number,
  ) {
    super();
    checkOperator(operator, 'scale: operand');
    checkFiniteNumber(scalar, 'scale: the scalar');
    this.tags = scaleTags(operator.tags, scalar);
  }

  get inSize(): number {
    return this.operator.inSize;
  }

  get outSize(): number {
    return this.operator.outSize;
  }

  protected apply(x: Float64Array): Float64Array {
    const y = this.operator.mv(x);
    for (let i = 0; i < y.length; i++) y[i] *= this.scalar;
    return y;
  }

  protected transposed(): LinearOperator {
    return new ScaledOperator(this.operator.transpose(), this.scalar);
  }

  override asMatrix(): DenseMatrix {
    const m = this.operator.asMatrix();
    for (let k = 0; k < m.data.length; k++) m.data[k] *= this.scalar;
    return m;
  }
}

/**
 * A + B as an operator ({@link AddOperator}).
 *
 * @throws TypeError when an operand is not a LinearOperator; RangeError when the sizes differ.
 *
 * @example
 * ```ts
 * import { IdentityOperator, SparseOperator, add, linearSolve, poisson2d, scale } from 'spsolve';
 *
 * // (A + 2 I) x = b: still sparse and SPD, so AutoSolver factors it with CHOLMOD.
 * const A = new SparseOperator(poisson2d(5), ['positiveSemidefinite']);
 * const op = add(A, scale(new IdentityOperator(25), 2));
 * console.log(linearSolve(op, new Float64Array(25).fill(1)).result); // → successful
 * ```
 */
export const add = (a: LinearOperator, b: LinearOperator): LinearOperator => new AddOperator(a, b);
/**
 * A ∘ B (x ↦ A (B x)) as an operator ({@link ComposedOperator}).
 *
 * @throws TypeError when an operand is not a LinearOperator; RangeError when a.inSize ≠ b.outSize.
 *
 * @example
 * ```ts
 * import { MatrixOperator, compose, denseMatrix } from 'spsolve';
 *
 * const B = new MatrixOperator(denseMatrix(3, 2, [1, 0, 1, 0, 1, 1])); // 3 x 2
 * const normal = compose(B.transpose(), B); // BᵀB, 2 x 2
 * console.log(normal.asMatrix().data); // → Float64Array(4) [ 2, 1, 1, 2 ]
 * ```
 */
export const compose = (a: LinearOperator, b: LinearOperator): LinearOperator => new ComposedOperator(a, b);
/**
 * c · A as an operator ({@link ScaledOperator}).
 *
 * @throws TypeError when c is not a finite number.
 *
 * @example
 * ```ts
 * import { SparseOperator, poisson2d, scale } from 'spsolve';
 *
 * const h = 1 / 11; // grid spacing of a 10 x 10 interior grid on the unit square
 * const laplacian = scale(new SparseOperator(poisson2d(10), ['positiveSemidefinite']), 1 / h ** 2);
 * console.log(laplacian.asMatrix().data[0]); // → 484
 * ```
 */
export const scale = (op: LinearOperator, c: number): LinearOperator => new ScaledOperator(op, c);
/**
 * -A as an operator ({@link ScaledOperator} with c = -1).
 *
 * @example
 * ```ts
 * import { IdentityOperator, neg } from 'spsolve';
 *
 * console.log(neg(new IdentityOperator(2)).mv(new Float64Array([1, 2]))); // → Float64Array(2) [ -1, -2 ]
 * ```
 */
export const neg = (op: LinearOperator): LinearOperator => new ScaledOperator(op, -1);
