/**
 * Dense Householder QR of the tall one of A and Aᵀ: a least-squares solution for a
 * tall full-column-rank A, the minimum-norm solution for a wide full-row-rank A, the
 * ordinary solution for a square one. Transposing swaps the two readings, no refactorisation.
 */
import { Result } from '../errors';
import type { LinearOperator } from '../operators';
import { Computed, LinearSolver, Rhs, SolveOptions, directCompute } from './solver';

/**
 * The state of {@link QR}: Householder QR of the tall one of A and Aᵀ.
 *
 * @example
 * ```ts
 * import { MatrixOperator, QR, denseMatrix } from 'spsolve';
 *
 * const state = new QR().init(new MatrixOperator(denseMatrix(1, 3, [1, 1, 1])), {}); // wide: QR of Aᵀ
 * console.log(state.m, state.n, state.transposed); // → 3 1 true
 * ```
 */
export interface QRState {
  /** Rows of B = Q R, the factored m x n matrix (m >= n): the tall one of A and Aᵀ. */
  readonly m: number;
  /** Columns of B (B is m x n). */
  readonly n: number;
  /** R (n x n, column-major, upper triangle used). */
  readonly r: Float64Array;
  /** Householder vectors, column k in reflectors[k * m + k .. (k + 1) * m): H_k = I - betas[k] v vᵀ. */
  readonly reflectors: Float64Array;
  /** The scalars of the reflectors. */
  readonly betas: Float64Array;
  /** The system solved is Bᵀ x = b (minimum norm) rather than B x = b (least squares): true for a wide A; `transpose` flips it. */
  readonly transposed: boolean;
  /** 'singular' when B is rank-deficient at working precision, 'nonfiniteInput' for a non-finite entry. */
  readonly failure?: Result;
}

/**
 * Dense Householder QR for any operator, square or not: the least-squares solution
 * (min ‖A x - b‖₂) for a tall full-column-rank A, the minimum-norm solution for a wide
 * full-row-rank A, the ordinary solution for a square one. {@link AutoSolver} uses it
 * for non-square dense operators. Reads the matrix with `asMatrix`. A rank-deficient A
 * gives result `singular`.
 *
 * @example
 * ```ts
 * import { MatrixOperator, QR, denseMatrix, linearSolve } from 'spsolve';
 *
 * // Fit y = c0 + c1 t to three points (t = 0, 1, 2; y = 1, 2, 4).
 * const A = new MatrixOperator(denseMatrix(3, 2, [1, 1, 1, 0, 1, 2]));
 * const { value: c } = linearSolve(A, new Float64Array([1, 2, 4]), new QR());
 * console.log(c.map((v) => +v.toFixed(3))); // → Float64Array(2) [ 0.833, 1.5 ]
 * ```
 */
export class QR implements LinearSolver<QRState> {
  readonly name = 'QR';

  init(op: LinearOperator, _options?: SolveOptions): QRState {
    const a = op.asMatrix();
    const transposed = a.nrows < a.ncols;
    const [m, n] = transposed ? [a.ncols, a.nrows] : [a.nrows, a.ncols];
    // B column-major m x n: A itself, or Aᵀ (B[i, j] = A[j, i]).
    const work = transposed ? new Float64Array(m * n).map((_, k) => a.data[((k / m) | 0) + (k % m) * n]) : a.data;
    const { r, reflectors, betas } = householder(work, m, n);
    return { m, n, r, reflectors, betas, transposed, failure: rankFailure(r, m, n) };
  }

  compute<V extends Rhs>(state: QRState, b: V, _options?: SolveOptions): Computed<V> {
    const { m, n, transposed } = state;
    const sizes = transposed ? { rows: n, cols: m } : { rows: m, cols: n };
    return directCompute(this.name, b, sizes, state.failure, (column) => (transposed ? minimumNorm(state, column) : leastSquares(state, column)));
  }

  transpose(state: QRState, options: SolveOptions): [QRState, SolveOptions] {
    return [{ ...state, transposed: !state.transposed }, options];
  }

  conj(state: QRState, options: SolveOptions): [QRState, SolveOptions] {
    return [state, options];
  }

  assumeFullRank(): boolean {
    return true;
  }
}

function householder(b: Float64Array, m: number, n: number) {
  const work = b.slice();
  const reflectors = new Float64Array(m * n);
  const betas = new Float64Array(n);
  const r = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm = Math.hypot(norm, work[i + k * m]);
    const x0 = work[k + k * m];
    // Reflect onto -sign(x0) ‖x‖ e_k: adding, not subtracting, avoids cancellation in v[0].
    const alpha = x0 >= 0 ? -norm : norm;
    const v = reflectors.subarray(k * m, (k + 1) * m);
    for (let i = k; i < m; i++) v[i] = work[i + k * m];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i] * v[i];
    betas[k] = vv === 0 ? 0 : 2 / vv;
    work[k + k * m] = alpha;
    for (let j = k + 1; j < n; j++) applyReflector(v, betas[k], k, work.subarray(j * m, (j + 1) * m));
    for (let i = 0; i <= k; i++) r[i + k * n] = work[i + k * m];
  }
  return { r, reflectors, betas };
}

/** x ← (I - beta v vᵀ) x, where v is zero above index k. */
function applyReflector(v: Float64Array, beta: number, k: number, x: Float64Array): void {
  let s = 0;
  for (let i = k; i < v.length; i++) s += v[i] * x[i];
  s *= beta;
  if (s !== 0) for (let i = k; i < v.length; i++) x[i] -= s * v[i];
}

/** Full column rank at working precision, or singular. */
function rankFailure(r: Float64Array, m: number, n: number): Result | undefined {
  let largest = 0;
  for (let k = 0; k < n; k++) largest = Math.max(largest, Math.abs(r[k + k * n]));
  if (!Number.isFinite(largest)) return Result.nonfiniteInput;
  for (let k = 0; k < n; k++) if (Math.abs(r[k + k * n]) <= m * Number.EPSILON * largest) return Result.singular;
  return undefined;
}

/** min ‖B x - b‖: x = R⁻¹ (Qᵀ b)[0..n). */
function leastSquares({ m, n, r, reflectors, betas }: QRState, b: Float64Array): Float64Array {
  const qtb = b.slice();
  for (let k = 0; k < n; k++) applyReflector(reflectors.subarray(k * m, (k + 1) * m), betas[k], k, qtb);
  const x = qtb.slice(0, n);
  for (let j = n - 1; j >= 0; j--) {
    x[j] /= r[j + j * n];
    for (let i = 0; i < j; i++) x[i] -= r[i + j * n] * x[j];
  }
  return x;
}

/** Bᵀ x = b with least ‖x‖: solve Rᵀ y = b, then x = Q [y; 0]. */
function minimumNorm({ m, n, r, reflectors, betas }: QRState, b: Float64Array): Float64Array {
  const x = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    let s = b[j];
    for (let i = 0; i < j; i++) s -= r[i + j * n] * x[i];
    x[j] = s / r[j + j * n];
  }
  for (let k = n - 1; k >= 0; k--) applyReflector(reflectors.subarray(k * m, (k + 1) * m), betas[k], k, x);
  return x;
}
