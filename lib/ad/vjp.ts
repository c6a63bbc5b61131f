/**
 * Reverse mode: λ = A⁻ᵀ x̄ with the transposed solver state (no refactorisation),
 * b̄ = λ, Ā = −λ xᵀ projected onto the operator's parameters; plus the pseudo-inverse
 * terms of a rectangular full-rank operator, each another outer product:
 *   tall (least squares):  Ā += r μᵀ,  r = b − A x,  μ = A⁺ λ;
 *   wide (minimum norm):   Ā += y pᵀ,  y = A⁺ᵀ x,   p = x̄ − Aᵀ λ.
 * (Both follow from ⟨x̄, ẋ⟩ with ẋ from jvp.ts, moved onto ḃ and Ȧ.)
 */
import { DisposedError } from '../cholmod';
import { Result, Stats } from '../errors';
import type { LinearOperator } from '../operators';
import { AutoSolver } from '../solvers/auto';
import { LinearSolver, Rhs, checkRhs } from '../solvers/solver';
import type { DenseMatrix } from '../sparse';
import { addScaled, applyColumns, checkShape, columnRange, concatColumns, shapeLike, toBlock } from './block';
import { OperatorCotangent, projectCotangent } from './cotangent';
import { DerivativeOptions, SolveSession } from './session';
import { PseudoInverseTerms, pseudoInverseTerms } from './terms';

export interface SolveCotangents<V extends Rhs> {
  /** b̄, shaped like b. */
  b: V;
  /** Ā on the operator's parameters (summed over right-hand sides). */
  op: OperatorCotangent;
}

export interface VjpResult<V extends Rhs> extends Disposable {
  /** x, shaped like b. */
  value: V;
  result: Result;
  stats: Stats;
  /** Cotangents of b and of the operator for a cotangent x̄ of x (shaped like x). Callable many times. */
  pullback(xBar: V): SolveCotangents<V>;
  /** Releases the solver state (if this call created it); pullback then raises DisposedError. */
  dispose(): void;
}

/**
 * Solves op x = b and returns x with its pullback. The solver state lives until
 * `dispose()` (or, when passed in `opts.state`, stays the caller's).
 */
export function linearSolveVjp<V extends Rhs, S = unknown>(
  op: LinearOperator,
  b: V,
  solver: LinearSolver<S> = new AutoSolver() as unknown as LinearSolver<S>,
  opts: DerivativeOptions<S> = {},
): VjpResult<V> {
  if (typeof op?.mv !== 'function') throw new TypeError('linearSolveVjp: op must be a LinearOperator');
  if (typeof solver?.init !== 'function' || typeof solver.compute !== 'function') {
    throw new TypeError('linearSolveVjp: solver must be a LinearSolver');
  }
  checkRhs(b, op.outSize);
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
  const pullback = (xBar: V): SolveCotangents<V> => {
    if (session.disposed) throw new DisposedError('linearSolveVjp: pullback after dispose(): the solver state is gone');
    if (result !== Result.successful) throw new RangeError(`linearSolveVjp: no pullback, the primal solve failed (${result})`);
    checkShape(xBar, op.inSize, b, 'linearSolveVjp: pullback xBar');
    return pull(op, kept.b, kept.x, toBlock(xBar), b, session, terms);
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
  return { b: shapeLike(lambda, like), op: projectCotangent(op, left, right, -1) };
}

function copy(m: DenseMatrix): DenseMatrix {
  return { ...m, data: m.data.slice() };
}

