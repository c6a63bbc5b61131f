/**
 * Forward mode: ẋ = A⁻¹ (ḃ − Ȧ x), with the same solver state as the primal solve (one
 * extra compute, all right-hand-side columns at once), plus the pseudo-inverse terms of a
 * rectangular full-rank operator (see terms.ts).
 */
import { Result, Stats } from '../errors';
import type { LinearOperator } from '../operators';
import { AutoSolver } from '../solvers/auto';
import { LinearSolver, Rhs, checkRhs, filledLike } from '../solvers/solver';
import type { DenseMatrix } from '../sparse';
import { addScaled, applyColumns, checkShape, shapeLike, toBlock, zeros } from './block';
import { DerivativeOptions, SolveSession } from './session';
import { pseudoInverseTerms } from './terms';

/** Tangents of the inputs: Ȧ as any operator of A's shape (only mv, and transpose for a rectangular A, are used), and ḃ shaped like b. */
export interface SolveTangents<V extends Rhs = Rhs> {
  op?: LinearOperator;
  b?: V;
}

export interface JvpResult<V extends Rhs> {
  /** x, shaped like b. */
  value: V;
  /** ẋ, shaped like x. */
  tangent: V;
  result: Result;
  stats: Stats;
}

/** The solution of op x = b and its directional derivative along `tangents`. */
export function linearSolveJvp<V extends Rhs, S = unknown>(
  op: LinearOperator,
  b: V,
  tangents: SolveTangents<V>,
  solver: LinearSolver<S> = new AutoSolver() as unknown as LinearSolver<S>,
  opts: DerivativeOptions<S> = {},
): JvpResult<V> {
  checkInputs(op, b, tangents, solver);
  const terms = pseudoInverseTerms(op, solver, 'linearSolveJvp');
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

function checkInputs<V extends Rhs>(op: LinearOperator, b: V, tangents: SolveTangents<V>, solver: LinearSolver<unknown>): void {
  if (typeof op?.mv !== 'function') throw new TypeError('linearSolveJvp: op must be a LinearOperator');
  if (typeof solver?.init !== 'function' || typeof solver.compute !== 'function') {
    throw new TypeError('linearSolveJvp: solver must be a LinearSolver');
  }
  checkRhs(b, op.outSize);
  if (tangents === null || typeof tangents !== 'object') throw new TypeError('linearSolveJvp: tangents must be an object { op?, b? }');
  const dA = tangents.op;
  if (dA !== undefined) {
    if (typeof dA?.mv !== 'function') throw new TypeError('linearSolveJvp: tangents.op must be a LinearOperator');
    if (dA.inSize !== op.inSize || dA.outSize !== op.outSize) {
      throw new RangeError(`linearSolveJvp: tangents.op is ${dA.outSize} x ${dA.inSize}, the operator is ${op.outSize} x ${op.inSize}`);
    }
  }
  if (tangents.b !== undefined) checkShape(tangents.b, op.outSize, b, 'linearSolveJvp: tangents.b');
}
