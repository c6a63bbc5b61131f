/**
 * One solver state shared by a primal solve and its derivative solves: the state is
 * created once (or borrowed from the caller), the transposed state is derived from it
 * on first use (`solver.transpose`, never a new init), and both are released together.
 */
import { DisposedError } from '../handles';
import { LinearSolveError, Result, Stats } from '../errors';
import type { LinearOperator } from '../operators';
import type { LinearSolver, SolveOptions } from '../solvers/solver';
import { asRhs, toBlock } from './block';
import type { DenseMatrix } from '../sparse';

/**
 * Options of {@link linearSolveJvp} and {@link linearSolveVjp} (those of {@link linearSolve},
 * minus returnState).
 *
 * @example
 * ```ts
 * import { Cholesky, SparseOperator, linearSolveJvp, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(10), ['positiveSemidefinite']);
 * const solver = new Cholesky();
 * const state = solver.init(op, {}); // factorised once, for several derivatives
 * const b = new Float64Array(100).fill(1);
 * const first = linearSolveJvp(op, b, { b }, solver, { state });
 * const second = linearSolveJvp(op, b, { op }, solver, { state });
 * solver.dispose(state);
 * console.log(Math.abs(first.tangent[0] + second.tangent[0]) < 1e-12); // → true
 * ```
 */
export interface DerivativeOptions<S> {
  /** Passed to the solver's init, compute and transpose. */
  options?: SolveOptions;
  /** A state from `solver.init(op, options)` to reuse: nothing is factorised, and the caller keeps ownership. */
  state?: S;
  /** true (default): a failed solve raises LinearSolveError; false: the Result is returned with NaN values. */
  throw?: boolean;
}

/** The keys of {@link DerivativeOptions}, for the check of an options argument. @internal */
export const DERIVATIVE_OPTION_KEYS = ['options', 'state', 'throw'] as const;

export class SolveSession<S> {
  readonly #solver: LinearSolver<S>;
  readonly #options: SolveOptions;
  readonly #owned: boolean;
  readonly #throw: boolean;
  #state: S | undefined;
  #transposed: [S, SolveOptions] | undefined;
  /** The first unsuccessful Result met by any solve of this session. */
  result: Result = Result.successful;
  stats: Stats = {};

  constructor(op: LinearOperator, solver: LinearSolver<S>, { options = {}, state, throw: throwOnFailure = true }: DerivativeOptions<S>) {
    this.#solver = solver;
    this.#options = options;
    this.#owned = state === undefined;
    this.#throw = throwOnFailure;
    this.#state = state ?? solver.init(op, options);
  }

  get state(): S {
    if (this.#state === undefined) throw new DisposedError('the solver state of this derivative has been disposed');
    return this.#state;
  }

  get disposed(): boolean {
    return this.#state === undefined;
  }

  /** A⁻¹ B (A⁺ B for a rectangular A), all columns in one compute. */
  solve(block: DenseMatrix, single: boolean, what: string): DenseMatrix {
    return this.#run(this.state, this.#options, block, single, what);
  }

  /** A⁻ᵀ B (A⁺ᵀ B) with the transposed state: no new factorisation. */
  solveTransposed(block: DenseMatrix, single: boolean, what: string): DenseMatrix {
    const state = this.state;
    this.#transposed ??= this.#solver.transpose(state, this.#options);
    const [transposed, options] = this.#transposed;
    return this.#run(transposed, options, block, single, what);
  }

  /** Frees the state if this session created it. Idempotent. */
  dispose(): void {
    const state = this.#state;
    if (state === undefined) return;
    this.#state = undefined;
    this.#transposed = undefined;
    if (this.#owned) this.#solver.dispose?.(state);
  }

  #run(state: S, options: SolveOptions, block: DenseMatrix, single: boolean, what: string): DenseMatrix {
    const solved = this.#solver.compute(state, asRhs(block, single), options);
    if (solved.result !== Result.successful) {
      if (this.#throw) throw new LinearSolveError(solved.result, solved.stats, `in the ${what}`);
      if (this.result === Result.successful) {
        this.result = solved.result;
        this.stats = solved.stats;
      }
    } else if (what === 'primal solve') {
      this.stats = solved.stats;
    }
    return toBlock(solved.value);
  }
}
