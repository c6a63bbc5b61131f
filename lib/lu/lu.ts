/**
 * lu(), luAsync() and luAnalyze(): sparse LU factorisations of square matrices.
 * @module
 */
import { native, type LuAnalyzeArgs } from '../native';
import { type CscMatrix, checkCscMatrix } from '../sparse/csc';
import { LUFactor } from './lu-factor';
import { resolveLuOptions, type LuOptions, type ResolvedLuOptions } from './options';

interface Prepared {
  A: CscMatrix;
  options: ResolvedLuOptions;
}

function prepare(A: unknown, opts: LuOptions | undefined, fn: string): Prepared {
  const matrix = checkCscMatrix(A, `${fn}: A`);
  if (matrix.nrows !== matrix.ncols) {
    throw new RangeError(`${fn}: A must be square, got ${matrix.nrows}x${matrix.ncols} (least squares: qr())`);
  }
  // The engines read both triangles: a stored triangle is mirrored once, here.
  return { A: matrix.toGeneral(), options: resolveLuOptions(opts, fn) };
}

function analysisArgs({ A, options }: Prepared): LuAnalyzeArgs {
  const { engineName, ...codes } = options;
  void engineName;
  return { A: { nrows: A.nrows, ncols: A.ncols, colPtr: A.colPtr, rowIdx: A.rowIdx, values: A.values }, ...codes };
}

/**
 * Sparse LU factorisation of a square matrix: UMFPACK (default; multifrontal with BLAS-3, the
 * engine for FEM-sized problems) or KLU (`engine: 'klu'`; block triangular form and left-looking
 * LU, for circuit-like and very sparse matrices). Works for any nonsingular A: unsymmetric,
 * symmetric indefinite, saddle points. A matrix stored as one triangle is mirrored first.
 *
 * @throws RangeError when A is not square, or for a bad option; SingularMatrixError when A is
 *   singular (structurally or numerically), with the column; LuError for another engine failure.
 * @example
 * ```ts
 * import { CscMatrix, lu } from 'spsolve';
 *
 * // A symmetric indefinite matrix whose first pivot is 0: LDLᵀ fails, LU pivots.
 * const A = CscMatrix.fromDense(3, 3, [0, 1, 0, 1, 0, 1, 0, 1, 1]);
 * using f = lu(A);
 * console.log(f.solve([1, 2, 3])); // → Float64Array(3) [ 0, 1, 2 ]
 * ```
 */
export function lu(A: CscMatrix, opts?: LuOptions): LUFactor {
  const p = prepare(A, opts, 'lu');
  const addon = native();
  const handle = addon.luAnalyze(analysisArgs(p));
  try {
    addon.luFactorize({ handle, values: null });
  } catch (error) {
    addon.free(handle);
    throw error;
  }
  return new LUFactor(handle, p.A, p.options.engineName);
}

/**
 * {@link lu} with the analysis and the factorisation on the thread pool.
 *
 * @example
 * ```ts
 * import { convectionDiffusion3d, luAsync } from 'spsolve';
 *
 * const f = await luAsync(convectionDiffusion3d(12));
 * console.log(f.n, f.info.isNumeric); // → 1728 true
 * f.dispose();
 * ```
 */
export async function luAsync(A: CscMatrix, opts?: LuOptions): Promise<LUFactor> {
  const p = prepare(A, opts, 'luAsync');
  const addon = native();
  const handle = await addon.luAnalyzeAsync(analysisArgs(p));
  try {
    await addon.luFactorizeAsync({ handle, values: null });
  } catch (error) {
    addon.free(handle);
    throw error;
  }
  return new LUFactor(handle, p.A, p.options.engineName);
}

/**
 * The symbolic analysis only (ordering, and for UMFPACK its strategy): factorise with
 * {@link LUFactor.refactor}, as often as the values change on the same pattern.
 *
 * @example
 * ```ts
 * import { convectionDiffusion2d, luAnalyze } from 'spsolve';
 *
 * const f = luAnalyze(convectionDiffusion2d(20), { engine: 'klu' });
 * for (const peclet of [1, 10, 100]) f.refactor(convectionDiffusion2d(20, { peclet }));
 * console.log(f.info.factorizations); // → 3
 * f.dispose();
 * ```
 */
export function luAnalyze(A: CscMatrix, opts?: LuOptions): LUFactor {
  const p = prepare(A, opts, 'luAnalyze');
  return new LUFactor(native().luAnalyze(analysisArgs(p)), p.A, p.options.engineName);
}
