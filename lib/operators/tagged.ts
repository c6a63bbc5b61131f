import type { DenseMatrix } from '../sparse';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, checkTagsFit, closeTags, transposeTags } from './tags';

/** Another operator with extra promises attached (e.g. positiveSemidefinite on a SparseOperator). */
export class TaggedOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;
  readonly #extra: ReadonlySet<Tag>;

  constructor(
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
