/**
 * The cache key of a factorisation: a SHA-256 of everything that determines it, the matrix's
 * pattern and values, its storage (symmetry) and the options. Two requests that send the same
 * matrix, in whatever shape (generated, CSC, Matrix Market), get the same key, because the
 * matrix is hashed after decoding into canonical compressed columns (sorted rows, duplicates summed).
 */
import { createHash } from 'node:crypto';

import type { FactorOptionsWithDefaults, MatrixArrays } from './factor-request';

/** Changes whenever what goes into the hash changes, so that old keys can never match new ones. */
const KEY_VERSION = 'spsolve-server factor key v1';

export function factorKey(matrix: MatrixArrays, options: FactorOptionsWithDefaults): string {
  const { nrows, ncols, symmetry, colPtr, rowIdx, values } = matrix;
  const hash = createHash('sha256');
  // The header is JSON with a fixed key order; the arrays follow as raw bytes (their lengths are
  // fixed by nrows, ncols and colPtr[ncols], so the boundaries between them are unambiguous).
  hash.update(JSON.stringify({ KEY_VERSION, nrows, ncols, symmetry, options: canonicalOrder(options) }));
  for (const array of [colPtr, rowIdx, values]) hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return hash.digest('hex');
}

function canonicalOrder({ ordering, mode, kind, shift }: FactorOptionsWithDefaults): FactorOptionsWithDefaults {
  return { ordering, mode, kind, shift };
}
