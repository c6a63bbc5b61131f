/**
 * Reverse mode for asynchronous solvers (a remote MUMPS factor): the rule of linearSolveVjp for a
 * square, full-rank operator, λ = A⁻ᵀ x̄ with the solver's transposed state, b̄ = λ, Ā = −λ xᵀ
 * projected by the same projectCotangent. Rectangular operators (the pseudo-inverse terms) stay
 * with the synchronous linearSolveVjp.
 */
import { DisposedError } from '../handles';
import { LinearSolveError, Result, Stats } from '../errors';
import type { LinearOperator } from '../operators';
import { asSolver } from '../solve-async';
import type { AsyncLinearSolver } from '../solvers/async-solver';
import type { LinearSolver, Rhs, SolveOptions } from '../solvers/solver';
import { checkOperator } from '../operators/operator';
import { checkBoolean } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { asRhs, checkShape, shapeLike, toBlock } from './block';
import { projectCotangent } from './cotangent';
import { UnsupportedDerivativeError } from './errors';
import { DERIVATIVE_OPTION_KEYS, DerivativeOptions } from './session';
import type { SolveCotangents } from './vjp';

/**
 * What {@link linearSolveVjpAsync} resolves to: x and an asynchronous pullback, holding the solver
 * state until `dispose()`.
 *
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, linearSolveVjpAsync, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(5), ['positiveSemidefinite']);
 * const vjp = await linearSolveVjpAsync(op, new Float64Array(25).fill(1), new Cholesky());
 * const { b: bBar } = await vjp.pullback(vjp.value);
 * vjp.dispose();
 * console.log(bBar.length); // → 25
 * ```
 */
export interface AsyncVjpResult<V extends Rhs> extends Disposable {
  /** x, shaped like b. */
  value: V;
  /** How the primal solve ended. */
  result: Result;
  /** The primal solve's diagnostics. */
  stats: Stats;
  /** Cotangents of b and of the operator for x̄ (shaped like x): one transposed solve each call. */
  pullback(xBar: V): Promise<SolveCotangents<V>>;
  /** Releases the solver state (if this call created it); pullback then rejects with DisposedError. */
  dispose(): void;
}

/**
 * {@link linearSolveVjp} for an {@link AsyncLinearSolver} (such as {@link Mumps}) or any
 * {@link LinearSolver}, for a square operator: the primal solve, then as many pullbacks as
 * wanted on the same factorisation, each a transposed solve (no refactorisation).
 *
 * @throws {@link UnsupportedDerivativeError} for a rectangular operator or a solver that does not assume full rank.
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, linearSolveVjpAsync, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(10);
 * const op = new SparseOperator(A, ['positiveSemidefinite']);
 * const vjp = await linearSolveVjpAsync(op, new Float64Array(100).fill(1), new Cholesky());
 * const { op: aBar } = await vjp.pullback(vjp.value); // Ā for the loss ½‖x‖²
 * vjp.dispose();
 * console.log(aBar.kind === 'sparse' && aBar.values.length === A.nnz); // → true
 * ```
 */
export async function linearSolveVjpAsync<V extends Rhs, S = unknown>(
  op: LinearOperator,
  b: V,
  solver: AsyncLinearSolver<S> | LinearSolver<S>,
  opts: DerivativeOptions<S> = {},
): Promise<AsyncVjpResult<V>> {
  const fn = 'linearSolveVjpAsync';
  checkOperator(op, `${fn}: op`);
  const runner = asSolver<S>(solver, fn);
  checkVectorOrColumns(b, op.outSize, `${fn}: b`);
  checkOptions(opts, DERIVATIVE_OPTION_KEYS, `${fn}: opts`);
  const throwOnFailure = checkBoolean(opts.throw ?? true, `${fn}: opts.throw`);
  if (op.inSize !== op.outSize) throw new UnsupportedDerivativeError(`${fn}: needs a square operator, got ${op.outSize} x ${op.inSize}; use linearSolveVjp`);
  if (!runner.assumeFullRank()) throw new UnsupportedDerivativeError(`${fn}: the solver ${runner.name ?? ''} does not assume full rank`);
  const options: SolveOptions = opts.options ?? {};
  const owned = opts.state === undefined;
  let state: S | undefined = opts.state ?? (await runner.initAsync(op, options));
  const dispose = () => {
    const held = state;
    state = undefined;
    if (owned && held !== undefined) runner.dispose?.(held);
  };
  let primal;
  try {
    primal = await runner.computeAsync(state, b, options);
  } catch (error) {
    dispose();
    throw error;
  }
  if (primal.result !== Result.successful && throwOnFailure) {
    dispose();
    throw new LinearSolveError(primal.result, primal.stats, 'in the primal solve');
  }
  const single = b instanceof Float64Array;
  const x = toBlock(primal.value);
  const kept = { ...x, data: x.data.slice() };
  const pullback = async (xBar: V): Promise<SolveCotangents<V>> => {
    if (state === undefined) throw new DisposedError(`${fn}: pullback after dispose(): the solver state is gone`);
    if (primal.result !== Result.successful) throw new RangeError(`${fn}: no pullback, the primal solve failed (${primal.result})`);
    checkShape(xBar, op.inSize, b, `${fn}: pullback xBar`);
    const [transposed, tOptions] = runner.transpose(state, options);
    const adjoint = await runner.computeAsync(transposed, asRhs(toBlock(xBar), single), tOptions);
    if (adjoint.result !== Result.successful) throw new LinearSolveError(adjoint.result, adjoint.stats, 'in the adjoint solve');
    const lambda = toBlock(adjoint.value);
    return { b: shapeLike(lambda, b), op: projectCotangent(op, lambda, kept, -1) };
  };
  return { value: primal.value, result: primal.result, stats: primal.stats, pullback, dispose, [Symbol.dispose]: dispose };
}
