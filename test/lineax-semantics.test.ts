/**
 * Lineax's semantics where spsolve follows them: fixed-step mode of the Krylov solvers
 * (rtol = atol = 0), Cholesky on negative semidefinite operators, AutoSolver({ wellPosed }),
 * Diagonal in pseudo-inverse mode. References: Krylov-subspace minimisers computed densely
 * here (CG minimises the A-norm error, GMRES / MINRES the residual over K_k(A, b)), dense solves.
 */
import { liveHandles } from '../lib/handles';
import { Result, UnsupportedOperatorError } from '../lib/errors';
import { DiagonalOperator, MatrixOperator, SparseOperator, negativeSemidefinite, neg, positiveSemidefinite } from '../lib/operators';
import { AutoSolver, BiCGStab, CG, Cholesky, DenseCholesky, Diagonal, GMRES, LSMR, LU, LinearSolver, MINRES, Normal, QR, SVD, SparseQR, svd } from '../lib/solvers';
import { linearSolve } from '../lib/solve';
import { linearSolveJvp, linearSolveVjp } from '../lib/ad';
import { CscMatrix, poisson2d } from '../lib/sparse';
import { denseOf, matmul, matvec, norm2, randomVector, relErr, rng, solveDense, transposeDense } from './helpers/dense';

const rand = rng(181818);

/** A well-conditioned SPD dense n x n matrix: I·n/2 + R Rᵀ / n. */
function spd(n: number): Float64Array {
  const r = randomVector(rand, n * n);
  const a = matmul(r, transposeDense(r, n, n), n, n, n);
  for (let k = 0; k < a.length; k++) a[k] /= n;
  for (let i = 0; i < n; i++) a[i + i * n] += n / 2;
  return a;
}

/** An orthonormal basis of K_k(A, b) by modified Gram–Schmidt (n x k, column-major). */
function krylovBasis(a: Float64Array, n: number, b: Float64Array, k: number): Float64Array {
  const v = new Float64Array(n * k);
  let w: Float64Array = b.slice();
  for (let j = 0; j < k; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let r = 0; r < n; r++) d += v[r + i * n] * w[r];
        for (let r = 0; r < n; r++) w[r] -= d * v[r + i * n];
      }
    }
    const nw = norm2(w);
    for (let r = 0; r < n; r++) v[r + j * n] = w[r] / nw;
    w = matvec(a, n, n, v.subarray(j * n, (j + 1) * n));
  }
  return v;
}

/** The Galerkin (CG) iterate: V (Vᵀ A V)⁻¹ Vᵀ b. */
function galerkin(a: Float64Array, n: number, b: Float64Array, k: number): Float64Array {
  const v = krylovBasis(a, n, b, k);
  const vt = transposeDense(v, n, k);
  const h = matmul(vt, matmul(a, v, n, n, k), k, n, k);
  return matvec(v, n, k, solveDense(h, k, matvec(vt, k, n, b)));
}

/** The minimal-residual (GMRES / MINRES) iterate: V argmin ‖A V y − b‖, by the normal equations of the small problem. */
function minimalResidual(a: Float64Array, n: number, b: Float64Array, k: number): Float64Array {
  const v = krylovBasis(a, n, b, k);
  const av = matmul(a, v, n, n, k);
  const avt = transposeDense(av, n, k);
  return matvec(v, n, k, solveDense(matmul(avt, av, k, n, k), k, matvec(avt, k, n, b)));
}

describe('fixed-step mode: rtol = atol = 0 runs exactly maxSteps steps and succeeds', () => {
  const n = 40;
  const a = spd(n);
  const op = new MatrixOperator({ nrows: n, ncols: n, data: a }, [positiveSemidefinite]);
  const b = randomVector(rand, n);

  test.each([1, 3, 6])('CG after %i steps is the Galerkin iterate of K_k(A, b)', (k) => {
    const { value, result, stats } = linearSolve(op, b, new CG({ rtol: 0, atol: 0, maxSteps: k }));
    expect(result).toBe(Result.successful);
    expect(stats.steps).toBe(k);
    expect(relErr(value, galerkin(a, n, b, k))).toBeLessThan(1e-10);
  });

  test.each([
    ['GMRES', () => new GMRES({ rtol: 0, atol: 0, maxSteps: 5, restart: 20 })],
    ['MINRES', () => new MINRES({ rtol: 0, atol: 0, maxSteps: 5 })],
  ] as [string, () => LinearSolver<any>][])('%s after 5 steps is the minimal-residual iterate', (_, make) => {
    const { value, result, stats } = linearSolve(op, b, make());
    expect(result).toBe(Result.successful);
    expect(stats.steps).toBe(5);
    expect(relErr(value, minimalResidual(a, n, b, 5))).toBeLessThan(1e-9);
  });

  test.each([
    ['CG', (s: number) => new CG({ rtol: 0, atol: 0, maxSteps: s })],
    ['MINRES', (s: number) => new MINRES({ rtol: 0, atol: 0, maxSteps: s })],
    ['BiCGStab', (s: number) => new BiCGStab({ rtol: 0, atol: 0, maxSteps: s })],
    ['GMRES', (s: number) => new GMRES({ rtol: 0, atol: 0, maxSteps: s, restart: 4 })],
  ] as [string, (s: number) => LinearSolver<any>][])('%s: the same budget with a tolerance reports maxStepsReached; without, successful', (_, make) => {
    const withTolerance = make(3);
    // The same settings with a tolerance fail; in fixed-step mode the same work succeeds.
    const failing = new (withTolerance.constructor as new (s: object) => LinearSolver<any>)({ rtol: 1e-14, maxSteps: 3 });
    expect(failing.compute(failing.init(op, {}), b, {}).result).toBe(Result.maxStepsReached);
    const fixed = withTolerance.compute(withTolerance.init(op, {}), b, {});
    expect(fixed.result).toBe(Result.successful);
    expect(fixed.stats.steps).toBe(3);
    // Enough steps reach the solution to rounding, and still report success.
    const many = make(4 * n);
    const solved = linearSolve(op, b, many);
    expect(solved.result).toBe(Result.successful);
    expect(relErr(solved.value, solveDense(a, n, b))).toBeLessThan(1e-10);
  });

  test('LSMR in fixed-step mode takes exactly maxSteps steps', () => {
    const { result, stats } = linearSolve(op, b, new LSMR({ rtol: 0, atol: 0, maxSteps: 7 }));
    expect(result).toBe(Result.successful);
    expect(stats.steps).toBe(7);
  });

  test('many right-hand sides: every column takes the budget', () => {
    const B = { nrows: n, ncols: 2, data: randomVector(rand, 2 * n) };
    const { value, stats } = linearSolve(op, B, new CG({ rtol: 0, atol: 0, maxSteps: 4 }));
    expect(stats.steps).toBe(4);
    expect(relErr(value.data.subarray(n), galerkin(a, n, B.data.subarray(n), 4))).toBeLessThan(1e-10);
  });
});

describe('Cholesky and DenseCholesky of a negative semidefinite operator factorise −A', () => {
  const A = poisson2d(6); // SPD, lower triangle stored
  const n = A.ncols;
  const minusA = A.withValues(A.values.map((v) => -v));
  const dense = denseOf(minusA);
  const b = randomVector(rand, n);
  const expected = solveDense(dense, n, b);

  test('Cholesky: solution, transpose, many right-hand sides, no leaked factor', () => {
    const before = liveHandles();
    const op = new SparseOperator(minusA, [negativeSemidefinite]);
    const solver = new Cholesky();
    const state = solver.init(op, {});
    expect(state.negated).toBe(true);
    expect(relErr(solver.compute(state, b, {}).value, expected)).toBeLessThan(1e-12);
    const [t] = solver.transpose(state, {});
    expect(relErr(solver.compute(t, b, {}).value, expected)).toBeLessThan(1e-12);
    const B = { nrows: n, ncols: 2, data: new Float64Array([...b, ...b.map((v) => 2 * v)]) };
    const X = solver.compute(state, B, {}).value;
    expect(relErr(X.data.subarray(n), expected.map((v) => 2 * v))).toBeLessThan(1e-12);
    solver.dispose(state);
    expect(liveHandles()).toBe(before);
  });

  test('neg() of a PSD operator is tagged NSD and goes to Cholesky through AutoSolver', () => {
    const op = neg(new SparseOperator(A, [positiveSemidefinite]));
    expect(new AutoSolver().select(op).name).toBe('Cholesky');
    expect(relErr(linearSolve(op, b).value, expected)).toBeLessThan(1e-12);
  });

  test('DenseCholesky of −A', () => {
    const op = new MatrixOperator({ nrows: n, ncols: n, data: dense.slice() }, [negativeSemidefinite]);
    const solver = new DenseCholesky();
    const state = solver.init(op, {});
    expect(state.negated).toBe(true);
    expect(relErr(solver.compute(state, b, {}).value, expected)).toBeLessThan(1e-12);
  });

  test('a matrix tagged NSD that is not gives notPositiveDefinite', () => {
    const op = new SparseOperator(A, [negativeSemidefinite]); // actually positive definite
    expect(linearSolve(op, b, new Cholesky(), { throw: false }).result).toBe(Result.notPositiveDefinite);
    const denseOp = new MatrixOperator({ nrows: n, ncols: n, data: denseOf(A) }, [negativeSemidefinite]);
    expect(linearSolve(denseOp, b, new DenseCholesky(), { throw: false }).result).toBe(Result.notPositiveDefinite);
  });

  test('untagged operators are still refused', () => {
    expect(() => new Cholesky().init(new SparseOperator(A.toGeneral()), {})).toThrow(/negativeSemidefinite/);
    expect(() => new DenseCholesky().init(new MatrixOperator({ nrows: n, ncols: n, data: dense }), {})).toThrow(/negativeSemidefinite/);
  });

  test.each([
    ['Cholesky', () => new Cholesky(), () => new SparseOperator(minusA, [negativeSemidefinite]), (v: Float64Array) => new SparseOperator(minusA.withValues(v), [negativeSemidefinite])],
    ['DenseCholesky', () => new DenseCholesky(), () => new MatrixOperator({ nrows: n, ncols: n, data: dense.slice() }, [negativeSemidefinite]), (v: Float64Array) => new MatrixOperator({ nrows: n, ncols: n, data: denseOf(minusA.withValues(v)) }, [negativeSemidefinite])],
  ] as const)('%s: JVP matches finite differences and the dot-product test holds', (_, makeAnySolver, makeOp, opOf) => {
    const before = liveHandles();
    const makeSolver = (): LinearSolver<any> => makeAnySolver();
    const dv = randomVector(rand, minusA.nnz);
    const dOp = opOf(dv);
    const { tangent } = linearSolveJvp(makeOp(), b, { op: dOp }, makeSolver());
    const h = 1e-6;
    const xPlus = linearSolve(opOf(minusA.values.map((v, k) => v + h * dv[k])), b, makeSolver()).value;
    const xMinus = linearSolve(opOf(minusA.values.map((v, k) => v - h * dv[k])), b, makeSolver()).value;
    expect(relErr(tangent, xPlus.map((v, i) => (v - xMinus[i]) / (2 * h)))).toBeLessThan(1e-7);
    const xBar = randomVector(rand, n);
    const vjp = linearSolveVjp(makeOp(), b, makeSolver());
    const { op: cot } = vjp.pullback(xBar);
    vjp.dispose();
    const lhs = tangent.reduce((s, t, i) => s + t * xBar[i], 0);
    const contracted = cot.kind === 'sparse' ? cot.values.reduce((s, c, k) => s + c * dv[k], 0) : cot.kind === 'dense' ? cot.matrix.data.reduce((s, c, k) => s + c * denseOf(minusA.withValues(dv))[k], 0) : NaN;
    expect(Math.abs(lhs - contracted)).toBeLessThan(1e-10 * Math.max(1, Math.abs(lhs)));
    expect(liveHandles()).toBe(before);
  });
});

describe('AutoSolver({ wellPosed }) follows AutoLinearSolver(well_posed)', () => {
  const tall = new MatrixOperator({ nrows: 4, ncols: 2, data: randomVector(rand, 8) });
  const square = new MatrixOperator({ nrows: 3, ncols: 3, data: randomVector(rand, 9) });
  const sparse = new SparseOperator(poisson2d(3), [positiveSemidefinite]);
  const diag = new DiagonalOperator(new Float64Array([2, 0, 4]));

  test('wellPosed: true refuses a non-square operator and picks the usual square solvers', () => {
    const auto = new AutoSolver({ wellPosed: true });
    expect(() => auto.select(tall)).toThrow(UnsupportedOperatorError);
    expect(() => auto.select(tall)).toThrow(/wellPosed: true needs a square operator, got 4 x 2/);
    expect(auto.select(square)).toBeInstanceOf(LU);
    expect(auto.select(sparse)).toBeInstanceOf(Cholesky);
    expect(auto.assumeFullRank()).toBe(true);
  });

  test('wellPosed: null (and the default) picks QR for a non-square operator', () => {
    for (const auto of [new AutoSolver({ wellPosed: null }), new AutoSolver()]) {
      expect(auto.select(tall)).toBeInstanceOf(QR);
      expect(auto.select(square)).toBeInstanceOf(LU);
      expect(auto.wellPosed).toBeNull();
      expect(auto.assumeFullRank()).toBe(true);
    }
  });

  test('wellPosed: false picks SVD (dense) or Diagonal in pseudo-inverse mode, and does not assume full rank', () => {
    const auto = new AutoSolver({ wellPosed: false });
    expect(auto.select(tall)).toBeInstanceOf(SVD);
    expect(auto.select(square)).toBeInstanceOf(SVD);
    const d = auto.select(diag);
    expect(d).toBeInstanceOf(Diagonal);
    expect((d as Diagonal).wellPosed).toBe(false);
    expect(auto.assumeFullRank()).toBe(false);
    expect(linearSolve(diag, new Float64Array([1, 1, 1]), auto).value).toEqual(new Float64Array([0.5, 0, 0.25]));
  });

  test('wellPosed: false on a sparse operator picks SparseQR in pseudo-inverse mode: A⁺ b of a singular matrix', () => {
    const auto = new AutoSolver({ wellPosed: false });
    const chosen = auto.select(sparse);
    expect(chosen).toBeInstanceOf(SparseQR);
    expect(chosen.assumeFullRank()).toBe(false);
    // [[1, 2], [2, 4]] stored sparse: A⁺ = A / 25, so A⁺ (1, 2) = (5, 10) / 25.
    const singular = new SparseOperator(CscMatrix.fromDense(2, 2, [1, 2, 2, 4]));
    const x = linearSolve(singular, new Float64Array([1, 2]), auto).value;
    expect(relErr(x, [0.2, 0.4])).toBeLessThan(1e-12);
    expect(new AutoSolver({ wellPosed: null }).select(new SparseOperator(CscMatrix.fromDense(3, 2, [1, 0, 1, 0, 1, 1])))).toBeInstanceOf(SparseQR);
  });

  test('a rank-deficient dense system: wellPosed false gives the pseudo-inverse solution, true a singular result', () => {
    const a = new Float64Array([1, 2, 2, 4]); // rank one
    const op = new MatrixOperator({ nrows: 2, ncols: 2, data: a });
    const b = new Float64Array([1, 2]);
    // A⁺ b for A = u vᵀ-like [[1, 2], [2, 4]]: A⁺ = A / 25, so A⁺ b = A b / 25 = (5, 10) / 25.
    const x = linearSolve(op, b, new AutoSolver({ wellPosed: false })).value;
    expect(relErr(x, [0.2, 0.4])).toBeLessThan(1e-14);
    expect(linearSolve(op, b, new AutoSolver({ wellPosed: true }), { throw: false }).result).toBe(Result.singular);
  });

  test('settings are checked', () => {
    expect(() => new AutoSolver({ wellPosed: 'yes' } as never)).toThrow(TypeError);
    expect(() => new AutoSolver({ well_posed: true } as never)).toThrow(TypeError);
  });
});

describe('Diagonal({ wellPosed: false })', () => {
  test('zero (and negligible) entries give zero components; rcond moves the cut', () => {
    const op = new DiagonalOperator(new Float64Array([4, 0, 1e-20, 1e-3]));
    const b = new Float64Array([4, 1, 1, 1]);
    expect(Array.from(linearSolve(op, b, new Diagonal({ wellPosed: false })).value)).toEqual([1, 0, 0, 1000]);
    expect(Array.from(linearSolve(op, b, new Diagonal({ wellPosed: false, rcond: 1e-2 })).value)).toEqual([1, 0, 0, 0]);
    expect(linearSolve(op, b, new Diagonal(), { throw: false }).result).toBe(Result.singular);
    expect(new Diagonal({ wellPosed: false }).assumeFullRank()).toBe(false);
    expect(() => new Diagonal({ wellposed: false } as never)).toThrow(TypeError);
  });
});

test('a sparse CscMatrix input is unchanged by these solvers', () => {
  const A = CscMatrix.fromDense(2, 2, [-2, 1, 1, -2], { symmetry: 'lower' });
  const copy = A.values.slice();
  linearSolve(new SparseOperator(A, [negativeSemidefinite]), new Float64Array([1, 1]), new Cholesky());
  expect(A.values).toEqual(copy);
});

/**
 * A port of Lineax's test_small_wellposed and test_small_singular (tests/helpers.py matrices:
 * 3 x 3 standard normal, cond < 1000 (√1000 for Normal); singular by a zero row, or a trimmed
 * row or column) for the solvers added here, with Lineax's tolerance 1e-10. References: the
 * true x of b = A x (well posed), and the minimum-norm least-squares solution from the
 * normal equations of the full-rank factor (singular).
 */
describe("Lineax's small well-posed and singular cases", () => {
  const gauss = rng(31337);
  const normal = () => Math.sqrt(-2 * Math.log(1 - gauss())) * Math.cos(2 * Math.PI * gauss());
  const matrixOf = (tags: 'none' | 'psd' | 'nsd', cond: number): Float64Array => {
    for (;;) {
      let a: Float64Array = Float64Array.from({ length: 9 }, normal);
      if (tags !== 'none') {
        a = matmul(a, transposeDense(a, 3, 3), 3, 3, 3);
        if (tags === 'nsd') a = a.map((v) => -v);
      }
      const { s } = svd({ nrows: 3, ncols: 3, data: a });
      if (s[0] / s[2] < cond) return a;
    }
  };
  const wellPosed: [string, () => LinearSolver<any>, 'none' | 'psd' | 'nsd', number][] = [
    ['AutoSolver({ wellPosed: false })', () => new AutoSolver({ wellPosed: false }), 'none', 1000],
    ['SVD', () => new SVD(), 'none', 1000],
    ['LSMR', () => new LSMR({ atol: 1e-12, rtol: 1e-12 }), 'none', 1000],
    ['Normal(CG)', () => new Normal(new CG({ rtol: 1e-12, atol: 1e-12 })), 'none', Math.sqrt(1000)],
    ['Normal(Cholesky)', () => new Normal(new Cholesky()), 'none', Math.sqrt(1000)],
    ['Cholesky, negative semidefinite', () => new Cholesky(), 'nsd', 1000],
    ['DenseCholesky, negative semidefinite', () => new DenseCholesky(), 'nsd', 1000],
    ['CG, negative semidefinite', () => new CG({ rtol: 1e-12, atol: 1e-12 }), 'nsd', 1000],
  ];
  test.each(wellPosed)('well posed: %s', (_, make, tags, cond) => {
    for (let k = 0; k < 10; k++) {
      const a = matrixOf(tags, cond);
      const op = new MatrixOperator({ nrows: 3, ncols: 3, data: a }, tags === 'nsd' ? [negativeSemidefinite] : []);
      const trueX = Float64Array.from({ length: 3 }, normal);
      const x = linearSolve(op, matvec(a, 3, 3, trueX), make()).value;
      trueX.forEach((t, i) => expect(Math.abs(x[i] - t)).toBeLessThanOrEqual(1e-10 + 1e-10 * Math.abs(t)));
    }
  });

  test.each([
    ['AutoSolver({ wellPosed: false })', () => new AutoSolver({ wellPosed: false })],
    ['SVD', () => new SVD()],
    ['LSMR', () => new LSMR({ atol: 1e-12, rtol: 1e-12 })],
  ] as [string, () => LinearSolver<any>][])('singular: %s gives lstsq', (_, make) => {
    for (const method of ['zero', 'trimRow', 'trimCol', 'zero', 'trimRow', 'trimCol']) {
      const full = Float64Array.from({ length: 9 }, normal);
      // Keep the independent rows (zero: rows 1, 2 of 3; trimRow: rows 1, 2) or columns (trimCol: 1, 2).
      const [m, n] = method === 'trimRow' ? [2, 3] : method === 'trimCol' ? [3, 2] : [3, 3];
      const a = new Float64Array(m * n);
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) {
        const [si, sj] = method === 'trimRow' ? [i + 1, j] : method === 'trimCol' ? [i, j + 1] : [i, j];
        a[i + j * m] = method === 'zero' && i === 0 ? 0 : full[si + sj * 3];
      }
      const trueX = Float64Array.from({ length: n }, normal);
      const b = matvec(a, m, n, trueX);
      const x = linearSolve(new MatrixOperator({ nrows: m, ncols: n, data: a }), b, make(), { throw: false }).value;
      // lstsq: the minimum-norm least-squares solution. Zero row: x = Rᵀ (R Rᵀ)⁻¹ b[1..] with R the last two rows.
      let expected: Float64Array;
      if (method === 'trimCol') {
        const at = transposeDense(a, m, n);
        expected = solveDense(matmul(at, a, n, m, n), n, matvec(at, n, m, b));
      } else {
        const rows = method === 'zero' ? [1, 2] : [0, 1];
        const r = new Float64Array(2 * n);
        rows.forEach((row, k) => { for (let j = 0; j < n; j++) r[k + j * 2] = a[row + j * m]; });
        const rt = transposeDense(r, 2, n);
        expected = matvec(rt, n, 2, solveDense(matmul(r, rt, 2, n, 2), 2, Float64Array.from(rows, (row) => b[row])));
      }
      expected.forEach((e, i) => expect(Math.abs(x[i] - e)).toBeLessThanOrEqual(1e-10 + 1e-10 * Math.abs(e)));
    }
  });
});
