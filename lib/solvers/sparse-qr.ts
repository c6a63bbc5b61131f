/**
 * SparseQR: SuiteSparseQR behind the solver interface, for sparse operators of any shape —
 * least squares (tall), minimum norm (wide), square systems, or the pseudo-inverse.
 */
import { Result, UnsupportedOperatorError } from '../errors';
import { LinearOperator, toCsc } from '../operators';
import { type QRFactor, type QROptions, qr } from '../qr';
import { checkBoolean } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { allFinite } from '../sparse/validate';
import { Computed, LinearSolver, Rhs, SolveOptions, filledLike, rhsData } from './solver';

/**
 * Options of {@link SparseQR}: those of {@link qr}, and whether to solve with the pseudo-inverse.
 *
 * @example
 * ```ts
 * import { SparseQR } from 'spsolve';
 *
 * const solver = new SparseQR({ pseudoInverse: true, tolerance: 1e-10 });
 * console.log(solver.assumeFullRank()); // → false
 * ```
 */
export interface SparseQROptions extends QROptions {
  /**
   * false (default): the operator must have full rank, rank = min(m, n), which init checks
   * (a rank-deficient one gives result 'singular'); the solve is the least-squares (tall),
   * minimum-norm (wide) or ordinary (square) solution, and `assumeFullRank()` is true.
   * true: x = A⁺ b, the minimum-norm least-squares solution, for any rank (`assumeFullRank()` false).
   */
  pseudoInverse?: boolean;
}

/**
 * The state of {@link SparseQR}: the {@link QRFactor} (native memory: dispose the state with
 * `solver.dispose(state)`), and which system it solves. A transposed state shares the factor.
 *
 * @example
 * ```ts
 * import { CscMatrix, SparseOperator, SparseQR } from 'spsolve';
 *
 * const solver = new SparseQR();
 * const state = solver.init(new SparseOperator(CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2])), {});
 * console.log(state.rows, state.cols, state.rank, state.failure); // → 3 2 2 undefined
 * solver.dispose(state);
 * ```
 */
export interface SparseQRState {
  /** The factorisation of the operator's matrix A (shared by the transposed state). */
  readonly factor: QRFactor;
  /** This state solves Aᵀ x = b rather than A x = b. */
  readonly transposed: boolean;
  /** Rows of the system solved (the length of b). */
  readonly rows: number;
  /** Columns of the system solved (the length of x). */
  readonly cols: number;
  /** SPQR's rank estimate of A. */
  readonly rank: number;
  /** 'singular' when A is rank-deficient and the solver is not in pseudo-inverse mode. */
  readonly failure?: Result;
}

/**
 * Sparse QR by SuiteSparseQR (multifrontal, rank-revealing) for a sparse operator of any shape:
 * the least-squares solution min ‖A x − b‖₂ for a tall A, the minimum-norm solution for a wide A,
 * the solution for a square one; with `pseudoInverse: true`, x = A⁺ b for any rank. One
 * factorisation serves A and Aᵀ (`transpose` needs no refactorisation, so VJPs are cheap) and any
 * number of right-hand sides. {@link AutoSolver} picks it for sparse non-square operators.
 *
 * Needs stored entries (a SparseOperator, possibly tagged, scaled or added, or a dense one, which
 * is converted); no tags are needed.
 *
 * @example
 * ```ts
 * import { CscMatrix, SparseOperator, SparseQR, linearSolve } from 'spsolve';
 *
 * // Fit y = c0 + c1 t to (0, 1), (1, 2), (2, 4).
 * const A = new SparseOperator(CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]));
 * const { value: c } = linearSolve(A, new Float64Array([1, 2, 4]), new SparseQR());
 * console.log(c.map((v) => +v.toFixed(4))); // → Float64Array(2) [ 0.8333, 1.5 ]
 * ```
 */
export class SparseQR implements LinearSolver<SparseQRState> {
  /** 'SparseQR'. */
  readonly name = 'SparseQR';
  /** How many factorisations this solver has made (one per init). */
  factorizations = 0;
  readonly #qrOptions: QROptions;
  readonly #pseudoInverse: boolean;

  /** @param opts See {@link SparseQROptions}. */
  constructor(opts?: SparseQROptions) {
    const { tolerance, ordering, pseudoInverse } = checkOptions(opts, ['tolerance', 'ordering', 'pseudoInverse'], 'SparseQR: opts');
    this.#qrOptions = { tolerance, ordering } as QROptions;
    this.#pseudoInverse = pseudoInverse === undefined ? false : checkBoolean(pseudoInverse, 'SparseQR: opts.pseudoInverse');
  }

  /**
   * Factorises the operator's stored matrix with SPQR and checks its rank.
   * @throws {@link UnsupportedOperatorError} for an operator without stored entries; TypeError /
   *   RangeError for bad options; {@link QrError} when SPQR fails.
   */
  init(op: LinearOperator, _options?: SolveOptions): SparseQRState {
    const matrix = toCsc(op);
    if (!matrix) {
      throw new UnsupportedOperatorError(
        this.name,
        `needs stored entries (a SparseOperator, possibly tagged, scaled or added); a ${op.constructor.name} ` +
          `only offers matvecs: use the dense QR (it reads the matrix through matvecs) or an iterative solver`,
      );
    }
    const factor = qr(matrix, this.#qrOptions);
    this.factorizations++;
    const rank = factor.rank;
    const fullRank = rank === Math.min(matrix.nrows, matrix.ncols);
    return {
      factor,
      transposed: false,
      rows: matrix.nrows,
      cols: matrix.ncols,
      rank,
      failure: fullRank || this.#pseudoInverse ? undefined : Result.singular,
    };
  }

  /**
   * Solves with the factor; all columns of a DenseMatrix b go to SPQR in one call. After a rank
   * check that failed the value is NaN and the result 'singular' (stats.rank says the rank).
   * @throws RangeError when b does not have the system's number of rows.
   */
  compute<V extends Rhs>(state: SparseQRState, b: V, _options?: SolveOptions): Computed<V> {
    checkVectorOrColumns(b, state.rows, `${this.name}.compute: b`);
    const stats = { rank: state.rank };
    if (state.failure) return { value: filledLike(b, state.cols, NaN), result: state.failure, stats };
    if (!allFinite(rhsData(b))) return { value: filledLike(b, state.cols, NaN), result: Result.nonfiniteInput, stats };
    const opts = { transpose: state.transposed, pseudoInverse: this.#pseudoInverse };
    const value: Rhs = b instanceof Float64Array ? state.factor.solve(b, opts) : state.factor.solve(b, opts);
    return { value: value as V, result: Result.successful, stats };
  }

  /** The state for Aᵀ x = b: the same factor, the other reading (no refactorisation). */
  transpose(state: SparseQRState, options: SolveOptions): [SparseQRState, SolveOptions] {
    return [{ ...state, transposed: !state.transposed, rows: state.cols, cols: state.rows }, options];
  }

  /** The state itself (everything is real). */
  conj(state: SparseQRState, options: SolveOptions): [SparseQRState, SolveOptions] {
    return [state, options];
  }

  /**
   * True unless in pseudo-inverse mode: init checks rank = min(m, n), so the derivative's
   * least-squares and minimum-norm terms hold; with `pseudoInverse` the solution is A⁺ b.
   */
  assumeFullRank(): boolean {
    return !this.#pseudoInverse;
  }

  /** Frees the state's QR factor (idempotent). Dispose only states returned by `init`. */
  dispose(state: SparseQRState): void {
    state.factor.dispose();
  }
}
