import type { DenseMatrix } from '../sparse';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, composeTags, scaleTags, sumTags } from './tags';

function checkOperator(op: unknown, what: string): asserts op is LinearOperator {
  const candidate = op as LinearOperator | undefined;
  if (typeof candidate?.mv !== 'function' || typeof candidate.transpose !== 'function') {
    throw new TypeError(`${what} must be a LinearOperator`);
  }
}

/** A + B. */
export class AddOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  constructor(
    readonly left: LinearOperator,
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

/** A ∘ B: x ↦ A (B x). */
export class ComposedOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  constructor(
    readonly outer: LinearOperator,
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

/** c · A for a finite scalar c. */
export class ScaledOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  constructor(
    readonly operator: LinearOperator,
    readonly scalar: number,
  ) {
    super();
    checkOperator(operator, 'scale: operand');
    if (typeof scalar !== 'number' || !Number.isFinite(scalar)) {
      throw new TypeError(`scale: the scalar must be a finite number, got ${scalar}`);
    }
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

export const add = (a: LinearOperator, b: LinearOperator): LinearOperator => new AddOperator(a, b);
export const compose = (a: LinearOperator, b: LinearOperator): LinearOperator => new ComposedOperator(a, b);
export const scale = (op: LinearOperator, c: number): LinearOperator => new ScaledOperator(op, c);
export const neg = (op: LinearOperator): LinearOperator => new ScaledOperator(op, -1);
