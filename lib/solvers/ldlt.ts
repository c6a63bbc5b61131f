/**
 * Sparse LDLᵀ with CHOLMOD for a symmetric operator with nonzero pivots without
 * pivoting (quasi-definite, e.g. saddle-point [[A, B], [Bᵀ, -C]] with A, C SPD). D may
 * have negative entries. CHOLMOD's LDLᵀ is simplicial (supernodal is LLᵀ only).
 */
import type { FactorOptions } from '../cholmod';
import { resolveOptions } from '../cholmod/options';
import { Result } from '../errors';
import { LinearOperator, symmetric } from '../operators';
import { CholmodSolver } from './cholmod-solver';
import { requireTags } from './solver';

/**
 * CHOLMOD options of {@link LDLt}: only the fill-reducing `ordering` (LDLᵀ is always simplicial).
 *
 * @example
 * ```ts
 * import { LDLt } from 'spsolve';
 *
 * console.log(new LDLt({ ordering: 'nesdis' }).options.ordering); // → nesdis
 * ```
 */
export type LDLtOptions = Pick<FactorOptions, 'ordering'>;

/**
 * Sparse LDLᵀ with CHOLMOD (simplicial, no pivoting) for an operator tagged symmetric
 * whose entries are stored: symmetric indefinite but quasi-definite matrices, e.g.
 * saddle-point [[A, B], [Bᵀ, -C]] with A, C SPD. {@link AutoSolver} picks it for a
 * sparse symmetric operator not tagged positiveSemidefinite. A zero pivot gives
 * result `singular`. States hold native memory: dispose them.
 *
 * @example
 * ```ts
 * import { CscMatrix, LDLt, SparseOperator, linearSolve } from 'spsolve';
 *
 * // [[2, 1], [1, -3]] (lower triangle): symmetric indefinite.
 * const K = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [2, 1, -3], { symmetry: 'lower' });
 * console.log(linearSolve(new SparseOperator(K), new Float64Array([3, -2]), new LDLt()).value); // → Float64Array(2) [ 1, 1 ]
 * ```
 */
export class LDLt extends CholmodSolver {
  readonly name = 'LDLt';
  // A zero pivot is what stops LDLᵀ (ZeroPivotError): reported as 'singular', though A may not be.
  /** @internal */
  protected readonly pivotFailure = Result.singular;

  /** @param options CHOLMOD ordering. */
  constructor(
    /** The CHOLMOD options given to the constructor. */
    readonly options: LDLtOptions = {},
  ) {
    super();
    // Checked here, so a misspelt option fails where it was written, not at the first init.
    resolveOptions(options, 'LDLt', ['ordering'], 'options');
  }

  /** @internal */
  protected checkOperator(op: LinearOperator): void {
    requireTags(op, this.name, [symmetric]);
  }

  /** @internal */
  protected factorOptions(): FactorOptions {
    return { ...this.options, kind: 'LDLt', mode: 'simplicial' };
  }
}
