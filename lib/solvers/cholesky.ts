/** Sparse Cholesky L Lᵀ with CHOLMOD for a symmetric positive definite operator. */
import type { FactorOptions } from '../cholmod';
import { Result } from '../errors';
import { LinearOperator, positiveSemidefinite, symmetric } from '../operators';
import { CholmodState, factorize, solveWithFactor } from './cholmod-state';
import { Computed, LinearSolver, Rhs, SolveOptions, requireTags } from './solver';

export type CholeskyOptions = Pick<FactorOptions, 'ordering' | 'mode'>;

export class Cholesky implements LinearSolver<CholmodState> {
  readonly name = 'Cholesky';
  /** How many factorisations this solver has made: init is the only place it factorises. */
  factorizations = 0;

  constructor(readonly factorOptions: CholeskyOptions = {}) {}

  init(op: LinearOperator, _options?: SolveOptions): CholmodState {
    requireTags(op, this.name, [symmetric, positiveSemidefinite], 'use LDLt for a symmetric indefinite operator');
    this.factorizations++;
    return factorize(op, this.name, { ...this.factorOptions, kind: 'LLt' }, Result.notPositiveDefinite);
  }

  compute<V extends Rhs>(state: CholmodState, b: V, _options?: SolveOptions): Computed<V> {
    return solveWithFactor(state, b);
  }

  /** A = Aᵀ: the same factor serves the transposed solve. */
  transpose(state: CholmodState, options: SolveOptions): [CholmodState, SolveOptions] {
    return [state, options];
  }

  conj(state: CholmodState, options: SolveOptions): [CholmodState, SolveOptions] {
    return [state, options];
  }

  assumeFullRank(): boolean {
    return true;
  }

  dispose(state: CholmodState): void {
    state.factor?.dispose();
  }
}
