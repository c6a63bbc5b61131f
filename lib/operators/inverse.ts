import { describe } from '../sparse/validate';
import { AbstractOperator, LinearOperator } from './operator';
import { Tag, checkTagsFit, closeTags, positiveSemidefinite, symmetric } from './tags';

/**
 * Anything that solves with a fixed n x n matrix M, e.g. a CHOLMOD {@link Factor}:
 * what {@link InverseOperator} wraps.
 *
 * @example
 * ```ts
 * import { InverseOperator, type Solves } from 'spsolve';
 *
 * const halve: Solves = { n: 2, solve: (b) => b.map((v) => v / 2) }; // M = 2 I
 * console.log(new InverseOperator(halve).mv(new Float64Array([2, 4]))); // → Float64Array(2) [ 1, 2 ]
 * ```
 */
export interface Solves {
  /** The size of M. */
  readonly n: number;
  /** M⁻¹ b, a new array of length n. */
  solve(b: Float64Array): Float64Array;
}

/**
 * M⁻¹ as an operator, from something that solves with M: the usual way to turn a
 * CHOLMOD factorisation of a nearby matrix into a preconditioner for CG / MINRES /
 * GMRES. The default tags fit a Cholesky factor (the inverse of an SPD matrix is SPD);
 * pass `[symmetric]` for an LDLᵀ factor of an indefinite matrix, or `[]` otherwise
 * (such an operator can then not be transposed).
 *
 * @example
 * ```ts
 * import { CG, IdentityOperator, InverseOperator, SparseOperator, add, cholesky, linearSolve, poisson2d, scale } from 'spsolve';
 *
 * // CG on A + 0.01 I, preconditioned with a Cholesky factor of A.
 * const A = poisson2d(30);
 * const op = add(new SparseOperator(A, ['positiveSemidefinite']), scale(new IdentityOperator(900), 0.01));
 * const factor = cholesky(A);
 * const cg = new CG({ preconditioner: new InverseOperator(factor) });
 * const b = new Float64Array(900).fill(1);
 * console.log(linearSolve(op, b, new CG()).stats.steps, linearSolve(op, b, cg).stats.steps); // → 54 6
 * factor.dispose();
 * ```
 */
export class InverseOperator extends AbstractOperator {
  readonly tags: ReadonlySet<Tag>;

  /**
   * @param solver What solves with M (its `n` and `solve(b)`).
   * @param tags Tags of M⁻¹; default symmetric and positive semidefinite (a Cholesky factor).
   * @throws TypeError when `solver` lacks an integer n or a solve method.
   */
  constructor(
    /** What solves with M. */
    readonly solver: Solves,
    tags: Iterable<Tag> = [symmetric, positiveSemidefinite],
  ) {
    super();
    if (typeof solver?.solve !== 'function' || !Number.isInteger(solver.n)) {
      throw new TypeError(`InverseOperator: solver must have an integer n and a solve(b) method (e.g. a Factor), got ${describe(solver)}`);
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

