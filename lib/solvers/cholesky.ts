/** Sparse Cholesky L Lᵀ with CHOLMOD for a symmetric positive definite operator. */
import type { FactorOptions } from '../cholmod';
import { resolveOptions } from '../cholmod/options';
import { Result } from '../errors';
import { LinearOperator, isNegativeSemidefinite, isPositiveSemidefinite, positiveSemidefinite, symmetric } from '../operators';
import { CholmodSolver } from './cholmod-solver';
import { requireTags } from './solver';

/**
 * CHOLMOD options of {@link Cholesky}: the fill-reducing `ordering` (default
 * 'default': AMD, or METIS when AMD gives much fill) and the `mode` ('auto',
 * 'simplicial' or 'supernodal').
 *
 * @example
 * ```ts
 * import { Cholesky } from 'spsolve';
 *
 * const solver = new Cholesky({ ordering: 'metis', mode: 'supernodal' });
 * console.log(solver.options); // → { ordering: 'metis', mode: 'supernodal' }
 * ```
 */
export type CholeskyOptions = Pick<FactorOptions, 'ordering' | 'mode'>;

/**
 * Sparse Cholesky A = L Lᵀ with CHOLMOD, for an operator tagged positiveSemidefinite
 * (or negativeSemidefinite: then −A = L Lᵀ is factorised and the solution negated, as
 * Lineax's Cholesky does) whose entries are stored (a {@link SparseOperator}, possibly tagged, scaled or
 * added; see {@link toCsc}). {@link AutoSolver} picks it for such operators. A matrix
 * that is not positive definite gives result `notPositiveDefinite` (no exception).
 * States hold native memory: dispose them (linearSolve does it for you).
 *
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, linearSolve, poisson3d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson3d(20), ['positiveSemidefinite']);
 * const solver = new Cholesky({ ordering: 'amd' });
 * const { value } = linearSolve(op, new Float64Array(8000).fill(1), solver);
 * console.log(value.length, solver.factorizations); // → 8000 1
 * ```
 */
export class Cholesky extends CholmodSolver {
  readonly name = 'Cholesky';
  /** @internal */
  protected readonly pivotFailure = Result.notPositiveDefinite;

  /** @param options CHOLMOD ordering and mode. */
  constructor(
    /** The CHOLMOD options given to the constructor. */
    readonly options: CholeskyOptions = {},
  ) {
    super();
    // Checked here, so a misspelt option fails where it was written, not at the first init.
    resolveOptions(options, 'Cholesky', ['ordering', 'mode'], 'options');
  }

  /** @internal */
  protected checkOperator(op: LinearOperator): void {
    if (isNegativeSemidefinite(op) && !isPositiveSemidefinite(op)) return;
    requireTags(op, this.name, [symmetric, positiveSemidefinite], "('negativeSemidefinite' works too); use LDLt for a symmetric indefinite operator");
  }

  /** A negative semidefinite operator is factorised as −A = L Lᵀ (Lineax's Cholesky). @internal */
  protected override factorsNegation(op: LinearOperator): boolean {
    return isNegativeSemidefinite(op) && !isPositiveSemidefinite(op);
  }

  /** @internal */
  protected factorOptions(): FactorOptions {
    return { ...this.options, kind: 'LLt' };
  }
}
