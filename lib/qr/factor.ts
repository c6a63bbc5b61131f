/**
 * A SuiteSparseQR factorisation living in the addon's handle table.
 * @module
 */
import { native } from '../native';
import { CscMatrix } from '../sparse/csc';
import type { DenseMatrix } from '../sparse/dense';
import { checkBoolean, checkFinite, checkLength, isNumericArrayLike, toFiniteVector, toFloat64Array } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { NativeHandle } from '../handles/native-handle';
import { QR_USED_ORDERING_NAMES } from './options';

/**
 * Options of {@link QRFactor.solve} and {@link QRFactor.solveAsync}.
 *
 * @example
 * ```ts
 * import { CscMatrix, qr } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]);
 * const factor = qr(A);
 * // Aᵀ y = c with least ‖y‖, from the same factorisation:
 * const y = factor.solve(new Float64Array([1, 1]), { transpose: true });
 * console.log(y.length, y.map((v) => +v.toFixed(4))); // → 3 Float64Array(3) [ 0.3333, 0.3333, 0.3333 ]
 * factor.dispose();
 * ```
 */
export interface QRSolveOptions {
  /** Solve with Aᵀ instead of A (default false): the least-squares and minimum-norm readings swap. */
  transpose?: boolean;
  /**
   * Apply the pseudo-inverse, x = A⁺ b (or (Aᵀ)⁺ b): the minimum-norm least-squares solution, also
   * for rank-deficient A (default false). Computed by a complete orthogonal decomposition built on
   * first use (one more factorisation of A, and one of R's leading rows; kept until a refactor).
   */
  pseudoInverse?: boolean;
}

/**
 * What SuiteSparseQR chose and how big the factorisation is: {@link QRFactor.info}, read fresh
 * from the addon on every access.
 *
 * @example
 * ```ts
 * import { CscMatrix, qr } from 'spsolve';
 *
 * const factor = qr(CscMatrix.fromDense(2, 3, [1, 0, 0, 1, 1, 1])); // wide: Aᵀ is factorised
 * const { rows, cols, rank, factorsTranspose } = factor.info;
 * console.log(rows, cols, rank, factorsTranspose); // → 2 3 2 true
 * factor.dispose();
 * ```
 */
export interface QRInfo {
  /** Rows of A (m). */
  rows: number;
  /** Columns of A (n). */
  cols: number;
  /** True when A is wide (m < n) and so Aᵀ is what is factorised (every solve works from it). */
  factorsTranspose: boolean;
  /** Stored entries of A. */
  nnzA: number;
  /** SPQR's rank estimate: the number of live columns at the tolerance used. */
  rank: number;
  /** Entries of R (from the analysis; an upper bound when columns die). */
  nnzR: number;
  /** Entries of the Householder vectors that represent Q. */
  nnzH: number;
  /** Frontal matrices of the multifrontal factorisation. */
  fronts: number;
  /** The column ordering SPQR used. */
  ordering: (typeof QR_USED_ORDERING_NAMES)[number];
  /** Floating-point operations of the last numeric factorisation. */
  flops: number;
  /** The rank-detection tolerance used (a 2-norm; ≤ 0 when rank detection was off). */
  tolerance: number;
  /** Frobenius norm of what the dead columns dropped (0 at full rank): ‖A − Q R Eᵀ‖_F ≤ this. */
  normDead: number;
  /** Threads the last numeric factorisation's BLAS calls could use (see {@link setThreads}); the numbers do not depend on it. */
  blasThreads: number;
  /** Native memory held (the copy of A, the factorisation, the complete orthogonal decomposition once built), in bytes; an estimate. */
  memoryBytes: number;
  /** Numeric factorisations so far (1 after qr(), +1 per refactor). */
  factorizations: number;
  /** Duration of the symbolic analysis, in seconds. */
  analyzeSeconds: number;
  /** Duration of the last numeric factorisation, in seconds. */
  factorSeconds: number;
}

/**
 * A sparse QR factorisation by SuiteSparseQR (multifrontal, rank-revealing): least squares and
 * minimum-norm solutions with A and Aᵀ.
 *
 * What SPQR factorises is the tall one of A and Aᵀ, B (p × q, p ≥ q): B E = Q R with a
 * fill-reducing column permutation E, Q kept as Householder vectors. Then
 * - for a tall (or square) A, `solve(b)` is the least-squares solution min ‖A x − b‖₂,
 *   x = E R⁻¹ (Qᵀ b), and `solve(c, { transpose: true })` the minimum-norm solution of Aᵀ y = c;
 * - for a wide A, `solve(b)` is the minimum-norm solution of A x = b, x = Q R⁻ᵀ Eᵀ b, and
 *   `solve(c, { transpose: true })` the least-squares solution of Aᵀ y ≈ c.
 *
 * A rank-deficient A (`rank < min(m, n)`): `solve` returns SPQR's *basic* solution (the dead
 * columns' unknowns are zero; for the minimum-norm reading, the dead equations are dropped), which
 * is not the minimum-norm least-squares solution; `solve(b, { pseudoInverse: true })` is (A⁺ b).
 *
 * Create one with {@link qr} or {@link qrAsync}; free it with `dispose()` (or `using`).
 *
 * @example
 * ```ts
 * import { CscMatrix, qr } from 'spsolve';
 *
 * // Fit y = c0 + c1 t to (0, 1), (1, 2), (2, 4): min ‖A c − y‖.
 * const A = CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]);
 * const factor = qr(A);
 * const c = factor.solve(new Float64Array([1, 2, 4]));
 * console.log(factor.rank, c.map((v) => +v.toFixed(4))); // → 2 Float64Array(2) [ 0.8333, 1.5 ]
 * factor.dispose();
 * ```
 */
export class QRFactor extends NativeHandle {
  /** Rows of A. */
  readonly nrows: number;
  /** Columns of A. */
  readonly ncols: number;
  #matrix: CscMatrix;

  /** @internal Use qr() or qrAsync(). */
  constructor(handle: number, matrix: CscMatrix) {
    super(handle, 'QR factor');
    this.#matrix = matrix;
    this.nrows = matrix.nrows;
    this.ncols = matrix.ncols;
  }

  /** The factorised matrix (general storage), with the values of its last factorisation. */
  get matrix(): CscMatrix {
    return this.#matrix;
  }

  /** SPQR's rank estimate (see {@link QROptions.tolerance}). */
  get rank(): number {
    return this.info.rank;
  }

  /** True when the rank is min(m, n): `solve` then gives the least-squares or minimum-norm solution exactly. */
  get fullRank(): boolean {
    return this.rank === Math.min(this.nrows, this.ncols);
  }

  /** Statistics of the factorisation (see {@link QRInfo}). */
  get info(): QRInfo {
    const raw = native().qrInfo({ handle: this.handle });
    return { ...raw, ordering: QR_USED_ORDERING_NAMES[raw.ordering] ?? 'default' } as unknown as QRInfo;
  }

  /**
   * Solves A x = b in the least-squares sense (tall A) or with minimum norm (wide A); with
   * `transpose`, Aᵀ x = b; with `pseudoInverse`, x = A⁺ b (see {@link QRFactor}). A DenseMatrix of
   * many right-hand sides is solved in one native call.
   *
   * @param b A right-hand side of length m (n with `transpose`), or a DenseMatrix with that many rows.
   * @returns x, of length n (m with `transpose`), or a DenseMatrix with that many rows.
   * @throws RangeError for a wrong length or a non-finite entry; DisposedError after dispose();
   *   {@link QrError} when SPQR fails (out of memory).
   *
   * @example
   * ```ts
   * import { CscMatrix, qr } from 'spsolve';
   *
   * const A = CscMatrix.fromDense(2, 3, [1, 0, 0, 1, 1, 1]); // wide: x₀ + x₂ = 2, x₁ + x₂ = 3
   * const factor = qr(A);
   * const x = factor.solve(new Float64Array([2, 3]));       // the minimum-norm solution
   * console.log(x.map((v) => +v.toFixed(4))); // → Float64Array(3) [ 0.3333, 1.3333, 1.6667 ]
   * factor.dispose();
   * ```
   */
  solve(b: Float64Array | ArrayLike<number>, opts?: QRSolveOptions): Float64Array;
  solve(B: DenseMatrix, opts?: QRSolveOptions): DenseMatrix;
  solve(b: Float64Array | ArrayLike<number> | DenseMatrix, opts?: QRSolveOptions): Float64Array | DenseMatrix {
    const handle = this.handle;
    const { data, nrhs, dense, transpose, pseudoInverse, rowsOut } = this.#rhs(b, opts, 'QRFactor.solve');
    const x = new Float64Array(rowsOut * nrhs);
    native().qrSolve({ handle, transpose, pseudoInverse, B: data, nrhs, X: x });
    return dense ? { nrows: rowsOut, ncols: nrhs, data: x } : x;
  }

  /**
   * {@link QRFactor.solve} on the thread pool; the event loop stays free. Solves of one factor run
   * concurrently; a refactor waits for them.
   *
   * @example
   * ```ts
   * import { CscMatrix, qr } from 'spsolve';
   *
   * const factor = qr(CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]));
   * const c = await factor.solveAsync(new Float64Array([1, 2, 4]));
   * console.log(c[1].toFixed(4)); // → 1.5000
   * factor.dispose();
   * ```
   */
  solveAsync(b: Float64Array | ArrayLike<number>, opts?: QRSolveOptions): Promise<Float64Array>;
  solveAsync(B: DenseMatrix, opts?: QRSolveOptions): Promise<DenseMatrix>;
  async solveAsync(b: Float64Array | ArrayLike<number> | DenseMatrix, opts?: QRSolveOptions): Promise<Float64Array | DenseMatrix> {
    const handle = this.handle;
    const { data, nrhs, dense, transpose, pseudoInverse, rowsOut } = this.#rhs(b, opts, 'QRFactor.solveAsync', true);
    const x = new Float64Array(rowsOut * nrhs);
    await native().qrSolveAsync({ handle, transpose, pseudoInverse, B: data, nrhs, X: x });
    return dense ? { nrows: rowsOut, ncols: nrhs, data: x } : x;
  }

  /**
   * Factorises new values on the same pattern, reusing the symbolic analysis (ordering, fronts).
   *
   * @param AorValues A CscMatrix with the analysed pattern, or its values (nnz, in A's order).
   * @throws RangeError for another pattern, a wrong length or a non-finite value; {@link QrError}.
   *
   * @example
   * ```ts
   * import { CscMatrix, qr } from 'spsolve';
   *
   * const A = CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]);
   * const factor = qr(A);
   * factor.refactor(A.values.map((v) => 2 * v)); // 2A: the solution halves
   * console.log(factor.solve(new Float64Array([1, 2, 4]))[1].toFixed(4), factor.info.factorizations); // → 0.7500 2
   * factor.dispose();
   * ```
   */
  refactor(AorValues: CscMatrix | Float64Array | ArrayLike<number>): void {
    const handle = this.handle;
    const values = this.#newValues(AorValues, 'QRFactor.refactor');
    native().qrRefactor({ handle, values });
    this.#matrix = this.#matrix.withValues(values);
  }

  /**
   * {@link QRFactor.refactor} on the thread pool; it waits for running solves of this factor.
   *
   * @example
   * ```ts
   * import { CscMatrix, qr } from 'spsolve';
   *
   * const A = CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]);
   * const factor = qr(A);
   * await factor.refactorAsync(A.values.map((v) => 2 * v));
   * console.log(factor.info.factorizations); // → 2
   * factor.dispose();
   * ```
   */
  async refactorAsync(AorValues: CscMatrix | Float64Array | ArrayLike<number>): Promise<void> {
    const handle = this.handle;
    const values = this.#newValues(AorValues, 'QRFactor.refactorAsync', true);
    await native().qrRefactorAsync({ handle, values });
    this.#matrix = this.#matrix.withValues(values);
  }

  /**
   * R of the factorised matrix B (A, or Aᵀ when A is wide): B E = Q [R; 0], R with `rank` rows,
   * upper trapezoidal ([R11 R12], R11 upper triangular), the dead columns last in E. From the
   * complete orthogonal decomposition (one more factorisation on first use, kept until a refactor;
   * its rank is usually, not necessarily, {@link QRFactor.rank}).
   *
   * @example
   * ```ts
   * import { CscMatrix, qr } from 'spsolve';
   *
   * const A = CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]);
   * const factor = qr(A);
   * const R = factor.R();
   * console.log(R.nrows, R.ncols, Math.abs(R.get(0, 0)).toFixed(4)); // → 2 2 1.7321
   * factor.dispose();
   * ```
   */
  R(): CscMatrix {
    const handle = this.handle;
    const r = native().qrR({ handle });
    const q = Math.min(this.nrows, this.ncols); // columns of the factorised matrix
    return new CscMatrix(r.nrows, q, new Int32Array(r.colPtr), new Int32Array(r.rowIdx), new Float64Array(r.values));
  }

  /**
   * E of {@link QRFactor.R}: column k of B E is column `columnPermutation[k]` of B (B = A, or Aᵀ
   * when A is wide).
   *
   * @example
   * ```ts
   * import { CscMatrix, qr } from 'spsolve';
   *
   * const factor = qr(CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 1, 2]), { ordering: 'natural' });
   * console.log(factor.columnPermutation); // → Int32Array(2) [ 0, 1 ]
   * factor.dispose();
   * ```
   */
  get columnPermutation(): Int32Array {
    const handle = this.handle;
    const out = new Int32Array(Math.min(this.nrows, this.ncols));
    native().qrColumnPermutation({ handle, out });
    return out;
  }

  /**
   * A cheap reciprocal condition estimate from R's diagonal: min |R_kk| / max |R_kk| over the
   * columns of the factorised matrix, 0 when it is rank-deficient. It is not LAPACK's norm-based
   * estimate: it can overestimate 1/κ₂(A) (by a factor growing with n at worst), but it is exact
   * for a diagonal A and a good indicator in practice. Builds R ({@link QRFactor.R}) on first use.
   *
   * @example
   * ```ts
   * import { CscMatrix, qr } from 'spsolve';
   *
   * const factor = qr(CscMatrix.fromDense(3, 2, [2, 0, 0, 0, 0.5, 0]));
   * console.log(factor.rcond()); // → 0.25
   * factor.dispose();
   * ```
   */
  rcond(): number {
    const R = this.R();
    const q = Math.min(this.nrows, this.ncols);
    if (R.nrows < q) return 0;
    let smallest = Infinity;
    let largest = 0;
    for (let k = 0; k < q; k++) {
      const d = Math.abs(R.get(k, k));
      smallest = Math.min(smallest, d);
      largest = Math.max(largest, d);
    }
    return largest === 0 ? 0 : smallest / largest;
  }

  #rhs(b: unknown, opts: unknown, fn: string, onWorker = false) {
    const { transpose, pseudoInverse } = checkOptions(opts, ['transpose', 'pseudoInverse'], `${fn}: opts`);
    const t = transpose === undefined ? false : checkBoolean(transpose, `${fn}: opts.transpose`);
    const p = pseudoInverse === undefined ? false : checkBoolean(pseudoInverse, `${fn}: opts.pseudoInverse`);
    const rowsIn = t ? this.ncols : this.nrows;
    const rowsOut = t ? this.nrows : this.ncols;
    const rhs = isNumericArrayLike(b) ? toFloat64Array(b, `${fn}: b`) : b;
    checkVectorOrColumns(rhs, rowsIn, `${fn}: b`);
    const data = rhs instanceof Float64Array ? rhs : rhs.data;
    if (!onWorker) checkFinite(data, rhs instanceof Float64Array ? `${fn}: b` : `${fn}: b.data`);
    return { data, nrhs: rhs instanceof Float64Array ? 1 : rhs.ncols, dense: !(rhs instanceof Float64Array), transpose: t, pseudoInverse: p, rowsOut };
  }

  #newValues(AorValues: unknown, fn: string, onWorker = false): Float64Array {
    const analysed = this.#matrix;
    if (AorValues instanceof CscMatrix) {
      const general = AorValues.toGeneral();
      if (!general.samePattern(analysed)) {
        throw new RangeError(`${fn}: A must have the pattern the factor was analysed with; call qr() for a new pattern`);
      }
      return general.values;
    }
    if (onWorker) {
      const values = toFloat64Array(AorValues, `${fn}: values`);
      checkLength(values, analysed.nnz, `${fn}: values`, 'matrix.nnz');
      return values;
    }
    return toFiniteVector(AorValues, analysed.nnz, `${fn}: values`, 'matrix.nnz');
  }
}
