/**
 * linearSolveAsync: {@link linearSolve} for solvers whose work is asynchronous (a remote MUMPS
 * factorisation); a synchronous solver works too. The same checks, state rules and results.
 */
import { LinearSolveError, Result } from './errors';
import type { LinearOperator } from './operators';
import { AsyncLinearSolver, toAsyncSolver } from './solvers/async-solver';
import { LinearSolver, Rhs, filledLike, rhsData } from './solvers/solver';
import { checkOperator } from './operators/operator';
import { allFinite, checkBoolean, describe } from './sparse/validate';
import { checkOptions } from './sparse/validate-options';
import { checkVectorOrColumns } from './sparse/vector-or-columns';
import type { LinearSolveOptions, Solution } from './solve';

/**
 * Solves `op x = b` with an {@link AsyncLinearSolver} (such as {@link Mumps}) or any
 * {@link LinearSolver}: the asynchronous {@link linearSolve}, with the same options
 * (`state` to reuse a factorisation, `returnState`, `throw`) and the same {@link Solution}.
 *
 * @throws {@link LinearSolveError} when the solve fails and `opts.throw` is not false.
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, linearSolveAsync, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(8), ['positiveSemidefinite']);
 * const { value, result } = await linearSolveAsync(op, new Float64Array(64).fill(1), new Cholesky());
 * console.log(value.length, result); // → 64 successful
 * ```
 */
export async function linearSolveAsync<V extends Rhs, S>(
  op: LinearOperator,
  b: V,
  solver: AsyncLinearSolver<S> | LinearSolver<S>,
  opts: LinearSolveOptions<S> = {},
): Promise<Solution<V, S>> {
  const checked = checkOptions(opts, ['options', 'state', 'throw', 'returnState'], 'linearSolveAsync: opts');
  const { options = {}, state } = opts;
  const throwOnFailure = checkBoolean(checked.throw ?? true, 'linearSolveAsync: opts.throw');
  const returnState = checkBoolean(checked.returnState ?? false, 'linearSolveAsync: opts.returnState');
  checkOperator(op, 'linearSolveAsync: op');
  const runner = asSolver<S>(solver, 'linearSolveAsync');
  checkVectorOrColumns(b, op.outSize, 'linearSolveAsync: b');
  if (!allFinite(rhsData(b))) {
    return finish({ value: filledLike(b, op.inSize, NaN), result: Result.nonfiniteInput, stats: {} }, state, throwOnFailure);
  }
  const owned = state === undefined;
  const current = state ?? (await runner.initAsync(op, options));
  const release = () => {
    if (owned) runner.dispose?.(current);
  };
  let solved;
  try {
    solved = await runner.computeAsync<V>(current, b, options);
  } catch (error) {
    release();
    throw error;
  }
  const keep = !owned || (returnState && (solved.result === Result.successful || !throwOnFailure));
  if (!keep) release();
  return finish(solved, keep ? current : undefined, throwOnFailure);
}

/** Either kind of solver as an asynchronous one; TypeError for anything else. @internal */
export function asSolver<S>(solver: unknown, fn: string): AsyncLinearSolver<S> {
  const s = solver as { init?: unknown; initAsync?: unknown } | undefined;
  if (typeof s?.initAsync !== 'function' && typeof s?.init !== 'function') {
    throw new TypeError(`${fn}: solver must be a LinearSolver or an AsyncLinearSolver, got ${describe(solver)}`);
  }
  return toAsyncSolver(solver as LinearSolver<S>);
}

function finish<V extends Rhs, S>(
  solved: { value: V; result: Result; stats: Solution<V, S>['stats'] },
  state: S | undefined,
  throwOnFailure: boolean,
): Solution<V, S> {
  if (throwOnFailure && solved.result !== Result.successful) throw new LinearSolveError(solved.result, solved.stats);
  return { ...solved, state };
}
