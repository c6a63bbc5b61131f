/**
 * A CHOLMOD factorisation living in the addon's handle table, and its lifetime.
 * @module
 */
import { native } from '../native';
import { CscMatrix, checkCscMatrix } from '../sparse/csc';
import type { DenseMatrix } from '../sparse/dense';
import {
  checkBoolean, checkChoice, checkFinite, checkFiniteNumber, checkIndex, checkLength, isNumericArrayLike, toFiniteVector, toFloat64Array,
  toIndexArray,
} from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { NativeHandle } from '../handles/native-handle';
import type { FactorKind } from './options';
import { sparseOperand } from './sparse-operand';
import { symmetricStype } from './symmetric-input';

/**
 * Which system a solve answers. CHOLMOD factors P A Pᵀ = L D Lᵀ (D = I for an LLᵀ factor), where
 * P is the fill-reducing permutation, `(P x)[k] = x[permutation[k]]`:
 * - 'A' solves A x = b (the default);
 * - 'LDLt', 'LD', 'DLt', 'L', 'Lt', 'D' solve with those factors, in the permuted order;
 * - 'P' computes x = P b and 'Pt' computes x = Pᵀ b.
 *
 * So A x = b is, step by step: 'P', then 'L', 'D', 'Lt' (or 'LDLt'), then 'Pt'.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(10), { kind: 'LDLt' });
 * const b = new Float64Array(100).fill(1);
 * const y = factor.solve(factor.solve(b, { system: 'P' }), { system: 'LDLt' });
 * const x = factor.solve(y, { system: 'Pt' });
 * console.log(Math.abs(x[7] - factor.solve(b)[7]) < 1e-12); // → true
 * factor.dispose();
 * ```
 */
// Must name exactly the keys of SOLVE_SYSTEM_CODES below (`satisfies` checks it).
export type SolveSystem = 'A' | 'LDLt' | 'LD' | 'DLt' | 'L' | 'Lt' | 'D' | 'P' | 'Pt';

/** @internal CHOLMOD's solve systems, in CHOLMOD's numbering (CHOLMOD_A = 0 … CHOLMOD_Pt = 8). */
export const SOLVE_SYSTEM_CODES = {
  A: 0, LDLt: 1, LD: 2, DLt: 3, L: 4, Lt: 5, D: 6, P: 7, Pt: 8,
} as const satisfies Record<SolveSystem, number>;
/** @internal CHOLMOD's ordering codes as stored in a factor (CHOLMOD_NATURAL = 0 …), by name. */
export const USED_ORDERING_NAMES = ['natural', 'given', 'amd', 'metis', 'nesdis', 'colamd', 'postordered'] as const;

/**
 * Options of {@link Factor.solve}, {@link Factor.solveAsync} and {@link Factor.solveSparse}.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(3));
 * const b = Float64Array.from({ length: 9 }, (_, i) => i);
 * const pb = factor.solve(b, { system: 'P' }); // b in the elimination order
 * console.log(pb[0] === b[factor.permutation[0]]); // → true
 * factor.dispose();
 * ```
 */
export interface FactorSolveOptions {
  /** The system to solve (default 'A': A x = b). */
  system?: SolveSystem;
}

/**
 * Options of {@link Factor.solve} and {@link Factor.solveAsync}: the system, and where to write
 * the solution (Julia's `ldiv!`).
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(10));
 * const x = new Float64Array(100);
 * for (let step = 0; step < 3; step++) factor.solve(new Float64Array(100).fill(step), { out: x }); // no allocation
 * console.log(x === factor.solve(x, { out: x })); // → true
 * factor.dispose();
 * ```
 */
export interface SolveIntoOptions extends FactorSolveOptions {
  /**
   * Writes the solution here and returns it: a Float64Array of n · k values (k right-hand sides,
   * column-major), or a DenseMatrix n × k whose `data` is written. It may be b itself or overlap
   * it (an in-place solve): b is then copied first, so the result is the same as without `out`.
   */
  out?: Float64Array | DenseMatrix;
}

/**
 * Options of {@link Factor.update} and {@link Factor.updateAsync}.
 *
 * @example
 * ```ts
 * import { CscMatrix, cholesky, logdet, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(4);
 * const factor = cholesky(A);
 * const C = CscMatrix.fromTriplets(16, 1, [3], [0], [1]); // C Cᵀ = e₃ e₃ᵀ
 * factor.update(C);                       // A + e₃ e₃ᵀ
 * factor.update(C, { downdate: true });   // back to A
 * console.log(Math.abs(factor.logdet() - logdet(A)) < 1e-10); // → true
 * factor.dispose();
 * ```
 */
export interface UpdateOptions {
  /** Subtract C Cᵀ instead of adding it (default false). */
  downdate?: boolean;
}

/**
 * Options of {@link Factor.inverseColumns}.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(10));
 * const X = factor.inverseColumns([0, 99], { format: 'sparse' }); // a 100 x 2 CscMatrix
 * console.log(X.nrows, X.ncols); // → 100 2
 * factor.dispose();
 * ```
 */
export interface InverseColumnsOptions {
  /** 'dense' (default): a DenseMatrix n × k; 'sparse': a CscMatrix keeping only the nonzeros. */
  format?: 'dense' | 'sparse';
}

/**
 * Options of {@link Factor.refactor} and {@link Factor.refactorAsync}.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(10);
 * const factor = cholesky(A);
 * factor.refactor(A, { shift: 1 }); // now the factor of A + I, same analysis
 * console.log(factor.info.factorizations); // → 2
 * factor.dispose();
 * ```
 */
export interface RefactorOptions {
  /** Factorise A + shift·I (finite); defaults to the shift of the last factorisation. */
  shift?: number;
  /** The same as `shift`, under scikit-sparse's name (give one of the two). */
  beta?: number;
  /**
   * Default true: a matrix that is not positive definite raises NotPositiveDefiniteError. With
   * false, refactor returns false instead and the factor reports it ({@link Factor.isSuccess}).
   */
  check?: boolean;
}

/**
 * What CHOLMOD chose and how big the result is: {@link Factor.info}, read fresh from the addon
 * on every access.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(100)); // n = 10,000
 * const { n, nnzA, nnzL, ordering, isSupernodal } = factor.info; // what CHOLMOD chose, and the fill-in
 * console.log(n, nnzL > nnzA, ordering, isSupernodal); // → 10000 true amd true
 * factor.dispose();
 * ```
 */
export interface FactorInfo {
  /** Order of the matrix (A is n × n). */
  n: number;
  /** Entries stored of the analysed matrix (one triangle for 'lower' / 'upper' storage). */
  nnzA: number;
  /** The ordering CHOLMOD actually used ('amd', 'metis', 'nesdis', 'natural', ...); 'given' for a user permutation. */
  ordering: (typeof USED_ORDERING_NAMES)[number];
  /** The factor is stored in supernodes (dense column blocks) rather than column by column. */
  isSupernodal: boolean;
  /** The factor is L Lᵀ (true) or L D Lᵀ (false); an update turns an LLᵀ factor into LDLᵀ. */
  isLL: boolean;
  /** False before the first numeric factorisation (after {@link analyze}) and after one that failed. */
  isNumeric: boolean;
  /** Where the last factorisation found the matrix not positive definite (a column of A); −1 if it did not. */
  failedColumn: number;
  /** The factor is of A Aᵀ + βI (`aat: true`), of order A.nrows. */
  isAAt: boolean;
  /** Nonzeros of L from the symbolic analysis (diagonal included). */
  nnzL: number;
  /** Floating-point operations of one numeric factorisation. */
  flops: number;
  /** Native memory held by the factor and its copy of A, in bytes (also reported to V8). */
  memoryBytes: number;
  /** Numeric factorisations performed so far (1 after cholesky(), 0 after analyze(), +1 per refactor). */
  factorizations: number;
  /** Duration of the symbolic analysis (ordering included), in seconds. */
  analyzeSeconds: number;
  /** Duration of the last numeric factorisation, in seconds. */
  factorSeconds: number;
  /**
   * Threads the last numeric factorisation's BLAS calls could use (0 before any): the thread
   * policy's count when it started (see {@link setThreads}); 1 for simplicial factors, which do
   * not call the BLAS. The factor's numbers do not depend on it.
   */
  blasThreads: number;
  /**
   * Updates, downdates, row deletions and additions since the last numeric factorisation. When
   * non-zero the factor is not of `matrix` but of the matrix so modified; the next refactor
   * discards the modifications.
   */
  updates: number;
}

/** The analysed pattern, kept so that a refactorisation can take values alone. @internal */
export interface AnalysedPattern {
  matrix: CscMatrix;
  /** The factor is of matrix · matrixᵀ (any m × n 'general' matrix). */
  aat?: boolean;
}

/**
 * A sparse Cholesky factorisation A + βI = P L D Lᵀ Pᵀ held by CHOLMOD.
 *
 * Create one with {@link cholesky}, {@link choleskyAsync} or {@link analyze}; free it with
 * `dispose()` (or a `using` declaration where available). A factor that is garbage-collected
 * undisposed is freed too, but only when the GC gets to it, so dispose explicitly.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(50); // 2500 x 2500, lower triangle stored
 * const b = new Float64Array(A.nrows).fill(1);
 * const factor = cholesky(A);
 * try {
 *   const x = factor.solve(b);
 *   factor.refactor(A.values.map((v) => 2 * v)); // same pattern: the analysis is reused
 *   const y = factor.solve(b);
 *   console.log(Math.abs(x[0] - 2 * y[0]) < 1e-12); // → true
 * } finally {
 *   factor.dispose();
 * }
 * ```
 */
export class Factor extends NativeHandle {
  /** Order of the factorised matrix (A is n × n; for an A Aᵀ factor, n = A.nrows). */
  readonly n: number;
  #kind: FactorKind;
  #pattern: AnalysedPattern;
  #shift: number;

  /** @internal Use cholesky(), choleskyAsync() or analyze(). */
  constructor(handle: number, pattern: AnalysedPattern, kind: FactorKind, shift: number) {
    super(handle, 'factor');
    this.#pattern = pattern;
    this.n = pattern.matrix.nrows;
    this.#kind = kind;
    this.#shift = shift;
  }

  /**
   * LLᵀ or LDLᵀ: as requested, or as set by {@link Factor.toKind} (see {@link FactorInfo.isLL}
   * for what the factor holds after an update).
   */
  get kind(): FactorKind {
    return this.#kind;
  }

  /**
   * The matrix this factor was analysed from, with the values of its last factorisation; the
   * low-rank changes of {@link Factor.update} since then are not in it (see `info.updates`). For
   * an A Aᵀ factor (`aat: true`) this is A (m × n), not A Aᵀ.
   */
  get matrix(): CscMatrix {
    return this.#pattern.matrix;
  }

  /**
   * Whether the last numeric factorisation succeeded (Julia's `issuccess`): false after a
   * `check: false` factorisation or refactor of a matrix that is not positive definite, and
   * before the first factorisation ({@link analyze}). A factor that is not a success cannot solve.
   *
   * @example
   * ```ts
   * import { CscMatrix, cholesky } from 'spsolve';
   *
   * const A = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, -1], { symmetry: 'lower' });
   * const factor = cholesky(A, { check: false, ordering: 'natural' }); // no throw
   * console.log(factor.isSuccess, factor.failedColumn); // → false 1
   * factor.dispose();
   * ```
   */
  get isSuccess(): boolean {
    return this.info.isNumeric;
  }

  /**
   * The column of A at which the last factorisation found it not positive definite, or −1 when
   * it did not fail (see {@link Factor.isSuccess}).
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(4));
   * console.log(factor.failedColumn); // → -1
   * factor.dispose();
   * ```
   */
  get failedColumn(): number {
    return this.info.failedColumn;
  }

  /**
   * An independent copy of this factor (cholmod_copy_factor) with its own handle: refactoring,
   * updating, converting or disposing one leaves the other as it was. Dispose both.
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const A = poisson2d(10);
   * const factor = cholesky(A);
   * const copy = factor.copy();
   * factor.refactor(A, { shift: 1 }); // the copy still holds A's factor
   * factor.dispose();
   * const b = new Float64Array(100).fill(1);
   * console.log(Math.abs(A.matvec(copy.solve(b))[50] - 1) < 1e-12); // → true
   * copy.dispose();
   * ```
   */
  copy(): Factor {
    const handle = native().copyFactor({ handle: this.handle });
    return new Factor(handle, this.#pattern, this.#kind, this.#shift);
  }

  /**
   * Converts the factor to the other form in place, without refactorising
   * (cholmod_change_factor): 'LDLt' turns A = L Lᵀ into A = L₁ D L₁ᵀ with unit-diagonal L₁
   * (a supernodal factor becomes simplicial); 'LLt' does the reverse and needs every pivot in D
   * positive (NotPositiveDefiniteError otherwise, the factor unchanged). Either way
   * P A Pᵀ = L() · diag(D()) · L()ᵀ holds afterwards, with D() all ones for LLᵀ; later
   * refactorisations produce the new kind, and {@link Factor.kind} reports it.
   *
   * @throws RangeError for another kind; NotPositiveDefiniteError as above; CholmodError
   *   'CHOLMOD_NOT_FACTORIZED' for a factor without numeric values.
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(10)); // LLᵀ, L(0,0) = 2
   * factor.toKind('LDLt');
   * console.log(factor.kind, factor.D()[0], factor.info.isSupernodal); // → LDLt 4 false
   * factor.dispose();
   * ```
   */
  toKind(kind: FactorKind): void {
    const handle = this.handle;
    const target = checkChoice(kind, ['LLt', 'LDLt'] as const, 'Factor.toKind: kind');
    native().changeKind({ handle, kind: target === 'LLt' ? 0 : 1 });
    this.#kind = target;
  }

  /**
   * The determinant of the factorised matrix (A + βI, or A Aᵀ + βI) as sign and log |det|, from
   * the diagonal of the factor: `sign` is +1 for a positive definite factor (every LLᵀ factor),
   * the parity of D's negative pivots for an LDLᵀ one (a zero pivot fails the factorisation, so
   * there is no determinant 0). Never overflows; see {@link Factor.det} for the plain number.
   *
   * @example
   * ```ts
   * import { CscMatrix, cholesky } from 'spsolve';
   *
   * // A quasi-definite matrix [[2, 1], [1, -3]]: det = -7.
   * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [2, 1, -3], { symmetry: 'lower' });
   * const factor = cholesky(A, { kind: 'LDLt', ordering: 'natural' });
   * const { sign, logAbs } = factor.determinant();
   * console.log(sign, Math.abs(logAbs - Math.log(7)) < 1e-14); // → -1 true
   * factor.dispose();
   * ```
   */
  determinant(): {
    /** +1 or −1. */
    sign: number;
    /** log |det|. */
    logAbs: number;
  } {
    const { sign, logAbsDet } = this.slogdet();
    return { sign, logAbs: logAbsDet };
  }

  /**
   * det(A + βI) as a number: sign · exp(logAbs) of {@link Factor.determinant}, for small or
   * well-scaled matrices. It overflows to ±Infinity once log |det| > 709.78 (|det| > 1.8e308) and
   * underflows to 0 below −745 (a 1000 × 1000 diagonal of 2s already overflows); use
   * `determinant()` then.
   *
   * @example
   * ```ts
   * import { CscMatrix, cholesky } from 'spsolve';
   *
   * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [4, 2, 5], { symmetry: 'lower' });
   * const factor = cholesky(A);
   * console.log(factor.det().toFixed(10)); // → 16.0000000000
   * factor.dispose();
   * ```
   */
  det(): number {
    const { sign, logAbs } = this.determinant();
    return sign * Math.exp(logAbs);
  }

  /**
   * Solves A x = b (or another {@link SolveSystem}, of A + βI for a shifted factor). A
   * DenseMatrix of many right-hand sides (n × k, column-major) is solved in one native call.
   *
   * @param b A right-hand side of length n, or a DenseMatrix with n rows.
   * @param opts The system, and `out` to write x into your own array ({@link SolveIntoOptions}).
   * @returns x, shaped like b: a new array, or `opts.out`.
   * @throws RangeError for a wrong length or a non-finite entry; DisposedError after dispose();
   *   CholmodError 'CHOLMOD_NOT_FACTORIZED' after {@link analyze} without a refactor, or a failed one.
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const A = poisson2d(20);
   * const factor = cholesky(A);
   * const x = factor.solve(new Float64Array(400).fill(1));
   * const X = factor.solve({ nrows: 400, ncols: 2, data: new Float64Array(800).fill(1) });
   * console.log(X.ncols, X.data[400] === x[0]); // → 2 true
   * factor.dispose();
   * ```
   */
  solve(b: Float64Array | ArrayLike<number>, opts?: SolveIntoOptions & { out?: Float64Array }): Float64Array;
  solve(B: DenseMatrix, opts?: SolveIntoOptions & { out?: DenseMatrix }): DenseMatrix;
  solve<T extends Float64Array | DenseMatrix>(b: Float64Array | ArrayLike<number> | DenseMatrix, opts: SolveIntoOptions & { out: T }): T;
  solve(b: Float64Array | ArrayLike<number> | DenseMatrix, opts?: SolveIntoOptions): Float64Array | DenseMatrix {
    const handle = this.handle;
    const { data, nrhs, dense } = this.#rhs(b, opts, 'Factor.solve');
    const { X, result, B } = this.#output(data, nrhs, dense, opts, 'Factor.solve');
    native().solve({ handle, system: systemCode(opts), B, nrhs, X });
    return result;
  }

  /**
   * {@link Factor.solve} on the thread pool; the event loop stays free. Solves and refactors of
   * one factor run in the order they were started.
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(20));
   * const x = await factor.solveAsync(new Float64Array(400).fill(1));
   * console.log(x.length); // → 400
   * factor.dispose();
   * ```
   */
  solveAsync(b: Float64Array | ArrayLike<number>, opts?: SolveIntoOptions & { out?: Float64Array }): Promise<Float64Array>;
  solveAsync(B: DenseMatrix, opts?: SolveIntoOptions & { out?: DenseMatrix }): Promise<DenseMatrix>;
  solveAsync<T extends Float64Array | DenseMatrix>(b: Float64Array | ArrayLike<number> | DenseMatrix, opts: SolveIntoOptions & { out: T }): Promise<T>;
  async solveAsync(b: Float64Array | ArrayLike<number> | DenseMatrix, opts?: SolveIntoOptions): Promise<Float64Array | DenseMatrix> {
    const handle = this.handle;
    const { data, nrhs, dense } = this.#rhs(b, opts, 'Factor.solveAsync', true);
    const { X, result, B } = this.#output(data, nrhs, dense, opts, 'Factor.solveAsync');
    await native().solveAsync({ handle, system: systemCode(opts), B, nrhs, X });
    return result;
  }

  /**
   * New numeric factorisation with new values on the analysed pattern (the symbolic analysis
   * and ordering are reused). Pass the new matrix (same pattern and storage) or just its values
   * (aligned with the analysed matrix's `values`); for an A Aᵀ factor, a new m × n A on the same
   * pattern. On NotPositiveDefiniteError the factor stays alive but cannot solve until a refactor
   * succeeds; with `check: false` refactor returns false instead of throwing (true on success).
   *
   * @returns true when the factorisation succeeded; false only with `check: false`.
   * @throws RangeError for another pattern or storage, a wrong number of values or a non-finite
   *   one; NotPositiveDefiniteError; DisposedError after dispose().
   * @example
   * ```ts
   * import { analyze, poisson2d } from 'spsolve';
   *
   * const A = poisson2d(30);
   * const factor = analyze(A); // symbolic only
   * for (const scale of [1, 2, 4]) {
   *   factor.refactor(A.values.map((v) => scale * v)); // numeric only
   * }
   * console.log(factor.info.factorizations); // → 3
   * factor.dispose();
   * ```
   */
  refactor(AorValues: CscMatrix | Float64Array | ArrayLike<number>, opts?: RefactorOptions): boolean {
    const handle = this.handle;
    const { values, shift, check } = this.#newValues(AorValues, opts, 'Factor.refactor');
    const ok = native().factorize({ handle, values, shift, check });
    this.#commit(values, shift);
    return ok;
  }

  /**
   * {@link Factor.refactor} on the thread pool. Solves started before it finish first.
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const A = poisson2d(30);
   * const factor = cholesky(A);
   * await factor.refactorAsync(A, { shift: 0.1 });
   * console.log(factor.info.factorizations); // → 2
   * factor.dispose();
   * ```
   */
  async refactorAsync(AorValues: CscMatrix | Float64Array | ArrayLike<number>, opts?: RefactorOptions): Promise<boolean> {
    const handle = this.handle;
    const { values, shift, check } = this.#newValues(AorValues, opts, 'Factor.refactorAsync', true);
    const ok = await native().factorizeAsync({ handle, values, shift, check });
    this.#commit(values, shift);
    return ok;
  }

  /**
   * Low-rank modification without refactorising: afterwards this is the factor of
   * A + βI + C Cᵀ (or A + βI − C Cᵀ with `downdate`), for C with n rows and any (small) number of
   * columns, at a cost that grows with the rank and the columns of L that change, not with nnz(L).
   *
   * CHOLMOD updates a simplicial LDLᵀ factor: a supernodal or LLᵀ factor is converted first (the
   * first update costs about a copy of L; `info.isLL` / `isSupernodal` then read false). Solves,
   * logdet, selectedInverse and L()/D() refer to the modified matrix. `matrix` keeps the values
   * you gave (C Cᵀ may reach outside its pattern), and `info.updates` counts the modifications:
   * the next refactor starts again from the analysis with the values you pass, discarding them.
   *
   * @throws NotPositiveDefiniteError when a downdate would leave the matrix not positive definite;
   *   the factor then cannot solve until a refactor succeeds. CholmodError 'CHOLMOD_NOT_INSTALLED'
   *   in the LGPL-only build.
   * @example
   * ```ts
   * import { CscMatrix, cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(30)); // n = 900
   * // Add a spring of stiffness k between unknowns i and j: A + k (e_i − e_j)(e_i − e_j)ᵀ.
   * const [i, j, k] = [10, 500, 4];
   * const s = Math.sqrt(k);
   * factor.update(CscMatrix.fromTriplets(900, 1, [i, j], [0, 0], [s, -s]));
   * console.log(factor.info.updates, factor.info.isLL); // → 1 false
   * factor.dispose();
   * ```
   */
  update(C: CscMatrix, opts?: UpdateOptions): void {
    const handle = this.handle;
    const { M, downdate } = this.#updateArgs(C, opts, 'Factor.update');
    native().update({ handle, C: M, downdate });
  }

  /**
   * {@link Factor.update} on the thread pool; serialised with solves and refactors of this factor.
   *
   * @example
   * ```ts
   * import { CscMatrix, cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(10));
   * await factor.updateAsync(CscMatrix.fromTriplets(100, 1, [0], [0], [1])); // A + e₀ e₀ᵀ
   * console.log(factor.info.updates); // → 1
   * factor.dispose();
   * ```
   */
  async updateAsync(C: CscMatrix, opts?: UpdateOptions): Promise<void> {
    const handle = this.handle;
    const { M, downdate } = this.#updateArgs(C, opts, 'Factor.updateAsync');
    await native().updateAsync({ handle, C: M, downdate });
  }

  /**
   * Removes row and column k (0-based, your numbering) from the factorised matrix: afterwards
   * this is the factor of the matrix with row and column k replaced by those of the identity
   * (so x[k] = b[k] and the other unknowns no longer couple to k), at the cost of an update of
   * rank about nnz(L(:, k)). Like {@link Factor.update}, it converts the factor to simplicial
   * LDLᵀ, counts in `info.updates`, leaves `matrix` alone, and is discarded by the next refactor.
   *
   * @throws RangeError when k is not an integer in [0, n); CholmodError 'CHOLMOD_NOT_INSTALLED'
   *   in the LGPL-only build.
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(10));
   * factor.rowDelete(42); // unknown 42 decoupled: x[42] = b[42]
   * const x = factor.solve(new Float64Array(100).fill(3));
   * console.log(x[42]); // → 3
   * factor.dispose();
   * ```
   */
  rowDelete(k: number): void {
    const handle = this.handle;
    native().rowDelete({ handle, k: this.#index(k, 'k') });
  }

  /**
   * Puts row and column k back after {@link Factor.rowDelete}, with new values: `column` is
   * column k of the new matrix (n values, the diagonal included; by symmetry also its row k).
   * Entries at rows that are deleted themselves should be 0. As in scikit-sparse, row k may also
   * be one that is the identity's in the factorised matrix already (A(k, :) = e_kᵀ, checked
   * exactly on the factor: diagonal 1, no other nonzero in row or column k of L); the factor is
   * then converted to simplicial LDLᵀ first, as every modification does.
   *
   * @throws RangeError when row k is neither deleted nor the identity's; NotPositiveDefiniteError when the new matrix is
   *   not positive definite (the factor then needs a refactor).
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const A = poisson2d(10);
   * const factor = cholesky(A);
   * factor.rowDelete(42);
   * const column = new Float64Array(100);
   * column[42] = 8; // a stiffer diagonal, no couplings
   * factor.rowAdd(42, column);
   * const b = new Float64Array(100).fill(1);
   * console.log(factor.solve(b)[42]); // → 0.125
   * factor.dispose();
   * ```
   */
  rowAdd(k: number, column: Float64Array | ArrayLike<number>): void {
    const handle = this.handle;
    const index = checkIndex(k, this.n, 'Factor.rowAdd: k');
    const values = toFiniteVector(column, this.n, 'Factor.rowAdd: column');
    native().rowAdd({ handle, k: index, column: values });
  }

  /**
   * Solves with a sparse right-hand side B (n × k; a stored triangle is expanded) and returns the
   * sparse X (general storage, exact zeros dropped), by CHOLMOD's spsolve, which works on blocks
   * of columns: for B with few nonzeros the dense n × k block is never formed.
   *
   * @throws TypeError / RangeError when B is not a CscMatrix with n rows and finite values.
   * @example
   * ```ts
   * import { CscMatrix, cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(10));
   * const B = CscMatrix.fromTriplets(100, 2, [0, 99], [0, 1], [1, 1]); // e₀ and e₉₉
   * const X = factor.solveSparse(B);
   * console.log(X.nrows, X.ncols, Math.abs(X.get(99, 0) - X.get(0, 1)) < 1e-15); // → 100 2 true
   * factor.dispose();
   * ```
   */
  solveSparse(B: CscMatrix, opts?: FactorSolveOptions): CscMatrix {
    const handle = this.handle;
    const M = sparseOperand(B, this.n, 'Factor.solveSparse: B');
    checkSolveOptions(opts, 'Factor.solveSparse');
    const system = systemCode(opts);
    const X = native().solveSparse({ handle, system, B: M });
    // Copied into this realm's typed arrays (the addon allocates in the main one).
    return new CscMatrix(this.n, M.ncols, new Int32Array(X.colPtr), new Int32Array(X.rowIdx), new Float64Array(X.values));
  }

  /**
   * Columns `cols` of (A + βI)⁻¹ (in the order given, repeats allowed): one solve with the
   * matching columns of the identity. Dense by default; `format: 'sparse'` keeps only nonzeros
   * (worth it for reducible matrices, whose inverse has zero blocks).
   *
   * @throws RangeError when a column index is not an integer in [0, n).
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(10));
   * const X = factor.inverseColumns([3, 7]); // DenseMatrix 100 x 2
   * // (A⁻¹)₇₃ = (A⁻¹)₃₇:
   * console.log(Math.abs(X.data[7] - X.data[100 + 3]) < 1e-15); // → true
   * factor.dispose();
   * ```
   */
  inverseColumns(cols: ArrayLike<number>, opts?: InverseColumnsOptions & { format?: 'dense' }): DenseMatrix;
  inverseColumns(cols: ArrayLike<number>, opts: InverseColumnsOptions & { format: 'sparse' }): CscMatrix;
  inverseColumns(cols: ArrayLike<number>, opts?: InverseColumnsOptions): DenseMatrix | CscMatrix {
    const handle = this.handle;
    const fn = 'Factor.inverseColumns';
    const columns = toIndexArray(cols, this.n, `${fn}: cols`);
    const { format = 'dense' } = checkOptions(opts, ['format'], `${fn}: opts`);
    if (checkChoice(format, ['dense', 'sparse'], `${fn}: opts.format`) === 'sparse') {
      const k = columns.length;
      const E = CscMatrix.trusted(this.n, k, Int32Array.from({ length: k + 1 }, (_, j) => j), columns,
                                  new Float64Array(k).fill(1), 'general');
      return this.solveSparse(E);
    }
    const E = new Float64Array(this.n * columns.length);
    columns.forEach((c, j) => { E[c + j * this.n] = 1; });
    const X = new Float64Array(E.length);
    native().solve({ handle, system: SOLVE_SYSTEM_CODES.A, B: E, nrhs: columns.length, X });
    return { nrows: this.n, ncols: columns.length, data: X };
  }

  /**
   * log det(A + βI), from the diagonal of the factor (no extra work).
   *
   * @throws RangeError when the determinant is negative (an indefinite LDLᵀ factor): use {@link Factor.slogdet}.
   * @example
   * ```ts
   * import { CscMatrix, cholesky } from 'spsolve';
   *
   * const A = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [2, 8], { symmetry: 'lower' });
   * const factor = cholesky(A);
   * console.log(Math.abs(factor.logdet() - Math.log(16)) < 1e-15); // → true
   * factor.dispose();
   * ```
   */
  logdet(): number {
    const { logAbsDet, sign } = this.slogdet();
    if (sign < 0) {
      throw new RangeError('log det is undefined: the determinant is negative (use slogdet() for sign and log|det|)');
    }
    return logAbsDet;
  }

  /**
   * Sign and log |det(A + βI)| (an LDLᵀ factor of an indefinite matrix may have a negative determinant).
   *
   * @example
   * ```ts
   * import { CscMatrix, cholesky } from 'spsolve';
   *
   * // diag(2, -3): indefinite, but an LDLᵀ factorisation without pivoting exists.
   * const A = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [2, -3], { symmetry: 'lower' });
   * const factor = cholesky(A, { kind: 'LDLt' });
   * const { sign, logAbsDet } = factor.slogdet();
   * console.log(sign, Math.abs(logAbsDet - Math.log(6)) < 1e-15); // → -1 true
   * factor.dispose();
   * ```
   */
  slogdet(): {
    /** 1 or −1: the sign of the determinant. */
    sign: number;
    /** log |det(A + βI)|. */
    logAbsDet: number;
  } {
    return native().logdet({ handle: this.handle });
  }

  /**
   * CHOLMOD's cheap reciprocal condition estimate, (min diag / max diag)² of L (min / max of D
   * for LDLᵀ): in (0, 1], a rough indication of 1 / cond(A) (cheap, but not a bound).
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(30));
   * console.log(factor.rcond() > 0 && factor.rcond() <= 1); // → true
   * factor.dispose();
   * ```
   */
  rcond(): number {
    return native().rcond({ handle: this.handle });
  }

  /**
   * The fill-reducing permutation: step k of the elimination is column `permutation[k]` of A.
   * A new Int32Array of length n on every access.
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(10), { ordering: 'amd' });
   * const p = factor.permutation;
   * console.log(p.length, new Set(p).size); // → 100 100
   * factor.dispose();
   * ```
   */
  get permutation(): Int32Array {
    const out = new Int32Array(this.n);
    native().permutation({ handle: this.handle, out });
    return out;
  }

  /**
   * The lower-triangular factor L (unit diagonal for an LDLᵀ factor), in the permuted order, as
   * a new n × n CscMatrix ('general' storage). The factor is not modified.
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(20));
   * const L = factor.L();
   * // L has the entries of A's lower triangle and the fill-in:
   * console.log(L.nrows, L.nnz >= factor.matrix.nnz); // → 400 true
   * factor.dispose();
   * ```
   */
  L(): CscMatrix {
    const { colPtr, rowIdx, values } = native().factorL({ handle: this.handle });
    // Copied into this realm's typed arrays (the addon allocates in the main one).
    return new CscMatrix(this.n, this.n, new Int32Array(colPtr), new Int32Array(rowIdx), new Float64Array(values));
  }

  /**
   * The diagonal D of an LDLᵀ factor (all ones for LLᵀ), in the permuted order.
   *
   * @example
   * ```ts
   * import { CscMatrix, cholesky } from 'spsolve';
   *
   * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [4, 2, 5], { symmetry: 'lower' });
   * const factor = cholesky(A, { kind: 'LDLt', ordering: 'natural' });
   * // D = (4, 5 − 2²/4):
   * console.log(factor.D()); // → Float64Array(2) [ 4, 4 ]
   * factor.dispose();
   * ```
   */
  D(): Float64Array {
    const out = new Float64Array(this.n);
    native().factorD({ handle: this.handle, out });
    return out;
  }

  /**
   * Entries of (A + βI)⁻¹ at every stored entry of `pattern` (default: the analysed matrix),
   * aligned with `pattern.values`: the "selected inverse", by the Takahashi recurrence on the
   * factor, at about the cost of one factorisation. Entries must lie on the pattern of the
   * factor, as all entries of the analysed matrix do. For a stored triangle, the gradient of
   * log det A with respect to its values is 2·Z off the diagonal and Z on it.
   *
   * @throws TypeError / RangeError when `pattern` is not an n × n CscMatrix.
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const A = poisson2d(10);
   * const factor = cholesky(A);
   * const Z = factor.selectedInverse(); // (A⁻¹)_ij at every stored (i, j) of A
   * const col0 = factor.inverseColumns([0]).data;
   * // Entry (0, 0):
   * console.log(Math.abs(Z[0] - col0[0]) < 1e-14); // → true
   * factor.dispose();
   * ```
   */
  selectedInverse(pattern: CscMatrix = this.#pattern.matrix): Float64Array {
    const handle = this.handle;
    checkCscMatrix(pattern, 'Factor.selectedInverse: pattern');
    if (pattern.nrows !== this.n || pattern.ncols !== this.n) {
      throw new RangeError(`Factor.selectedInverse: pattern must be ${this.n} x ${this.n}, got ${pattern.nrows} x ${pattern.ncols}`);
    }
    const out = new Float64Array(pattern.nnz);
    native().inverseOnPattern({ handle, pattern, out });
    return out;
  }

  /**
   * The diagonal of (A + βI)⁻¹ (a selected inverse on the diagonal), e.g. the marginal
   * variances of a Gaussian with precision matrix A.
   *
   * @example
   * ```ts
   * import { CscMatrix, cholesky } from 'spsolve';
   *
   * const A = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [4, 16], { symmetry: 'lower' });
   * const factor = cholesky(A);
   * console.log(factor.inverseDiagonal()); // → Float64Array(2) [ 0.25, 0.0625 ]
   * factor.dispose();
   * ```
   */
  inverseDiagonal(): Float64Array {
    return this.selectedInverse(CscMatrix.identity(this.n));
  }

  /**
   * What CHOLMOD chose and the size of the factor (see {@link FactorInfo}), read from the addon
   * on each access.
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(30));
   * console.log(factor.info.n, factor.info.isNumeric, factor.info.factorizations); // → 900 true 1
   * factor.dispose();
   * ```
   */
  get info(): FactorInfo {
    // The addon returns exactly these fields (native/cholmod/inspect_operations.cc), the ordering as a code.
    const { ordering, ...rest } = native().factorInfo({ handle: this.handle });
    return { ...(rest as Omit<FactorInfo, 'ordering'>), ordering: USED_ORDERING_NAMES[ordering] ?? 'given' };
  }

  /**
   * Frees the native factorisation. Idempotent; a running async job finishes first. Any later
   * use (solve, refactor, info, ...) raises {@link DisposedError}.
   *
   * @example
   * ```ts
   * import { cholesky, poisson2d } from 'spsolve';
   *
   * const factor = cholesky(poisson2d(10));
   * factor.dispose();
   * console.log(factor.disposed); // → true
   * ```
   */
  override dispose(): void {
    super.dispose();
  }

  /** The right-hand side(s) and options of solve / solveAsync, checked; `fn` names the method. */
  // `onWorker`: the values' finiteness is left to the addon, which checks it where the job runs
  // (an async call does no work on the main thread that grows with the data).
  #rhs(b: unknown, opts: unknown, fn: string, onWorker = false): { data: Float64Array; nrhs: number; dense: boolean } {
    checkSolveOptions(opts, fn, true);
    // Plain arrays and other typed arrays are accepted for one right-hand side, as a copy.
    const rhs = isNumericArrayLike(b) ? toFloat64Array(b, `${fn}: b`) : b;
    checkVectorOrColumns(rhs, this.n, `${fn}: b`);
    if (rhs instanceof Float64Array) {
      if (!onWorker) checkFinite(rhs, `${fn}: b`);
      return { data: rhs, nrhs: 1, dense: false };
    }
    if (!onWorker) checkFinite(rhs.data, `${fn}: b.data`);
    return { data: rhs.data, nrhs: rhs.ncols, dense: true };
  }

  /**
   * Where a solve writes: a new array, or opts.out checked (length n · nrhs, shape for a
   * DenseMatrix). B is the right-hand side the addon reads: a copy when out overlaps it.
   */
  #output(data: Float64Array, nrhs: number, dense: boolean, opts: SolveIntoOptions | undefined, fn: string):
    { X: Float64Array; result: Float64Array | DenseMatrix; B: Float64Array } {
    const out = opts?.out;
    if (out === undefined) {
      const X = new Float64Array(data.length);
      return { X, result: dense ? { nrows: this.n, ncols: nrhs, data: X } : X, B: data };
    }
    let X: Float64Array;
    if (out instanceof Float64Array) {
      X = out;
    } else {
      checkVectorOrColumns(out, this.n, `${fn}: opts.out`);
      if ((out as DenseMatrix).ncols !== nrhs) {
        throw new RangeError(`${fn}: opts.out must have ${nrhs} columns (as b), got ${(out as DenseMatrix).ncols}`);
      }
      X = (out as DenseMatrix).data;
    }
    checkLength(X, data.length, `${fn}: opts.out`, 'n · (columns of b)');
    return { X, result: out, B: overlaps(X, data) ? data.slice() : data };
  }

  // `onWorker`: finiteness and a 'general' matrix's symmetry are left to the addon (as for #rhs).
  #newValues(AorValues: unknown, opts: unknown, fn: string, onWorker = false): { values: Float64Array; shift: number; check: boolean } {
    const analysed = this.#pattern.matrix;
    let values: Float64Array;
    if (AorValues instanceof CscMatrix) {
      if (AorValues.symmetry !== analysed.symmetry || !AorValues.samePattern(analysed)) {
        throw new RangeError(
          `${fn}: A must have the pattern and storage the factor was analysed with; call cholesky() for a new pattern`,
        );
      }
      values = AorValues.values;
    } else if (onWorker) {
      values = toFloat64Array(AorValues, `${fn}: values`);
      checkLength(values, analysed.nnz, `${fn}: values`, 'matrix.nnz');
    } else {
      values = toFiniteVector(AorValues, analysed.nnz, `${fn}: values`, 'matrix.nnz');
    }
    if (!onWorker && analysed.symmetry === 'general' && !this.#pattern.aat) symmetricStype(analysed.withValues(values), `${fn}: A`);
    const { shift, beta, check = true } = checkOptions(opts, ['shift', 'beta', 'check'], `${fn}: opts`);
    if (shift !== undefined && beta !== undefined) throw new RangeError(`${fn}: opts.beta and opts.shift are the same option: give one, got both`);
    const given = beta ?? shift;
    const name = beta !== undefined ? 'beta' : 'shift';
    return {
      values,
      shift: given === undefined ? this.#shift : checkFiniteNumber(given, `${fn}: opts.${name}`),
      check: checkBoolean(check, `${fn}: opts.check`),
    };
  }

  /** rowDelete's k, checked within the native call's arguments. */
  #index(k: unknown, name: string): number {
    return checkIndex(k, this.n, `Factor.rowDelete: ${name}`);
  }

  #updateArgs(C: unknown, opts: unknown, fn: string): { M: CscMatrix; downdate: boolean } {
    const { downdate = false } = checkOptions(opts, ['downdate'], `${fn}: opts`);
    return { M: sparseOperand(C, this.n, `${fn}: C`), downdate: checkBoolean(downdate, `${fn}: opts.downdate`) };
  }

  #commit(values: Float64Array, shift: number): void {
    // The values were checked (length, finiteness) before the factorisation used them.
    const { nrows, ncols, colPtr, rowIdx, symmetry } = this.#pattern.matrix;
    this.#pattern = { ...this.#pattern, matrix: CscMatrix.trusted(nrows, ncols, colPtr, rowIdx, values, symmetry) };
    this.#shift = shift;
  }
}

const SOLVE_SYSTEMS = Object.keys(SOLVE_SYSTEM_CODES) as SolveSystem[];

/** Checks the options of a solve (`out` too where `withOut`); `fn` names the method. */
function checkSolveOptions(opts: unknown, fn: string, withOut = false): void {
  const { system = 'A', out } = checkOptions(opts, withOut ? ['system', 'out'] : ['system'], `${fn}: opts`);
  checkChoice(system, SOLVE_SYSTEMS, `${fn}: opts.system`);
  if (out !== undefined && !(out instanceof Float64Array) && (out === null || typeof out !== 'object' || !('data' in out))) {
    throw new TypeError(`${fn}: opts.out must be a Float64Array or a DenseMatrix, got ${out === null ? 'null' : typeof out}`);
  }
}

/** Whether two arrays share memory (an in-place solve, or views that overlap). */
function overlaps(a: Float64Array, b: Float64Array): boolean {
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** The addon's code of `opts.system`, for options that `checkSolveOptions` accepted. */
function systemCode(opts: FactorSolveOptions | undefined): number {
  return SOLVE_SYSTEM_CODES[opts?.system ?? 'A'];
}
