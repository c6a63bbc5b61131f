/**
 * SVD, LSMR and Normal against independent references: published singular values, the
 * four Moore–Penrose conditions, dense normal equations (full rank), the explicit
 * pseudo-inverse of a product of full-rank factors A = B C, A⁺ = Cᵀ (C Cᵀ)⁻¹ (BᵀB)⁻¹ Bᵀ
 * (rank-deficient), and the dense Tikhonov solution (AᵀA + d² I)⁻¹ Aᵀ b (damping).
 */
import { liveHandles } from '../lib/handles';
import { LinearSolveError, Result, UnsupportedOperatorError } from '../lib/errors';
import { DiagonalOperator, FunctionOperator, MatrixOperator, SparseOperator } from '../lib/operators';
import { CG, Cholesky, type CholmodState, DenseCholesky, LDLt, LSMR, type LinearSolver, Normal, SVD, svd } from '../lib/solvers';
import { linearSolve } from '../lib/solve';
import { CscMatrix, DenseMatrix } from '../lib/sparse';
import { gramLower } from '../lib/sparse/gram';
import { denseOf, matmul, matvec, randomVector, relErr, rng, solveDense, transposeDense } from './helpers/dense';

const rand = rng(5150);

const dense = (m: number, n: number, data: Float64Array): DenseMatrix => ({ nrows: m, ncols: n, data });

/** Dense least squares by the normal equations: (AᵀA)⁻¹ Aᵀ b (A full column rank). */
function leastSquares(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  const at = transposeDense(a, m, n);
  return solveDense(matmul(at, a, n, m, n), n, matvec(at, n, m, b));
}

/** Minimum-norm solution of a wide full-row-rank system: Aᵀ (A Aᵀ)⁻¹ b. */
function minimumNorm(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  const at = transposeDense(a, m, n);
  return matvec(at, n, m, solveDense(matmul(a, at, m, n, m), m, b));
}

/** A = B C with B m x k, C k x n random (rank k), and A⁺ from the factors. */
function rankDeficient(m: number, n: number, k: number) {
  const bf = randomVector(rand, m * k);
  const cf = randomVector(rand, k * n);
  const a = matmul(bf, cf, m, k, n);
  const bt = transposeDense(bf, m, k);
  const ct = transposeDense(cf, k, n);
  // A⁺ = Cᵀ (C Cᵀ)⁻¹ (BᵀB)⁻¹ Bᵀ, column by column of the identity.
  const pinv = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    const e = new Float64Array(m);
    e[j] = 1;
    const y = solveDense(matmul(bt, bf, k, m, k), k, matvec(bt, k, m, e));
    pinv.set(matvec(ct, n, k, solveDense(matmul(cf, ct, k, n, k), k, y)), j * n);
  }
  return { a, pinv };
}

/** A⁺ as computed by a solver: its solutions for the columns of the identity. */
function pinvBy(op: MatrixOperator | SparseOperator, solver: LinearSolver<any>): Float64Array {
  const m = op.outSize;
  const eye = new Float64Array(m * m);
  for (let i = 0; i < m; i++) eye[i + i * m] = 1;
  return linearSolve(op, dense(m, m, eye), solver).value.data;
}

describe('svd()', () => {
  test('a published example: [[3, 2, 2], [2, 3, −2]] has singular values 5 and 3', () => {
    const { s, u, v } = svd(dense(2, 3, new Float64Array([3, 2, 2, 3, 2, -2])));
    expect(s[0]).toBeCloseTo(5, 13);
    expect(s[1]).toBeCloseTo(3, 13);
    expect([u.nrows, u.ncols, v.nrows, v.ncols]).toEqual([2, 2, 3, 2]);
  });

  test.each([
    [8, 5],
    [5, 8],
    [6, 6],
  ])('%i x %i: U Σ Vᵀ = A, orthonormal U and V, prescribed singular values recovered', (m, n) => {
    const k = Math.min(m, n);
    // A = Q1 diag(σ) Q2ᵀ with Q1, Q2 orthonormal from the SVD of random matrices (checked separately below).
    const q1 = svd(dense(m, k, randomVector(rand, m * k))).u.data;
    const q2 = svd(dense(n, k, randomVector(rand, n * k))).u.data;
    const sigma = Float64Array.from({ length: k }, (_, i) => 10 / (i + 1) ** 2);
    const a = matmul(q1.map((x, idx) => x * sigma[Math.floor(idx / m)]), transposeDense(q2, n, k), m, k, n);
    const { u, s, v } = svd(dense(m, n, a));
    expect(relErr(s, sigma)).toBeLessThan(1e-13);
    const us = u.data.map((x, idx) => x * s[Math.floor(idx / m)]);
    expect(relErr(matmul(us, transposeDense(v.data, n, k), m, k, n), a)).toBeLessThan(1e-13);
    const utu = matmul(transposeDense(u.data, m, k), u.data, k, m, k);
    const vtv = matmul(transposeDense(v.data, n, k), v.data, k, n, k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        expect(Math.abs(utu[i + j * k] - (i === j ? 1 : 0))).toBeLessThan(1e-13);
        expect(Math.abs(vtv[i + j * k] - (i === j ? 1 : 0))).toBeLessThan(1e-13);
      }
    }
  });

  test('non-finite entries are refused', () => {
    expect(() => svd(dense(1, 1, new Float64Array([NaN])))).toThrow(RangeError);
  });
});

describe('SVD solver', () => {
  test.each([
    [9, 6, 3],
    [6, 9, 3],
    [7, 7, 4],
    [5, 5, 5],
  ])('%i x %i of rank %i: the solution is A⁺ b and A⁺ meets the four Moore–Penrose conditions', (m, n, k) => {
    const { a, pinv } = rankDeficient(m, n, k);
    const op = new MatrixOperator(dense(m, n, a));
    const x = pinvBy(op, new SVD());
    expect(relErr(x, pinv)).toBeLessThan(1e-9);
    const ax = matmul(a, x, m, n, m);
    const xa = matmul(x, a, n, m, n);
    expect(relErr(matmul(ax, a, m, m, n), a)).toBeLessThan(1e-12); // A X A = A
    expect(relErr(matmul(xa, x, n, n, m), x)).toBeLessThan(1e-12); // X A X = X
    expect(relErr(transposeDense(ax, m, m), ax)).toBeLessThan(1e-12); // (A X)ᵀ = A X
    expect(relErr(transposeDense(xa, n, n), xa)).toBeLessThan(1e-12); // (X A)ᵀ = X A
    const b = randomVector(rand, m);
    const { stats } = linearSolve(op, b, new SVD());
    expect(stats.rank).toBe(k);
  });

  test('full rank: the least-squares and minimum-norm solutions; the transposed state solves with Aᵀ', () => {
    const [m, n] = [8, 3];
    const a = randomVector(rand, m * n);
    const op = new MatrixOperator(dense(m, n, a));
    const b = randomVector(rand, m);
    const solver = new SVD();
    const state = solver.init(op, {});
    expect(relErr(solver.compute(state, b, {}).value, leastSquares(a, m, n, b))).toBeLessThan(1e-12);
    const [t] = solver.transpose(state, {});
    const c = randomVector(rand, n);
    expect(relErr(solver.compute(t, c, {}).value, minimumNorm(transposeDense(a, m, n), n, m, c))).toBeLessThan(1e-12);
  });

  test('rcond: singular values at most rcond · s_max are dropped (default eps · max(m, n))', () => {
    const op = new DiagonalOperator(new Float64Array([1, 1e-10, 1e-17]));
    const b = new Float64Array([1, 1, 1]);
    const byDefault = linearSolve(op, b, new SVD());
    expect(byDefault.stats.rank).toBe(2);
    expect(relErr(byDefault.value, [1, 1e10, 0])).toBeLessThan(1e-12);
    const cut = linearSolve(op, b, new SVD({ rcond: 1e-8 }));
    expect(cut.stats.rank).toBe(1);
    expect(Array.from(cut.value)).toEqual([1, 0, 0]);
    expect(linearSolve(op, b, new SVD({ rcond: -1 })).stats.rank).toBe(2); // negative: machine epsilon
  });

  test('the zero matrix has rank 0 and solution 0; non-finite inputs are reported', () => {
    const zero = new MatrixOperator(dense(3, 2, new Float64Array(6)));
    const { value, stats } = linearSolve(zero, new Float64Array([1, 2, 3]), new SVD());
    expect(stats.rank).toBe(0);
    expect(Array.from(value)).toEqual([0, 0]);
    const bad = new MatrixOperator(dense(2, 2, new Float64Array([1, NaN, 0, 1])));
    expect(linearSolve(bad, new Float64Array(2), new SVD(), { throw: false }).result).toBe(Result.nonfiniteInput);
    expect(() => linearSolve(zero, new Float64Array([1, NaN, 3]), new SVD())).toThrow(LinearSolveError);
  });

  test('settings are checked', () => {
    expect(() => new SVD({ rcond: NaN })).toThrow(RangeError);
    expect(() => new SVD({ cond: 1 } as never)).toThrow(TypeError);
    expect(new SVD().assumeFullRank()).toBe(false);
  });
});

describe('LSMR', () => {
  test('tall full rank: the least-squares solution (dense normal equations)', () => {
    const [m, n] = [30, 12];
    const a = randomVector(rand, m * n);
    const b = randomVector(rand, m);
    const { value, result, stats } = linearSolve(new MatrixOperator(dense(m, n, a)), b, new LSMR({ rtol: 1e-12 }));
    expect(result).toBe(Result.successful);
    expect(relErr(value, leastSquares(a, m, n, b))).toBeLessThan(1e-9);
    expect(stats.istop).toBe(2); // an incompatible system ends on ‖Aᵀr‖
  });

  test('wide full rank: the minimum-norm solution; a compatible system ends on ‖r‖', () => {
    const [m, n] = [10, 25];
    const a = randomVector(rand, m * n);
    const b = randomVector(rand, m);
    const { value, stats } = linearSolve(new MatrixOperator(dense(m, n, a)), b, new LSMR({ rtol: 1e-12 }));
    expect(relErr(value, minimumNorm(a, m, n, b))).toBeLessThan(1e-9);
    expect(stats.istop).toBe(1);
  });

  test('rank-deficient sparse: the pseudo-inverse solution A⁺ b', () => {
    const [m, n, k] = [20, 15, 6];
    const { a, pinv } = rankDeficient(m, n, k);
    const op = new SparseOperator(CscMatrix.fromDense(m, n, a));
    const b = randomVector(rand, m);
    const { value } = linearSolve(op, b, new LSMR({ rtol: 1e-13, conlim: Infinity }));
    expect(relErr(value, matvec(pinv, n, m, b))).toBeLessThan(1e-8);
  });

  test('damping: (AᵀA + d² I)⁻¹ Aᵀ b; Lineax\'s test values for diag(2, 4, 5, 8, 10)', () => {
    const [m, n, d] = [12, 7, 0.7];
    const a = randomVector(rand, m * n);
    const b = randomVector(rand, m);
    const at = transposeDense(a, m, n);
    const normal = matmul(at, a, n, m, n);
    for (let i = 0; i < n; i++) normal[i + i * n] += d * d;
    const { value } = linearSolve(new MatrixOperator(dense(m, n, a)), b, new LSMR({ rtol: 1e-12, damp: d }));
    expect(relErr(value, solveDense(normal, n, matvec(at, n, m, b)))).toBeLessThan(1e-9);
    const well = new DiagonalOperator(new Float64Array([2, 4, 5, 8, 10]));
    const damped = linearSolve(well, new Float64Array(5).fill(1), new LSMR({ rtol: 1e-10, atol: 1e-10, damp: 1 })).value;
    expect(relErr(damped, [0.4, 0.23529412, 0.19230769, 0.12307692, 0.0990099])).toBeLessThan(1e-7);
    const heavy = linearSolve(well, new Float64Array(5).fill(1), new LSMR({ rtol: 1e-10, atol: 1e-10, damp: 1000 })).value;
    // Lineax compares with jnp.allclose: |x − ref| ≤ 1e-8 + 1e-5 |ref|.
    [2e-6, 4e-6, 5e-6, 8e-6, 10e-6].forEach((ref, i) => expect(Math.abs(heavy[i] - ref)).toBeLessThanOrEqual(1e-8 + 1e-5 * ref));
  });

  test("Lineax's zero right-hand sides: x = 0 exactly, also for b in the null space", () => {
    const solver = new LSMR({ rtol: 1e-10, atol: 1e-10 });
    for (const d of [[1e8, 1e6, 1e4, 1e2, 1], [2, 4, 5, 8, 10], [0, 4, 5, 8, 10]]) {
      const op = new DiagonalOperator(Float64Array.from(d));
      expect(Array.from(linearSolve(op, new Float64Array(5), solver).value)).toEqual([0, 0, 0, 0, 0]);
    }
    const singular = new DiagonalOperator(Float64Array.from([0, 4, 5, 8, 10]));
    expect(Array.from(linearSolve(singular, Float64Array.from([1, 0, 0, 0, 0]), solver).value)).toEqual([0, 0, 0, 0, 0]);
  });

  test('conlim: an ill-conditioned operator stops with result conlim, whose message names the condition number', () => {
    const ill = new DiagonalOperator(new Float64Array([1e8, 1e6, 1e4, 1e2, 1]));
    const solver = new LSMR({ rtol: 1e-14, conlim: 1e3 });
    const out = linearSolve(ill, new Float64Array(5).fill(1), solver, { throw: false });
    expect(out.result).toBe(Result.conlim);
    expect(out.stats.istop).toBe(3);
    expect(() => linearSolve(ill, new Float64Array(5).fill(1), solver)).toThrow(/Condition number/);
  });

  test('maxSteps, many right-hand sides, y0, transpose', () => {
    const [m, n] = [15, 8];
    const a = randomVector(rand, m * n);
    const op = new MatrixOperator(dense(m, n, a));
    const b = randomVector(rand, m);
    expect(linearSolve(op, b, new LSMR({ rtol: 1e-14, maxSteps: 2 }), { throw: false }).result).toBe(Result.maxStepsReached);
    const B = dense(m, 2, new Float64Array([...b, ...randomVector(rand, m)]));
    const solver = new LSMR({ rtol: 1e-12 });
    const X = linearSolve(op, B, solver).value;
    expect(relErr(X.data.subarray(n), leastSquares(a, m, n, B.data.subarray(m)))).toBeLessThan(1e-9);
    const exact = leastSquares(a, m, n, b);
    expect(linearSolve(op, b, solver, { options: { y0: exact } }).stats.steps).toBeLessThanOrEqual(1);
    const state = solver.init(op, {});
    const [t, tOptions] = solver.transpose(state, { y0: exact });
    expect(tOptions.y0).toBeUndefined();
    const c = randomVector(rand, n);
    expect(relErr(solver.compute(t, c, tOptions).value, minimumNorm(transposeDense(a, m, n), n, m, c))).toBeLessThan(1e-9);
  });

  test("out of the default budget is 'singular' (Lineax), out of a given maxSteps 'maxStepsReached'", () => {
    const n = 200;
    const lower = new Float64Array(n - 1).fill(-1);
    const laplacian = new MatrixOperator(dense(n, n, Float64Array.from({ length: n * n }, (_, k) => {
      const [i, j] = [k % n, Math.floor(k / n)];
      return i === j ? 2 : Math.abs(i - j) === 1 ? lower[0] : 0;
    })));
    const b = randomVector(rand, n);
    const byDefault = linearSolve(laplacian, b, new LSMR({ rtol: 0, atol: 1e-300, conlim: Infinity }), { throw: false }); // an unreachable tolerance
    expect(byDefault.result).toBe(Result.singular);
    expect(byDefault.stats.steps).toBe(10 * n);
    expect(linearSolve(laplacian, b, new LSMR({ rtol: 0, atol: 1e-300, conlim: Infinity, maxSteps: 50 }), { throw: false }).result).toBe(Result.maxStepsReached);
  });

  test('a matrix-free operator with a transpose', () => {
    const n = 30;
    // A = the forward difference (n x (n+1)): (A x)_i = x_{i+1} − x_i.
    const op = new FunctionOperator((x) => Float64Array.from({ length: n }, (_, i) => x[i + 1] - x[i]), { inSize: n + 1, outSize: n }, {
      transposeMv: (y) => Float64Array.from({ length: n + 1 }, (_, j) => (j > 0 ? y[j - 1] : 0) - (j < n ? y[j] : 0)),
    });
    const b = randomVector(rand, n);
    const x = linearSolve(op, b, new LSMR({ rtol: 1e-12 })).value;
    const r = op.mv(x).map((v, i) => v - b[i]);
    expect(Math.hypot(...r)).toBeLessThan(1e-9);
    expect(Math.abs(x.reduce((s, v) => s + v, 0))).toBeLessThan(1e-9); // minimum norm: orthogonal to the constant null space
  });

  test('settings are checked', () => {
    expect(() => new LSMR({ rtol: -1 })).toThrow(RangeError);
    expect(() => new LSMR({ damp: -1 })).toThrow(RangeError);
    expect(() => new LSMR({ conlim: -1 })).toThrow(RangeError);
    expect(() => new LSMR({ maxSteps: 1.5 })).toThrow(RangeError);
    expect(() => new LSMR({ tol: 1 } as never)).toThrow(TypeError);
    expect(new LSMR().assumeFullRank()).toBe(false);
  });
});

describe('Normal', () => {
  test('gramLower is the lower triangle of AᵀA', () => {
    const A = CscMatrix.fromDense(6, 4, randomVector(rand, 24).map((v) => (Math.abs(v) < 0.4 ? 0 : v)));
    const G = gramLower(A);
    expect(G.symmetry).toBe('lower');
    const a = denseOf(A);
    expect(relErr(denseOf(G), matmul(transposeDense(a, 6, 4), a, 4, 6, 4))).toBeLessThan(1e-15);
  });

  test('sparse tall: CHOLMOD factorises AᵀA by its A Aᵀ path (from Aᵀ, never formed); the least-squares solution; no leaked factor', () => {
    const before = liveHandles();
    const [m, n] = [40, 15];
    const a = randomVector(rand, m * n).map((v) => (Math.abs(v) < 0.5 ? 0 : v));
    for (let j = 0; j < n; j++) a[j + j * m] = 3; // full column rank
    const op = new SparseOperator(CscMatrix.fromDense(m, n, a));
    const b = randomVector(rand, m);
    const solver = new Normal();
    const state = solver.init(op, {});
    expect(state.inner).toBeInstanceOf(Cholesky);
    const factor = (state.innerState as CholmodState).factor!;
    expect(factor.info.isAAt).toBe(true);
    expect(factor.n).toBe(n);
    expect(relErr(solver.compute(state, b, {}).value, leastSquares(a, m, n, b))).toBeLessThan(1e-10);
    const [t] = solver.transpose(state, {});
    const c = randomVector(rand, n);
    expect(relErr(solver.compute(t, c, {}).value, minimumNorm(transposeDense(a, m, n), n, m, c))).toBeLessThan(1e-10);
    solver.dispose(state);
    expect(liveHandles()).toBe(before);
  });

  test('sparse wide: the minimum-norm solution through A Aᵀ', () => {
    const [m, n] = [8, 20];
    const a = randomVector(rand, m * n);
    const op = new SparseOperator(CscMatrix.fromDense(m, n, a));
    const b = randomVector(rand, m);
    expect(relErr(linearSolve(op, b, new Normal()).value, minimumNorm(a, m, n, b))).toBeLessThan(1e-10);
  });

  test('LDLt as the inner solver gets the product formed; a rank-deficient A makes Cholesky report notPositiveDefinite', () => {
    const [m, n] = [9, 4];
    const a = randomVector(rand, m * n);
    const op = new SparseOperator(CscMatrix.fromDense(m, n, a));
    const b = randomVector(rand, m);
    expect(relErr(linearSolve(op, b, new Normal(new LDLt())).value, leastSquares(a, m, n, b))).toBeLessThan(1e-10);
    const deficient = new SparseOperator(CscMatrix.fromDense(3, 2, [1, 1, 1, 0, 0, 0])); // an empty column
    expect(linearSolve(deficient, new Float64Array([1, 2, 3]), new Normal(), { throw: false }).result).toBe(Result.notPositiveDefinite);
    expect(liveHandles()).toBe(0);
  });

  test('dense (DenseCholesky by default) and matrix-free with CG; many right-hand sides', () => {
    const [m, n] = [12, 5];
    const a = randomVector(rand, m * n);
    const op = new MatrixOperator(dense(m, n, a));
    const b = randomVector(rand, m);
    const solver = new Normal();
    expect(solver.init(op, {}).inner).toBeInstanceOf(DenseCholesky);
    expect(relErr(linearSolve(op, b, solver).value, leastSquares(a, m, n, b))).toBeLessThan(1e-11);
    const B = dense(m, 2, new Float64Array([...b, ...b.map((v) => -v)]));
    const X = linearSolve(op, B, new Normal(new CG({ rtol: 1e-13 }))).value;
    expect(relErr(X.data.subarray(n), leastSquares(a, m, n, b).map((v) => -v))).toBeLessThan(1e-9);
  });

  test('a CHOLMOD inner solver needs stored entries; the inner solver is checked', () => {
    const f = new FunctionOperator((x) => x.slice(0, 2), { inSize: 3, outSize: 2 }, { transposeMv: (y) => Float64Array.of(y[0], y[1], 0) });
    expect(() => new Normal(new Cholesky()).init(f, {})).toThrow(UnsupportedOperatorError);
    expect(() => new Normal({} as never)).toThrow(TypeError);
  });

  test('assumeFullRank is the inner solver\'s', () => {
    expect(new Normal().assumeFullRank()).toBe(true);
    expect(new Normal(new SVD()).assumeFullRank()).toBe(false);
  });
});
