/**
 * Picks a solver from the operator's tags and kind (Lineax's AutoLinearSolver for
 * well-posed problems): diagonal → Diagonal; triangular → Triangular; tridiagonal →
 * Tridiagonal; sparse non-square → SparseQR; sparse symmetric PSD → Cholesky; other sparse
 * square (unsymmetric or symmetric indefinite) → SparseLU; other square → LU; non-square
 * dense → QR.
 */
import {
  LinearOperator,
  isDiagonal,
  isLowerTriangular,
  isPositiveSemidefinite,
  isSparseBacked,
  isTridiagonal,
  isUpperTriangular,
} from '../operators';
import { Cholesky } from './cholesky';
import { SparseLU } from './sparse-lu';
import { Diagonal } from './diagonal';
import { LU } from './lu';
import { QR } from './qr';
import { SparseQR } from './sparse-qr';
import { Computed, LinearSolver, Rhs, SolveOptions } from './solver';
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
 * Picks a direct solver from the operator's tags and kind (Lineax's AutoLinearSolver
 * for well-posed problems) and delegates to it: diagonal → {@link Diagonal};
 * triangular → {@link Triangular}; tridiagonal → {@link Tridiagonal}; sparse
 * non-square → {@link SparseQR} (least squares, minimum norm); sparse
 * positiveSemidefinite → {@link Cholesky}; any other sparse square operator, unsymmetric
 * or symmetric indefinite → {@link SparseLU} (LDLᵀ without pivoting can fail on a
 * nonsingular indefinite matrix: {@link LDLt} only when asked for); other square →
 * {@link LU}; non-square → {@link QR}. The default solver of {@link linearSolve}.
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

  /**
   * The solver `init` would use for this operator (a new instance). Every operator gets one.
   */
  select(op: LinearOperator): LinearSolver<unknown> {
    const square = op.inSize === op.outSize;
    if (isDiagonal(op)) return new Diagonal();
    if (isLowerTriangular(op) || isUpperTriangular(op)) return new Triangular();
    if (isTridiagonal(op)) return new Tridiagonal();
    if (isSparseBacked(op)) {
      if (!square) return new SparseQR();
      if (isPositiveSemidefinite(op)) return new Cholesky();
      // Unsymmetric and symmetric indefinite alike: LDLᵀ without pivoting can meet a zero pivot in
      // a nonsingular matrix (can___24), so it is used only when asked for (the LDLt solver).
      return new SparseLU();
    }
    return square ? new LU() : new QR();
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

  /** True: every solver it chooses assumes full rank. */
  assumeFullRank(): boolean {
    return true;
  }

  /** Disposes the chosen solver's state (frees a CHOLMOD factor). */
  dispose(state: AutoState): void {
    state.solver.dispose?.(state.state);
  }
}
