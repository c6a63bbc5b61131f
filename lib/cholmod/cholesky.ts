/**
 * Creating factorisations: cholesky (analyse + factorise), its Promise version, and analyze
 * (symbolic only, factorise later with refactor).
 * @module
 */
import type { CscMatrix } from '../sparse/csc';
import { native } from './binding';
import { Factor } from './factor';
import { resolveOptions, type FactorOptions, type ResolvedOptions } from './options';
import { checkCscMatrix, symmetricStype } from './symmetric-input';

/** @internal */
export interface Prepared {
  A: CscMatrix;
  stype: -1 | 1;
  options: ResolvedOptions;
}

/** @internal */
export function prepare(A: unknown, opts: FactorOptions | undefined): Prepared {
  const matrix = checkCscMatrix(A);
  const stype = symmetricStype(matrix);
  return { A: matrix, stype, options: resolveOptions(opts) };
}

/** @internal */
export function wrap(handle: number, { A, stype, options }: Prepared): Factor {
  return new Factor(handle, { matrix: A, stype }, options.kindName, options.shift);
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
 * console.log(factor.info.isNumeric, factor.info.nnzL > 0); // false true
 * factor.refactor(A);
 * console.log(factor.solve(new Float64Array(1600).fill(1)).length); // 1600
 * factor.dispose();
 * ```
 */
export function analyze(A: CscMatrix, opts?: FactorOptions): Factor {
  const p = prepare(A, opts);
  const { ordering, mode, kind } = p.options;
  const handle = native().analyze(p.A.nrows, p.A.ncols, p.A.colPtr, p.A.rowIdx, p.A.values, p.stype, ordering, mode, kind);
  return wrap(handle, p);
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
 * console.log(A.matvec(x)[5000].toFixed(6)); // 1.000000
 * factor.dispose();
 * ```
 */
export function cholesky(A: CscMatrix, opts?: FactorOptions): Factor {
  const p = prepare(A, opts);
  const { ordering, mode, kind, shift } = p.options;
  const addon = native();
  const handle = addon.analyze(p.A.nrows, p.A.ncols, p.A.colPtr, p.A.rowIdx, p.A.values, p.stype, ordering, mode, kind);
  try {
    addon.factorize(handle, null, shift);
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
 * console.log(factors.map((f) => f.n)); // [ 100, 400, 900 ]
 * factors.forEach((f) => f.dispose());
 * ```
 */
export async function choleskyAsync(A: CscMatrix, opts?: FactorOptions): Promise<Factor> {
  const p = prepare(A, opts);
  const { ordering, mode, kind, shift } = p.options;
  const addon = native();
  const handle = await addon.analyzeAsync(p.A.nrows, p.A.ncols, p.A.colPtr, p.A.rowIdx, p.A.values, p.stype, ordering, mode, kind);
  try {
    await addon.factorizeAsync(handle, null, shift);
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
 * console.log(factor.info.isNumeric); // true
 * factor.dispose();
 * ```
 */
export async function analyzeAsync(A: CscMatrix, opts?: FactorOptions): Promise<Factor> {
  const p = prepare(A, opts);
  const { ordering, mode, kind } = p.options;
  const handle = await native().analyzeAsync(p.A.nrows, p.A.ncols, p.A.colPtr, p.A.rowIdx, p.A.values, p.stype, ordering, mode, kind);
  return wrap(handle, p);
}

/**
 * How many native factorisations are alive in this thread's addon instance (diagnostics, leak
 * tests); a factor kept alive by a running async job still counts.
 *
 * @example
 * ```ts
 * import { cholesky, liveHandles, poisson2d } from 'spsolve';
 *
 * const before = liveHandles();
 * const factor = cholesky(poisson2d(10));
 * console.log(liveHandles() - before); // 1
 * factor.dispose();
 * console.log(liveHandles() - before); // 0
 * ```
 */
export function liveHandles(): number {
  return native().liveHandles();
}

/**
 * Threads used by the BLAS (OpenBLAS) inside supernodal factorisations and solves, for the whole
 * process (the bundled CHOLMOD has no OpenMP, so these are the only threads besides libuv's pool).
 *
 * Default, chosen when the addon loads: the environment variable `SPSOLVE_THREADS` if set (an
 * integer in [1, 1024]; anything else makes loading fail with a RangeError), otherwise
 * `max(1, floor(cores / min(UV_THREADPOOL_SIZE, cores)))` (`buildInfo().defaultThreads`; the
 * pool size defaults to 4). Each async job uses this many threads, and the pool runs up to
 * min(pool size, cores) CPU-bound jobs at once, so the product never exceeds the cores: on a
 * 2- or 4-core machine that is 1 thread per job, on 16 cores with the default pool 4. The price
 * is a single large synchronous supernodal factorisation that could have used every core: a
 * program that runs one job at a time should call `setThreads(os.availableParallelism())`.
 *
 * @throws TypeError / RangeError unless `threads` is an integer in [1, 1024].
 * @example
 * ```ts
 * import { availableParallelism } from 'node:os';
 * import { getThreads, setThreads } from 'spsolve';
 *
 * setThreads(availableParallelism()); // one large factorisation at a time: use every core
 * console.log(getThreads() === availableParallelism()); // true
 * ```
 */
export function setThreads(threads: number): void {
  if (typeof threads !== 'number') throw new TypeError('threads must be a number');
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new RangeError(`threads must be an integer in [1, 1024], got ${threads}`);
  }
  native().setThreads(threads);
}

/**
 * The BLAS threads currently set (see {@link setThreads} for the default and `SPSOLVE_THREADS`).
 *
 * @example
 * ```ts
 * import { buildInfo, getThreads } from 'spsolve';
 *
 * // Without SPSOLVE_THREADS and before any setThreads():
 * console.log(getThreads() === buildInfo().defaultThreads); // true
 * ```
 */
export function getThreads(): number {
  return native().getThreads();
}

/**
 * How the native addon was built: what {@link buildInfo} returns.
 *
 * @example
 * ```ts
 * import { buildInfo } from 'spsolve';
 *
 * const info = buildInfo();
 * console.log(info.flavor, info.cholmod, info.gpl); // e.g. bundled 3.0.14 true
 * ```
 */
export interface BuildInfo {
  /** 'bundled': SuiteSparse compiled from source (CMake); 'system': linked against the system's libcholmod (node-gyp). */
  flavor: 'bundled' | 'system';
  /** CHOLMOD's version, e.g. '3.0.14'. */
  cholmod: string;
  /** false for the LGPL-only build (no supernodal factorisation, no update/downdate). */
  gpl: boolean;
  /** The BLAS library CHOLMOD was linked with (e.g. 'OpenBLAS'). */
  blas: string;
  /** BLAS threads chosen at load when SPSOLVE_THREADS is unset: max(1, cores / min(UV_THREADPOOL_SIZE, cores)). */
  defaultThreads: number;
}

/**
 * How the addon was built: bundled SuiteSparse or the system's, CHOLMOD version, GPL modules,
 * BLAS, default threads. Loads the addon if needed.
 *
 * @throws Error when the native addon is not built.
 * @example
 * ```ts
 * import { buildInfo } from 'spsolve';
 *
 * // The LGPL-only build has no supernodal factorisation and no update/downdate.
 * console.log(buildInfo().gpl ? 'full CHOLMOD' : 'LGPL-only'); // full CHOLMOD (bundled build)
 * ```
 */
export function buildInfo(): BuildInfo {
  return native().buildInfo;
}
