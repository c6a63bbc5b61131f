/**
 * Creating factorisations: cholesky (analyse + factorise), its Promise version, and analyze
 * (symbolic only, factorise later with refactor).
 * @module
 */
import { native, type AnalyzeArgs } from '../native';
import type { CscMatrix } from '../sparse/csc';
import { Factor } from './factor';
import { resolveOptions, type FactorOptions, type ResolvedOptions } from './options';
import { checkCscMatrix, storedTriangle } from './symmetric-input';

/** @internal */
export interface Prepared {
  A: CscMatrix;
  stype: -1 | 1;
  options: ResolvedOptions;
}

/** @internal */
export function prepare(A: unknown, opts: FactorOptions | undefined): Prepared {
  const matrix = checkCscMatrix(A);
  const stype = storedTriangle(matrix);
  return { A: matrix, stype, options: resolveOptions(opts) };
}

/**
 * @internal The addon's analysis arguments for a prepared input; `withValues: false` analyses
 * the pattern only (a batch, whose value sets come later).
 */
export function analysisArgs({ A, stype, options }: Prepared, withValues = true): AnalyzeArgs {
  const { ordering, mode, kind } = options;
  return { A: withValues ? A : { ...patternOf(A), values: null }, stype, general: A.symmetry === 'general', ordering, mode, kind };
}

function patternOf(A: CscMatrix) {
  return { nrows: A.nrows, ncols: A.ncols, colPtr: A.colPtr, rowIdx: A.rowIdx };
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
 * console.log(factor.info.isNumeric, factor.info.nnzL > 0); // → false true
 * factor.refactor(A);
 * console.log(factor.solve(new Float64Array(1600).fill(1)).length); // → 1600
 * factor.dispose();
 * ```
 */
export function analyze(A: CscMatrix, opts?: FactorOptions): Factor {
  const p = prepare(A, opts);
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
  const p = prepare(A, opts);
  const addon = native();
  const handle = addon.analyze(analysisArgs(p));
  try {
    addon.factorize({ handle, values: null, shift: p.options.shift });
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
  const p = prepare(A, opts);
  const addon = native();
  const handle = await addon.analyzeAsync(analysisArgs(p));
  try {
    await addon.factorizeAsync({ handle, values: null, shift: p.options.shift });
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
  const p = prepare(A, opts);
  return wrap(await native().analyzeAsync(analysisArgs(p)), p);
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
 * console.log(liveHandles() - before); // → 1
 * factor.dispose();
 * console.log(liveHandles() - before); // → 0
 * ```
 */
export function liveHandles(): number {
  return native().liveHandles();
}

/**
 * How many BLAS threads: `'auto'` (the default) or a fixed count for every call.
 *
 * @example
 * ```ts
 * import { type ThreadPolicy, setThreads } from 'spsolve';
 *
 * const policy: ThreadPolicy = process.env.ONE_JOB_AT_A_TIME ? 4 : 'auto';
 * setThreads(policy);
 * ```
 */
export type ThreadPolicy = number | 'auto';

/**
 * Sets the threads of the BLAS (OpenBLAS) inside supernodal factorisations, selected inverses and
 * solves, for the whole process (the bundled CHOLMOD has no OpenMP, so these are the only threads
 * besides libuv's pool). OpenBLAS keeps one count per process, which is why this is a policy and
 * not an option of each call.
 *
 * - `'auto'` (the default): a supernodal factorisation of more than about 0.05 GFLOP (and each
 *   large supernode of a selected inverse) gets every core (`buildInfo().cores`, or
 *   `OPENBLAS_NUM_THREADS` if that is set and lower) while it is the only BLAS work in flight;
 *   as soon as two operations overlap (async jobs, solves, worker threads) all of them run on one
 *   thread each, since jobs that each ask OpenBLAS for every core collapse to a fraction of one
 *   job's speed. One large factorisation at a time is as fast as CHOLMOD called from C, and many
 *   concurrent jobs still add up to every core.
 * - a number n in [1, 1024]: every call uses n threads, whatever else runs.
 *
 * The environment variable `SPSOLVE_THREADS` (`auto` or an integer) sets the policy when the
 * addon loads; anything else makes loading fail with a RangeError.
 *
 * @throws TypeError / RangeError unless `threads` is 'auto' or an integer in [1, 1024].
 * @example
 * ```ts
 * import { getThreads, setThreads } from 'spsolve';
 *
 * setThreads(1); // e.g. to compare with a single-threaded baseline
 * console.log(getThreads()); // → 1
 * setThreads('auto');
 * console.log(getThreads()); // → auto
 * ```
 */
export function setThreads(threads: ThreadPolicy): void {
  if (threads === 'auto') return native().setThreads(0);
  if (typeof threads !== 'number') throw new TypeError(`threads must be 'auto' or a number, got ${typeof threads}`);
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new RangeError(`threads must be 'auto' or an integer in [1, 1024], got ${threads}`);
  }
  native().setThreads(threads);
}

/**
 * The BLAS thread policy in force (see {@link setThreads}): `'auto'` unless `SPSOLVE_THREADS` or
 * setThreads fixed a count.
 *
 * @example
 * ```ts
 * import { getThreads } from 'spsolve';
 *
 * // Without SPSOLVE_THREADS and before any setThreads():
 * console.log(getThreads()); // → auto
 * ```
 */
export function getThreads(): ThreadPolicy {
  const fixed = native().getThreads();
  return fixed === 0 ? 'auto' : fixed;
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
  /**
   * 'bundled': the pinned SuiteSparse compiled into the addon (the prebuilt addon, or a build from
   * source); 'system': linked against the system's shared libcholmod (`npm run build:system`).
   */
  flavor: 'bundled' | 'system';
  /** true for the prebuilt addon shipped in the package (OpenBLAS and the GCC runtimes linked statically). */
  prebuilt: boolean;
  /** CHOLMOD's version, e.g. '3.0.14'. */
  cholmod: string;
  /** false for the LGPL-only build (no supernodal factorisation, no update/downdate). */
  gpl: boolean;
  /** The BLAS CHOLMOD uses, with the CPU kernels OpenBLAS chose at load, e.g. 'OpenBLAS 0.3.21 (SkylakeX)'. */
  blas: string;
  /** Cores this process may run on: the BLAS threads the 'auto' policy gives a large factorisation running alone. */
  cores: number;
}

/**
 * How the addon was built: bundled SuiteSparse or the system's, CHOLMOD version, GPL modules,
 * BLAS, usable cores. Loads the addon if needed.
 *
 * @throws Error when the native addon is not built.
 * @example
 * ```ts
 * import { buildInfo } from 'spsolve';
 *
 * // The LGPL-only build has no supernodal factorisation and no update/downdate.
 * console.log(buildInfo().gpl ? 'full CHOLMOD' : 'LGPL-only'); // e.g. full CHOLMOD
 * ```
 */
export function buildInfo(): BuildInfo {
  // The addon's fields are exactly BuildInfo's (native/module.cc).
  return native().buildInfo as unknown as BuildInfo;
}
