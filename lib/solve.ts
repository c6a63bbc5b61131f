/**
 * linearSolve: one solve of A x = b through any LinearSolver (Lineax's linear_solve).
 * The derivative rules in lib/ad are written against this and the solver interface.
 */
import { LinearSolveError, Result, Stats } from './errors';
import type { LinearOperator } from './operators';
import { AutoSolver, AutoState } from './solvers/auto';
import { LinearSolver, Rhs, SolveOptions, allFinite, checkRhs, filledLike, rhsData } from './solvers/solver';

export { Result } from './errors';

export interface Solution<V extends Rhs, S> {
  /** x, shaped like b (a DenseMatrix of many right-hand sides gives one of many solutions). */
  value: V;
  result: Result;
  stats: Stats;
  /** The state passed in, or the one created here when `returnState` asked for it; else undefined (disposed). */
  state: S | undefined;
}

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

/** Solves op x = b with `solver` (default: AutoSolver). */
export function linearSolve<V extends Rhs>(
  op: LinearOperator,
  b: V,
  solver?: undefined,
  opts?: LinearSolveOptions<AutoState>,
): Solution<V, AutoState>;
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
  { options = {}, state, throw: throwOnFailure = true, returnState = false }: LinearSolveOptions<S> = {},
): Solution<V, S> {
  if (typeof op?.mv !== 'function') throw new TypeError('linearSolve: op must be a LinearOperator');
  if (typeof solver?.init !== 'function' || typeof solver.compute !== 'function') {
    throw new TypeError('linearSolve: solver must be a LinearSolver');
  }
  checkRhs(b, op.outSize);
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
