/**
 * Sparse LDLᵀ with CHOLMOD for a symmetric operator with nonzero pivots without
 * pivoting (quasi-definite, e.g. saddle-point [[A, B], [Bᵀ, -C]] with A, C SPD). D may
 * have negative entries. CHOLMOD's LDLᵀ is simplicial (supernodal is LLᵀ only).
 */
import type { FactorOptions } from '../cholmod';
import { Result } from '../errors';
import { LinearOperator, symmetric } from '../operators';
import { CholmodState, factorize, solveWithFactor } from './cholmod-state';
import { Computed, LinearSolver, Rhs, SolveOptions, requireTags } from './solver';

export type LDLtOptions = Pick<FactorOptions, 'ordering'>;

export class LDLt implements LinearSolver<CholmodState> {
  readonly name = 'LDLt';
  /** How many factorisations this solver has made (one per init). */
  factorizations = 0;

  constructor(readonly factorOptions: LDLtOptions = {}) {}

  init(op: LinearOperator, _options?: SolveOptions): CholmodState {
    requireTags(op, this.name, [symmetric]);
    this.factorizations++;
    // A zero pivot is what stops LDLᵀ; CHOLMOD reports it as "not positive definite".
    return factorize(op, this.name, { ...this.factorOptions, kind: 'LDLt', mode: 'simplicial' }, Result.singular);
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
