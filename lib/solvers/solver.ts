/**
 * The solver interface (Lineax's AbstractLinearSolver) and the plumbing every solver
 * shares: right-hand-side checks, one or many right-hand sides, tag requirements.
 */
import { MissingTagError, Result, Stats, UnsupportedOperatorError } from '../errors';
import { LinearOperator, Tag, closeTags } from '../operators';
import type { DenseMatrix } from '../sparse';
import { allFinite, describe } from '../sparse/validate';
import { checkOperator } from '../operators/operator';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';

/**
 * One right-hand side (a Float64Array of length outSize), or many as the columns of
 * a {@link DenseMatrix} with outSize rows. A solve returns the same shape, with
 * inSize rows.
 *
 * @example
 * ```ts
 * import { type Rhs, SparseOperator, fromColumns, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(3), ['positiveSemidefinite']);
 * const B: Rhs = fromColumns([new Float64Array(9).fill(1), new Float64Array(9).fill(2)]);
 * const X = linearSolve(op, B).value; // a 9 x 2 DenseMatrix, one factorisation
 * console.log(X.ncols); // → 2
 * ```
 */
export type Rhs = Float64Array | DenseMatrix;

/**
 * Per-solve options (Lineax's `options`): passed to init, compute, transpose and
 * conj. Direct solvers ignore them; other keys are allowed for custom solvers.
 *
 * @example
 * ```ts
 * import { CG, SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(10), ['positiveSemidefinite']);
 * const b = new Float64Array(100).fill(1);
 * const x = linearSolve(op, b).value; // Cholesky
 * // An initial guess for CG: started from the solution, it has nothing left to do.
 * const { stats } = linearSolve(op, b, new CG({ rtol: 1e-10 }), { options: { y0: x } });
 * console.log(stats.steps); // → 0
 * ```
 */
export interface SolveOptions {
  /** Iterative solvers: a preconditioner (≈ A⁻¹), overriding the solver's own. */
  preconditioner?: LinearOperator;
  /** Iterative solvers: an initial guess, shaped like the solution. */
  y0?: Rhs;
  /** Custom solvers may read further keys. */
  [key: string]: unknown;
}

/**
 * What {@link LinearSolver.compute} returns: the solution, shaped like b, with how the
 * solve ended. {@link linearSolve} adds the state to make a {@link Solution}.
 *
 * @example
 * ```ts
 * import { type Computed, LU, MatrixOperator, denseMatrix } from 'spsolve';
 *
 * const lu = new LU();
 * const state = lu.init(new MatrixOperator(denseMatrix(2, 2, [2, 0, 0, 4])), {});
 * const out: Computed<Float64Array> = lu.compute(state, new Float64Array([2, 4]), {});
 * console.log(out.value, out.result); // → Float64Array(2) [ 1, 1 ] successful
 * ```
 */
export interface Computed<V extends Rhs = Rhs> {
  /** x, shaped like b (NaN-filled when the solve failed before producing anything). */
  value: V;
  /** How the solve ended. */
  result: Result;
  /** Solver diagnostics (see {@link Stats}). */
  stats: Stats;
}

/**
 * A linear solver with reusable state S: `init` does the expensive work once
 * (factorise, build a preconditioner), `compute` solves with it, as often as wanted.
 *
 * - `compute` takes one right-hand side or a DenseMatrix of many and returns the same
 *   shape; it never throws for a numerical failure, it reports it in `result`.
 * - `transpose` gives the state for Aᵀ x = b without redoing `init` (the VJP needs it);
 *   `conj` the one for the complex conjugate (the identity here: everything is real).
 *   Their states borrow the resources of the state they came from: dispose only states
 *   returned by `init`, and only after you are done with the derived ones.
 * - `assumeFullRank() === false` says the solver may return a pseudo-inverse solution,
 *   which needs extra derivative terms.
 *
 * Implementations: {@link AutoSolver}, {@link Cholesky}, {@link LDLt} (CHOLMOD),
 * {@link LU}, {@link QR}, {@link DenseCholesky}, {@link Diagonal}, {@link Triangular},
 * {@link Tridiagonal} (dense / structured), {@link CG}, {@link MINRES},
 * {@link BiCGStab}, {@link GMRES} (Krylov). Use one through {@link linearSolve}, or
 * drive init / compute / dispose yourself to reuse a factorisation.
 *
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, poisson2d } from 'spsolve';
 *
 * const solver = new Cholesky();
 * const state = solver.init(new SparseOperator(poisson2d(10), ['positiveSemidefinite']), {});
 * try {
 *   for (const scale of [1, 2, 3]) {
 *     const { value } = solver.compute(state, new Float64Array(100).fill(scale), {});
 *     console.log(value[0].toFixed(6));
 *   }
 *   // → 1.342424
 *   // → 2.684848
 *   // → 4.027271
 *   const [transposed] = solver.transpose(state, {}); // Aᵀ x = b, same factor
 *   console.log(solver.compute(transposed, new Float64Array(100), {}).result); // → successful
 * } finally {
 *   solver.dispose(state);
 * }
 * ```
 */
export interface LinearSolver<S> {
  /** A name for messages ('Cholesky', 'CG', ...). */
  readonly name?: string;
  /**
   * Does the expensive work once for this operator (factorise, read its structure)
   * and returns the reusable state. A numerical failure of a factorisation is kept in
   * the state and reported by `compute`.
   * @throws {@link MissingTagError} / {@link UnsupportedOperatorError} when the solver cannot take this operator.
   */
  init(op: LinearOperator, options: SolveOptions): S;
  /**
   * Solves A x = b with a state from `init` (or `transpose` / `conj`). b is one right-hand
   * side or a DenseMatrix of several; the value has the same shape. Never throws for a
   * numerical failure: it is reported in `result` (with NaNs in `value`).
   * @throws TypeError / RangeError when b has the wrong type or number of rows.
   */
  compute<V extends Rhs>(state: S, b: V, options: SolveOptions): Computed<V>;
  /** The state (and options) for Aᵀ x = b, without a new init; it borrows this state's resources. */
  transpose(state: S, options: SolveOptions): [S, SolveOptions];
  /** The state for the complex conjugate of A: the state itself, everything here being real. */
  conj(state: S, options: SolveOptions): [S, SolveOptions];
  /** False when the solver may return a pseudo-inverse solution (rank-deficient A); true for all built-in solvers. */
  assumeFullRank(): boolean;
  /** Frees native resources held by a state returned by `init` (CHOLMOD factors); absent when there are none. */
  dispose?(state: S): void;
}

/** TypeError unless `value` has the methods a {@link LinearSolver} must have (init, compute). */
export function checkSolver(value: unknown, name: string): asserts value is LinearSolver<unknown> {
  const candidate = value as LinearSolver<unknown> | undefined;
  if (typeof candidate?.init !== 'function' || typeof candidate.compute !== 'function') {
    const asynchronous = typeof (value as { initAsync?: unknown } | undefined)?.initAsync === 'function';
    if (asynchronous) throw new TypeError(`${name} is an asynchronous solver (${candidate?.name ?? 'AsyncLinearSolver'}): use linearSolveAsync / linearSolveVjpAsync`);
    throw new TypeError(`${name} must be a LinearSolver, got ${describe(value)}`);
  }
}

/** The arguments of a solve of op x = b (linearSolve and its derivatives); `fn` names the function. */
export function checkSolveArguments(op: unknown, b: unknown, solver: unknown, fn: string): void {
  checkOperator(op, `${fn}: op`);
  checkSolver(solver, `${fn}: solver`);
  checkVectorOrColumns(b, op.outSize, `${fn}: b`);
}

export const rhsData = (b: Rhs): Float64Array => (b instanceof Float64Array ? b : b.data);

/** A value shaped like the solution of `b` (rows outRows), every entry `fill`. */
export function filledLike<V extends Rhs>(b: V, outRows: number, fill: number): V {
  const data = new Float64Array(outRows * (b instanceof Float64Array ? 1 : b.ncols)).fill(fill);
  return (b instanceof Float64Array ? data : { nrows: outRows, ncols: b.ncols, data }) as V;
}

/** Applies a one-column solve to each column of `b`, into a result of the same shape. */
export function mapColumns<V extends Rhs>(b: V, outRows: number, solveColumn: (column: Float64Array, j: number) => Float64Array): V {
  if (b instanceof Float64Array) return solveColumn(b, 0) as V;
  const out = filledLike(b, outRows, 0) as DenseMatrix;
  for (let j = 0; j < b.ncols; j++) out.data.set(solveColumn(b.data.subarray(j * b.nrows, (j + 1) * b.nrows), j), j * outRows);
  return out as V;
}

/**
 * The common compute of a direct solver: check b, report a failure found by init (or a
 * non-finite b) as NaNs plus its Result, otherwise solve column by column. `solver` names
 * the solver in messages.
 */
export function directCompute<V extends Rhs>(
  solver: string,
  b: V,
  sizes: { rows: number; cols: number },
  failure: Result | undefined,
  solveColumn: (column: Float64Array) => Float64Array,
): Computed<V> {
  checkVectorOrColumns(b, sizes.rows, `${solver}.compute: b`);
  const result = failure ?? (allFinite(rhsData(b)) ? Result.successful : Result.nonfiniteInput);
  if (result !== Result.successful) return { value: filledLike(b, sizes.cols, NaN), result, stats: {} };
  return { value: mapColumns(b, sizes.cols, solveColumn), result, stats: {} };
}

/** MissingTagError unless the operator carries every tag (after Lineax's implications). */
export function requireTags(op: LinearOperator, solver: string, tags: readonly Tag[], hint?: string): void {
  const have = closeTags(op.tags);
  const missing = tags.filter((t) => !have.has(t));
  if (missing.length > 0) throw new MissingTagError(solver, missing, hint);
}

export function requireSquare(op: LinearOperator, solver: string, hint = ''): void {
  if (op.inSize !== op.outSize) {
    throw new UnsupportedOperatorError(solver, `needs a square operator, got ${op.outSize} x ${op.inSize}${hint ? `; ${hint}` : ''}`);
  }
}
