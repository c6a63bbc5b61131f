/** Sparse Cholesky L Lᵀ with CHOLMOD for a symmetric positive definite operator. */
import type { FactorOptions } from '../cholmod';
import { Result } from '../errors';
import { LinearOperator, positiveSemidefinite, symmetric } from '../operators';
import { CholmodSolver } from './cholmod-state';
import { requireTags } from './solver';

export type CholeskyOptions = Pick<FactorOptions, 'ordering' | 'mode'>;

export class Cholesky extends CholmodSolver {
  readonly name = 'Cholesky';
  protected readonly pivotFailure = Result.notPositiveDefinite;

  constructor(readonly options: CholeskyOptions = {}) {
    super();
  }

  protected checkOperator(op: LinearOperator): void {
    requireTags(op, this.name, [symmetric, positiveSemidefinite], 'use LDLt for a symmetric indefinite operator');
  }

  protected factorOptions(): FactorOptions {
    return { ...this.options, kind: 'LLt' };
  }
}
