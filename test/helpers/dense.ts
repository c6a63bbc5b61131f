/**
 * An independent dense reference for tests: nothing here calls the library under
 * test except to read a CscMatrix's public arrays, so a bug in a kernel cannot
 * cancel itself out in a comparison.
 *
 * All matrices are column-major Float64Arrays (entry (i, j) at a[i + j * nrows]);
 * "many right-hand sides" means an n x nrhs column-major block.
 */

import type { CscMatrix } from '../../lib/sparse';

/** A seeded PRNG (mulberry32): uniform numbers in [0, 1). Deterministic tests, no global state. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n uniform numbers in [lo, hi). */
export function randomVector(rand: () => number, n: number, lo = -1, hi = 1): Float64Array {
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) v[k] = lo + (hi - lo) * rand();
  return v;
}

/**
 * The dense matrix a CscMatrix represents, built from its public arrays by a loop
 * written here (not CscMatrix.toDense); a stored triangle is mirrored.
 */
export function denseOf(A: CscMatrix): Float64Array {
  const { nrows, ncols, colPtr, rowIdx, values, symmetry } = A;
  const d = new Float64Array(nrows * ncols);
  for (let j = 0; j < ncols; j++) {
    for (let k = colPtr[j]; k < colPtr[j + 1]; k++) {
      const i = rowIdx[k];
      d[i + j * nrows] += values[k];
      if (symmetry !== 'general' && i !== j) d[j + i * nrows] += values[k];
    }
  }
  return d;
}

/** C = A B with A m x k and B k x n. */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < k; p++) {
      const bpj = b[p + j * k];
      for (let i = 0; i < m; i++) c[i + j * m] += a[i + p * m] * bpj;
    }
  }
  return c;
}

/** y = A x for an m x n dense A. */
export function matvec(a: Float64Array, m: number, n: number, x: Float64Array): Float64Array {
  return matmul(a, x, m, n, 1);
}

/** Aᵀ of an m x n dense A. */
export function transposeDense(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) t[j + i * n] = a[i + j * m];
  return t;
}

/** LU factors with partial pivoting: P A = L U, L unit lower, both packed in `lu`; `pivots[k]` is the row swapped with k. */
export interface DenseLU {
  n: number;
  lu: Float64Array;
  pivots: Int32Array;
  /** Number of row swaps (for the sign of the determinant). */
  swaps: number;
}

/** LU factorisation with partial pivoting; throws if A is exactly singular. */
export function luFactor(a: Float64Array, n: number): DenseLU {
  if (a.length !== n * n) throw new RangeError(`luFactor: expected ${n * n} entries, got ${a.length}`);
  const lu = Float64Array.from(a);
  const pivots = new Int32Array(n);
  let swaps = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k + k * n]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i + k * n]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0) throw new Error(`luFactor: matrix is singular (column ${k})`);
    pivots[k] = p;
    if (p !== k) {
      swaps++;
      for (let j = 0; j < n; j++) {
        const t = lu[k + j * n];
        lu[k + j * n] = lu[p + j * n];
        lu[p + j * n] = t;
      }
    }
    const pivot = lu[k + k * n];
    for (let i = k + 1; i < n; i++) lu[i + k * n] /= pivot;
    for (let j = k + 1; j < n; j++) {
      const ukj = lu[k + j * n];
      if (ukj === 0) continue;
      for (let i = k + 1; i < n; i++) lu[i + j * n] -= lu[i + k * n] * ukj;
    }
  }
  return { n, lu, pivots, swaps };
}

/** Solves A X = B for an n x nrhs block B (column-major), given luFactor(A). */
export function luSolve(f: DenseLU, b: Float64Array, nrhs = b.length / f.n): Float64Array {
  const { n, lu, pivots } = f;
  if (b.length !== n * nrhs) throw new RangeError(`luSolve: expected ${n * nrhs} entries, got ${b.length}`);
  const x = Float64Array.from(b);
  for (let c = 0; c < nrhs; c++) {
    const o = c * n;
    for (let k = 0; k < n; k++) {
      const p = pivots[k];
      if (p !== k) {
        const t = x[o + k];
        x[o + k] = x[o + p];
        x[o + p] = t;
      }
    }
    for (let j = 0; j < n; j++) {
      const xj = x[o + j];
      if (xj !== 0) for (let i = j + 1; i < n; i++) x[o + i] -= lu[i + j * n] * xj;
    }
    for (let j = n - 1; j >= 0; j--) {
      x[o + j] /= lu[j + j * n];
      const xj = x[o + j];
      if (xj !== 0) for (let i = 0; i < j; i++) x[o + i] -= lu[i + j * n] * xj;
    }
  }
  return x;
}

/** X = A⁻¹ B (B: n x nrhs, column-major). */
export function solveDense(a: Float64Array, n: number, b: Float64Array): Float64Array {
  return luSolve(luFactor(a, n), b);
}

/** A⁻¹. */
export function inverse(a: Float64Array, n: number): Float64Array {
  const eye = new Float64Array(n * n);
  for (let k = 0; k < n; k++) eye[k + k * n] = 1;
  return solveDense(a, n, eye);
}

/** log |det A| and the sign of det A, from the LU factors. */
export function logAbsDet(a: Float64Array, n: number): { logAbsDet: number; sign: number } {
  const f = luFactor(a, n);
  let sum = 0;
  let sign = f.swaps % 2 === 0 ? 1 : -1;
  for (let k = 0; k < n; k++) {
    const u = f.lu[k + k * n];
    sum += Math.log(Math.abs(u));
    if (u < 0) sign = -sign;
  }
  return { logAbsDet: sum, sign };
}

export function norm2(v: ArrayLike<number>): number {
  let scale = 0;
  let ssq = 1;
  // Scaled sum of squares (as LAPACK's dnrm2) so huge or tiny entries do not overflow.
  for (let k = 0; k < v.length; k++) {
    const a = Math.abs(v[k]);
    if (a === 0) continue;
    if (scale < a) {
      ssq = 1 + ssq * (scale / a) ** 2;
      scale = a;
    } else {
      ssq += (a / scale) ** 2;
    }
  }
  return scale * Math.sqrt(ssq);
}

export function normInf(v: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < v.length; k++) m = Math.max(m, Math.abs(v[k]));
  return m;
}

/**
 * Relative error ‖a − b‖₂ / ‖b‖₂, with b the reference (0 when both are zero,
 * the absolute error when only b is zero).
 */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`relErr: lengths differ (${a.length} vs ${b.length})`);
  const diff = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) diff[k] = a[k] - b[k];
  const nd = norm2(diff);
  const nb = norm2(b);
  return nb === 0 ? nd : nd / nb;
}

/** ‖A‖∞ (max absolute row sum) of the matrix A represents (a stored triangle counts twice off the diagonal). */
export function sparseNormInf(A: CscMatrix): number {
  const rowSums = new Float64Array(A.nrows);
  for (let j = 0; j < A.ncols; j++) {
    for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
      const i = A.rowIdx[k];
      const v = Math.abs(A.values[k]);
      rowSums[i] += v;
      if (A.symmetry !== 'general' && i !== j) rowSums[j] += v;
    }
  }
  return normInf(rowSums);
}

/** b − A x for every column of an n x nrhs block, with a matvec written here. */
function residualBlock(A: CscMatrix, x: Float64Array, b: Float64Array): { r: Float64Array; nrhs: number } {
  const nrhs = b.length / A.nrows;
  if (!Number.isInteger(nrhs) || x.length !== A.ncols * nrhs) {
    throw new RangeError(`residual: x has ${x.length} and b ${b.length} entries for a ${A.nrows} x ${A.ncols} matrix`);
  }
  const r = Float64Array.from(b);
  for (let c = 0; c < nrhs; c++) {
    const xo = c * A.ncols;
    const ro = c * A.nrows;
    for (let j = 0; j < A.ncols; j++) {
      for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
        const i = A.rowIdx[k];
        r[ro + i] -= A.values[k] * x[xo + j];
        if (A.symmetry !== 'general' && i !== j) r[ro + j] -= A.values[k] * x[xo + i];
      }
    }
  }
  return { r, nrhs };
}

/**
 * Normwise backward error ‖b − A x‖∞ / (‖A‖∞ ‖x‖∞ + ‖b‖∞), the largest over the
 * columns of a block. This is the residual a backward-stable solver (a Cholesky
 * or LU solve) keeps near machine epsilon whatever the conditioning, so a
 * tolerance like 1e-14 on it is meaningful even for ill-conditioned matrices.
 */
export function residual(A: CscMatrix, x: Float64Array, b: Float64Array): number {
  const { r, nrhs } = residualBlock(A, x, b);
  const normA = sparseNormInf(A);
  let worst = 0;
  for (let c = 0; c < nrhs; c++) {
    const rc = r.subarray(c * A.nrows, (c + 1) * A.nrows);
    const xc = x.subarray(c * A.ncols, (c + 1) * A.ncols);
    const bc = b.subarray(c * A.nrows, (c + 1) * A.nrows);
    const denominator = normA * normInf(xc) + normInf(bc);
    worst = Math.max(worst, denominator === 0 ? normInf(rc) : normInf(rc) / denominator);
  }
  return worst;
}

/**
 * Relative residual ‖b − A x‖₂ / ‖b‖₂, the largest over the columns of a block.
 * Grows with the condition number of A even for an exact-arithmetic-quality
 * solve, so its tolerance must account for cond(A); use `residual` for
 * backward-stability checks.
 */
export function relResidual(A: CscMatrix, x: Float64Array, b: Float64Array): number {
  const { r, nrhs } = residualBlock(A, x, b);
  let worst = 0;
  for (let c = 0; c < nrhs; c++) {
    const rc = r.subarray(c * A.nrows, (c + 1) * A.nrows);
    const nb = norm2(b.subarray(c * A.nrows, (c + 1) * A.nrows));
    worst = Math.max(worst, nb === 0 ? norm2(rc) : norm2(rc) / nb);
  }
  return worst;
}
