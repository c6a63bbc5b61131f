/**
 * What the CHOLMOD solvers (Cholesky, LDLt) share: the state is a Factor, built from
 * the operator's stored entries; solving with many right-hand sides is one native call.
 */
import { Factor, FactorOptions, NotPositiveDefiniteError, cholesky } from '../cholmod';
import { Result, UnsupportedOperatorError } from '../errors';
import { LinearOperator, toCsc } from '../operators';
import { Computed, LinearSolver, Rhs, SolveOptions, allFinite, checkRhs, filledLike, rhsData } from './solver';

export interface CholmodState {
  readonly n: number;
  /** Absent when the factorisation failed; `failure` then says why. */
  readonly factor?: Factor;
  readonly failure?: Result;
  /** The column where CHOLMOD met a non-positive (or zero) pivot. */
  readonly failedColumn?: number;
}

/**
 * Factorises the operator's matrix as stored (cholesky() checks that a 'general' one is
 * really symmetric, so a wrong tag is an error, not a wrong answer). A pivot failure becomes `failure` (reported by compute) rather than an exception, so
 * linearSolve with `throw: false` can return it as a Result.
 */
export function factorize(op: LinearOperator, solver: string, options: FactorOptions, pivotFailure: Result): CholmodState {
  const matrix = toCsc(op);
  if (!matrix) {
    throw new UnsupportedOperatorError(
      solver,
      `needs stored entries (a SparseOperator, possibly tagged, scaled or added); ` +
        `a ${op.constructor.name} only offers matvecs: use CG or MINRES, or a dense solver`,
    );
  }
  try {
    return { n: matrix.ncols, factor: cholesky(matrix, options) };
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) return { n: matrix.ncols, failure: pivotFailure, failedColumn: error.column };
    throw error;
  }
}

/** All columns of b go to CHOLMOD in one call. */
export function solveWithFactor<V extends Rhs>(state: CholmodState, b: V): Computed<V> {
  checkRhs(b, state.n);
  if (!state.factor) {
    return { value: filledLike(b, state.n, NaN), result: state.failure ?? Result.singular, stats: { failedColumn: state.failedColumn ?? -1 } };
  }
  if (!allFinite(rhsData(b))) return { value: filledLike(b, state.n, NaN), result: Result.nonfiniteInput, stats: {} };
  // One native call for all columns of a DenseMatrix.
  const value: Rhs = b instanceof Float64Array ? state.factor.solve(b) : state.factor.solve(b);
  return { value: value as V, result: Result.successful, stats: {} };
}

/**
 * The shape of the CHOLMOD solvers: `init` factorises (the only place that does, counted in
 * `factorizations`), `compute` solves with the factor, and since A = Aᵀ the transposed and
 * conjugated states are the state itself (no refactorisation for a VJP).
 */
export abstract class CholmodSolver implements LinearSolver<CholmodState> {
  abstract readonly name: string;
  /** How many factorisations this solver has made (one per init). */
  factorizations = 0;

  /** Throws MissingTagError when the operator lacks a tag this factorisation needs. */
  protected abstract checkOperator(op: LinearOperator): void;
  /** CHOLMOD options for this kind of factorisation. */
  protected abstract factorOptions(): FactorOptions;
  /** The Result a failed pivot means for this solver. */
  protected abstract readonly pivotFailure: Result;

  init(op: LinearOperator, _options?: SolveOptions): CholmodState {
    this.checkOperator(op);
    this.factorizations++;
    return factorize(op, this.name, this.factorOptions(), this.pivotFailure);
  }

  compute<V extends Rhs>(state: CholmodState, b: V, _options?: SolveOptions): Computed<V> {
    return solveWithFactor(state, b);
  }

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
