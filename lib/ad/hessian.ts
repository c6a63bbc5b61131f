/**
 * Second order: Hessian-vector products of a scalar objective J(x(A, b)) with x = A⁻¹ b,
 * as forward-over-reverse (the JVP of the VJP). With g = ∇J(x), λ = A⁻ᵀ g, the gradient is
 * b̄ = λ, Ā = −λ xᵀ. Along a direction (Ȧ, ḃ):
 *
 *   ẋ = A⁻¹ (ḃ − Ȧ x)                 (one solve)
 *   λ̇ = A⁻ᵀ (∇²J(x) ẋ − Ȧᵀ λ)          (one transposed solve)
 *   d b̄ = λ̇,   d Ā = −(λ̇ xᵀ + λ ẋᵀ)
 *
 * which is exact when A and b are affine in the parameters (a SparseOperator's stored values,
 * b itself), as the Hessian of θ ↦ J(x(A(θ), b(θ))) then has no ∂²A/∂θ² term. Both solves use
 * the state of the primal solve: no refactorisation, two solves per product.
 */
import { DisposedError } from '../handles';
import { Result, Stats } from '../errors';
import type { LinearOperator } from '../operators';
import { checkOperator } from '../operators/operator';
import { AutoSolver } from '../solvers/auto';
import { LinearSolver, checkSolveArguments } from '../solvers/solver';
import { checkVector } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { addScaled, applyColumns, concatColumns, toBlock } from './block';
import { OperatorCotangent, projectCotangent } from './cotangent';
import { UnsupportedDerivativeError } from './errors';
import { DERIVATIVE_OPTION_KEYS, DerivativeOptions, SolveSession } from './session';

/**
 * A scalar objective J of the solution x, by its derivatives: `gradient(x)` = ∇J(x), and
 * `hessianVector(x, v)` = ∇²J(x) v (omit it when J is linear in x, e.g. a compliance fᵀx).
 *
 * @example
 * ```ts
 * import type { SolveObjective } from 'spsolve';
 *
 * // J(x) = ½ ‖x − d‖² for data d: ∇J = x − d, ∇²J = I.
 * const d = new Float64Array([1, 2]);
 * const misfit: SolveObjective = { gradient: (x) => x.map((v, i) => v - d[i]), hessianVector: (_x, v) => v };
 * console.log(misfit.gradient(new Float64Array([1, 1]))); // → Float64Array(2) [ 0, -1 ]
 * ```
 */
export interface SolveObjective {
  /** ∇J(x), length x.length. */
  gradient(x: Float64Array): Float64Array;
  /** ∇²J(x) v, length x.length; absent: zero (J linear in x). */
  hessianVector?(x: Float64Array, v: Float64Array): Float64Array;
}

/**
 * A direction (Ȧ, ḃ) in which to differentiate the gradient; an omitted part is zero.
 *
 * @example
 * ```ts
 * import { SparseOperator, poisson2d, type HessianDirection } from 'spsolve';
 *
 * const A = poisson2d(3);
 * const dA = new SparseOperator(A.withValues(A.values.map(() => 1))); // every stored value moves by 1
 * const direction: HessianDirection = { op: dA };
 * console.log(direction.op?.inSize); // → 9
 * ```
 */
export interface HessianDirection {
  /** Ȧ: an operator of A's shape (e.g. a SparseOperator on A's pattern with the value direction). */
  op?: LinearOperator;
  /** ḃ. */
  b?: Float64Array;
}

/**
 * The gradient of J(x(A, b)) or its directional derivative: cotangents of b and of the operator's parameters.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolveHessian, poisson2d, type GradientParts } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(3), ['positiveSemidefinite']);
 * const f = new Float64Array(9).fill(1);
 * const hessian = linearSolveHessian(op, f, { gradient: () => f }); // compliance fᵀx
 * const g: GradientParts = hessian.gradient;
 * console.log(g.op.kind, g.b.length); // → sparse 9
 * hessian.dispose();
 * ```
 */
export interface GradientParts {
  /** With respect to b. */
  b: Float64Array;
  /** With respect to the operator's parameters (see {@link OperatorCotangent}). */
  op: OperatorCotangent;
}

/**
 * What {@link linearSolveHessian} returns: x, J's gradient with respect to (A, b), and
 * Hessian-vector products, all on one solver state (dispose it, or use `using`).
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolveHessian, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(4), ['positiveSemidefinite']);
 * const b = new Float64Array(16).fill(1);
 * using hessian = linearSolveHessian(op, b, { gradient: (x) => x, hessianVector: (_x, v) => v }); // J = ½‖x‖²
 * const { b: hb } = hessian.hvp({ b }); // ∂²J/∂b² ḃ = A⁻ᵀ A⁻¹ ḃ
 * console.log(hb.length, hessian.solves); // → 16 4
 * ```
 */
export interface HessianResult extends Disposable {
  /** x = A⁻¹ b. */
  value: Float64Array;
  /** How the primal solve ended. */
  result: Result;
  /** The primal solve's diagnostics. */
  stats: Stats;
  /** ∇J with respect to b (λ = A⁻ᵀ ∇J(x)) and the operator (−λ xᵀ, projected). */
  gradient: GradientParts;
  /**
   * The Hessian of (A, b) ↦ J(A⁻¹ b) applied to a direction: the derivative of `gradient`
   * along (Ȧ, ḃ), projected like it. Two solves on the primal state per call.
   */
  hvp(direction: HessianDirection): GradientParts;
  /** Solves done so far on the state (1 primal + 1 adjoint + 2 per hvp): the cost model, observable. */
  readonly solves: number;
  /** Releases the solver state (if this call created it); hvp then raises DisposedError. */
  dispose(): void;
}

/**
 * Second-order derivatives through a solve: solves op x = b once, returns x, the gradient of
 * the scalar objective J(x) with respect to b and to the operator's parameters, and a
 * Hessian-vector product `hvp(direction)` (forward-over-reverse), each product costing two
 * more solves with the same solver state (no refactorisation): ẋ = A⁻¹ (ḃ − Ȧ x), then
 * λ̇ = A⁻ᵀ (∇²J ẋ − Ȧᵀ λ). The products are the exact Hessian of θ ↦ J(A(θ)⁻¹ b(θ)) when
 * A and b are affine in θ (stored values of a SparseOperator, entries of a MatrixOperator,
 * b itself); contract the result with ∂A/∂θ as you would a VJP's cotangent. This is what a
 * Newton–Krylov step of a PDE-constrained problem needs: CG on the reduced Hessian, one
 * `hvp` per CG step.
 *
 * For square operators and solvers that assume full rank (the pseudo-inverse terms are
 * first order only here); one right-hand side.
 *
 * @param op The operator A (square).
 * @param b The right-hand side.
 * @param objective ∇J and ∇²J·v (see {@link SolveObjective}).
 * @param solver Any {@link LinearSolver} with `assumeFullRank()` true; default {@link AutoSolver}.
 * @param opts A state to reuse, solver options, `throw` (see {@link DerivativeOptions}).
 * @throws {@link UnsupportedDerivativeError} for a non-square operator or a solver that may return a pseudo-inverse solution;
 *   {@link LinearSolveError} when a solve fails (unless `throw: false`).
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, linearSolveHessian, poisson2d } from 'spsolve';
 *
 * // J(x) = ½ ‖x‖², x = A⁻¹ b; the Hessian in b is A⁻ᵀ A⁻¹, so ⟨ḃ, H ḃ⟩ = ‖A⁻¹ ḃ‖².
 * const A = poisson2d(5);
 * const op = new SparseOperator(A, ['positiveSemidefinite']);
 * const b = new Float64Array(25).fill(1);
 * const hessian = linearSolveHessian(op, b, { gradient: (x) => x, hessianVector: (_x, v) => v }, new Cholesky());
 * const hb = hessian.hvp({ b }).b;
 * const quadratic = hb.reduce((s, v, i) => s + v * b[i], 0);
 * const x = hessian.value; // A⁻¹ b
 * console.log(Math.abs(quadratic - x.reduce((s, v) => s + v * v, 0)) < 1e-10); // → true
 * hessian.dispose();
 * ```
 */
export function linearSolveHessian<S = unknown>(
  op: LinearOperator,
  b: Float64Array,
  objective: SolveObjective,
  solver: LinearSolver<S> = new AutoSolver() as unknown as LinearSolver<S>,
  opts: DerivativeOptions<S> = {},
): HessianResult {
  checkSolveArguments(op, b, solver, 'linearSolveHessian');
  checkVector(b, op.outSize, 'linearSolveHessian: b');
  checkObjective(objective);
  checkOptions(opts, DERIVATIVE_OPTION_KEYS, 'linearSolveHessian: opts');
  if (op.inSize !== op.outSize || !solver.assumeFullRank()) {
    throw new UnsupportedDerivativeError(
      `linearSolveHessian: needs a square operator and a solver that assumes full rank, got ${op.outSize} x ${op.inSize} ` +
        `with ${solver.name ?? solver.constructor.name} (assumeFullRank() ${solver.assumeFullRank()})`,
    );
  }
  const session = new SolveSession(op, solver, opts);
  let solves = 0;
  const solve = (v: Float64Array, what: string) => (solves++, session.solve(toBlock(v), true, what).data);
  const solveT = (v: Float64Array, what: string) => (solves++, session.solveTransposed(toBlock(v), true, what).data);
  try {
    const x = solve(b, 'primal solve').slice();
    const { result, stats } = session;
    if (result !== Result.successful) {
      session.dispose();
      const nan = new Float64Array(op.inSize).fill(NaN);
      const none = (): never => {
        throw new RangeError(`linearSolveHessian: no derivatives, the primal solve failed (${result})`);
      };
      const dispose = () => {};
      return { value: x, result, stats, gradient: { b: nan, op: projectCotangent(op, toBlock(nan), toBlock(nan)) }, hvp: none, solves, dispose, [Symbol.dispose]: dispose };
    }
    const g = checkedVector(objective.gradient(x), x.length, 'objective.gradient(x)');
    const lambda = solveT(g, 'adjoint solve').slice();
    const gradient = { b: lambda, op: projectCotangent(op, toBlock(lambda), toBlock(x), -1) };
    const hvp = (direction: HessianDirection): GradientParts => {
      if (session.disposed) throw new DisposedError('linearSolveHessian: hvp after dispose(): the solver state is gone');
      const { dA, db } = checkDirection(direction, op);
      // ẋ = A⁻¹ (ḃ − Ȧ x)
      const rhs = db ? db.slice() : new Float64Array(op.outSize);
      if (dA) addScaled(toBlock(rhs), -1, toBlock(dA.mv(x)));
      const xDot = solve(rhs, 'tangent solve').slice();
      // λ̇ = A⁻ᵀ (∇²J ẋ − Ȧᵀ λ)
      const adjointRhs = objective.hessianVector ? checkedVector(objective.hessianVector(x, xDot), x.length, 'objective.hessianVector(x, v)').slice() : new Float64Array(x.length);
      if (dA) addScaled(toBlock(adjointRhs), -1, applyColumns(dA.transpose(), toBlock(lambda)));
      const lambdaDot = solveT(adjointRhs, 'second-order adjoint solve').slice();
      // d Ā = −(λ̇ xᵀ + λ ẋᵀ)
      return { b: lambdaDot, op: projectCotangent(op, concatColumns(toBlock(lambdaDot), toBlock(lambda)), concatColumns(toBlock(x), toBlock(xDot)), -1) };
    };
    const dispose = () => session.dispose();
    return {
      value: x,
      result,
      stats,
      gradient,
      hvp,
      get solves() {
        return solves;
      },
      dispose,
      [Symbol.dispose]: dispose,
    };
  } catch (error) {
    session.dispose();
    throw error;
  }
}

function checkObjective(objective: SolveObjective): void {
  if (typeof objective?.gradient !== 'function') {
    throw new TypeError(`linearSolveHessian: objective must be { gradient(x), hessianVector?(x, v) }, got ${objective === null ? 'null' : typeof objective}`);
  }
  if (objective.hessianVector !== undefined && typeof objective.hessianVector !== 'function') {
    throw new TypeError('linearSolveHessian: objective.hessianVector must be a function (x, v) => Float64Array');
  }
}

function checkedVector(v: unknown, n: number, what: string): Float64Array {
  checkVector(v, n, `linearSolveHessian: ${what}`);
  return v;
}

function checkDirection(direction: HessianDirection, op: LinearOperator): { dA?: LinearOperator; db?: Float64Array } {
  if (direction === undefined) throw new TypeError('linearSolveHessian: hvp direction must be an object { op?, b? }, got undefined');
  const { op: dA, b: db } = checkOptions(direction, ['op', 'b'], 'linearSolveHessian: hvp direction') as HessianDirection;
  if (dA !== undefined) {
    checkOperator(dA, 'linearSolveHessian: hvp direction.op');
    if (dA.inSize !== op.inSize || dA.outSize !== op.outSize) {
      throw new RangeError(`linearSolveHessian: hvp direction.op must be ${op.outSize} x ${op.inSize}, like op, got ${dA.outSize} x ${dA.inSize}`);
    }
  }
  if (db !== undefined) checkVector(db, op.outSize, 'linearSolveHessian: hvp direction.b');
  return { dA, db };
}
