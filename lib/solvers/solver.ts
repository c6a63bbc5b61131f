/**
 * The solver interface (Lineax's AbstractLinearSolver) and the plumbing every solver
 * shares: right-hand-side checks, one or many right-hand sides, tag requirements.
 */
import { MissingTagError, Result, Stats, UnsupportedOperatorError } from '../errors';
import { LinearOperator, Tag, closeTags } from '../operators';
import { DenseMatrix, isDenseMatrix } from '../sparse';

/** One right-hand side, or many as the columns of a DenseMatrix. */
export type Rhs = Float64Array | DenseMatrix;

/** Per-solve options (Lineax's `options`): passed to init, compute, transpose and conj. */
export interface SolveOptions {
  /** Iterative solvers: a preconditioner (≈ A⁻¹), overriding the solver's own. */
  preconditioner?: LinearOperator;
  /** Iterative solvers: an initial guess, shaped like the solution. */
  y0?: Rhs;
  [key: string]: unknown;
}

export interface Computed<V extends Rhs = Rhs> {
  value: V;
  result: Result;
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
 */
export interface LinearSolver<S> {
  readonly name?: string;
  init(op: LinearOperator, options: SolveOptions): S;
  compute<V extends Rhs>(state: S, b: V, options: SolveOptions): Computed<V>;
  transpose(state: S, options: SolveOptions): [S, SolveOptions];
  conj(state: S, options: SolveOptions): [S, SolveOptions];
  assumeFullRank(): boolean;
  dispose?(state: S): void;
}

/** Number of rows of a right-hand side, after checking its type. */
export function rhsRows(b: unknown, what = 'b'): number {
  if (b instanceof Float64Array) return b.length;
  if (isDenseMatrix(b)) return b.nrows;
  throw new TypeError(`${what} must be a Float64Array or a DenseMatrix { nrows, ncols, data: Float64Array }`);
}

/** TypeError for the wrong type, RangeError for the wrong length. */
export function checkRhs(b: unknown, rows: number, what = 'b'): asserts b is Rhs {
  const actual = rhsRows(b, what);
  if (actual !== rows) throw new RangeError(`${what} has ${actual} rows, the operator has outSize ${rows}`);
}

export const rhsData = (b: Rhs): Float64Array => (b instanceof Float64Array ? b : b.data);

export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

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
 * non-finite b) as NaNs plus its Result, otherwise solve column by column.
 */
export function directCompute<V extends Rhs>(
  b: V,
  sizes: { rows: number; cols: number },
  failure: Result | undefined,
  solveColumn: (column: Float64Array) => Float64Array,
): Computed<V> {
  checkRhs(b, sizes.rows);
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
