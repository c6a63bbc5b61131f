/**
 * `--method`: which factorisation `spsolve solve` and `spsolve info` use, and why. 'auto' (the
 * default) tries Cholesky on a symmetric matrix and falls back to LU when it is not positive
 * definite; an unsymmetric matrix goes to LU (UMFPACK) directly.
 * @internal
 * @module
 */
import { choleskyAsync } from '../cholmod/cholesky';
import { CholmodError, NotPositiveDefiniteError, ZeroPivotError } from '../cholmod/errors';
import type { Factor } from '../cholmod/factor';
import type { FactorOptions } from '../cholmod/options';
import { firstAsymmetry } from '../cholmod/symmetric-input';
import { LuError, SingularMatrixError } from '../lu/errors';
import type { LUFactor } from '../lu/lu-factor';
import { luAsync } from '../lu/lu';
import type { LuOptions, LuOrdering } from '../lu/options';
import { QrError } from '../qr/errors';
import type { QRFactor } from '../qr/factor';
import type { QROrdering } from '../qr/options';
import { qrAsync } from '../qr/qr';
import type { CscMatrix } from '../sparse/csc';
import type { DenseMatrix } from '../sparse/dense';
import { CliError, EXIT, UsageError } from './exit';
import { count } from './format';
import type { Progress } from './progress';

export const METHODS = ['auto', 'cholesky', 'ldlt', 'lu', 'klu', 'qr'] as const;
export type Method = (typeof METHODS)[number];

/** A CHOLMOD factorisation, with the method it used and the reason it was chosen. */
export interface CholmodFactorization { method: 'cholesky' | 'ldlt'; reason: string; factor: Factor }
/** An LU factorisation, likewise. */
export interface LuFactorization { method: 'lu' | 'klu'; reason: string; factor: LUFactor }
/** A QR factorisation (SPQR), likewise: any shape. */
export interface QrFactorization { method: 'qr'; reason: string; factor: QRFactor }
export type Factorization = CholmodFactorization | LuFactorization | QrFactorization;

export function isLu(f: Factorization): f is LuFactorization {
  return f.method === 'lu' || f.method === 'klu';
}

export function isQr(f: Factorization): f is QrFactorization {
  return f.method === 'qr';
}

/** The --ordering values QR takes (SPQR's column orderings that --ordering can name). */
const QR_ORDERINGS: readonly string[] = ['default', 'amd', 'metis', 'colamd', 'best', 'natural'];

const LU_ORDERINGS: Record<'lu' | 'klu', readonly string[]> = {
  lu: ['default', 'amd', 'cholmod', 'metis', 'best', 'natural'],
  klu: ['default', 'amd', 'colamd', 'natural'],
};

/** Checks the --method value against --kind / --mode / --ordering (usage errors). */
export function checkMethod(command: string, method: Method, options: FactorOptions): void {
  if (method === 'lu' || method === 'klu') {
    if (options.mode !== undefined || options.kind !== undefined) {
      throw new UsageError(`--mode and --kind are Cholesky options; --method ${method} takes --ordering only`, command);
    }
    if (options.ordering !== undefined && (typeof options.ordering !== 'string' || !LU_ORDERINGS[method].includes(options.ordering))) {
      throw new UsageError(`--ordering with --method ${method} must be one of ${LU_ORDERINGS[method].join(', ')}, got '${options.ordering}'`, command);
    }
  }
  if (method === 'qr') {
    if (options.mode !== undefined || options.kind !== undefined) {
      throw new UsageError(`--mode and --kind are Cholesky options; --method qr takes --ordering only`, command);
    }
    if (options.ordering !== undefined && (typeof options.ordering !== 'string' || !QR_ORDERINGS.includes(options.ordering))) {
      throw new UsageError(`--ordering with --method qr must be one of ${QR_ORDERINGS.join(', ')}, got '${options.ordering}'`, command);
    }
  }
  if (method === 'cholesky' && options.kind === 'LDLt') {
    throw new UsageError(`--kind LDLt contradicts --method cholesky: use --method ldlt`, command);
  }
}

/** Factorises A with `method`; 'auto' picks one and says why. Errors name the file. */
export async function factorizeWith(
  A: CscMatrix, path: string, method: Method, options: FactorOptions, progress: Progress,
): Promise<Factorization> {
  const size = `${count(A.nrows)} x ${count(A.ncols)}`;
  if (A.nrows !== A.ncols) {
    if (method !== 'auto' && method !== 'qr') {
      throw new CliError(`${path}: the matrix is ${size}; --method ${method} needs a square matrix: use --method qr (or auto)`, EXIT.input);
    }
    const reading = A.nrows > A.ncols ? 'least squares' : 'minimum norm';
    return factorizeQr(A, path, options, progress, method === 'qr' ? `--method qr (${reading})` : `the matrix is ${size}, not square: QR (SPQR), ${reading}`);
  }
  if (method === 'qr') return factorizeQr(A, path, options, progress, '--method qr');
  const symmetric = A.symmetry !== 'general' || !firstAsymmetry(A);
  const viaLu = (m: 'lu' | 'klu', reason: string) => factorizeLu(A, path, m, options, progress, reason);
  if (method === 'lu' || method === 'klu') return viaLu(method, `--method ${method}`);
  if (method === 'auto' && !symmetric) return viaLu('lu', 'the matrix is not symmetric: LU (UMFPACK)');
  if (!symmetric) throw notSymmetric(A, path);
  const kind = method === 'ldlt' || options.kind === 'LDLt' ? 'LDLt' : 'LLt';
  try {
    const factor = await progress.run(`factorizing ${size}`, () => choleskyAsync(A, { ...options, kind }));
    const reason = method === 'auto' ? 'the matrix is symmetric and positive definite: Cholesky' : `--method ${method}`;
    return { method: kind === 'LDLt' ? 'ldlt' : 'cholesky', reason, factor };
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError && method === 'auto' && options.kind === undefined) {
      return viaLu('lu', `the matrix is symmetric but not positive definite (Cholesky failed at column ${error.column + 1}): LU (UMFPACK)`);
    }
    if (error instanceof NotPositiveDefiniteError) {
      // The library counts columns from 0; the file, and so the user, from 1.
      throw new CliError(
        `${path}: the matrix is not positive definite (the factorization failed at column ${error.column + 1}, ` +
          `elimination step ${error.step + 1} of ${A.nrows}); --method lu factorizes any nonsingular matrix`,
        EXIT.numerical,
      );
    }
    if (error instanceof ZeroPivotError) {
      throw new CliError(
        `${path}: LDLᵀ without pivoting met a zero pivot at column ${error.column + 1} (elimination step ${error.step + 1}); ` +
          `the matrix may still be nonsingular: --method lu pivots`,
        EXIT.numerical,
      );
    }
    if (error instanceof CholmodError) throw new CliError(`${path}: CHOLMOD failed: ${error.message} (${error.code})`, EXIT.numerical);
    throw error;
  }
}

async function factorizeLu(
  A: CscMatrix, path: string, method: 'lu' | 'klu', options: FactorOptions, progress: Progress, reason: string,
): Promise<Factorization> {
  const ordering = typeof options.ordering === 'string' && LU_ORDERINGS[method].includes(options.ordering) ? (options.ordering as LuOrdering) : undefined;
  const opts: LuOptions = { engine: method === 'klu' ? 'klu' : 'umfpack', ...(ordering ? { ordering } : {}) };
  try {
    const factor = await progress.run(`factorizing ${count(A.nrows)} x ${count(A.ncols)} (LU, ${opts.engine})`, () => luAsync(A, opts));
    return { method, reason, factor };
  } catch (error) {
    if (error instanceof SingularMatrixError) {
      throw new CliError(`${path}: the matrix is singular (${error.engine} found it at column ${error.column + 1})`, EXIT.numerical);
    }
    if (error instanceof LuError) throw new CliError(`${path}: ${error.engine} failed: ${error.message} (${error.code})`, EXIT.numerical);
    throw error;
  }
}

async function factorizeQr(A: CscMatrix, path: string, options: FactorOptions, progress: Progress, reason: string): Promise<Factorization> {
  const ordering = typeof options.ordering === 'string' && QR_ORDERINGS.includes(options.ordering) ? (options.ordering as QROrdering) : undefined;
  try {
    const factor = await progress.run(`factorizing ${count(A.nrows)} x ${count(A.ncols)} (QR, SPQR)`, () => qrAsync(A, ordering ? { ordering } : {}));
    return { method: 'qr', reason, factor };
  } catch (error) {
    if (error instanceof QrError) {
      throw new CliError(`${path}: SPQR failed: ${error.message} (${error.code})`, error.code === 'SPQR_NOT_INSTALLED' ? EXIT.usage : EXIT.numerical);
    }
    throw error;
  }
}

function notSymmetric(A: CscMatrix, path: string): CliError {
  const [i, j] = (firstAsymmetry(A) ?? [0, 0]).map((k) => k + 1);
  return new CliError(
    `${path}: the matrix is not symmetric (entry (${i}, ${j}) differs from (${j}, ${i})); Cholesky and LDLᵀ need a symmetric matrix: use --method lu`,
    EXIT.input,
  );
}

/** Solves every column of B with the factorisation, off the event loop. */
export function solveWith(f: Factorization, B: DenseMatrix): Promise<DenseMatrix> {
  if (isQr(f)) return f.factor.solveAsync(B);
  return isLu(f) ? f.factor.solveAsync(B) : (f as CholmodFactorization).factor.solveAsync(B);
}
