/**
 * Dense SVD solver (Lineax's SVD, SciPy's lstsq): the pseudo-inverse solution A⁺ b of any
 * operator, square or not, singular or not. The SVD is one-sided Jacobi (Hestenes) on the
 * tall one of A and Aᵀ: orthogonal plane rotations of its columns until they are mutually
 * orthogonal; the column norms are then the singular values. Accurate to working precision
 * in every singular value (relative to the largest), O(m n² · sweeps) time.
 */
import { Result } from '../errors';
import type { LinearOperator } from '../operators';
import { type DenseMatrix, checkDenseMatrix } from '../sparse';
import { allFinite, checkFiniteNumber } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { Computed, LinearSolver, Rhs, SolveOptions, filledLike, mapColumns, rhsData } from './solver';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';

/**
 * The thin singular value decomposition A = U diag(s) Vᵀ of an m x n matrix, k = min(m, n).
 *
 * @example
 * ```ts
 * import { denseMatrix, svd } from 'spsolve';
 *
 * const { s } = svd(denseMatrix(2, 2, [3, 0, 0, -4])); // diag(3, -4)
 * console.log(s); // → Float64Array(2) [ 4, 3 ]
 * ```
 */
export interface SingularValueDecomposition {
  /** m x k, orthonormal columns (column-major). */
  readonly u: DenseMatrix;
  /** The k singular values, largest first. */
  readonly s: Float64Array;
  /** n x k, orthonormal columns (column-major). */
  readonly v: DenseMatrix;
}

/** Sweeps of one-sided Jacobi before giving up (convergence is quadratic: 6–10 is typical). */
const MAX_SWEEPS = 80;

/**
 * The thin SVD A = U diag(s) Vᵀ of a dense matrix, by one-sided Jacobi on the tall one of
 * A and Aᵀ. Columns of U (V) whose singular value is exactly zero are zero vectors.
 *
 * @param a The matrix, column-major.
 * @throws TypeError / RangeError for an argument that is not a DenseMatrix or has a non-finite entry.
 * @example
 * ```ts
 * import { denseMatrix, svd } from 'spsolve';
 *
 * // [[1, 1], [1, 1]] has singular values 2 and 0.
 * const { s } = svd(denseMatrix(2, 2, [1, 1, 1, 1]));
 * console.log(s[0].toFixed(12), Math.abs(s[1]) < 1e-15); // → 2.000000000000 true
 * ```
 */
export function svd(a: DenseMatrix): SingularValueDecomposition {
  checkDenseMatrix('svd: a', a);
  if (!allFinite(a.data)) throw new RangeError('svd: a must have finite entries, got NaN or Infinity');
  const transposed = a.nrows < a.ncols;
  const [m, n] = transposed ? [a.ncols, a.nrows] : [a.nrows, a.ncols];
  // B (m x n, m ≥ n) is A or Aᵀ; it becomes U diag(s), while V accumulates the rotations.
  const b = transposed ? transpose(a.data, a.nrows, a.ncols) : a.data.slice();
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j + j * n] = 1;
  jacobi(b, v, m, n);
  const order = Array.from({ length: n }, (_, j) => j).map((j) => ({ j, norm: columnNorm(b, m, j) }));
  order.sort((p, q) => q.norm - p.norm);
  const s = new Float64Array(n);
  const uData = new Float64Array(m * n);
  const vData = new Float64Array(n * n);
  order.forEach(({ j, norm }, k) => {
    s[k] = norm;
    for (let i = 0; i < m; i++) uData[i + k * m] = norm > 0 ? b[i + j * m] / norm : 0;
    vData.set(v.subarray(j * n, (j + 1) * n), k * n);
  });
  const left = { nrows: m, ncols: n, data: uData };
  const right = { nrows: n, ncols: n, data: vData };
  // Aᵀ = U Σ Vᵀ means A = V Σ Uᵀ.
  return transposed ? { u: right, s, v: left } : { u: left, s, v: right };
}

function transpose(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) out[j + i * cols] = data[i + j * rows];
  return out;
}

function columnNorm(b: Float64Array, m: number, j: number): number {
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(b[i + j * m]));
  if (scale === 0) return 0;
  let sum = 0;
  for (let i = 0; i < m; i++) sum += (b[i + j * m] / scale) ** 2;
  return scale * Math.sqrt(sum);
}

/** Rotates pairs of columns of b (and of v) until every pair is orthogonal to working precision. */
function jacobi(b: Float64Array, v: Float64Array, m: number, n: number): void {
  const tolerance = m * Number.EPSILON;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const bp = b[i + p * m];
          const bq = b[i + q * m];
          alpha += bp * bp;
          beta += bq * bq;
          gamma += bp * bq;
        }
        if (gamma === 0 || Math.abs(gamma) <= tolerance * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that zeroes the (p, q) entry of BᵀB (Rutishauser's stable form).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.hypot(1, t);
        const s = c * t;
        rotate(b, m, p, q, c, s);
        rotate(v, n, p, q, c, s);
      }
    }
    if (!rotated) return;
  }
}

function rotate(x: Float64Array, rows: number, p: number, q: number, c: number, s: number): void {
  for (let i = 0; i < rows; i++) {
    const xp = x[i + p * rows];
    const xq = x[i + q * rows];
    x[i + p * rows] = c * xp - s * xq;
    x[i + q * rows] = s * xp + c * xq;
  }
}

/**
 * Settings of {@link SVD}.
 *
 * @example
 * ```ts
 * import { SVD } from 'spsolve';
 *
 * console.log(new SVD({ rcond: 1e-10 }).rcond); // → 1e-10
 * ```
 */
export interface SVDSettings {
  /**
   * Singular values at most rcond · s_max are treated as zero (Lineax's and NumPy's rcond).
   * Default: machine epsilon · max(m, n). A negative value means machine epsilon.
   */
  rcond?: number;
}

/**
 * The state of {@link SVD}: the thin SVD of A (the transposed state swaps U and V).
 *
 * @example
 * ```ts
 * import { MatrixOperator, SVD, denseMatrix } from 'spsolve';
 *
 * const state = new SVD().init(new MatrixOperator(denseMatrix(3, 2, [1, 0, 0, 0, 1, 0])), {});
 * console.log(state.rows, state.cols, state.rank); // → 3 2 2
 * ```
 */
export interface SVDState extends SingularValueDecomposition {
  /** Rows of the operator solved with (m). */
  readonly rows: number;
  /** Columns of the operator solved with (n). */
  readonly cols: number;
  /** Singular values above the cut-off: the numerical rank. */
  readonly rank: number;
  /** 'nonfiniteInput' for a non-finite entry of A. */
  readonly failure?: Result;
}

/**
 * Dense SVD solver for any operator (Lineax's SVD, SciPy's lstsq): x = A⁺ b, the
 * minimum-norm least-squares solution, for square, tall, wide, singular or
 * rank-deficient A. Singular values at most `rcond · s_max` count as zero; `stats.rank`
 * is the numerical rank. Never reports `singular`. Reads the matrix with `asMatrix`:
 * O(m n min(m, n)) time per sweep, for small and medium operators.
 * `assumeFullRank()` is false, so derivatives get the full pseudo-inverse terms.
 * {@link AutoSolver} picks it for dense operators with `wellPosed: false`.
 *
 * @example
 * ```ts
 * import { MatrixOperator, SVD, denseMatrix, linearSolve } from 'spsolve';
 *
 * // [[1, 1], [1, 1]] is singular: the pseudo-inverse solution of x + y = 2 (twice) is (1, 1).
 * const op = new MatrixOperator(denseMatrix(2, 2, [1, 1, 1, 1]));
 * const { value, stats } = linearSolve(op, new Float64Array([2, 2]), new SVD());
 * console.log(value.map((v) => +v.toFixed(12)), stats.rank); // → Float64Array(2) [ 1, 1 ] 1
 * ```
 */
export class SVD implements LinearSolver<SVDState> {
  readonly name = 'SVD';
  /** The cut-off given to the constructor (undefined: machine epsilon · max(m, n)). */
  readonly rcond?: number;

  /** @throws TypeError for an unknown setting or a non-finite rcond. */
  constructor(settings: SVDSettings = {}) {
    const { rcond } = checkOptions(settings, ['rcond'], 'SVD: settings');
    if (rcond !== undefined) {
      checkFiniteNumber(rcond, 'SVD: settings.rcond');
      this.rcond = rcond as number;
    }
  }

  /** Decomposes the operator's matrix (a non-finite entry becomes result `nonfiniteInput` at compute). */
  init(op: LinearOperator, _options?: SolveOptions): SVDState {
    const a = op.asMatrix();
    const [m, n] = [a.nrows, a.ncols];
    if (!allFinite(a.data)) {
      const k = Math.min(m, n);
      const empty = { u: { nrows: m, ncols: k, data: new Float64Array(m * k) }, s: new Float64Array(k), v: { nrows: n, ncols: k, data: new Float64Array(n * k) } };
      return { ...empty, rows: m, cols: n, rank: 0, failure: Result.nonfiniteInput };
    }
    const decomposition = svd(a);
    const cut = this.cutoff(m, n) * (decomposition.s[0] ?? 0);
    // Not ≥: an all-zero matrix has rank 0, not min(m, n).
    const rank = decomposition.s.filter((sigma) => sigma > cut).length;
    return { ...decomposition, rows: m, cols: n, rank };
  }

  /** The relative cut-off for an m x n operator. */
  cutoff(m: number, n: number): number {
    if (this.rcond === undefined) return Number.EPSILON * Math.max(m, n);
    return this.rcond < 0 ? Number.EPSILON : this.rcond;
  }

  /** x = V diag(1/s) Uᵀ b over the first `rank` singular triplets; `stats.rank` is the rank. */
  compute<V extends Rhs>(state: SVDState, b: V, _options?: SolveOptions): Computed<V> {
    checkVectorOrColumns(b, state.rows, `${this.name}.compute: b`);
    const failure = state.failure ?? (allFinite(rhsData(b)) ? undefined : Result.nonfiniteInput);
    if (failure) return { value: filledLike(b, state.cols, NaN), result: failure, stats: { rank: state.rank } };
    return { value: mapColumns(b, state.cols, (column) => pseudoInverseSolve(state, column)), result: Result.successful, stats: { rank: state.rank } };
  }

  /** Aᵀ = V diag(s) Uᵀ: U and V swap, nothing is recomputed. */
  transpose(state: SVDState, options: SolveOptions): [SVDState, SolveOptions] {
    return [{ ...state, u: state.v, v: state.u, rows: state.cols, cols: state.rows }, options];
  }

  /** The state itself (everything is real). */
  conj(state: SVDState, options: SolveOptions): [SVDState, SolveOptions] {
    return [state, options];
  }

  /** False: the solution is the pseudo-inverse one, so derivatives include every pseudo-inverse term. */
  assumeFullRank(): boolean {
    return false;
  }
}

function pseudoInverseSolve({ u, s, v, rank, rows, cols }: SVDState, b: Float64Array): Float64Array {
  const x = new Float64Array(cols);
  for (let k = 0; k < rank; k++) {
    let c = 0;
    for (let i = 0; i < rows; i++) c += u.data[i + k * rows] * b[i];
    c /= s[k];
    for (let i = 0; i < cols; i++) x[i] += c * v.data[i + k * cols];
  }
  return x;
}
