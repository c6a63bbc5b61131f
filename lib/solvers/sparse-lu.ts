/** Sparse LU with UMFPACK or KLU for any square operator with stored entries. */
import { LUFactor, SingularMatrixError, lu, type LuOptions } from '../lu';
import { resolveLuOptions } from '../lu/options';
import { Result, UnsupportedOperatorError } from '../errors';
import { LinearOperator, toCsc } from '../operators';
import { allFinite } from '../sparse/validate';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { Computed, LinearSolver, Rhs, SolveOptions, filledLike, requireSquare, rhsData } from './solver';

/**
 * The state of {@link SparseLU}: the {@link LUFactor} (native memory: dispose the state with
 * `solver.dispose(state)`), or why the factorisation failed. A transposed state borrows the
 * same factor and solves with Aᵀ.
 *
 * @example
 * ```ts
 * import { SparseLU, SparseOperator, convectionDiffusion2d } from 'spsolve';
 *
 * const solver = new SparseLU();
 * const state = solver.init(new SparseOperator(convectionDiffusion2d(10)), {});
 * const [transposed] = solver.transpose(state, {});
 * console.log(state.n, transposed.factor === state.factor, transposed.transposed); // → 100 true true
 * solver.dispose(state);
 * ```
 */
export interface SparseLUState {
  /** The matrix size. */
  readonly n: number;
  /** Absent when the factorisation failed; `failure` then says why. */
  readonly factor?: LUFactor;
  /** Solve with Aᵀ (the same factors). */
  readonly transposed: boolean;
  /** 'singular' when the matrix is singular. */
  readonly failure?: Result;
  /** The column where the engine found the matrix singular. */
  readonly failedColumn?: number;
}

/**
 * Sparse LU with partial pivoting (UMFPACK by default, KLU with `{ engine: 'klu' }`) for a square
 * operator whose entries are stored (a {@link SparseOperator}, possibly tagged, scaled or added).
 * It needs no tag: {@link AutoSolver} picks it for sparse operators that are not tagged positive
 * (semi)definite, symmetric indefinite ones included. A singular matrix gives result `singular`
 * (no exception). The transpose (a VJP) reuses the factors.
 *
 * @example
 * ```ts
 * import { SparseLU, SparseOperator, convectionDiffusion2d, linearSolve } from 'spsolve';
 *
 * const op = new SparseOperator(convectionDiffusion2d(50, { peclet: 1000 }));
 * const solver = new SparseLU({ engine: 'klu' });
 * const { value, result } = linearSolve(op, new Float64Array(2500).fill(1), solver);
 * console.log(value.length, result, solver.factorizations); // → 2500 successful 1
 * ```
 */
export class SparseLU implements LinearSolver<SparseLUState> {
  readonly name = 'SparseLU';
  /** How many factorisations this solver has made (one per init). */
  factorizations = 0;

  /** @param options The LU engine and its options (see {@link LuOptions}). */
  constructor(
    /** The options given to the constructor. */
    readonly options: LuOptions = {},
  ) {
    // Checked here, so a misspelt option fails where it was written, not at the first init.
    resolveLuOptions(options, 'SparseLU: options');
  }

  /**
   * Factorises the operator's stored matrix (the only step that does). A singular matrix is kept
   * in the state and reported by `compute`.
   * @throws {@link UnsupportedOperatorError} for a non-square operator or one without stored entries.
   */
  init(op: LinearOperator, _options?: SolveOptions): SparseLUState {
    requireSquare(op, this.name, 'use QR for least squares');
    const matrix = toCsc(op);
    if (!matrix) {
      throw new UnsupportedOperatorError(
        this.name,
        `needs stored entries (a SparseOperator, possibly tagged, scaled or added); ` +
          `a ${op.constructor.name} only offers matvecs: use GMRES or BiCGStab, or a dense solver`,
      );
    }
    this.factorizations++;
    try {
      return { n: matrix.ncols, factor: lu(matrix, this.options), transposed: false };
    } catch (error) {
      if (error instanceof SingularMatrixError) {
        return { n: matrix.ncols, transposed: false, failure: Result.singular, failedColumn: error.column };
      }
      throw error;
    }
  }

  /**
   * Solves with the factors; all columns of a DenseMatrix b go to the engine in one call.
   * @throws RangeError when b does not have n rows.
   */
  compute<V extends Rhs>(state: SparseLUState, b: V, _options?: SolveOptions): Computed<V> {
    checkVectorOrColumns(b, state.n, `${this.name}.compute: b`);
    if (!state.factor) {
      return { value: filledLike(b, state.n, NaN), result: state.failure ?? Result.singular, stats: { failedColumn: state.failedColumn ?? -1 } };
    }
    if (!allFinite(rhsData(b))) return { value: filledLike(b, state.n, NaN), result: Result.nonfiniteInput, stats: {} };
    const opts = { transpose: state.transposed };
    const value: Rhs = b instanceof Float64Array ? state.factor.solve(b, opts) : state.factor.solve(b, opts);
    return { value: value as V, result: Result.successful, stats: {} };
  }

  /** The same factors, solving with Aᵀ: no new factorisation for a VJP. */
  transpose(state: SparseLUState, options: SolveOptions): [SparseLUState, SolveOptions] {
    return [{ ...state, transposed: !state.transposed }, options];
  }

  /** The state itself (everything is real). */
  conj(state: SparseLUState, options: SolveOptions): [SparseLUState, SolveOptions] {
    return [state, options];
  }

  /** True. */
  assumeFullRank(): boolean {
    return true;
  }

  /** Frees the state's factor (idempotent; a transposed state frees the same one). */
  dispose(state: SparseLUState): void {
    state.factor?.dispose();
  }
}
