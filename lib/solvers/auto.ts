/**
 * Picks a solver from the operator's tags and kind (Lineax's AutoLinearSolver(well_posed)):
 * diagonal → Diagonal; triangular → Triangular; tridiagonal → Tridiagonal; sparse non-square →
 * SparseQR; sparse tagged positive or negative (semi)definite → Cholesky; any other sparse square
 * (unsymmetric or symmetric indefinite) → SparseLU; other square → LU; non-square dense → QR; with
 * wellPosed false, a pseudo-inverse solver (Diagonal in pseudo-inverse mode, SVD, SparseQR in
 * pseudo-inverse mode).
 */
import { UnsupportedOperatorError } from '../errors';
import {
  LinearOperator,
  isDiagonal,
  isLowerTriangular,
  isNegativeSemidefinite,
  isPositiveSemidefinite,
  isSparseBacked,
  isTridiagonal,
  isUpperTriangular,
} from '../operators';
import { Cholesky } from './cholesky';
import { Diagonal } from './diagonal';
import { LU } from './lu';
import { QR } from './qr';
import { SparseQR } from './sparse-qr';
import { Computed, LinearSolver, Rhs, SolveOptions } from './solver';
import { SparseLU } from './sparse-lu';
import { SVD } from './svd';
import { checkOptions } from '../sparse/validate-options';
import { Triangular } from './triangular';
import { Tridiagonal } from './tridiagonal';

/**
 * The state of {@link AutoSolver}: the solver it chose and that solver's state.
 *
 * @example
 * ```ts
 * import { AutoSolver, SparseOperator, poisson2d } from 'spsolve';
 *
 * const auto = new AutoSolver();
 * const state = auto.init(new SparseOperator(poisson2d(5), ['positiveSemidefinite']));
 * console.log(state.solver.name); // → Cholesky
 * auto.dispose(state);
 * ```
 */
export interface AutoState {
  /** The solver chosen by {@link AutoSolver.select}. */
  readonly solver: LinearSolver<unknown>;
  /** Its state (e.g. a {@link CholmodState}). */
  readonly state: unknown;
}

/**
 * Settings of {@link AutoSolver}: `wellPosed`, as Lineax's `AutoLinearSolver(well_posed=…)`.
 *
 * @example
 * ```ts
 * import { AutoSolver } from 'spsolve';
 *
 * console.log(new AutoSolver({ wellPosed: false }).wellPosed); // → false
 * ```
 */
export interface AutoSolverSettings {
  /**
   * - `true`: the system is square and nonsingular; a non-square operator is an error.
   * - `false`: the system may be singular or rank-deficient: a pseudo-inverse solver
   *   (Diagonal in pseudo-inverse mode for a diagonal operator, SPQR's rank-revealing
   *   {@link SparseQR} with `pseudoInverse: true` for a sparse one, {@link SVD} for a dense one).
   * - `null`: least squares / minimum norm ({@link SparseQR} when sparse, {@link QR} when dense) when non-square, else as `true`.
   *
   * Default (omitted): as `null`.
   */
  wellPosed?: boolean | null;
}

/**
 * Picks a direct solver from the operator's tags and kind (Lineax's AutoLinearSolver)
 * and delegates to it. Square operators (`wellPosed` true, null or omitted): diagonal →
 * {@link Diagonal}; triangular → {@link Triangular}; tridiagonal → {@link Tridiagonal};
 * sparse positiveSemidefinite or negativeSemidefinite → {@link Cholesky}; any other sparse
 * square operator, unsymmetric or symmetric indefinite → {@link SparseLU} (LDLᵀ without pivoting
 * can fail on a nonsingular indefinite matrix: {@link LDLt} only when asked for); other square →
 * {@link LU}. Non-square: {@link SparseQR} (sparse) or {@link QR} (dense) with `wellPosed` null or
 * omitted, an error with `true`. `wellPosed: false`: a pseudo-inverse solver (see
 * {@link AutoSolverSettings}). The default solver of {@link linearSolve}.
 *
 * @example
 * ```ts
 * import { AutoSolver, DiagonalOperator, MatrixOperator, SparseOperator, denseMatrix, poisson2d } from 'spsolve';
 *
 * const auto = new AutoSolver();
 * // Symmetric ('lower' storage) but not tagged positiveSemidefinite:
 * console.log(auto.select(new SparseOperator(poisson2d(3))).name); // → SparseLU
 * console.log(auto.select(new DiagonalOperator(new Float64Array(3))).name); // → Diagonal
 * console.log(auto.select(new MatrixOperator(denseMatrix(3, 2))).name); // → QR
 * ```
 */
export class AutoSolver implements LinearSolver<AutoState> {
  /** 'AutoSolver'. */
  readonly name = 'AutoSolver';
  /** The `wellPosed` setting (null when omitted). */
  readonly wellPosed: boolean | null;

  /** @throws TypeError for an unknown setting or a `wellPosed` that is not true, false or null. */
  constructor(settings: AutoSolverSettings = {}) {
    const { wellPosed = null } = checkOptions(settings, ['wellPosed'], 'AutoSolver: settings');
    if (wellPosed !== null && typeof wellPosed !== 'boolean') {
      throw new TypeError(`AutoSolver: settings.wellPosed must be true, false or null, got ${String(wellPosed)}`);
    }
    this.wellPosed = wellPosed as boolean | null;
  }

  /**
   * The solver `init` would use for this operator (a new instance).
   * @throws {@link UnsupportedOperatorError} for a non-square operator with `wellPosed: true`.
   */
  select(op: LinearOperator): LinearSolver<unknown> {
    const square = op.inSize === op.outSize;
    if (this.wellPosed === false) return this.#pseudoInverseSolver(op);
    if (!square && this.wellPosed === true) {
      throw new UnsupportedOperatorError(
        this.name,
        `wellPosed: true needs a square operator, got ${op.outSize} x ${op.inSize}; for least squares use ` +
          `new AutoSolver({ wellPosed: null }) (QR) or { wellPosed: false } (pseudo-inverse)`,
      );
    }
    if (isDiagonal(op)) return new Diagonal();
    if (isLowerTriangular(op) || isUpperTriangular(op)) return new Triangular();
    if (isTridiagonal(op)) return new Tridiagonal();
    if (isSparseBacked(op)) {
      if (!square) return new SparseQR();
      if (isPositiveSemidefinite(op) || isNegativeSemidefinite(op)) return new Cholesky();
      // Unsymmetric and symmetric indefinite alike: LDLᵀ without pivoting can meet a zero pivot in
      // a nonsingular matrix (can___24), so it is used only when asked for (the LDLt solver).
      return new SparseLU();
    }
    return square ? new LU() : new QR();
  }

  /** Lineax's well_posed=False: Diagonal (pseudo-inverse mode), SPQR's rank-revealing SparseQR for sparse, SVD for dense. */
  #pseudoInverseSolver(op: LinearOperator): LinearSolver<unknown> {
    if (isDiagonal(op)) return new Diagonal({ wellPosed: false });
    if (isSparseBacked(op)) return new SparseQR({ pseudoInverse: true });
    return new SVD();
  }

  /** Selects a solver and runs its `init`. @throws As {@link AutoSolver.select} and the chosen solver's init. */
  init(op: LinearOperator, options: SolveOptions = {}): AutoState {
    const solver = this.select(op);
    return { solver, state: solver.init(op, options) };
  }

  /** The chosen solver's compute. */
  compute<V extends Rhs>(state: AutoState, b: V, options: SolveOptions = {}): Computed<V> {
    return state.solver.compute(state.state, b, options);
  }

  /** The chosen solver's transposed state, wrapped. */
  transpose(state: AutoState, options: SolveOptions): [AutoState, SolveOptions] {
    const [inner, transposedOptions] = state.solver.transpose(state.state, options);
    return [{ solver: state.solver, state: inner }, transposedOptions];
  }

  /** The chosen solver's conjugated state, wrapped. */
  conj(state: AutoState, options: SolveOptions): [AutoState, SolveOptions] {
    const [inner, conjOptions] = state.solver.conj(state.state, options);
    return [{ solver: state.solver, state: inner }, conjOptions];
  }

  /** `wellPosed !== false` (Lineax's rule): with false the solution is a pseudo-inverse one. */
  assumeFullRank(): boolean {
    return this.wellPosed !== false;
  }

  /** Disposes the chosen solver's state (frees a CHOLMOD factor). */
  dispose(state: AutoState): void {
    state.solver.dispose?.(state.state);
  }
}
