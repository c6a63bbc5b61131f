/**
 * Creating factorisations: cholesky (analyse + factorise), its Promise version, and analyze
 * (symbolic only, factorise later with refactor).
 * @module
 */
import { native, type AnalyzeArgs } from '../native';
import { type CscMatrix, checkCscMatrix } from '../sparse/csc';
import { Factor } from './factor';
import { resolveOptions, type FactorOptions, type ResolvedOptions } from './options';
import { checkPermutation, checkSubset } from './permutation';
import { storedTriangle } from './symmetric-input';

/** @internal */
export interface Prepared {
  A: CscMatrix;
  /** CHOLMOD's stype: -1 / 1 the stored triangle of a symmetric A, 0 for A Aᵀ. */
  stype: -1 | 0 | 1;
  options: ResolvedOptions;
  /** The user's permutation, checked (length m = A.nrows), or null. */
  perm: Int32Array | null;
  /** The column subset of an A Aᵀ factor, checked, or null. */
  fset: Int32Array | null;
}

/** The checked arguments of a function that creates factors; `fn` names it in messages. @internal */
export function prepare(A: unknown, opts: FactorOptions | undefined, fn: string): Prepared {
  const matrix = checkCscMatrix(A, `${fn}: A`);
  const options = resolveOptions(opts, fn);
  let stype: -1 | 0 | 1 = 0;
  if (!options.aat) {
    stype = storedTriangle(matrix, `${fn}: A`);
  } else if (matrix.symmetry !== 'general') {
    throw new RangeError(
      `${fn}: A must be stored in full ('general') for opts.aat: A Aᵀ is formed from A as it is, got symmetry '${matrix.symmetry}'`,
    );
  }
  const perm = options.userOrdering === undefined ? null : checkPermutation(options.userOrdering, matrix.nrows, `${fn}: opts.ordering`);
  const fset = options.columns === undefined ? null : checkSubset(options.columns, matrix.ncols, `${fn}: opts.columns`);
  return { A: matrix, stype, options, perm, fset };
}

/**
 * @internal The addon's analysis arguments for a prepared input; `withValues: false` analyses
 * the pattern only (a batch, whose value sets come later).
 */
export function analysisArgs({ A, stype, options, perm, fset }: Prepared, withValues = true): AnalyzeArgs {
  const { ordering, mode, kind } = options;
  const general = stype !== 0 && A.symmetry === 'general';
  return { A: withValues ? A : { ...patternOf(A), values: null }, stype, general, ordering, mode, kind, perm, fset };
}

function patternOf(A: CscMatrix) {
  return { nrows: A.nrows, ncols: A.ncols, colPtr: A.colPtr, rowIdx: A.rowIdx };
}

/** @internal */
export function wrap(handle: number, { A, options }: Prepared): Factor {
  return new Factor(handle, { matrix: A, aat: options.aat }, options.kindName, options.shift);
}

/**
 * Symbolic analysis only: chooses the ordering and the structure of L. Call `refactor(A)` (or
 * `refactor(values)`) on the result to compute the numbers, as often as the values change; until
 * then `info.isNumeric` is false and solves raise CholmodError.
 *
 * @param A A symmetric matrix: one stored triangle or a full symmetric 'general' matrix. Only
 *   its pattern matters here (and, for 'general', its values for the symmetry check).
 * @param opts Ordering, mode, kind and shift (see {@link FactorOptions}).
 * @throws TypeError / RangeError for a non-square or unsymmetric A or bad options.
 * @example
 * ```ts
 * import { analyze, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(40);
 * const factor = analyze(A, { ordering: 'amd' });
 * console.log(factor.info.isNumeric, factor.info.nnzL > 0); // → false true
 * factor.refactor(A);
 * console.log(factor.solve(new Float64Array(1600).fill(1)).length); // → 1600
 * factor.dispose();
 * ```
 */
export function analyze(A: CscMatrix, opts?: FactorOptions): Factor {
  const p = prepare(A, opts, 'analyze');
  return wrap(native().analyze(analysisArgs(p)), p);
}

/**
 * Sparse Cholesky factorisation of a symmetric positive definite matrix (of A + shift·I).
 * Pass one stored triangle (`symmetry: 'lower'` or `'upper'`) or a full symmetric matrix.
 *
 * @param A A symmetric positive definite matrix (n × n).
 * @param opts Ordering, mode, kind and shift (see {@link FactorOptions}).
 * @returns A new {@link Factor}; dispose it when done.
 * @throws NotPositiveDefiniteError with the failing column; TypeError / RangeError for bad input
 *   (not a CscMatrix, not square, 'general' storage that is not symmetric, unknown options).
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(100); // 10,000 × 10,000, lower triangle stored
 * const factor = cholesky(A, { ordering: 'metis' });
 * const x = factor.solve(new Float64Array(10_000).fill(1));
 * console.log(A.matvec(x)[5000].toFixed(6)); // → 1.000000
 * factor.dispose();
 * ```
 */
export function cholesky(A: CscMatrix, opts?: FactorOptions): Factor {
  const p = prepare(A, opts, 'cholesky');
  const addon = native();
  const handle = addon.analyze(analysisArgs(p));
  try {
    addon.factorize({ handle, values: null, shift: p.options.shift, check: p.options.check });
  } catch (error) {
    addon.free(handle);
    throw error;
  }
  return wrap(handle, p);
}

/**
 * {@link cholesky} with the analysis and the factorisation on the thread pool: the event loop
 * stays free, and several run in parallel (up to UV_THREADPOOL_SIZE, see {@link setThreads}).
 *
 * @throws (as a rejection) what {@link cholesky} throws.
 * @example
 * ```ts
 * import { choleskyAsync, poisson2d } from 'spsolve';
 *
 * const factors = await Promise.all([10, 20, 30].map((m) => choleskyAsync(poisson2d(m))));
 * console.log(factors.map((f) => f.n)); // → [ 100, 400, 900 ]
 * factors.forEach((f) => f.dispose());
 * ```
 */
export async function choleskyAsync(A: CscMatrix, opts?: FactorOptions): Promise<Factor> {
  const p = prepare(A, opts, 'choleskyAsync');
  const addon = native();
  const handle = await addon.analyzeAsync(analysisArgs(p));
  try {
    await addon.factorizeAsync({ handle, values: null, shift: p.options.shift, check: p.options.check });
  } catch (error) {
    addon.free(handle);
    throw error;
  }
  return wrap(handle, p);
}

/**
 * {@link analyze} on the thread pool.
 *
 * @example
 * ```ts
 * import { analyzeAsync, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(40);
 * const factor = await analyzeAsync(A);
 * await factor.refactorAsync(A);
 * console.log(factor.info.isNumeric); // → true
 * factor.dispose();
 * ```
 */
export async function analyzeAsync(A: CscMatrix, opts?: FactorOptions): Promise<Factor> {
  const p = prepare(A, opts, 'analyzeAsync');
  return wrap(await native().analyzeAsync(analysisArgs(p)), p);
}
