/**
 * Forward mode: ẋ = A⁻¹ (ḃ − Ȧ x), with the same solver state as the primal solve (one
 * extra compute, all right-hand-side columns at once), plus the pseudo-inverse terms of a
 * rectangular full-rank operator (see terms.ts).
 */
import { Result, Stats } from '../errors';
import type { LinearOperator } from '../operators';
import { AutoSolver } from '../solvers/auto';
import { checkOperator } from '../operators/operator';
import { checkOptions } from '../sparse/validate-options';
import { LinearSolver, Rhs, checkSolveArguments, filledLike } from '../solvers/solver';
import type { DenseMatrix } from '../sparse';
import { addScaled, applyColumns, checkShape, shapeLike, toBlock, zeros } from './block';
import { DERIVATIVE_OPTION_KEYS, DerivativeOptions, SolveSession } from './session';
import { dampedNormalInverse } from './damped';
import { pseudoInverseTerms } from './terms';

/**
 * Tangents of the inputs of a solve, for {@link linearSolveJvp}; an omitted one is zero.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolveJvp, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(10), ['positiveSemidefinite']);
 * const b = new Float64Array(100).fill(1);
 * // ḃ = b and Ȧ = 0: ẋ = A⁻¹ b = x.
 * const { value, tangent } = linearSolveJvp(op, b, { b });
 * console.log(Math.abs(tangent[0] - value[0]) < 1e-12); // → true
 * ```
 */
export interface SolveTangents<V extends Rhs = Rhs> {
  /**
   * Ȧ: any operator of A's shape (only `mv`, and `transpose` for a rectangular A, are used),
   * e.g. a SparseOperator on A's pattern with the derivative of its values.
   */
  op?: LinearOperator;
  /** ḃ, shaped like b. */
  b?: V;
}

/**
 * What {@link linearSolveJvp} returns: the primal solution and its tangent.
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolveJvp, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(10), ['positiveSemidefinite']);
 * const { value, tangent, result } = linearSolveJvp(op, new Float64Array(100).fill(1), {});
 * console.log(value.length, tangent.every((t) => t === 0), result); // → 100 true successful
 * ```
 */
export interface JvpResult<V extends Rhs> {
  /** x, shaped like b. */
  value: V;
  /** ẋ, shaped like x. */
  tangent: V;
  /** 'successful', or (with `throw: false`) the first unsuccessful Result of the primal or tangent solves. */
  result: Result;
  /** The primal solve's diagnostics. */
  stats: Stats;
}

/**
 * The solution of op x = b and its directional derivative along `tangents`:
 * ẋ = A⁻¹ (ḃ − Ȧ x), with one more solve on the primal solve's state (no refactorisation),
 * plus the least-squares / minimum-norm terms of a rectangular full-rank operator.
 *
 * @param op The operator A.
 * @param b One right-hand side, or a DenseMatrix of several.
 * @param tangents Ȧ and ḃ (see {@link SolveTangents}).
 * @param solver Any {@link LinearSolver}; default {@link AutoSolver}. One whose `assumeFullRank()` is false (SVD, LSMR, ...) gets Lineax's full pseudo-inverse terms.
 * @param opts A state to reuse, solver options, `throw` (see {@link DerivativeOptions}).
 * @throws {@link UnsupportedDerivativeError} for LSMR with damping (its solution is not A⁺ b);
 *   {@link LinearSolveError} when a solve fails (unless `throw: false`); TypeError / RangeError
 *   for inputs of the wrong type or shape.
 * @example
 * ```ts
 * import { SparseOperator, linearSolveJvp, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(10);
 * const op = new SparseOperator(A, ['positiveSemidefinite']);
 * const b = new Float64Array(100).fill(1);
 * // d/dt of the solution with A(t) = (1 + t) A at t = 0: Ȧ = A, so ẋ = −x.
 * const { value: x, tangent } = linearSolveJvp(op, b, { op });
 * console.log(Math.abs(tangent[0] + x[0]) < 1e-12); // → true
 * ```
 */
export function linearSolveJvp<V extends Rhs, S = unknown>(
  op: LinearOperator,
  b: V,
  tangents: SolveTangents<V>,
  solver: LinearSolver<S> = new AutoSolver() as unknown as LinearSolver<S>,
  opts: DerivativeOptions<S> = {},
): JvpResult<V> {
  checkInputs(op, b, tangents, solver, opts);
  const terms = pseudoInverseTerms(op, solver);
  const session = new SolveSession(op, solver, opts);
  try {
    const single = b instanceof Float64Array;
    const bBlock = toBlock(b);
    const x = session.solve(bBlock, single, 'primal solve');
    if (session.result !== Result.successful) {
      return { value: shapeLike(x, b), tangent: filledLike(b, op.inSize, NaN), result: session.result, stats: session.stats };
    }
    const stats = session.stats;
    const rhs = tangents.b ? toBlock(tangents.b).data.slice() : new Float64Array(bBlock.data.length);
    const rhsBlock: DenseMatrix = { nrows: op.outSize, ncols: bBlock.ncols, data: rhs };
    let correction: DenseMatrix | undefined;
    if (tangents.op) {
      const dA = tangents.op;
      addScaled(rhsBlock, -1, applyColumns(dA, x));
      if (terms.residual) {
        const residual = addScaled(applyColumns(op, x), -1, bBlock); // A x − b
        addScaled(rhsBlock, -1, session.solveTransposed(applyColumns(dA.transpose(), residual), single, 'residual-term solve'));
      }
      if (terms.damped) {
        // ẋ = S (ḃ − Ȧ x) + M⁻¹ Ȧᵀ r, r = b − A x, M = AᵀA + d² I (damped.ts).
        const residual = addScaled(applyColumns(op, x), -1, bBlock); // A x − b = −r
        correction = dampedNormalInverse(op, terms.damped, applyColumns(dA.transpose(), residual), 'damped-term solve');
        addScaled(correction, -2, correction); // M⁻¹ Ȧᵀ (A x − b) → M⁻¹ Ȧᵀ r
      }
      if (terms.nullspace) {
        // z = Ȧᵀ A⁺ᵀ x; ẋ = A⁺ (rhs − A z) + z is (I − A⁺A) z added to A⁺ rhs.
        correction = applyColumns(dA.transpose(), session.solveTransposed(x, single, 'null-space-term solve'));
        addScaled(rhsBlock, -1, applyColumns(op, correction));
      }
    } else if (!tangents.b) {
      return { value: shapeLike(x, b), tangent: shapeLike(zeros(op.inSize, bBlock.ncols), b), result: Result.successful, stats };
    }
    const tangent = session.solve(rhsBlock, single, 'tangent solve');
    if (correction) addScaled(tangent, 1, correction);
    return { value: shapeLike(x, b), tangent: shapeLike(tangent, b), result: session.result, stats };
  } finally {
    session.dispose();
  }
}

function checkInputs<V extends Rhs>(
  op: LinearOperator,
  b: V,
  tangents: SolveTangents<V>,
  solver: LinearSolver<unknown>,
  opts: DerivativeOptions<unknown>,
): void {
  checkSolveArguments(op, b, solver, 'linearSolveJvp');
  // Unlike an options argument, tangents cannot be left out.
  if (tangents === undefined) throw new TypeError('linearSolveJvp: tangents must be an object { op?, b? }, got undefined');
  checkOptions(tangents, ['op', 'b'], 'linearSolveJvp: tangents');
  checkOptions(opts, DERIVATIVE_OPTION_KEYS, 'linearSolveJvp: opts');
  const dA = tangents.op;
  if (dA !== undefined) {
    checkOperator(dA, 'linearSolveJvp: tangents.op');
    if (dA.inSize !== op.inSize || dA.outSize !== op.outSize) {
      throw new RangeError(`linearSolveJvp: tangents.op must be ${op.outSize} x ${op.inSize}, like op, got ${dA.outSize} x ${dA.inSize}`);
    }
  }
  if (tangents.b !== undefined) checkShape(tangents.b, op.outSize, b, 'linearSolveJvp: tangents.b');
}
