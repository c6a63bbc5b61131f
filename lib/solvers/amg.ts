/**
 * Algebraic multigrid as a Lineax solver: a BoomerAMG hierarchy (lib/amg) built once in `init`,
 * used alone or inside HYPRE's PCG / GMRES by `compute`.
 */
import { Multigrid, amg, type AmgKrylov, type AmgOptions } from '../amg';
import { Result, UnsupportedOperatorError } from '../errors';
import { LinearOperator, isSymmetric, toCsc } from '../operators';
import type { CscMatrix } from '../sparse';
import { checkChoice, checkInteger, checkNonNegative } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { Computed, LinearSolver, Rhs, SolveOptions, mapColumns, requireSquare } from './solver';

/** Settings of the {@link AMG} solver. */
export interface AmgSolverSettings {
  /** Stop when ‖b − A x‖ ≤ max(rtol · ‖b‖, atol); default 1e-8. */
  rtol?: number;
  /** Default 0. */
  atol?: number;
  /** Iterations at most; default 200. */
  maxSteps?: number;
  /** 'cg' (default: A symmetric positive definite), 'gmres', or 'none' (AMG cycles alone). */
  krylov?: AmgKrylov;
  /** How the hierarchy is built (coarsening, smoother, systems …). */
  amg?: AmgOptions;
}

/**
 * The state of {@link AMG}: the hierarchy of A and, for an unsymmetric A, the one of Aᵀ, built on
 * the first transposed solve (a VJP) and kept. Transposed states share both; dispose only the
 * state `init` returned.
 */
export interface AmgState {
  /** The matrix size. */
  readonly n: number;
  /** The hierarchy this state solves with (of A, or of Aᵀ for a transposed state). */
  readonly multigrid: () => Multigrid;
  /** True for a state from `transpose` of an unsymmetric A. */
  readonly transposed: boolean;
  /** @internal */
  readonly shared: AmgShared;
}

/** @internal What a state and its transposes share. */
export interface AmgShared {
  matrix: CscMatrix;
  symmetric: boolean;
  forward: Multigrid;
  backward?: Multigrid;
  options: AmgOptions | undefined;
}

const KEYS = ['rtol', 'atol', 'maxSteps', 'krylov', 'amg'] as const;

/**
 * Algebraic multigrid (HYPRE BoomerAMG) as a {@link LinearSolver}: `init` builds the hierarchy
 * once from the operator's stored matrix, `compute` solves with it (PCG by default, GMRES, or
 * cycles alone) as often as wanted. For a symmetric A the transposed solve of a VJP reuses the
 * hierarchy; for an unsymmetric one a hierarchy of Aᵀ is built on first use and kept in the state.
 * Not converging is a Result ('maxStepsReached', 'breakdown'), with the last iterate as value.
 *
 * @example
 * ```ts
 * import { AMG, SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(40), ['positiveSemidefinite']);
 * const { result, stats } = linearSolve(op, new Float64Array(1600).fill(1), new AMG({ rtol: 1e-10 }));
 * console.log(result, stats.steps < 15); // → successful true
 * ```
 */
export class AMG implements LinearSolver<AmgState> {
  readonly name = 'AMG';
  readonly #rtol: number;
  readonly #atol: number;
  readonly #maxSteps: number;
  readonly #krylov: AmgKrylov;
  readonly #options: AmgOptions | undefined;
  /** Hierarchies built by this solver (one per init, plus one per unsymmetric transpose). */
  setups = 0;

  /** @throws TypeError / RangeError for unknown keys or bad values. */
  constructor(settings: AmgSolverSettings = {}) {
    const s = checkOptions(settings, KEYS, 'AMG: settings');
    this.#rtol = s.rtol === undefined ? 1e-8 : checkNonNegative(s.rtol, 'AMG: settings.rtol');
    this.#atol = s.atol === undefined ? 0 : checkNonNegative(s.atol, 'AMG: settings.atol');
    this.#maxSteps = s.maxSteps === undefined ? 200 : checkInteger(s.maxSteps, 0, 2 ** 30, 'AMG: settings.maxSteps');
    this.#krylov = checkChoice(s.krylov ?? 'cg', ['cg', 'gmres', 'none'] as const, 'AMG: settings.krylov');
    this.#options = s.amg as AmgOptions | undefined;
  }

  /**
   * Builds the hierarchy of the operator's stored matrix.
   * @throws {@link UnsupportedOperatorError} for an operator without stored entries or not square;
   *   {@link AmgError} for a zero diagonal or a HYPRE failure.
   */
  init(op: LinearOperator, _options?: SolveOptions): AmgState {
    requireSquare(op, this.name);
    const matrix = toCsc(op);
    if (!matrix) {
      throw new UnsupportedOperatorError(this.name, `needs stored entries (a SparseOperator, possibly tagged, scaled or added); a ${op.constructor.name} only offers matvecs`);
    }
    const forward = amg(matrix, this.#options);
    this.setups++;
    const shared: AmgShared = { matrix, symmetric: matrix.isSymmetricStorage || isSymmetric(op), forward, options: this.#options };
    return stateOf(shared, false);
  }

  /** Solves column by column with the hierarchy; `stats.steps` is the most iterations any column took. */
  compute<V extends Rhs>(state: AmgState, b: V, _options?: SolveOptions): Computed<V> {
    checkVectorOrColumns(b, state.n, 'AMG.compute: b');
    const mg = state.multigrid();
    let result: Result = Result.successful;
    let steps = 0;
    let relativeResidual = 0;
    const value = mapColumns(b, state.n, (column) => {
      const out = mg.solve(column.slice(), { rtol: this.#rtol, atol: this.#atol, maxSteps: this.#maxSteps, krylov: this.#krylov });
      if (out.result !== Result.successful && result === Result.successful) result = out.result;
      steps = Math.max(steps, out.iterations);
      relativeResidual = Math.max(relativeResidual, out.relativeResidual);
      return out.value;
    });
    return { value, result, stats: { steps, relativeResidual } };
  }

  /** Aᵀ: the state itself when A is symmetric; else the state solving with Aᵀ's hierarchy (built on first use). */
  transpose(state: AmgState, options: SolveOptions): [AmgState, SolveOptions] {
    if (state.shared.symmetric) return [state, options];
    const shared = state.shared;
    return [stateOf(shared, !state.transposed, () => this.setups++), options];
  }

  /** The state itself (everything is real). */
  conj(state: AmgState, options: SolveOptions): [AmgState, SolveOptions] {
    return [state, options];
  }

  /** True. */
  assumeFullRank(): boolean {
    return true;
  }

  /**
   * New values on the same pattern (A changed, its structure did not: a new coefficient field, a
   * new time step). The hierarchy of A is refreshed in place (see {@link Multigrid.refresh}); one
   * of Aᵀ, if built, is dropped and built again on the next transposed solve. Every state derived
   * from this one (its transposes) sees the new matrix.
   * @throws RangeError when A's pattern differs; {@link AmgError} for a zero diagonal.
   */
  refresh(state: AmgState, A: CscMatrix): void {
    const shared = state.shared;
    if (!shared.matrix.samePattern(A)) throw new RangeError('AMG.refresh: A must have the pattern the state was built from');
    shared.forward.refresh(A.values);
    shared.matrix = A;
    shared.backward?.dispose();
    shared.backward = undefined;
  }

  /** Frees the hierarchies (of A, and of Aᵀ when one was built). Dispose only states returned by `init`. */
  dispose(state: AmgState): void {
    state.shared.forward.dispose();
    state.shared.backward?.dispose();
  }
}

function stateOf(shared: AmgShared, transposed: boolean, counted?: () => void): AmgState {
  const multigrid = (): Multigrid => {
    if (!transposed) return shared.forward;
    if (!shared.backward) {
      shared.backward = amg(shared.matrix.transpose(), shared.options);
      counted?.();
    }
    return shared.backward;
  };
  return { n: shared.matrix.ncols, multigrid, transposed, shared };
}
