/**
 * Reverse mode: λ = A⁻ᵀ x̄ with the transposed solver state (no refactorisation),
 * b̄ = λ, Ā = −λ xᵀ projected onto the operator's parameters; plus the pseudo-inverse
 * terms of a rectangular full-rank operator, each another outer product:
 *   tall (least squares):  Ā += r μᵀ,  r = b − A x,  μ = A⁺ λ;
 *   wide (minimum norm):   Ā += y pᵀ,  y = A⁺ᵀ x,   p = x̄ − Aᵀ λ.
 * (Both follow from ⟨x̄, ẋ⟩ with ẋ from jvp.ts, moved onto ḃ and Ȧ.)
 */
import { DisposedError } from '../handles';
import { Result, Stats } from '../errors';
import type { LinearOperator } from '../operators';
import { AutoSolver } from '../solvers/auto';
import { checkFloat64Array } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { LinearSolver, Rhs, checkSolveArguments } from '../solvers/solver';
import type { DenseMatrix } from '../sparse';
import { addScaled, applyColumns, checkShape, columnRange, concatColumns, shapeLike, toBlock } from './block';
import { OperatorCotangent, projectCotangent } from './cotangent';
import { DERIVATIVE_OPTION_KEYS, DerivativeOptions, SolveSession } from './session';
import { PseudoInverseTerms, pseudoInverseTerms } from './terms';

/**
 * What a {@link VjpResult.pullback} returns: the cotangents of b and of the operator.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolveVjp, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(10), ['positiveSemidefinite']);
 * const b = new Float64Array(100).fill(1);
 * const vjp = linearSolveVjp(op, b);
 * const xBar = new Float64Array(100);
 * xBar[0] = 1; // the gradient of x[0]
 * const { b: bBar, op: opBar } = vjp.pullback(xBar);
 * // x[0] is linear in b, so ⟨∂x[0]/∂b, b⟩ = x[0].
 * console.log(Math.abs(bBar.reduce((s, v, i) => s + v * b[i], 0) - vjp.value[0]) < 1e-12, opBar.kind); // → true sparse
 * vjp.dispose();
 * ```
 */
export interface SolveCotangents<V extends Rhs> {
  /** b̄, shaped like b. */
  b: V;
  /** Ā on the operator's parameters (summed over right-hand sides). */
  op: OperatorCotangent;
}

/**
 * Options of {@link VjpResult.pullback}.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolveVjp, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(20);
 * const op = new SparseOperator(A, ['positiveSemidefinite']);
 * const vjp = linearSolveVjp(op, new Float64Array(400).fill(1));
 * const values = new Float64Array(A.nnz); // one array for every pullback of the loop
 * for (let k = 0; k < 3; k++) {
 *   const { op: cot } = vjp.pullback(vjp.value, { into: values });
 *   if (cot.kind === 'sparse') console.log(cot.values === values);
 * }
 * // → true
 * // → true
 * // → true
 * vjp.dispose();
 * ```
 */
export interface PullbackOptions {
  /**
   * For a sparse operator: the array (one entry per stored entry) that receives the values
   * cotangent instead of a new one. A loop of pullbacks that passes the same array each time
   * avoids allocating nnz(A) doubles per call, which on fresh memory costs a page fault per
   * 4 KiB (more than the projection itself when A is dense next to L). Ignored for operators
   * whose cotangent is not 'sparse'.
   */
  into?: Float64Array;
}

/**
 * What {@link linearSolveVjp} returns: x and its pullback, holding the solver state until
 * `dispose()` (or a `using` declaration).
 *
 * @example
 * ```ts
 * import { DisposedError, SparseOperator, linearSolveVjp, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(10), ['positiveSemidefinite']);
 * const vjp = linearSolveVjp(op, new Float64Array(100).fill(1));
 * const g1 = vjp.pullback(new Float64Array(100).fill(1)); // as many pullbacks as needed,
 * const g2 = vjp.pullback(vjp.value);                      // all on the same factorisation
 * vjp.dispose();
 * try {
 *   vjp.pullback(vjp.value);
 * } catch (e) {
 *   console.log(e instanceof DisposedError); // → true
 * }
 * ```
 */
export interface VjpResult<V extends Rhs> extends Disposable {
  /** x, shaped like b. */
  value: V;
  /** How the primal solve ended (not 'successful' only with `throw: false`; pullback then throws). */
  result: Result;
  /** The primal solve's diagnostics. */
  stats: Stats;
  /** Cotangents of b and of the operator for a cotangent x̄ of x (shaped like x). Callable many times. */
  pullback(xBar: V, opts?: PullbackOptions): SolveCotangents<V>;
  /** Releases the solver state (if this call created it); pullback then raises DisposedError. */
  dispose(): void;
}

/**
 * Solves op x = b and returns x with its pullback. The solver state lives until
 * `dispose()` (or, when passed in `opts.state`, stays the caller's). A pullback costs one
 * transposed solve on that state (no refactorisation): λ = A⁻ᵀ x̄, b̄ = λ, Ā = −λ xᵀ projected
 * onto the operator's parameters (see {@link OperatorCotangent}).
 *
 * @param op The operator A.
 * @param b One right-hand side, or a DenseMatrix of several.
 * @param solver Any {@link LinearSolver} whose `assumeFullRank()` is true; default {@link AutoSolver}.
 * @param opts A state to reuse, solver options, `throw` (see {@link DerivativeOptions}).
 * @throws {@link UnsupportedDerivativeError} for a solver that does not assume full rank;
 *   {@link LinearSolveError} when the primal solve fails (unless `throw: false`).
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, linearSolveVjp, poisson2d } from 'spsolve';
 *
 * // Gradient of the loss ½‖x‖² with respect to b and to the stored values of A.
 * const A = poisson2d(20);
 * const op = new SparseOperator(A, ['positiveSemidefinite']);
 * const vjp = linearSolveVjp(op, new Float64Array(400).fill(1), new Cholesky());
 * try {
 *   const { b: bBar, op: aBar } = vjp.pullback(vjp.value); // x̄ = x
 *   if (aBar.kind === 'sparse') console.log(bBar.length, aBar.values.length === A.nnz); // → 400 true
 * } finally {
 *   vjp.dispose();
 * }
 * ```
 */
export function linearSolveVjp<V extends Rhs, S = unknown>(
  op: LinearOperator,
  b: V,
  solver: LinearSolver<S> = new AutoSolver() as unknown as LinearSolver<S>,
  opts: DerivativeOptions<S> = {},
): VjpResult<V> {
  checkSolveArguments(op, b, solver, 'linearSolveVjp');
  checkOptions(opts, DERIVATIVE_OPTION_KEYS, 'linearSolveVjp: opts');
  const terms = pseudoInverseTerms(op, solver, 'linearSolveVjp');
  const session = new SolveSession(op, solver, opts);
  let x: DenseMatrix;
  try {
    x = session.solve(toBlock(b), b instanceof Float64Array, 'primal solve');
  } catch (error) {
    session.dispose();
    throw error;
  }
  const { result, stats } = session;
  // Private copies: the caller may reuse b or write into the returned x before pulling back.
  const kept = { b: terms.residual ? copy(toBlock(b)) : toBlock(b), x: copy(x) };
  const pullback = (xBar: V, opts?: PullbackOptions): SolveCotangents<V> => {
    if (session.disposed) throw new DisposedError('linearSolveVjp: pullback after dispose(): the solver state is gone');
    if (result !== Result.successful) throw new RangeError(`linearSolveVjp: no pullback, the primal solve failed (${result})`);
    checkShape(xBar, op.inSize, b, 'linearSolveVjp: pullback xBar');
    const { into } = checkOptions(opts, ['into'], 'linearSolveVjp: pullback opts');
    if (into !== undefined) checkFloat64Array(into, 'linearSolveVjp: pullback opts.into');
    return pull(op, kept.b, kept.x, toBlock(xBar), b, session, terms, into);
  };
  const dispose = () => session.dispose();
  return { value: shapeLike(x, b), result, stats, pullback, dispose, [Symbol.dispose]: dispose };
}

function pull<V extends Rhs>(
  op: LinearOperator,
  b: DenseMatrix,
  x: DenseMatrix,
  xBar: DenseMatrix,
  like: V,
  session: SolveSession<unknown>,
  terms: PseudoInverseTerms,
  into: Float64Array | undefined,
): SolveCotangents<V> {
  const single = like instanceof Float64Array;
  const k = x.ncols;
  // Ā = −(left · rightᵀ): the common sign is left to the projection (no negated copies).
  let lambda: DenseMatrix;
  let left: DenseMatrix;
  let right: DenseMatrix;
  if (terms.nullspace) {
    // λ = A⁺ᵀ x̄ and y = A⁺ᵀ x share one transposed solve.
    const both = session.solveTransposed(concatColumns(xBar, x), false, 'adjoint solve');
    lambda = columnRange(both, 0, k);
    const y = columnRange(both, k, 2 * k);
    const minusP = addScaled(applyColumns(op.transpose(), lambda), -1, xBar); // Aᵀλ − x̄ = −p
    left = concatColumns(lambda, y);
    right = concatColumns(x, minusP);
  } else {
    lambda = session.solveTransposed(xBar, single, 'adjoint solve');
    left = lambda;
    right = x;
    if (terms.residual) {
      const minusR = addScaled(applyColumns(op, x), -1, b); // A x − b = −r
      const mu = session.solve(lambda, single, 'residual-term solve');
      left = concatColumns(left, minusR);
      right = concatColumns(right, mu);
    }
  }
  return { b: shapeLike(lambda, like), op: projectCotangent(op, left, right, -1, into) };
}

function copy(m: DenseMatrix): DenseMatrix {
  return { ...m, data: m.data.slice() };
}

