import { AbstractOperator, LinearOperator } from './operator';
import { Tag, checkTagsFit, closeTags, positiveSemidefinite, symmetric } from './tags';

/** Anything that solves with a fixed matrix, e.g. a CHOLMOD Factor. */
export interface Solves {
  readonly n: number;
  solve(b: Float64Array): Float64Array;
}

/**
 * M⁻¹ as an operator, from something that solves with M: the usual way to turn a
 * CHOLMOD factorisation of a nearby matrix into a preconditioner for CG / MINRES /
 * GMRES. The default tags fit a Cholesky factor (the inverse of an SPD matrix is SPD);
 * pass `[symmetric]` for an LDLᵀ factor of an indefinite matrix, or `[]` otherwise
 * (such an operator can then not be transposed).
 */
export class InverseOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  constructor(
    readonly solver: Solves,
    tags: Iterable<Tag> = [symmetric, positiveSemidefinite],
  ) {
    super();
    if (typeof solver?.solve !== 'function' || !Number.isInteger(solver.n)) {
      throw new TypeError('InverseOperator needs an object with an integer n and solve(b), e.g. a Factor');
    }
    this.tags = closeTags(tags);
    checkTagsFit(this.tags, solver.n, solver.n);
  }

  get inSize(): number {
    return this.solver.n;
  }

  get outSize(): number {
    return this.solver.n;
  }

  protected apply(x: Float64Array): Float64Array {
    return this.solver.solve(x);
  }

  protected transposed(): LinearOperator {
    throw new TypeError('InverseOperator.transpose(): only an operator tagged symmetric can be transposed');
  }
}

