/**
 * A sparse LU factorisation (UMFPACK or KLU) living in the addon's handle table.
 * @module
 */
import { native } from '../native';
import { CscMatrix, checkCscMatrix } from '../sparse/csc';
import { isDenseMatrix, type DenseMatrix } from '../sparse/dense';
import { checkBoolean, checkFinite, checkLength, toFloat64Array } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { NativeHandle } from '../handles/native-handle';
import type { LuEngine } from './errors';

/**
 * Options of {@link LUFactor.solve} and {@link LUFactor.solveAsync}.
 *
 * @example
 * ```ts
 * import { CscMatrix, lu } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(2, 2, [2, 0, 1, 3]); // [[2, 1], [0, 3]]
 * const f = lu(A);
 * console.log(f.solve([2, 1], { transpose: true })); // → Float64Array(2) [ 1, 0 ]
 * f.dispose();
 * ```
 */
export interface LUSolveOptions {
  /** Solve Aᵀx = b with the same factors (default false). */
  transpose?: boolean;
}

/**
 * What the engine did: {@link LUFactor.info}, read fresh from the addon on every access.
 *
 * @example
 * ```ts
 * import { convectionDiffusion2d, lu } from 'spsolve';
 *
 * const f = lu(convectionDiffusion2d(50));
 * const { engine, nnzL, nnzU, strategy } = f.info;
 * console.log(engine, nnzL + nnzU > f.matrix.nnz, strategy); // → umfpack true symmetric
 * f.dispose();
 * ```
 */
export interface LUInfo {
  /** The engine that made the factors. */
  engine: LuEngine;
  /** Order of A. */
  n: number;
  /** Entries stored of A. */
  nnzA: number;
  /** False after luAnalyze (or a failed refactor) until a factorisation succeeds. */
  isNumeric: boolean;
  /** Entries of L, its unit diagonal included (an estimate from the analysis until factorised). */
  nnzL: number;
  /** Entries of U, its diagonal included (KLU: and of the off-diagonal blocks F). */
  nnzU: number;
  /** Floating-point operations of the numeric factorisation. */
  flops: number;
  /** The ordering used: 'amd', 'colamd', 'metis', 'cholmod', 'natural', 'given'. */
  ordering: string;
  /** UMFPACK: 'symmetric' or 'unsymmetric'; KLU: 'btf' or 'none'. */
  strategy: string;
  /** Pivots taken off the diagonal (after the ordering). */
  offDiagonalPivots: number;
  /** KLU: diagonal blocks of the block triangular form (1 for UMFPACK). */
  blocks: number;
  /** KLU: the structural rank from BTF's maximum matching; UMFPACK: n. */
  structuralRank: number;
  /** Whether the rows were scaled. */
  scaled: boolean;
  /** Native memory held (matrix, symbolic and numeric objects), reported to V8. */
  memoryBytes: number;
  /** Peak memory of the analysis and factorisation. */
  peakBytes: number;
  /** Numeric factorisations made so far. */
  factorizations: number;
  /** Seconds of the symbolic analysis. */
  analyzeSeconds: number;
  /** Seconds of the last numeric factorisation. */
  factorSeconds: number;
}

/**
 * The determinant of A as {@link LUFactor.logDeterminant} gives it: det A = sign · exp(logAbsDet).
 *
 * @example
 * ```ts
 * import { CscMatrix, lu } from 'spsolve';
 *
 * const f = lu(CscMatrix.fromDense(1, 1, [-3]));
 * console.log(f.logDeterminant().sign); // → -1
 * f.dispose();
 * ```
 */
export interface LUDeterminant {
  /** −1 or 1. */
  sign: number;
  /** log |det A|. */
  logAbsDet: number;
}

/**
 * The factors in one convention for both engines: (diag(rowScale)⁻¹ A)[p, q] = L U + F, i.e.
 * row `p[k]` of the scaled A is row k of the product and column `q[k]` its column k. L is unit
 * lower triangular, U upper triangular; F holds KLU's off-diagonal blocks of its block triangular
 * form (empty for UMFPACK).
 *
 * @example
 * ```ts
 * import { CscMatrix, lu } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(2, 2, [1, 4, 2, 3]); // [[1, 2], [4, 3]]
 * // Strict partial pivoting (by default UMFPACK would keep the diagonal 1 as a pivot).
 * const f = lu(A, { scaling: 'none', strategy: 'unsymmetric', pivotTolerance: 1 });
 * const { L, U, p } = f.extract();
 * console.log(p, L.get(1, 0), U.get(0, 0)); // → Int32Array(2) [ 1, 0 ] 0.25 4
 * f.dispose();
 * ```
 */
export interface LUParts {
  /** Unit lower triangular, n × n. */
  L: CscMatrix;
  /** Upper triangular, n × n. */
  U: CscMatrix;
  /** KLU's off-diagonal blocks (strictly block upper triangular); no entries for UMFPACK. */
  F: CscMatrix;
  /** Row permutation: row k of the product is row p[k] of A. */
  p: Int32Array;
  /** Column permutation: column k of the product is column q[k] of A. */
  q: Int32Array;
  /** Row scale factors, indexed by the rows of A (all 1 without scaling). */
  rowScale: Float64Array;
}

/**
 * A sparse LU factorisation of a square matrix A, by UMFPACK or KLU: solves with A and Aᵀ,
 * refactorisation with new values on the same pattern (the analysis is reused), determinant,
 * condition estimate and the factors. Made by {@link lu}, {@link luAsync} or {@link luAnalyze};
 * owns native memory: call `dispose()` (or `using`), else the garbage collector frees it eventually.
 *
 * @example
 * ```ts
 * import { convectionDiffusion2d, lu } from 'spsolve';
 *
 * const A = convectionDiffusion2d(30, { peclet: 500 });
 * using f = lu(A);
 * const b = new Float64Array(900).fill(1);
 * const x = f.solve(b);
 * const r = A.matvec(x).map((v, i) => v - b[i]);
 * console.log(Math.max(...r.map(Math.abs)) < 1e-12); // → true
 * ```
 */
export class LUFactor extends NativeHandle {
  /** Order of A. */
  readonly n: number;
  /** The engine that holds the factors. */
  readonly engine: LuEngine;
  #matrix: CscMatrix;

  /** @internal Made by lu(), luAsync() and luAnalyze(). */
  constructor(handle: number, matrix: CscMatrix, engine: LuEngine) {
    super(handle, 'LU factor');
    this.#matrix = matrix;
    this.n = matrix.nrows;
    this.engine = engine;
  }

  /** The analysed matrix (general storage), with the values of the last factorisation. */
  get matrix(): CscMatrix {
    return this.#matrix;
  }

  /**
   * x = A⁻¹b (or A⁻ᵀb with `transpose`). `b` may be a vector of length n or a DenseMatrix with n
   * rows (all its columns are solved in one call). UMFPACK refines each solution iteratively.
   *
   * @throws RangeError for a wrong length or a non-finite entry; LuError when the factor has no
   *   numeric values (after a failed refactor, or from luAnalyze); DisposedError after dispose().
   * @example
   * ```ts
   * import { CscMatrix, lu } from 'spsolve';
   *
   * const f = lu(CscMatrix.fromDense(2, 2, [0, 1, 1, 0]));
   * console.log(f.solve([1, 2])); // → Float64Array(2) [ 2, 1 ]
   * f.dispose();
   * ```
   */
  solve(b: Float64Array | ArrayLike<number>, opts?: LUSolveOptions): Float64Array;
  solve(B: DenseMatrix, opts?: LUSolveOptions): DenseMatrix;
  solve(b: Float64Array | ArrayLike<number> | DenseMatrix, opts?: LUSolveOptions): Float64Array | DenseMatrix {
    const handle = this.handle;
    const { data, nrhs, dense, transpose } = this.#rhs(b, opts, 'LUFactor.solve');
    const x = new Float64Array(data.length);
    native().luSolve({ handle, transpose, B: data, nrhs, X: x });
    return dense ? { nrows: this.n, ncols: nrhs, data: x } : x;
  }

  /**
   * {@link LUFactor.solve} on the thread pool; the event loop stays free.
   *
   * @example
   * ```ts
   * import { convectionDiffusion2d, lu } from 'spsolve';
   *
   * const f = lu(convectionDiffusion2d(20));
   * const x = await f.solveAsync(new Float64Array(400).fill(1));
   * console.log(x.length); // → 400
   * f.dispose();
   * ```
   */
  solveAsync(b: Float64Array | ArrayLike<number>, opts?: LUSolveOptions): Promise<Float64Array>;
  solveAsync(B: DenseMatrix, opts?: LUSolveOptions): Promise<DenseMatrix>;
  async solveAsync(b: Float64Array | ArrayLike<number> | DenseMatrix, opts?: LUSolveOptions): Promise<Float64Array | DenseMatrix> {
    const handle = this.handle;
    const { data, nrhs, dense, transpose } = this.#rhs(b, opts, 'LUFactor.solveAsync');
    const x = new Float64Array(data.length);
    await native().luSolveAsync({ handle, transpose, B: data, nrhs, X: x });
    return dense ? { nrows: this.n, ncols: nrhs, data: x } : x;
  }

  /**
   * New numeric factorisation with new values on the analysed pattern: the symbolic analysis is
   * reused. Pass the new matrix (same pattern, any storage) or just its values (aligned with
   * `matrix.values`). On SingularMatrixError the factor stays alive but cannot solve until a
   * refactor succeeds.
   *
   * @throws RangeError for another pattern, a wrong number of values or a non-finite one;
   *   SingularMatrixError; DisposedError after dispose().
   * @example
   * ```ts
   * import { convectionDiffusion2d, lu } from 'spsolve';
   *
   * const f = lu(convectionDiffusion2d(20, { peclet: 10 }));
   * f.refactor(convectionDiffusion2d(20, { peclet: 1000 })); // numeric only
   * console.log(f.info.factorizations); // → 2
   * f.dispose();
   * ```
   */
  refactor(AorValues: CscMatrix | Float64Array | ArrayLike<number>): void {
    const handle = this.handle;
    const values = this.#newValues(AorValues, 'LUFactor.refactor');
    native().luFactorize({ handle, values });
    this.#matrix = this.#matrix.withValues(values);
  }

  /**
   * {@link LUFactor.refactor} on the thread pool.
   *
   * @example
   * ```ts
   * import { convectionDiffusion2d, lu } from 'spsolve';
   *
   * const f = lu(convectionDiffusion2d(20));
   * await f.refactorAsync(convectionDiffusion2d(20, { peclet: 1 }).values);
   * console.log(f.info.factorizations); // → 2
   * f.dispose();
   * ```
   */
  async refactorAsync(AorValues: CscMatrix | Float64Array | ArrayLike<number>): Promise<void> {
    const handle = this.handle;
    const values = this.#newValues(AorValues, 'LUFactor.refactorAsync');
    await native().luFactorizeAsync({ handle, values });
    this.#matrix = this.#matrix.withValues(values);
  }

  /**
   * The determinant as sign and log|det A|, from the factors (no overflow or underflow however
   * large n is).
   *
   * @example
   * ```ts
   * import { CscMatrix, lu } from 'spsolve';
   *
   * const f = lu(CscMatrix.fromDense(2, 2, [1, 3, 2, 4])); // det = 1·4 − 2·3 = −2
   * const { sign, logAbsDet } = f.logDeterminant();
   * console.log(sign, Math.exp(logAbsDet).toFixed(12)); // → -1 2.000000000000
   * f.dispose();
   * ```
   */
  logDeterminant(): LUDeterminant {
    return native().luLogDet({ handle: this.handle });
  }

  /**
   * The engine's cheap reciprocal condition estimate, min|uᵢᵢ| / max|uᵢᵢ| (0 < rcond ≤ 1). It is
   * not a bound: use it to spot trouble, not to certify a solution.
   *
   * @example
   * ```ts
   * import { CscMatrix, lu } from 'spsolve';
   *
   * const f = lu(CscMatrix.fromDense(2, 2, [1, 0, 0, 1e-8]), { scaling: 'none' });
   * console.log(f.rcond()); // → 1e-8
   * f.dispose();
   * ```
   */
  rcond(): number {
    return native().luRcond({ handle: this.handle });
  }

  /** Sizes, flops, orderings, pivoting and memory of the last analysis and factorisation. */
  get info(): LUInfo {
    // The addon returns exactly LUInfo's fields (native/lu/operations.cc).
    return native().luInfo({ handle: this.handle }) as unknown as LUInfo;
  }

  /**
   * The factors as sparse matrices: (diag(rowScale)⁻¹ A)[p, q] = L U + F (see {@link LUParts}).
   *
   * @example
   * ```ts
   * import { convectionDiffusion2d, lu } from 'spsolve';
   *
   * const f = lu(convectionDiffusion2d(10), { engine: 'klu' });
   * const { L, U, F } = f.extract();
   * console.log(L.nnz + U.nnz + F.nnz === f.info.nnzL + f.info.nnzU); // → true
   * f.dispose();
   * ```
   */
  extract(): LUParts {
    const parts = native().luExtract({ handle: this.handle });
    const n = this.n;
    const csc = (m: { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array }) =>
      CscMatrix.trusted(n, n, m.colPtr, m.rowIdx, m.values, 'general');
    return { L: csc(parts.L), U: csc(parts.U), F: csc(parts.F), p: parts.p, q: parts.q, rowScale: parts.rowScale };
  }

  #rhs(b: unknown, opts: LUSolveOptions | undefined, fn: string) {
    const o = checkOptions(opts, ['transpose'], `${fn}: opts`);
    const transpose = checkBoolean(o.transpose ?? false, `${fn}: opts.transpose`);
    if (isDenseMatrix(b) || (b !== null && typeof b === 'object' && 'nrows' in b)) {
      checkVectorOrColumns(b, this.n, `${fn}: B`);
      const B = b as DenseMatrix;
      return { data: B.data, nrhs: B.ncols, dense: true, transpose };
    }
    const data = toFloat64Array(b, `${fn}: b`);
    checkLength(data, this.n, `${fn}: b`, 'n');
    return { data, nrhs: 1, dense: false, transpose };
  }

  #newValues(AorValues: unknown, fn: string): Float64Array {
    const A = this.#matrix;
    if (AorValues instanceof CscMatrix || (AorValues !== null && typeof AorValues === 'object' && 'colPtr' in AorValues)) {
      const M = checkCscMatrix(AorValues, `${fn}: A`).toGeneral();
      if (!M.samePattern(A)) throw new RangeError(`${fn}: A must have the analysed pattern (${A.toString()}), got ${M.toString()}`);
      return M.values.slice();
    }
    const values = toFloat64Array(AorValues, `${fn}: values`);
    checkLength(values, A.nnz, `${fn}: values`, 'nnz');
    checkFinite(values, `${fn}: values`);
    // A private copy: `matrix` must not change when the caller later writes into their array.
    return values === AorValues ? values.slice() : values;
  }
}
