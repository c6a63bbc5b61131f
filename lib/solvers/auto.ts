/**
 * Picks a solver from the operator's tags and kind (Lineax's AutoLinearSolver for
 * well-posed problems): diagonal → Diagonal; triangular → Triangular; tridiagonal →
 * Tridiagonal; sparse symmetric PSD → Cholesky; sparse symmetric → LDLt; other square
 * → LU; non-square dense → QR. A sparse unsymmetric operator is refused: spsolve has
 * no sparse LU, and densifying it silently could exhaust memory.
 */
import { UnsupportedOperatorError } from '../errors';
import {
  LinearOperator,
  isDiagonal,
  isLowerTriangular,
  isPositiveSemidefinite,
  isSparseBacked,
  isSymmetric,
  isTridiagonal,
  isUpperTriangular,
} from '../operators';
import { Cholesky } from './cholesky';
import { Diagonal } from './diagonal';
import { LDLt } from './ldlt';
import { LU } from './lu';
import { QR } from './qr';
import { Computed, LinearSolver, Rhs, SolveOptions } from './solver';
import { Triangular } from './triangular';
import { Tridiagonal } from './tridiagonal';

export interface AutoState {
  readonly solver: LinearSolver<unknown>;
  readonly state: unknown;
}

export class AutoSolver implements LinearSolver<AutoState> {
  readonly name = 'AutoSolver';

  /** The solver `init` would use for this operator. */
  select(op: LinearOperator): LinearSolver<unknown> {
    const square = op.inSize === op.outSize;
    if (isDiagonal(op)) return new Diagonal();
    if (isLowerTriangular(op) || isUpperTriangular(op)) return new Triangular();
    if (isTridiagonal(op)) return new Tridiagonal();
    if (isSparseBacked(op)) {
      if (isPositiveSemidefinite(op)) return new Cholesky();
      if (isSymmetric(op)) return new LDLt();
      throw new UnsupportedOperatorError(
        this.name,
        `a sparse ${square ? 'unsymmetric' : 'non-square'} operator has no direct solver in spsolve ` +
          `(CHOLMOD needs a symmetric matrix): use GMRES or BiCGStab (optionally preconditioned), ` +
          `or tag it symmetric / positiveSemidefinite if it is`,
      );
    }
    return square ? new LU() : new QR();
  }

  init(op: LinearOperator, options: SolveOptions = {}): AutoState {
    const solver = this.select(op);
    return { solver, state: solver.init(op, options) };
  }

  compute<V extends Rhs>(state: AutoState, b: V, options: SolveOptions = {}): Computed<V> {
    return state.solver.compute(state.state, b, options);
  }

  transpose(state: AutoState, options: SolveOptions): [AutoState, SolveOptions] {
    const [inner, transposedOptions] = state.solver.transpose(state.state, options);
    return [{ solver: state.solver, state: inner }, transposedOptions];
  }

  conj(state: AutoState, options: SolveOptions): [AutoState, SolveOptions] {
    const [inner, conjOptions] = state.solver.conj(state.state, options);
    return [{ solver: state.solver, state: inner }, conjOptions];
  }

  assumeFullRank(): boolean {
    return true;
  }

  dispose(state: AutoState): void {
    state.solver.dispose?.(state.state);
  }
}
