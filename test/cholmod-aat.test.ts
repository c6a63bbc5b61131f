/**
 * Factorising A Aᵀ + βI without forming A Aᵀ (`aat: true`): against dense A Aᵀ + βI, a least
 * squares fit through the normal equations, the column subset, refactor on the same pattern,
 * and the typed errors of its options.
 */
import { analyze, cholesky, choleskyAsync, NotPositiveDefiniteError } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { CscMatrix } from '../lib/sparse';
import { denseOf, logAbsDet, matmul, relErr, rng, randomVector, solveDense, transposeDense } from './helpers/dense';
import { loadTri } from './helpers/suitesparse';

/** A random m × n 'general' matrix with about `density` of its entries nonzero (and a full diagonal band). */
function randomSparse(m: number, n: number, density: number, seed: number): CscMatrix {
  const rand = rng(seed);
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      if (i === j % m || rand() < density) { rows.push(i); cols.push(j); vals.push(rand() * 2 - 1); }
    }
  }
  return CscMatrix.fromTriplets(m, n, rows, cols, vals);
}

/** Dense A Aᵀ + βI (m × m), from the dense A (independent of CHOLMOD). */
function denseAAt(A: CscMatrix, beta: number, columns?: number[]): Float64Array {
  const m = A.nrows;
  let a = denseOf(A);
  let n = A.ncols;
  if (columns) {
    const sub = new Float64Array(m * columns.length);
    columns.forEach((j, k) => sub.set(a.subarray(j * m, (j + 1) * m), k * m));
    a = sub;
    n = columns.length;
  }
  const M = matmul(a, transposeDense(a, m, n), m, n, m);
  for (let i = 0; i < m; i++) M[i + i * m] += beta;
  return M;
}

afterAll(() => expect(liveHandles()).toBe(0));

describe('cholesky(A, { aat: true, beta })', () => {
  const cases: Array<[string, number, number, number]> = [['wide', 12, 30, 0.2], ['square', 15, 15, 0.3], ['tall', 20, 8, 0.4]];
  for (const [name, m, n, density] of cases) {
    test(`${name} ${m} x ${n}: solves (A Aᵀ + βI) x = b as the dense system does`, () => {
      const A = randomSparse(m, n, density, m * 31 + n);
      const beta = m > n ? 0.5 : 1e-3; // a tall A has a singular A Aᵀ: β makes it definite
      const factor = cholesky(A, { aat: true, beta });
      try {
        expect(factor.n).toBe(m);
        expect(factor.info.isAAt).toBe(true);
        const b = randomVector(rng(7), m);
        const M = denseAAt(A, beta);
        expect(relErr(factor.solve(b), solveDense(M, m, b))).toBeLessThan(1e-10);
        const { logAbsDet: reference } = logAbsDet(M, m);
        expect(Math.abs(factor.determinant().logAbs - reference)).toBeLessThan(1e-10 * Math.max(1, Math.abs(reference)));
        expect(factor.determinant().sign).toBe(1);
      } finally {
        factor.dispose();
      }
    });
  }

  test('lp_afiro (27 x 51, an LP constraint matrix): the interior-point system A D Aᵀ, for every kind and mode', () => {
    const A = loadTri('lp_afiro');
    const m = A.nrows;
    const b = randomVector(rng(3), m);
    const M = denseAAt(A, 0);
    const reference = solveDense(M, m, b);
    for (const opts of [{}, { kind: 'LDLt' as const }, { mode: 'supernodal' as const }, { ordering: 'colamd' as const }, { ordering: 'metis' as const }]) {
      const factor = cholesky(A, { aat: true, ...opts });
      try {
        expect(relErr(factor.solve(b), reference)).toBeLessThan(1e-9);
      } finally {
        factor.dispose();
      }
    }
  });

  test('least squares through the normal equations: factorise Aᵀ A by passing Aᵀ', () => {
    // Fit y ≈ c0 + c1 t + c2 t² to 40 points: A is 40 × 3, Aᵀ A x = Aᵀ y.
    const t = Array.from({ length: 40 }, (_, i) => i / 39);
    const truth = [0.5, -2, 3];
    const rand = rng(11);
    const y = Float64Array.from(t, (ti) => truth[0] + truth[1] * ti + truth[2] * ti * ti + 1e-3 * (rand() - 0.5));
    const rows: number[] = [], cols: number[] = [], vals: number[] = [];
    t.forEach((ti, i) => [1, ti, ti * ti].forEach((v, j) => { rows.push(i); cols.push(j); vals.push(v); }));
    const A = CscMatrix.fromTriplets(40, 3, rows, cols, vals);
    const At = A.transpose();
    const factor = cholesky(At, { aat: true });
    try {
      const x = factor.solve(At.matvec(y));
      // The dense normal equations give the same x; the fit recovers the coefficients.
      const reference = solveDense(denseAAt(At, 0), 3, At.matvec(y));
      expect(relErr(x, reference)).toBeLessThan(1e-10);
      x.forEach((xi, j) => expect(Math.abs(xi - truth[j])).toBeLessThan(1e-2));
      // The residual is orthogonal to the columns of A.
      const r = A.matvec(x).map((v, i) => y[i] - v);
      const Atr = At.matvec(r);
      expect(Math.max(...Atr.map(Math.abs))).toBeLessThan(1e-10 * Math.max(...y.map(Math.abs)) * 40);
    } finally {
      factor.dispose();
    }
  });

  test('columns: factorises A(:, f) A(:, f)ᵀ + βI', () => {
    const A = randomSparse(10, 25, 0.25, 5);
    const columns = [0, 3, 4, 9, 12, 13, 20, 24, 7, 1, 2, 18];
    const factor = cholesky(A, { aat: true, beta: 0.1, columns: Int32Array.from(columns) });
    try {
      const b = randomVector(rng(1), 10);
      expect(relErr(factor.solve(b), solveDense(denseAAt(A, 0.1, columns), 10, b))).toBeLessThan(1e-10);
    } finally {
      factor.dispose();
    }
  });

  test('refactor with a new A on the same pattern, and analyze + refactor', () => {
    const A = randomSparse(12, 20, 0.2, 9);
    const A2 = A.withValues(A.values.map((v, k) => v * (1 + 0.1 * (k % 3))));
    const b = randomVector(rng(2), 12);
    const factor = cholesky(A, { aat: true, beta: 0.25 });
    const symbolic = analyze(A, { aat: true, beta: 0.25 });
    try {
      factor.refactor(A2);
      symbolic.refactor(A2.values);
      const reference = solveDense(denseAAt(A2, 0.25), 12, b);
      expect(relErr(factor.solve(b), reference)).toBeLessThan(1e-10);
      expect(relErr(symbolic.solve(b), reference)).toBeLessThan(1e-10);
      factor.refactor(A2, { beta: 2 });
      expect(relErr(factor.solve(b), solveDense(denseAAt(A2, 2), 12, b))).toBeLessThan(1e-10);
      expect(factor.matrix.nrows).toBe(12);
      expect(factor.matrix.ncols).toBe(20);
      expect(() => factor.refactor(randomSparse(12, 20, 0.5, 1))).toThrow(RangeError);
    } finally {
      factor.dispose();
      symbolic.dispose();
    }
  });

  test('async: choleskyAsync and refactorAsync agree with the sync path', async () => {
    const A = randomSparse(14, 30, 0.2, 21);
    const b = randomVector(rng(4), 14);
    const factor = await choleskyAsync(A, { aat: true, beta: 1e-2 });
    try {
      expect(relErr(await factor.solveAsync(b), solveDense(denseAAt(A, 1e-2), 14, b))).toBeLessThan(1e-10);
      await factor.refactorAsync(A, { beta: 3 });
      expect(relErr(factor.solve(b), solveDense(denseAAt(A, 3), 14, b))).toBeLessThan(1e-10);
    } finally {
      factor.dispose();
    }
  });

  test('a rank-deficient A Aᵀ without β is not positive definite: NotPositiveDefiniteError, or a failed factor with check: false', () => {
    const A = randomSparse(10, 4, 0.3, 8); // rank ≤ 4 < 10
    expect(() => cholesky(A, { aat: true })).toThrow(NotPositiveDefiniteError);
    const factor = cholesky(A, { aat: true, check: false });
    try {
      expect(factor.isSuccess).toBe(false);
      expect(factor.failedColumn).toBeGreaterThanOrEqual(0);
      expect(factor.refactor(A, { beta: 1 })).toBe(true);
      expect(factor.isSuccess).toBe(true);
    } finally {
      factor.dispose();
    }
  });

  test('typed errors for the A Aᵀ options', () => {
    const A = randomSparse(5, 8, 0.3, 1);
    const lower = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, 1], { symmetry: 'lower' });
    expect(() => cholesky(lower, { aat: true })).toThrow(/must be stored in full \('general'\) for opts.aat/);
    expect(() => cholesky(A, { aat: 'yes' as unknown as boolean })).toThrow(TypeError);
    expect(() => cholesky(A, { aat: true, beta: 1, shift: 1 })).toThrow(/same option/);
    expect(() => cholesky(A, { aat: true, beta: NaN })).toThrow(/opts.beta must be a finite number/);
    expect(() => cholesky(A, { columns: [0] })).toThrow(/opts.columns needs opts.aat: true/);
    expect(() => cholesky(A, { aat: true, columns: [0, 8] })).toThrow(/opts.columns\[1\] must be an integer in \[0, 8\), got 8/);
    expect(() => cholesky(A, { aat: true, columns: [1, 2, 1] })).toThrow(/opts.columns\[2\] must not repeat an entry, got 1 \(also at index 0\)/);
    expect(() => cholesky(A)).toThrow(/must be square/); // without aat, A must be symmetric
  });
});
