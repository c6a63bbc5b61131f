/**
 * qr(), QRFactor and the SparseQR solver (SuiteSparseQR) against independent references: dense
 * normal equations and Aᵀ(AAᵀ)⁻¹ on small full-rank problems, a dense Jacobi SVD for ranks and
 * pseudo-inverse solutions (test/helpers/svd.ts), and on large problems the least-squares
 * optimality ‖Aᵀ(b − A x)‖ / (‖A‖_F ‖b − A x‖) and backward errors. Real matrices: SPQR/Matrix
 * (ash219, lp_e226, GD01_b and the rank-deficient ones) and the rectangular CXSparse/Matrix ones.
 */
import { join } from 'node:path';

import {
  AutoSolver, CG, CscMatrix, DisposedError, FunctionOperator, LinearSolveError, MatrixOperator, QRFactor, QrError, Result,
  SparseOperator, SparseQR, UnsupportedOperatorError, cholesky, linearSolve, liveHandles, poisson2d, qr, qrAsync,
  readMatrixMarket,
} from '../lib';
import { native } from '../lib/native';
import { CholmodError } from '../lib/cholmod/errors';
import { asQrError } from '../lib/qr/errors';
import { denseOf, matmul, norm2, randomVector, relErr, residual, rng, solveDense, transposeDense } from './helpers/dense';
import { asCsc, loadCXSparse, suiteSparseDir } from './helpers/suitesparse';
import { jacobiSvd, numericalRank, pinvSolve } from './helpers/svd';

const rand = rng(15015);

function spqrMatrix(name: string): CscMatrix {
  return asCsc(readMatrixMarket(join(suiteSparseDir(), 'SPQR', 'Matrix', `${name}.mtx`))).toGeneral();
}

/** A random sparse m × n matrix with a full-rank "diagonal" (entries (k, k) for k < min(m, n)). */
function randomSparse(m: number, n: number, density: number): CscMatrix {
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      if (i === j || rand() < density) {
        rows.push(i);
        cols.push(j);
        vals.push(i === j ? 3 + rand() : rand() - 0.5);
      }
    }
  }
  return CscMatrix.fromTriplets(m, n, rows, cols, vals);
}

function frobenius(A: CscMatrix): number {
  return Math.sqrt(A.values.reduce((s, v) => s + v * v, 0));
}

/** ‖Aᵀ(b − A x)‖ / (‖A‖_F ‖b − A x‖): zero at a least-squares solution, ~ε for a stable one. */
function lsOptimality(A: CscMatrix, x: Float64Array, b: Float64Array): number {
  const Ax = A.matvec(x);
  const r = b.map((v, i) => v - Ax[i]);
  const nr = norm2(r);
  return nr === 0 ? 0 : norm2(A.rmatvec(r)) / (frobenius(A) * nr);
}

/** Normal equations: (AᵀA)⁻¹ Aᵀ b, dense. */
function normalEquations(A: CscMatrix, b: Float64Array): Float64Array {
  const a = denseOf(A);
  const at = transposeDense(a, A.nrows, A.ncols);
  return solveDense(matmul(at, a, A.ncols, A.nrows, A.ncols), A.ncols, A.rmatvec(b));
}

/** Minimum norm: Aᵀ (AAᵀ)⁻¹ b, dense. */
function minimumNorm(A: CscMatrix, b: Float64Array): Float64Array {
  const a = denseOf(A);
  const at = transposeDense(a, A.nrows, A.ncols);
  return A.rmatvec(solveDense(matmul(a, at, A.nrows, A.ncols, A.nrows), A.nrows, b));
}

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

describe('qr on small full-rank problems, against dense references', () => {
  it('tall: the least-squares solution equals the normal equations; Aᵀ y = c gives the minimum-norm y', () => {
    const A = randomSparse(40, 15, 0.15);
    const b = randomVector(rand, 40);
    using factor = qr(A);
    expect(factor.rank).toBe(15);
    expect(factor.fullRank).toBe(true);
    const x = factor.solve(b);
    expect(relErr(x, normalEquations(A, b))).toBeLessThan(1e-12);
    expect(lsOptimality(A, x, b)).toBeLessThan(1e-14);
    const c = randomVector(rand, 15);
    const y = factor.solve(c, { transpose: true });
    expect(relErr(y, minimumNorm(A.transpose(), c))).toBeLessThan(1e-12);
    expect(factor.info.factorsTranspose).toBe(false);
  });

  it('wide: the minimum-norm solution equals Aᵀ(AAᵀ)⁻¹b; Aᵀ y ≈ c is least squares', () => {
    const A = randomSparse(15, 40, 0.15);
    const b = randomVector(rand, 15);
    using factor = qr(A);
    expect(factor.info.factorsTranspose).toBe(true);
    expect(factor.rank).toBe(15);
    const x = factor.solve(b);
    expect(relErr(x, minimumNorm(A, b))).toBeLessThan(1e-12);
    expect(residual(A, x, b)).toBeLessThan(1e-15);
    const c = randomVector(rand, 40);
    const y = factor.solve(c, { transpose: true });
    const At = A.transpose();
    expect(relErr(y, normalEquations(At, c))).toBeLessThan(1e-12);
  });

  it('square: backward error of A x = b and Aᵀ x = b at machine precision', () => {
    const A = randomSparse(30, 30, 0.1);
    const b = randomVector(rand, 30);
    using factor = qr(A);
    expect(residual(A, factor.solve(b), b)).toBeLessThan(1e-15);
    expect(residual(A.transpose(), factor.solve(b, { transpose: true }), b)).toBeLessThan(1e-15);
  });

  it('solves a DenseMatrix of right-hand sides in one call, column by column the same', () => {
    const A = randomSparse(25, 10, 0.2);
    const B = { nrows: 25, ncols: 3, data: randomVector(rand, 75) };
    using factor = qr(A);
    const X = factor.solve(B);
    expect([X.nrows, X.ncols]).toEqual([10, 3]);
    for (let j = 0; j < 3; j++) {
      expect(X.data.subarray(10 * j, 10 * j + 10)).toEqual(factor.solve(B.data.slice(25 * j, 25 * j + 25)));
    }
    const Y = factor.solve({ nrows: 10, ncols: 2, data: randomVector(rand, 20) }, { transpose: true, pseudoInverse: true });
    expect([Y.nrows, Y.ncols]).toEqual([25, 2]);
  });

  it('expands a stored triangle: qr(poisson2d) solves as Cholesky does', () => {
    const A = poisson2d(6);
    const b = randomVector(rand, 36);
    using factor = qr(A);
    using chol = cholesky(A);
    expect(relErr(factor.solve(b), chol.solve(b))).toBeLessThan(1e-12);
    expect(factor.matrix.symmetry).toBe('general');
  });

  it('R and E reproduce AᵀA = E RᵀR Eᵀ, and rcond is min/max |R_kk|', () => {
    const A = randomSparse(30, 12, 0.2);
    using factor = qr(A);
    const R = factor.R();
    expect([R.nrows, R.ncols]).toEqual([12, 12]);
    const E = factor.columnPermutation;
    expect([...E].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    const r = denseOf(R);
    const rtr = matmul(transposeDense(r, 12, 12), r, 12, 12, 12);
    const a = denseOf(A);
    const ata = matmul(transposeDense(a, 30, 12), a, 12, 30, 12);
    let worst = 0;
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) worst = Math.max(worst, Math.abs(rtr[i + 12 * j] - ata[E[i] + 12 * E[j]]));
    expect(worst).toBeLessThan(1e-13 * Math.max(...ata.map(Math.abs)));
    for (let j = 0; j < 12; j++) for (let k = R.colPtr[j]; k < R.colPtr[j + 1]; k++) expect(R.rowIdx[k]).toBeLessThanOrEqual(j);
    const diag = Array.from({ length: 12 }, (_, k) => Math.abs(R.get(k, k)));
    expect(factor.rcond()).toBeCloseTo(Math.min(...diag) / Math.max(...diag), 14);
  });

  it('reports what SPQR did', () => {
    const A = randomSparse(60, 20, 0.1);
    using factor = qr(A, { ordering: 'amd' });
    const info = factor.info;
    expect(info).toMatchObject({ rows: 60, cols: 20, nnzA: A.nnz, rank: 20, ordering: 'amd', factorizations: 1, normDead: 0 });
    expect(info.nnzR).toBeGreaterThanOrEqual(20);
    expect(info.flops).toBeGreaterThan(0);
    expect(info.memoryBytes).toBeGreaterThan(A.nnz * 12);
    expect(info.tolerance).toBeGreaterThan(0);
    using natural = qr(A, { ordering: 'natural' });
    expect(natural.info.ordering).toBe('natural');
    expect(natural.columnPermutation).toEqual(Int32Array.from({ length: 20 }, (_, k) => k));
  });
});

describe('SPQR/Matrix and CXSparse/Matrix: ranks and pseudo-inverse solutions against a dense SVD', () => {
  const table: Array<[string, () => CscMatrix]> = [
    ...['ash219', 'lp_e226', 'GD01_b', 'GD06_theory', 'GD98_a', 'LFAT5', 'Ragusa16', 'Tina_AskCal', 'b1_ss', 'bcspwr01', 'bfwa62',
      'lfat5b', 'lp_share1b', 'lpi_galenet', 'lpi_itest6', 'pwr01b', 'west0067'].map((name): [string, () => CscMatrix] => [`SPQR/Matrix/${name}`, () => spqrMatrix(name)]),
    ...['ibm32a', 'ibm32b', 'lp_afiro'].map((name): [string, () => CscMatrix] => [`CXSparse/Matrix/${name}`, () => loadCXSparse(name, { symmetry: 'general' })]),
  ];

  it.each(table)('%s', (_name, load) => {
    const A = load();
    const { nrows: m, ncols: n } = A;
    const a = denseOf(A);
    const svd = m >= n ? jacobiSvd(a, m, n) : jacobiSvd(transposeDense(a, m, n), n, m);
    using factor = qr(A);
    expect(factor.rank).toBe(numericalRank(svd, 1e-10));
    const b = randomVector(rand, m);
    const x = factor.solve(b, { pseudoInverse: true });
    expect(relErr(x, pinvSolve(a, m, n, b, 1e-10))).toBeLessThan(1e-11);
    const c = randomVector(rand, n);
    const y = factor.solve(c, { pseudoInverse: true, transpose: true });
    expect(relErr(y, pinvSolve(transposeDense(a, m, n), n, m, c, 1e-10))).toBeLessThan(1e-11);
    if (factor.fullRank) {
      // At full rank the basic solution is the pseudo-inverse one.
      expect(relErr(factor.solve(b), x)).toBeLessThan(1e-11);
      expect(relErr(factor.solve(c, { transpose: true }), y)).toBeLessThan(1e-11);
    } else {
      // The basic solution is a least-squares solution, with a larger norm than A⁺b.
      const basic = factor.solve(b);
      expect(lsOptimality(A, basic, b)).toBeLessThan(1e-12);
      expect(norm2(basic)).toBeGreaterThanOrEqual(norm2(x) * (1 - 1e-12));
    }
  });

  it('ash219 (219 × 85): least squares against the normal equations, optimality at machine precision', () => {
    const A = spqrMatrix('ash219');
    const b = randomVector(rand, A.nrows);
    using factor = qr(A);
    const x = factor.solve(b);
    expect(relErr(x, normalEquations(A, b))).toBeLessThan(1e-12);
    expect(lsOptimality(A, x, b)).toBeLessThan(1e-15);
  });

  it('lp_e226 (223 × 472): the minimum-norm solution has backward error ≤ 1e-12 and lies in range(Aᵀ)', () => {
    const A = spqrMatrix('lp_e226');
    const b = randomVector(rand, A.nrows);
    using factor = qr(A);
    const x = factor.solve(b);
    expect(residual(A, x, b)).toBeLessThan(1e-12);
    expect(relErr(x, minimumNorm(A, b))).toBeLessThan(1e-9); // AAᵀ squares κ(A) ≈ 1e4
    expect(relErr(x, factor.solve(b, { pseudoInverse: true }))).toBeLessThan(1e-12);
  });

  it('mbeacxc (492 × 490, rank 448): basic and pseudo-inverse solutions are least-squares solutions', () => {
    const A = loadCXSparse('mbeacxc', { symmetry: 'general' });
    using factor = qr(A);
    expect(factor.rank).toBeLessThan(490);
    expect(factor.fullRank).toBe(false);
    const b = randomVector(rand, A.nrows);
    const basic = factor.solve(b);
    const pinv = factor.solve(b, { pseudoInverse: true });
    // κ of the live part is ~1e8 here, and the basic solution carries the dead columns' dropped norm.
    expect(lsOptimality(A, basic, b)).toBeLessThan(1e-9);
    expect(lsOptimality(A, pinv, b)).toBeLessThan(1e-9);
    expect(norm2(pinv)).toBeLessThan(norm2(basic));
  });

  it("'none' turns rank detection off; a tolerance sets it", () => {
    // Columns of norm 1 and 1e-14: SPQR's default tolerance (20 (m + n) ε ≈ 2e-14) drops the second.
    const A = CscMatrix.fromDense(3, 2, [1, 0, 0, 0, 1e-14, 0]);
    using detect = qr(A);
    using none = qr(A, { tolerance: 'none' });
    using tiny = qr(A, { tolerance: 1e-20 });
    using huge = qr(A, { tolerance: 10 });
    expect([detect.rank, none.rank, tiny.rank, huge.rank]).toEqual([1, 2, 2, 0]);
    expect(none.solve(Float64Array.from([1, 1, 0]))[1]).toBeCloseTo(1e14, 0);
    expect(detect.solve(Float64Array.from([1, 1, 0]), { pseudoInverse: true })).toEqual(Float64Array.from([1, 0]));
    // Rank 0: the pseudo-inverse is zero.
    expect(huge.solve(Float64Array.from([1, 1, 1]), { pseudoInverse: true })).toEqual(new Float64Array(2));
    expect(huge.solve(Float64Array.from([1, 1]), { pseudoInverse: true, transpose: true })).toEqual(new Float64Array(3));
    // Exact zero columns are dead even without a tolerance.
    using structural = qr(spqrMatrix('GD01_b'), { tolerance: 'none' });
    expect(structural.rank).toBe(17);
  });
});

describe('a sparse least-squares fit: a surface from scattered samples', () => {
  /** Bilinear hat functions on a g × g grid over [0, 1]², evaluated at `points` samples: a sparse design matrix (4 entries a row). */
  function design(points: number, g: number) {
    const rows: number[] = [], cols: number[] = [], vals: number[] = [];
    const xy: Array<[number, number]> = [];
    const h = 1 / (g - 1);
    for (let p = 0; p < points; p++) {
      const x = rand(), y = rand();
      xy.push([x, y]);
      const i = Math.min(Math.floor(x / h), g - 2), j = Math.min(Math.floor(y / h), g - 2);
      const s = x / h - i, t = y / h - j;
      for (const [di, dj, w] of [[0, 0, (1 - s) * (1 - t)], [1, 0, s * (1 - t)], [0, 1, (1 - s) * t], [1, 1, s * t]] as const) {
        rows.push(p);
        cols.push(i + di + g * (j + dj));
        vals.push(w);
      }
    }
    return { A: CscMatrix.fromTriplets(points, g * g, rows, cols, vals), xy };
  }
  const surface = (x: number, y: number) => Math.sin(3 * x) * Math.cos(2 * y) + x * y;

  it('small: the fit equals the normal equations', () => {
    const { A, xy } = design(600, 9);
    const b = Float64Array.from(xy, ([x, y]) => surface(x, y));
    using factor = qr(A);
    expect(factor.rank).toBe(81);
    expect(relErr(factor.solve(b), normalEquations(A, b))).toBeLessThan(1e-11);
  });

  it('large (40,000 samples, 61² nodes): least-squares optimal, and the surface recovered to O(h²)', () => {
    const g = 61;
    const { A, xy } = design(40000, g);
    const b = Float64Array.from(xy, ([x, y]) => surface(x, y));
    using factor = qr(A);
    expect(factor.rank).toBe(g * g);
    const c = factor.solve(b);
    // ‖r‖ ≈ 1e-4 ‖b‖ here, so r's own rounding (ε ‖b‖) shows in the ratio.
    expect(lsOptimality(A, c, b)).toBeLessThan(1e-12);
    let worst = 0;
    for (let j = 0; j < g; j++) for (let i = 0; i < g; i++) worst = Math.max(worst, Math.abs(c[i + g * j] - surface(i / (g - 1), j / (g - 1))));
    expect(worst).toBeLessThan(2e-3); // h² = 2.8e-4 times the curvature
    expect(worst).toBeGreaterThan(0);
  });
});

describe('refactor and the async forms', () => {
  it('refactor on the same pattern equals a fresh factorisation (tall and wide)', () => {
    for (const [m, n] of [[30, 12], [12, 30]]) {
      const A = randomSparse(m, n, 0.2);
      const A2 = A.withValues(randomVector(rand, A.nnz));
      const b = randomVector(rand, m);
      using factor = qr(A);
      factor.refactor(A2);
      using fresh = qr(A2);
      expect(relErr(factor.solve(b), fresh.solve(b))).toBeLessThan(1e-13);
      expect(relErr(factor.solve(b, { pseudoInverse: true }), fresh.solve(b))).toBeLessThan(1e-12);
      expect(factor.info.factorizations).toBe(2);
      expect(factor.matrix.values).toEqual(A2.values);
      factor.refactor(A.values);
      expect(factor.matrix.values).toEqual(A.values);
    }
  });

  it('qrAsync, solveAsync and refactorAsync agree with the synchronous forms', async () => {
    const A = randomSparse(50, 20, 0.15);
    const b = randomVector(rand, 50);
    using sync = qr(A);
    const factor = await qrAsync(A);
    try {
      expect(await factor.solveAsync(b)).toEqual(sync.solve(b));
      expect(await factor.solveAsync(b, { pseudoInverse: true })).toEqual(sync.solve(b, { pseudoInverse: true }));
      const B = { nrows: 50, ncols: 2, data: randomVector(rand, 100) };
      expect((await factor.solveAsync(B)).data).toEqual(sync.solve(B).data);
      const values = A.values.map((v) => 2 * v);
      await factor.refactorAsync(values);
      expect(relErr(await factor.solveAsync(b), sync.solve(b).map((v) => v / 2))).toBeLessThan(1e-13);
      // Many solves at once on one factor.
      const all = await Promise.all(Array.from({ length: 4 }, () => factor.solveAsync(b)));
      for (const x of all) expect(x).toEqual(all[0]);
    } finally {
      factor.dispose();
    }
  });

  it('dispose() during an async solve lets the job finish', async () => {
    const factor = qr(randomSparse(200, 80, 0.05));
    const pending = factor.solveAsync(randomVector(rand, 200));
    factor.dispose();
    expect((await pending).length).toBe(80);
    expect(liveHandles()).toBe(0);
  });
});

describe('errors', () => {
  const A = randomSparse(6, 4, 0.3);

  it('checks arguments with typed errors', () => {
    expect(() => qr(A, { tol: 1 } as never)).toThrow(/qr: opts has an unknown key 'tol'/);
    expect(() => qr(A, { tolerance: -1 })).toThrow(RangeError);
    expect(() => qr(A, { tolerance: 'auto' as never })).toThrow(TypeError);
    expect(() => qr(A, { ordering: 'rcm' as never })).toThrow(/qr: opts.ordering/);
    expect(() => qr(new CscMatrix(0, 3, new Int32Array(4), new Int32Array(0), new Float64Array(0)))).toThrow(/at least one row/);
    expect(() => qr({} as never)).toThrow(TypeError);
    using factor = qr(A);
    expect(() => factor.solve(new Float64Array(4))).toThrow(/QRFactor.solve: b/);
    expect(() => factor.solve(new Float64Array(6), { transpose: true })).toThrow(RangeError);
    expect(() => factor.solve(new Float64Array(6).fill(NaN))).toThrow(/finite/);
    expect(() => factor.solve(new Float64Array(6), { pseudo: true } as never)).toThrow(/unknown key 'pseudo'/);
    expect(() => factor.refactor(randomSparse(6, 4, 0.9))).toThrow(/pattern/);
    expect(() => factor.refactor(new Float64Array(A.nnz).fill(Infinity))).toThrow(RangeError);
  });

  it('a disposed factor raises DisposedError', () => {
    const factor = qr(A);
    factor.dispose();
    factor.dispose();
    expect(() => factor.solve(new Float64Array(6))).toThrow(DisposedError);
    expect(() => factor.info).toThrow(/QR factor has been disposed/);
  });

  it('the addon checks forged calls (the backstop behind the TypeScript checks)', () => {
    const bad = { nrows: 3, ncols: 2, colPtr: Int32Array.from([0, 2, 1]), rowIdx: Int32Array.from([0, 1]), values: new Float64Array(2) };
    expect(() => native().qrFactorize({ A: bad, ordering: 7, tolerance: -2 })).toThrow(RangeError);
    expect(() => native().qrFactorize({ A: { ...A, values: A.values }, ordering: 3, tolerance: -2 })).toThrow(RangeError);
    using chol = cholesky(poisson2d(3));
    expect(() => native().qrInfo({ handle: chol.handle })).toThrow(/the handle is a factor, not a qr/);
    using factor = qr(A);
    expect(() => native().qrSolve({ handle: factor.handle, transpose: false, pseudoInverse: false, B: new Float64Array(5), nrhs: 1, X: new Float64Array(4) })).toThrow(RangeError);
    expect(() => native().qrRefactor({ handle: factor.handle, values: new Float64Array(1) })).toThrow(RangeError);
  });

  it("SPQR's failures become QrError with SPQR's code", () => {
    const e = asQrError(new CholmodError('out of memory', 'SPQR_OUT_OF_MEMORY', -2), 'qr');
    expect(e).toBeInstanceOf(QrError);
    expect(e).toMatchObject({ code: 'SPQR_OUT_OF_MEMORY', status: -2, message: 'qr: out of memory' });
    const other = new CholmodError('x', 'CHOLMOD_INVALID', -4);
    expect(asQrError(other, 'qr')).toBe(other);
  });
});

describe('the SparseQR solver', () => {
  it('solves least squares (tall) and minimum norm (wide) through linearSolve; AutoSolver picks it', () => {
    for (const [m, n] of [[40, 15], [15, 40]]) {
      const A = randomSparse(m, n, 0.15);
      const b = randomVector(rand, m);
      const op = new SparseOperator(A);
      expect(new AutoSolver().select(op).name).toBe('SparseQR');
      const { value, result, stats } = linearSolve(op, b);
      expect(result).toBe(Result.successful);
      expect(stats.rank).toBe(Math.min(m, n));
      expect(relErr(value, m > n ? normalEquations(A, b) : minimumNorm(A, b))).toBeLessThan(1e-12);
    }
    expect(liveHandles()).toBe(0);
  });

  it('reuses one factorisation for many solves and for Aᵀ', () => {
    const A = randomSparse(30, 10, 0.2);
    const solver = new SparseQR();
    const state = solver.init(new SparseOperator(A), {});
    try {
      const [transposed] = solver.transpose(state, {});
      expect([transposed.rows, transposed.cols]).toEqual([10, 30]);
      for (let k = 0; k < 3; k++) {
        const b = randomVector(rand, 30);
        expect(relErr(solver.compute(state, b, {}).value, normalEquations(A, b))).toBeLessThan(1e-12);
        const c = randomVector(rand, 10);
        expect(relErr(solver.compute(transposed, c, {}).value, minimumNorm(A.transpose(), c))).toBeLessThan(1e-12);
      }
      expect(solver.factorizations).toBe(1);
      expect(() => solver.compute(state, new Float64Array(10), {})).toThrow(/SparseQR.compute: b/);
      expect(solver.compute(state, new Float64Array(30).fill(NaN), {}).result).toBe(Result.nonfiniteInput);
    } finally {
      solver.dispose(state);
    }
  });

  it('refuses a rank-deficient operator unless in pseudo-inverse mode', () => {
    const A = spqrMatrix('Tina_AskCal');
    const b = randomVector(rand, A.nrows);
    const op = new SparseOperator(A);
    const failed = linearSolve(op, b, new SparseQR(), { throw: false });
    expect(failed.result).toBe(Result.singular);
    expect(failed.stats.rank).toBe(9);
    expect(() => linearSolve(op, b, new SparseQR())).toThrow(LinearSolveError);
    const pinv = new SparseQR({ pseudoInverse: true });
    expect(pinv.assumeFullRank()).toBe(false);
    expect(new SparseQR().assumeFullRank()).toBe(true);
    const { value } = linearSolve(op, b, pinv);
    expect(relErr(value, pinvSolve(denseOf(A), A.nrows, A.ncols, b, 1e-10))).toBeLessThan(1e-11);
  });

  it('takes dense operators, refuses matrix-free ones, checks its options', () => {
    const dense = new MatrixOperator({ nrows: 3, ncols: 2, data: Float64Array.from([1, 1, 1, 0, 1, 2]) });
    expect(linearSolve(dense, Float64Array.from([1, 2, 4]), new SparseQR()).value[1]).toBeCloseTo(1.5, 14);
    const free = new FunctionOperator((x) => x, 3);
    expect(() => linearSolve(free, new Float64Array(3), new SparseQR())).toThrow(UnsupportedOperatorError);
    expect(() => new SparseQR({ pseudoinverse: true } as never)).toThrow(/unknown key/);
    expect(() => new SparseQR({ pseudoInverse: 1 } as never)).toThrow(TypeError);
    expect(() => new SparseQR({ tolerance: -3 }).init(new SparseOperator(poisson2d(2)), {})).toThrow(RangeError);
    // Square sparse operators keep their CHOLMOD solvers; dense choices are unchanged.
    expect(new AutoSolver().select(new SparseOperator(poisson2d(3))).name).toBe('LDLt');
    expect(new AutoSolver().select(dense).name).toBe('QR');
    expect(new CG().name).toBe('CG');
  });

  it('QRFactor is a NativeHandle: Symbol.dispose and liveHandles count it', () => {
    const before = liveHandles();
    {
      using factor = qr(randomSparse(5, 3, 0.5));
      expect(factor).toBeInstanceOf(QRFactor);
      expect(liveHandles()).toBe(before + 1);
    }
    expect(liveHandles()).toBe(before);
  });
});
