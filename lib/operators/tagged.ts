import type { DenseMatrix } from '../sparse';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, checkTagsFit, closeTags, transposeTags } from './tags';

/**
 * Another operator with extra promises attached (e.g. positiveSemidefinite on a
 * SparseOperator): the way to satisfy a {@link MissingTagError}. The promise is
 * trusted, not checked; mv and asMatrix are the wrapped operator's.
 *
 * @example
 * ```ts
 * import { CG, SparseOperator, TaggedOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const plain = new SparseOperator(poisson2d(6));
 * const spd = new TaggedOperator(plain, ['positiveSemidefinite']);
 * console.log(linearSolve(spd, new Float64Array(36).fill(1), new CG()).result); // → successful
 * ```
 */
export class TaggedOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;
  readonly #extra: ReadonlySet<Tag>;

  /**
   * @param operator The operator to wrap.
   * @param tags The promises to add to its own tags.
   * @throws TypeError for an unknown tag; RangeError for tags on a non-square operator.
   */
  constructor(
    /** The wrapped operator. */
    readonly operator: LinearOperator,
    tags: Iterable<Tag>,
  ) {
    super();
    this.#extra = closeTags(tags);
    this.tags = closeTags([...operator.tags, ...this.#extra]);
    checkTagsFit(this.tags, operator.inSize, operator.outSize);
  }

  get inSize(): number {
    return this.operator.inSize;
  }

  get outSize(): number {
    return this.operator.outSize;
  }

  protected apply(x: Float64Array): Float64Array {
    return this.operator.mv(x);
  }

  protected transposed(): LinearOperator {
    return new TaggedOperator(this.operator.transpose(), transposeTags(this.#extra));
  }

  override asMatrix(): DenseMatrix {
    return this.operator.asMatrix();
  }
}
