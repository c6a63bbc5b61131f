import { AbstractOperator, LinearOperator, checkVector } from './operator';
import { Tag, checkTagsFit, closeTags, transposeTags } from './tags';

export type MatVec = (x: Float64Array) => Float64Array;

export interface FunctionOperatorOptions {
  /** x ↦ Aᵀ x; without it only a symmetric-tagged operator can be transposed. */
  transposeMv?: MatVec;
  tags?: Iterable<Tag>;
}

/** A matrix-free operator from a user function x ↦ A x (which must be linear). */
export class FunctionOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;
  readonly inSize: number;
  readonly outSize: number;
  readonly #fn: MatVec;
  readonly #transposeFn?: MatVec;

  /** `sizes` is n for a square operator, or { inSize, outSize }. */
  constructor(fn: MatVec, sizes: number | { inSize: number; outSize: number }, opts: FunctionOperatorOptions = {}) {
    super();
    if (typeof fn !== 'function') throw new TypeError('FunctionOperator: mv must be a function');
    const { inSize, outSize } = typeof sizes === 'number' ? { inSize: sizes, outSize: sizes } : sizes ?? ({} as never);
    for (const [name, size] of [['inSize', inSize], ['outSize', outSize]] as const) {
      if (!Number.isInteger(size) || size < 0) throw new RangeError(`FunctionOperator: ${name} must be a non-negative integer, got ${size}`);
    }
    if (opts.transposeMv !== undefined && typeof opts.transposeMv !== 'function') {
      throw new TypeError('FunctionOperator: transposeMv must be a function');
    }
    this.inSize = inSize;
    this.outSize = outSize;
    this.#fn = fn;
    this.#transposeFn = opts.transposeMv;
    this.tags = closeTags(opts.tags ?? []);
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
