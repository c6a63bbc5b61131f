import { AbstractOperator, LinearOperator, checkVector } from './operator';
import { Tag, closeTags, diagonal, positiveSemidefinite, unitDiagonal } from './tags';

/** diag(d). Diagonal, hence symmetric: its own transpose. */
export class DiagonalOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;
  readonly diagonal: Float64Array;

  constructor(d: Float64Array, tags: Iterable<Tag> = []) {
    super();
    checkVector(d, d?.length ?? 0, 'DiagonalOperator: d');
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

/** The n x n identity: diagonal, unit diagonal and positive (semi)definite. */
export class IdentityOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag> = closeTags([diagonal, unitDiagonal, positiveSemidefinite]);

  constructor(readonly size: number) {
    super();
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`IdentityOperator: size must be a non-negative integer, got ${size}`);
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
