/**
 * log det A and its gradient on A's pattern (the Takahashi selected inverse), against
 * - the dense inverse on matrices from the SuiteSparse tree (bcsstk01, bcsstk02, can___24
 *   made SPD), to 1e-10;
 * - for bcsstk16 (n = 4884, where a dense inverse in JavaScript takes minutes), CHOLMOD
 *   solves against unit vectors on a sample of columns;
 * - for a 3D Poisson matrix with n = 21,952, the exact spectral decomposition (the
 *   eigenvectors of the 7-point Laplacian are products of sines), an estimate that shares
 *   nothing with the factorisation, and conjugate gradients written here;
 * - central finite differences of log det.
 */
import { logdet, logdetGradient, logdetVjp, inverseDiagonal, UnsupportedDerivativeError } from '../lib/ad';
import { cholesky } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { DiagonalOperator, FunctionOperator, MatrixOperator, SparseOperator, TaggedOperator, positiveSemidefinite } from '../lib/operators';
import { CscMatrix, poisson3d } from '../lib/sparse';
import { denseOf, inverse, logAbsDet, randomVector, relErr, rng } from './helpers/dense';
import { asCsc, loadCXSparse, loadMtx, loadTri } from './helpers/suitesparse';

const rand = rng(4242);

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

/** The gradient on the pattern from a dense inverse Z: 2 Z_ij off the diagonal of a stored triangle, Z_ij otherwise. */
function gradientFromInverse(A: CscMatrix, z: (i: number, j: number) => number): Float64Array {
  const out = new Float64Array(A.nnz);
  for (let j = 0; j < A.ncols; j++) {
    for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
      const i = A.rowIdx[k];
      out[k] = (A.symmetry !== 'general' && i !== j ? 2 : 1) * z(i, j);
    }
  }
  return out;
}

/** The same symmetric matrix with the pattern of A, stored as `symmetry`. */
function restore(A: CscMatrix, symmetry: 'lower' | 'upper' | 'general'): CscMatrix {
  const n = A.ncols;
  const d = denseOf(A);
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    const keep = symmetry === 'general' || (symmetry === 'lower' ? i >= j : i <= j);
    if (keep && d[i + j * n] !== 0) { rows.push(i); cols.push(j); values.push(d[i + j * n]); }
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, values, { symmetry });
}

/** can___24 is a pattern: give it −1 off the diagonal and (degree + 1) on it, an SPD M-matrix. */
function can24(): CscMatrix {
  const pattern = asCsc(loadMtx('can___24'));
  const values = new Float64Array(pattern.nnz);
  const degree = new Float64Array(pattern.nrows);
  for (let j = 0; j < pattern.ncols; j++) for (let k = pattern.colPtr[j]; k < pattern.colPtr[j + 1]; k++) {
    const i = pattern.rowIdx[k];
    if (i !== j) { values[k] = -1; degree[i]++; degree[j]++; }
  }
  for (let j = 0; j < pattern.ncols; j++) for (let k = pattern.colPtr[j]; k < pattern.colPtr[j + 1]; k++) {
    if (pattern.rowIdx[k] === j) values[k] = degree[j] + 1;
  }
  return pattern.withValues(values);
}

const suiteSparse: Array<[string, () => CscMatrix]> = [
  ['bcsstk01', () => loadTri('bcsstk01')],
  ['bcsstk02', () => loadTri('bcsstk02')],
  ['can___24 (made SPD)', can24],
];

describe.each(suiteSparse)('%s', (_, load) => {
  const A = load();
  const n = A.ncols;
  const dense = denseOf(A);
  const Z = inverse(dense, n);

  test.each(['lower', 'upper', 'general'] as const)('gradient equals the dense inverse on the pattern to 1e-10 (%s storage)', (symmetry) => {
    const B = restore(A, symmetry);
    const ref = gradientFromInverse(B, (i, j) => Z[i + j * n]);
    expect(relErr(logdetGradient(B), ref)).toBeLessThan(1e-10);
  });

  test('logdet equals the dense LU determinant, and inverseDiagonal the dense inverse', () => {
    expect(A.symmetry).not.toBe('general');
    const ref = logAbsDet(dense, n);
    expect(ref.sign).toBe(1);
    expect(Math.abs(logdet(A) - ref.logAbsDet) / Math.abs(ref.logAbsDet)).toBeLessThan(1e-12);
    expect(relErr(inverseDiagonal(A), Float64Array.from({ length: n }, (_, i) => Z[i + i * n]))).toBeLessThan(1e-10);
  });

  test('a supernodal and a simplicial LDLt factor give the same gradient', () => {
    const ref = gradientFromInverse(A, (i, j) => Z[i + j * n]);
    for (const opts of [{ mode: 'supernodal' as const }, { mode: 'simplicial' as const, kind: 'LDLt' as const }]) {
      const factor = cholesky(A, opts);
      expect(relErr(logdetGradient(factor), ref)).toBeLessThan(1e-10);
      factor.dispose();
    }
  });
});

describe('bcsstk16 (n = 4884): the selected inverse against solves with unit vectors', () => {
  test('sampled columns agree to 1e-10', () => {
    const A = loadCXSparse('bcsstk16');
    expect(A.ncols).toBe(4884);
    const factor = cholesky(A);
    const gradient = logdetGradient(factor);
    const got: number[] = [];
    const ref: number[] = [];
    for (let s = 0; s < 25; s++) {
      const j = Math.floor(rand() * A.ncols);
      const e = new Float64Array(A.ncols);
      e[j] = 1;
      const column = factor.solve(e); // column j of A⁻¹
      for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
        got.push(gradient[k]);
        ref.push((A.rowIdx[k] === j ? 1 : 2) * column[A.rowIdx[k]]);
      }
    }
    expect(relErr(got, ref)).toBeLessThan(1e-10);
    factor.dispose();
  });
});

describe('3D Poisson, n = 21,952', () => {
  const side = 28;
  const A = poisson3d(side); // 'lower', 6 on the diagonal, −1 per neighbour
  const n = A.ncols;
  const h = Math.PI / (side + 1);
  const s = (mode: number, x: number) => Math.sqrt(2 / (side + 1)) * Math.sin(mode * (x + 1) * h);
  const eig1 = Float64Array.from({ length: side }, (_, m) => 2 - 2 * Math.cos((m + 1) * h));

  /** (A⁻¹)_pq = Σ_modes v(p) v(q) / λ, with v a product of sines and λ a sum of 1-D eigenvalues. */
  function spectralInverse(p: number, q: number): number {
    const [px, py, pz] = [p % side, Math.floor(p / side) % side, Math.floor(p / (side * side))];
    const [qx, qy, qz] = [q % side, Math.floor(q / side) % side, Math.floor(q / (side * side))];
    const fx = Float64Array.from({ length: side }, (_, m) => s(m + 1, px) * s(m + 1, qx));
    const fy = Float64Array.from({ length: side }, (_, m) => s(m + 1, py) * s(m + 1, qy));
    const fz = Float64Array.from({ length: side }, (_, m) => s(m + 1, pz) * s(m + 1, qz));
    let sum = 0;
    for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) {
      const fij = fx[i] * fy[j];
      const lij = eig1[i] + eig1[j];
      for (let k = 0; k < side; k++) sum += (fij * fz[k]) / (lij + eig1[k]);
    }
    return sum;
  }

  test('n ≥ 20,000', () => expect(n).toBeGreaterThanOrEqual(20000));

  test('logdet equals Σ log λ over the exact eigenvalues', () => {
    let ref = 0;
    for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) for (let k = 0; k < side; k++) ref += Math.log(eig1[i] + eig1[j] + eig1[k]);
    expect(Math.abs(logdet(A) - ref) / ref).toBeLessThan(1e-12);
  });

  test('the gradient on a sample of 200 pattern entries equals the spectral inverse to 1e-10', () => {
    const gradient = logdetGradient(A);
    const got: number[] = [];
    const ref: number[] = [];
    for (let t = 0; t < 200; t++) {
      const k = Math.floor(rand() * A.nnz);
      const j = columnOf(A, k);
      const i = A.rowIdx[k];
      got.push(gradient[k]);
      ref.push((i === j ? 1 : 2) * spectralInverse(i, j));
    }
    expect(relErr(got, ref)).toBeLessThan(1e-10);
  });

  test('whole columns of the gradient equal conjugate-gradient solves against unit vectors', () => {
    const gradient = logdetGradient(new SparseOperator(A, [positiveSemidefinite]));
    for (let t = 0; t < 4; t++) {
      const j = Math.floor(rand() * n);
      const column = conjugateGradients(A, j);
      const got: number[] = [];
      const ref: number[] = [];
      for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
        got.push(gradient[k]);
        ref.push((A.rowIdx[k] === j ? 1 : 2) * column[A.rowIdx[k]]);
      }
      expect(relErr(got, ref)).toBeLessThan(1e-10);
    }
  });
});

function columnOf(A: CscMatrix, k: number): number {
  let lo = 0;
  let hi = A.ncols - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (A.colPtr[mid] <= k) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A⁻¹ e_j by plain CG on a stored lower triangle, with a matvec written here (‖r‖ ≤ 1e-14 ‖e_j‖). */
function conjugateGradients(A: CscMatrix, j: number): Float64Array {
  const n = A.ncols;
  const mv = (x: Float64Array) => {
    const y = new Float64Array(n);
    for (let c = 0; c < n; c++) for (let k = A.colPtr[c]; k < A.colPtr[c + 1]; k++) {
      const i = A.rowIdx[k];
      y[i] += A.values[k] * x[c];
      if (i !== c) y[c] += A.values[k] * x[i];
    }
    return y;
  };
  const x = new Float64Array(n);
  const r = new Float64Array(n);
  r[j] = 1;
  const p = r.slice();
  let rr = 1;
  for (let step = 0; step < 2000 && rr > 1e-28; step++) {
    const q = mv(p);
    let pq = 0;
    for (let i = 0; i < n; i++) pq += p[i] * q[i];
    const alpha = rr / pq;
    let next = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      next += r[i] * r[i];
    }
    for (let i = 0; i < n; i++) p[i] = r[i] + (next / rr) * p[i];
    rr = next;
  }
  expect(rr).toBeLessThan(1e-28);
  return x;
}

describe('logdetVjp and the other inputs', () => {
  const A = can24();
  const n = A.ncols;
  const Z = inverse(denseOf(A), n);

  test('the gradient equals central differences of log det along a random direction', () => {
    const direction = randomVector(rand, A.nnz);
    const eps = 1e-6;
    const fd = (logdet(A.withValues(A.values.map((v, k) => v + eps * direction[k]))) - logdet(A.withValues(A.values.map((v, k) => v - eps * direction[k])))) / (2 * eps);
    const { pullback } = logdetVjp(A);
    const cot = pullback();
    if (cot.kind !== 'sparse') throw new Error('expected a sparse cotangent');
    const adjoint = cot.values.reduce((sum, g, k) => sum + g * direction[k], 0);
    expect(Math.abs(adjoint - fd) / Math.abs(fd)).toBeLessThan(1e-6);
  });

  test('pullback scales by ḡ; a tagged SparseOperator gives values aligned with its matrix', () => {
    const op = new TaggedOperator(new SparseOperator(A), [positiveSemidefinite]);
    const vjp = logdetVjp(op);
    expect(vjp.value).toBeCloseTo(logAbsDet(denseOf(A), n).logAbsDet, 10);
    const cot = vjp.pullback(-0.5);
    expect(cot.kind === 'sparse' && cot.matrix).toBe(A);
    const ref = gradientFromInverse(A, (i, j) => -0.5 * Z[i + j * n]);
    expect(relErr((cot as { values: Float64Array }).values, ref)).toBeLessThan(1e-10);
  });

  test('a MatrixOperator gets the dense A⁻ᵀ, a DiagonalOperator 1/d', () => {
    const dense = new MatrixOperator({ nrows: n, ncols: n, data: denseOf(A) }, [positiveSemidefinite, 'symmetric']);
    const cot = logdetVjp(dense).pullback();
    expect(cot.kind).toBe('dense');
    expect(relErr((cot as { matrix: { data: Float64Array } }).matrix.data, Z)).toBeLessThan(1e-10);
    const d = randomVector(rand, 7, 0.5, 2);
    const diag = logdetVjp(new DiagonalOperator(d));
    expect(diag.value).toBeCloseTo(d.reduce((sum, v) => sum + Math.log(v), 0), 12);
    expect(Array.from((diag.pullback(2) as { diagonal: Float64Array }).diagonal)).toEqual(Array.from(d, (v) => 2 / v));
    expect(relErr(inverseDiagonal(new DiagonalOperator(d)), d.map((v) => 1 / v))).toBe(0);
  });

  test('a shifted factor gives the gradient of log det(A + βI), and the caller keeps the factor', () => {
    const beta = 0.75;
    const factor = cholesky(A, { shift: beta });
    const shifted = denseOf(A).map((v, k) => (k % (n + 1) === 0 ? v + beta : v));
    const Zs = inverse(shifted, n);
    expect(relErr(logdetGradient(factor), gradientFromInverse(A, (i, j) => Zs[i + j * n]))).toBeLessThan(1e-10);
    expect(Math.abs(logdet(factor) - logAbsDet(shifted, n).logAbsDet)).toBeLessThan(1e-10);
    expect(factor.disposed).toBe(false);
    factor.dispose();
  });

  test('operators without stored entries are refused with a clear error', () => {
    const f = new FunctionOperator((x) => x.slice(), 3, { tags: ['symmetric', positiveSemidefinite] });
    expect(() => logdet(f)).toThrow(UnsupportedDerivativeError);
    expect(() => logdetVjp(f)).toThrow(/SparseOperator, MatrixOperator or DiagonalOperator/);
  });
});
