/**
 * The asynchronous twin of the solver interface, for solvers whose work happens elsewhere (the
 * MUMPS worker of {@link Mumps}): init and compute return promises, transpose and conj stay
 * synchronous (they only derive a state). {@link linearSolveAsync} and
 * {@link linearSolveVjpAsync} take either kind of solver.
 */
import type { LinearOperator } from '../operators';
import { checkSolver, type Computed, type LinearSolver, type Rhs, type SolveOptions } from './solver';

/**
 * A linear solver whose `init` and `compute` are asynchronous; otherwise the contract of
 * {@link LinearSolver} (state reuse, `transpose` without a new init, failures in `result`).
 *
 * @example
 * ```ts
 * import { type AsyncLinearSolver, toAsyncSolver, Cholesky } from 'spsolve';
 *
 * const solver: AsyncLinearSolver<unknown> = toAsyncSolver(new Cholesky());
 * console.log(typeof solver.initAsync, solver.name); // → function Cholesky
 * ```
 */
export interface AsyncLinearSolver<S> {
  /** A name for messages. */
  readonly name?: string;
  /** Does the expensive work (a factorisation) and resolves to the reusable state. */
  initAsync(op: LinearOperator, options: SolveOptions): Promise<S>;
  /** Solves with a state from `initAsync` (or `transpose` / `conj`); same shape as b. */
  computeAsync<V extends Rhs>(state: S, b: V, options: SolveOptions): Promise<Computed<V>>;
  /** The state (and options) for Aᵀ x = b, borrowing this state's resources. */
  transpose(state: S, options: SolveOptions): [S, SolveOptions];
  /** The state for the complex conjugate: the state itself, everything being real. */
  conj(state: S, options: SolveOptions): [S, SolveOptions];
  /** False when the solver may return a pseudo-inverse solution. */
  assumeFullRank(): boolean;
  /** Frees what a state from `initAsync` holds. */
  dispose?(state: S): void;
}

/** True for an object with the methods of an {@link AsyncLinearSolver}. @internal */
export function isAsyncSolver(value: unknown): value is AsyncLinearSolver<unknown> {
  const candidate = value as AsyncLinearSolver<unknown> | undefined;
  return typeof candidate?.initAsync === 'function' && typeof candidate.computeAsync === 'function';
}

/**
 * A synchronous {@link LinearSolver} seen as an {@link AsyncLinearSolver} (its work still runs
 * on the calling thread); an asynchronous one is returned as it is.
 *
 * @example
 * ```ts
 * import { LU, MatrixOperator, denseMatrix, toAsyncSolver } from 'spsolve';
 *
 * const lu = toAsyncSolver(new LU());
 * const state = await lu.initAsync(new MatrixOperator(denseMatrix(2, 2, [2, 0, 0, 4])), {});
 * const { value } = await lu.computeAsync(state, new Float64Array([2, 4]), {});
 * console.log(value); // → Float64Array(2) [ 1, 1 ]
 * ```
 *
 * @throws TypeError when `solver` is neither a LinearSolver nor an AsyncLinearSolver.
 */
export function toAsyncSolver<S>(solver: LinearSolver<S> | AsyncLinearSolver<S>): AsyncLinearSolver<S> {
  if (isAsyncSolver(solver)) return solver as AsyncLinearSolver<S>;
  checkSolver(solver, 'toAsyncSolver: solver');
  const sync = solver as LinearSolver<S>;
  return {
    name: sync.name,
    initAsync: async (op, options) => sync.init(op, options),
    computeAsync: async (state, b, options) => sync.compute(state, b, options),
    transpose: (state, options) => sync.transpose(state, options),
    conj: (state, options) => sync.conj(state, options),
    assumeFullRank: () => sync.assumeFullRank(),
    dispose: sync.dispose ? (state) => sync.dispose?.(state) : undefined,
  };
}
