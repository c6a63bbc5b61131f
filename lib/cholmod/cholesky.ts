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
 * `refactor(values)`) on the result to compute the numbers, as often as the values change.
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
 * @throws NotPositiveDefiniteError with the failing column; TypeError / RangeError for bad input.
 * @example
 * ```ts
 * const A = poisson2d(100);           // 10,000 × 10,000, lower triangle stored
 * using factor = cholesky(A, { ordering: 'metis' });
 * const x = factor.solve(b);
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

/** {@link cholesky} with the analysis and the factorisation on the thread pool. */
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

/** {@link analyze} on the thread pool. */
export async function analyzeAsync(A: CscMatrix, opts?: FactorOptions): Promise<Factor> {
  const p = prepare(A, opts);
  const { ordering, mode, kind } = p.options;
  const handle = await native().analyzeAsync(p.A.nrows, p.A.ncols, p.A.colPtr, p.A.rowIdx, p.A.values, p.stype, ordering, mode, kind);
  return wrap(handle, p);
}

/** How many native factorisations are alive in this thread's addon instance (diagnostics, leak tests). */
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
 */
export function setThreads(threads: number): void {
  if (typeof threads !== 'number') throw new TypeError('threads must be a number');
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new RangeError(`threads must be an integer in [1, 1024], got ${threads}`);
  }
  native().setThreads(threads);
}

/** The BLAS threads currently set (see {@link setThreads} for the default and `SPSOLVE_THREADS`). */
export function getThreads(): number {
  return native().getThreads();
}

/** How the addon was built: bundled SuiteSparse or the system's, CHOLMOD version, GPL modules. */
export function buildInfo() {
  return native().buildInfo;
}
