/**
 * Reading the command's matrices and factorising them, with file-level error messages: every
 * failure names the file it came from.
 * @internal
 * @module
 */
import { readFileSync } from 'node:fs';

import { choleskyAsync } from '../cholmod/cholesky';
import { CholmodError, NotPositiveDefiniteError } from '../cholmod/errors';
import type { Factor } from '../cholmod/factor';
import type { FactorOptions } from '../cholmod/options';
import { firstAsymmetry } from '../cholmod/symmetric-input';
import { CscMatrix } from '../sparse/csc';
import type { DenseMatrix } from '../sparse/dense';
import { parseMatrixMarket } from '../sparse/matrix-market';
import { CliError, EXIT, fileError } from './exit';
import { count } from './format';
import type { Progress } from './progress';

/** Reads a Matrix Market file, sparse or dense, as it is. */
export async function readMatrixFile(path: string, progress: Progress): Promise<CscMatrix | DenseMatrix> {
  return progress.run(`reading ${path}`, () => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw fileError(error, path, 'read');
    }
    // parseMatrixMarket, not readMatrixMarket: a path is never mistaken for Matrix Market text.
    return parseMatrixMarket(bytes, path);
  });
}

/** Reads a matrix file as a CscMatrix; a dense (array) file is converted. */
export async function readSparse(path: string, progress: Progress): Promise<CscMatrix> {
  const m = await readMatrixFile(path, progress);
  return m instanceof CscMatrix ? m : CscMatrix.fromDense(m.nrows, m.ncols, m.data);
}

/**
 * Checks that A can be handed to a Cholesky factorisation: square and symmetric (a 'general'
 * file must hold a symmetric matrix; a 'symmetric' file is symmetric by construction).
 */
export function checkFactorizable(A: CscMatrix, path: string): void {
  if (A.nrows !== A.ncols) {
    throw new CliError(`${path}: the matrix is ${A.nrows} x ${A.ncols}; a Cholesky factorization needs a square matrix`, EXIT.input);
  }
  if (A.symmetry !== 'general') return;
  const asymmetry = firstAsymmetry(A);
  if (asymmetry) {
    const [i, j] = asymmetry.map((k) => k + 1); // 1-based, as in the file
    throw new CliError(
      `${path}: the matrix is not symmetric (entry (${i}, ${j}) differs from (${j}, ${i})); a Cholesky factorization needs a symmetric matrix`,
      EXIT.input,
    );
  }
}

/** Factorises A off the event loop (so the progress clock keeps running). */
export async function factorize(A: CscMatrix, path: string, options: FactorOptions, progress: Progress): Promise<Factor> {
  checkFactorizable(A, path);
  try {
    return await progress.run(`factorizing ${count(A.nrows)} x ${count(A.ncols)}`, () => choleskyAsync(A, options));
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) {
      // The library counts columns from 0; the file, and so the user, from 1.
      throw new CliError(
        `${path}: the matrix is not positive definite (the factorization failed at column ${error.column + 1}, ` +
          `elimination step ${error.step + 1} of ${A.nrows})`,
        EXIT.numerical,
      );
    }
    if (error instanceof CholmodError) throw new CliError(`${path}: CHOLMOD failed: ${error.message} (${error.code})`, EXIT.numerical);
    throw error;
  }
}
