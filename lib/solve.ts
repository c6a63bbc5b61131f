/**
 * linearSolve: one solve of A x = b through any LinearSolver (Lineax's linear_solve).
 * The derivative rules in lib/ad are written against this and the solver interface.
 */
import { LinearSolveError, Result, Stats } from './errors';
import type { LinearOperator } from './operators';
import { AutoSolver, AutoState } from './solvers/auto';
import { allFinite, checkBoolean } from './sparse/validate';
import { checkOptions } from './sparse/validate-options';
import { LinearSolver, Rhs, SolveOptions, checkSolveArguments, filledLike, rhsData } from './solvers/solver';

export { Result } from './errors';

/**
 * What {@link linearSolve} returns. `V` is the type of the right-hand side (a
 * Float64Array or a {@link DenseMatrix}); `S` the solver's state type.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(8), ['positiveSemidefinite']);
 * const { value, result, stats } = linearSolve(op, new Float64Array(64).fill(1));
 * console.log(value.length, result, stats); // → 64 successful {}
 * ```
 */
export interface Solution<V extends Rhs, S> {
  /**
   * x, shaped like b: a Float64Array of length `op.inSize` for a vector b, a
   * `op.inSize` x k DenseMatrix for a DenseMatrix of k right-hand sides. All NaN when
   * the solve failed before producing anything (a failed factorisation, a non-finite b).
   */
  value: V;
  /** How the solve ended; always `'successful'` unless `throw: false` was passed. */
  result: Result;
  /** The solver's diagnostics (see {@link Stats}). */
  stats: Stats;
  /** The state passed in, or the one created here when `returnState` asked for it; else undefined (disposed). */
  state: S | undefined;
}

/**
 * Options of {@link linearSolve}; `S` is the solver's state type.
 *
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(8), ['positiveSemidefinite']);
 * const solver = new Cholesky();
 * // Factorise once, keep the factor, and reuse it for a second right-hand side.
 * const first = linearSolve(op, new Float64Array(64).fill(1), solver, { returnState: true });
 * const second = linearSolve(op, new Float64Array(64).fill(2), solver, { state: first.state });
 * solver.dispose(first.state!);
 * console.log(second.value[0] / first.value[0]); // → 2
 * ```
 */
export interface LinearSolveOptions<S> {
  /** Passed to the solver's init and compute (e.g. a preconditioner or an initial guess y0). */
  options?: SolveOptions;
  /** A state from `solver.init(op, options)` to reuse: no new factorisation, and linearSolve never disposes it. */
  state?: S;
  /** true (default): a failed solve raises LinearSolveError carrying the Result; false: it is returned. */
  throw?: boolean;
  /** Keep the state created here and return it in Solution.state (then dispose it yourself). */
  returnState?: boolean;
}

/**
 * Solves `op x = b` with `solver` (default: a new {@link AutoSolver}, which picks a
 * solver from the operator's tags), Lineax's `linear_solve`.
 *
 * `b` is one right-hand side (a Float64Array of length `op.outSize`) or many (a
 * {@link DenseMatrix} with `op.outSize` rows, one per column); `value` has the same
 * shape with `op.inSize` rows. A state created here is disposed before returning
 * (unless `returnState`); a state passed in is never disposed.
 *
 * @param op The operator A.
 * @param b One right-hand side, or a DenseMatrix of several.
 * @param solver Any {@link LinearSolver}; default {@link AutoSolver}.
 * @param opts See {@link LinearSolveOptions}.
 * @throws {@link LinearSolveError} when the solve fails and `opts.throw` is not false.
 * @throws {@link MissingTagError} / {@link UnsupportedOperatorError} when the solver cannot take this operator.
 * @throws TypeError / RangeError for an argument of the wrong type or size.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(10); // 100 x 100, SPD, lower triangle stored
 * const op = new SparseOperator(A, ['positiveSemidefinite']);
 * const b = new Float64Array(100).fill(1);
 * const { value: x } = linearSolve(op, b); // AutoSolver chooses Cholesky (CHOLMOD)
 * console.log(A.matvec(x)[0].toFixed(6)); // → 1.000000
 * ```
 */
export function linearSolve<V extends Rhs>(
  op: LinearOperator,
  b: V,
  solver?: undefined,
  opts?: LinearSolveOptions<AutoState>,
): Solution<V, AutoState>;
/** Solves `op x = b` with the given solver; see the first overload. */
export function linearSolve<V extends Rhs, S>(
  op: LinearOperator,
  b: V,
  solver: LinearSolver<S>,
  opts?: LinearSolveOptions<S>,
): Solution<V, S>;
export function linearSolve<V extends Rhs, S>(
  op: LinearOperator,
  b: V,
  solver: LinearSolver<S> = new AutoSolver() as unknown as LinearSolver<S>,
  opts: LinearSolveOptions<S> = {},
): Solution<V, S> {
  const checked = checkOptions(opts, ['options', 'state', 'throw', 'returnState'], 'linearSolve: opts');
  const { options = {}, state } = opts;
  const throwOnFailure = checkBoolean(checked.throw ?? true, 'linearSolve: opts.throw');
  const returnState = checkBoolean(checked.returnState ?? false, 'linearSolve: opts.returnState');
  checkSolveArguments(op, b, solver, 'linearSolve');
  // Checked before init, so a NaN in b never costs a factorisation.
  if (!allFinite(rhsData(b))) {
    return finish({ value: filledLike(b, op.inSize, NaN), result: Result.nonfiniteInput, stats: {} }, state, throwOnFailure);
  }
  const owned = state === undefined;
  const current = state ?? solver.init(op, options);
  const release = () => {
    if (owned) solver.dispose?.(current);
  };
  let solved;
  try {
    solved = solver.compute(current, b, options);
  } catch (error) {
    release();
    throw error;
  }
  const keep = !owned || (returnState && (solved.result === Result.successful || !throwOnFailure));
  if (!keep) release();
  return finish(solved, keep ? current : undefined, throwOnFailure);
}

function finish<V extends Rhs, S>(
  solved: { value: V; result: Result; stats: Stats },
  state: S | undefined,
  throwOnFailure: boolean,
): Solution<V, S> {
  if (throwOnFailure && solved.result !== Result.successful) throw new LinearSolveError(solved.result, solved.stats);
  return { ...solved, state };
}
