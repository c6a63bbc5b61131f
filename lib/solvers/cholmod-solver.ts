/**
 * What the CHOLMOD solvers (Cholesky, LDLt) share: the state is a Factor, built from
 * the operator's stored entries; solving with many right-hand sides is one native call.
 */
import { Factor, FactorOptions, NotPositiveDefiniteError, ZeroPivotError, cholesky } from '../cholmod';
import { Result, UnsupportedOperatorError } from '../errors';
import { LinearOperator, neg, toCsc } from '../operators';
import { allFinite } from '../sparse/validate';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { Computed, LinearSolver, Rhs, SolveOptions, filledLike, rhsData } from './solver';

/**
 * The state of {@link Cholesky} and {@link LDLt}: the CHOLMOD {@link Factor} (native
 * memory: dispose the state with `solver.dispose(state)` when done), or why the
 * factorisation failed. Transposed and conjugated states are the state itself.
 *
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, poisson2d } from 'spsolve';
 *
 * const solver = new Cholesky();
 * const state = solver.init(new SparseOperator(poisson2d(10), ['positiveSemidefinite']), {});
 * console.log(state.n, state.factor?.n, state.failure); // → 100 100 undefined
 * solver.dispose(state);
 * ```
 */
export interface CholmodState {
  /** The matrix size. */
  readonly n: number;
  /** Absent when the factorisation failed; `failure` then says why. */
  readonly factor?: Factor;
  /** 'notPositiveDefinite' (Cholesky) or 'singular' (LDLt) when a pivot failed. */
  readonly failure?: Result;
  /** The column where CHOLMOD met a non-positive (or zero) pivot. */
  readonly failedColumn?: number;
  /**
   * True when the factor is of −A (Cholesky of an operator tagged negativeSemidefinite):
   * compute negates the solution, x = −(−A)⁻¹ b.
   */
  readonly negated?: boolean;
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
    if (error instanceof NotPositiveDefiniteError || error instanceof ZeroPivotError) return { n: matrix.ncols, failure: pivotFailure, failedColumn: error.column };
    throw error;
  }
}

/** All columns of b go to CHOLMOD in one call. `solver` names the solver in messages. */
export function solveWithFactor<V extends Rhs>(state: CholmodState, b: V, solver: string): Computed<V> {
  checkVectorOrColumns(b, state.n, `${solver}.compute: b`);
  if (!state.factor) {
    return { value: filledLike(b, state.n, NaN), result: state.failure ?? Result.singular, stats: { failedColumn: state.failedColumn ?? -1 } };
  }
  if (!allFinite(rhsData(b))) return { value: filledLike(b, state.n, NaN), result: Result.nonfiniteInput, stats: {} };
  // One native call for all columns of a DenseMatrix.
  const value: Rhs = b instanceof Float64Array ? state.factor.solve(b) : state.factor.solve(b);
  if (state.negated) rhsData(value).forEach((v, k, data) => (data[k] = -v));
  return { value: value as V, result: Result.successful, stats: {} };
}

/**
 * The shape of the CHOLMOD solvers: `init` factorises (the only place that does, counted in
 * `factorizations`), `compute` solves with the factor, and since A = Aᵀ the transposed and
 * conjugated states are the state itself (no refactorisation for a VJP).
 */
export abstract class CholmodSolver implements LinearSolver<CholmodState> {
  /** The solver's name, used in messages. */
  abstract readonly name: string;
  /** How many factorisations this solver has made (one per init). */
  factorizations = 0;

  /** Throws MissingTagError when the operator lacks a tag this factorisation needs. @internal */
  protected abstract checkOperator(op: LinearOperator): void;
  /** CHOLMOD options for this kind of factorisation. @internal */
  protected abstract factorOptions(): FactorOptions;
  /** The Result a failed pivot means for this solver. @internal */
  protected abstract readonly pivotFailure: Result;

  /**
   * Factorises the operator's stored matrix with CHOLMOD (the only step that does).
   * A failed pivot is kept in the state and reported by `compute`.
   * @throws {@link MissingTagError} when a needed tag is missing; {@link UnsupportedOperatorError}
   *   for an operator without stored entries (e.g. a FunctionOperator); a CHOLMOD error
   *   when a 'general' matrix is not symmetric.
   */
  init(op: LinearOperator, _options?: SolveOptions): CholmodState {
    this.checkOperator(op);
    this.factorizations++;
    const negated = this.factorsNegation(op);
    const state = factorize(negated ? neg(op) : op, this.name, this.factorOptions(), this.pivotFailure);
    return negated ? { ...state, negated } : state;
  }

  /** True when init should factorise −A (Cholesky of a negative semidefinite operator). @internal */
  protected factorsNegation(_op: LinearOperator): boolean {
    return false;
  }

  /**
   * Solves with the factor; all columns of a DenseMatrix b go to CHOLMOD in one call.
   * After a failed factorisation the value is NaN and `stats.failedColumn` the pivot's column.
   * @throws RangeError when b does not have n rows.
   */
  compute<V extends Rhs>(state: CholmodState, b: V, _options?: SolveOptions): Computed<V> {
    return solveWithFactor(state, b, this.name);
  }

  /** The state itself: A = Aᵀ, so a transposed solve (a VJP) needs no new factorisation. */
  transpose(state: CholmodState, options: SolveOptions): [CholmodState, SolveOptions] {
    return [state, options];
  }

  /** The state itself (everything is real). */
  conj(state: CholmodState, options: SolveOptions): [CholmodState, SolveOptions] {
    return [state, options];
  }

  /** True. */
  assumeFullRank(): boolean {
    return true;
  }

  /** Frees the state's CHOLMOD factor (idempotent). Dispose only states returned by `init`. */
  dispose(state: CholmodState): void {
    state.factor?.dispose();
  }
}
