/**
 * Sparse LDLᵀ with CHOLMOD for a symmetric operator with nonzero pivots without
 * pivoting (quasi-definite, e.g. saddle-point [[A, B], [Bᵀ, -C]] with A, C SPD). D may
 * have negative entries. CHOLMOD's LDLᵀ is simplicial (supernodal is LLᵀ only).
 */
import type { FactorOptions } from '../cholmod';
import { Result } from '../errors';
import { LinearOperator, symmetric } from '../operators';
import { CholmodSolver } from './cholmod-state';
import { requireTags } from './solver';

export type LDLtOptions = Pick<FactorOptions, 'ordering'>;

export class LDLt extends CholmodSolver {
  readonly name = 'LDLt';
  // A zero pivot is what stops LDLᵀ; CHOLMOD reports it as "not positive definite".
  protected readonly pivotFailure = Result.singular;

  constructor(readonly options: LDLtOptions = {}) {
    super();
  }

  protected checkOperator(op: LinearOperator): void {
    requireTags(op, this.name, [symmetric]);
  }

  protected factorOptions(): FactorOptions {
    return { ...this.options, kind: 'LDLt', mode: 'simplicial' };
  }
}
