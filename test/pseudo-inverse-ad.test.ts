/**
 * JVP and VJP of the pseudo-inverse solvers (SVD, LSMR, Diagonal in pseudo-inverse mode,
 * AutoSolver({ wellPosed: false })) and of Normal, for rank-deficient and full-rank,
 * square, tall and wide operators. References: central finite differences of the solve
 * along tangents that keep the rank (A = B C with B, C moving; a sparse matrix with an
 * empty column, moving only its stored values), and the dot-product test
 * ⟨JVP(Ȧ, ḃ), x̄⟩ = ⟨Ȧ, Ā⟩ + ⟨ḃ, b̄⟩ with (b̄, Ā) from the VJP.
 */
import { liveHandles } from '../lib/handles';
import { DiagonalOperator, LinearOperator, MatrixOperator, SparseOperator } from '../lib/operators';
import { AutoSolver, Diagonal, LSMR, LinearSolver, Normal, SVD, SparseQR } from '../lib/solvers';
import { linearSolve } from '../lib/solve';
import { CscMatrix } from '../lib/sparse';
import { OperatorCotangent, linearSolveJvp, linearSolveVjp } from '../lib/ad';
import { matmul, randomVector, relErr, rng } from './helpers/dense';

const rand = rng(777);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

/** A family A(θ) with its tangent operator along θ̇ (both for the same parameter layout). */
interface Family {
  theta: Float64Array;
  build(theta: Float64Array): LinearOperator;
  tangent(theta: Float64Array, dTheta: Float64Array): LinearOperator;
  /** ⟨Ȧ(θ̇), Ā⟩ for a cotangent of the operator. */
  contract(cot: OperatorCotangent, theta: Float64Array, dTheta: Float64Array): number;
}

/** A = B C (m x k times k x n): rank k for generic θ = [B; C]; Ȧ = Ḃ C + B Ċ keeps the rank. */
function productFamily(m: number, n: number, k: number): Family {
  const split = (t: Float64Array) => [t.subarray(0, m * k), t.subarray(m * k)] as const;
  const denseA = (t: Float64Array) => {
    const [bf, cf] = split(t);
    return matmul(bf, cf, m, k, n);
  };
  const dA = (t: Float64Array, dt: Float64Array) => {
    const [bf, cf] = split(t);
    const [db, dc] = split(dt);
    const x = matmul(db, cf, m, k, n);
    const y = matmul(bf, dc, m, k, n);
    return x.map((v, i) => v + y[i]);
  };
  return {
    theta: randomVector(rand, m * k + k * n),
    build: (t) => new MatrixOperator({ nrows: m, ncols: n, data: denseA(t) }),
    tangent: (t, dt) => new MatrixOperator({ nrows: m, ncols: n, data: dA(t, dt) }),
    contract: (cot, t, dt) => (cot.kind === 'dense' ? dot(cot.matrix.data, dA(t, dt)) : NaN),
  };
}

/** A sparse m x n matrix whose last column is empty (rank ≤ n − 1), θ its stored values. */
function sparseFamily(m: number, n: number, density = 0.5): Family {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < m; i++) if (i === j % m || rand() < density) (rows.push(i), cols.push(j));
  }
  const pattern = CscMatrix.fromTriplets(m, n, rows, cols, rows.map(() => 1));
  return {
    theta: randomVector(rand, pattern.nnz, 0.5, 1.5),
    build: (t) => new SparseOperator(pattern.withValues(t.slice())),
    tangent: (_t, dt) => new SparseOperator(pattern.withValues(dt.slice())),
    contract: (cot, _t, dt) => (cot.kind === 'sparse' ? dot(cot.values, dt) : NaN),
  };
}

function check(family: Family, solver: () => LinearSolver<any>, tolerance: { fd: number; dot: number }) {
  const { theta } = family;
  const op = family.build(theta);
  const b = randomVector(rand, op.outSize);
  const dTheta = randomVector(rand, theta.length);
  const db = randomVector(rand, op.outSize);
  const { value, tangent } = linearSolveJvp(op, b, { op: family.tangent(theta, dTheta), b: db }, solver());
  expect(relErr(value, linearSolve(op, b, solver()).value)).toBeLessThan(1e-12);
  // Central differences: O(h²) truncation, O(eps / h) rounding.
  const h = 1e-5;
  const at = (s: number) => linearSolve(family.build(theta.map((v, i) => v + s * dTheta[i])), b.map((v, i) => v + s * db[i]), solver()).value;
  const plus = at(h);
  const minus = at(-h);
  expect(relErr(tangent, plus.map((v, i) => (v - minus[i]) / (2 * h)))).toBeLessThan(tolerance.fd);
  // Dot-product test.
  const xBar = randomVector(rand, op.inSize);
  const vjp = linearSolveVjp(op, b, solver());
  const { b: bBar, op: aBar } = vjp.pullback(xBar);
  vjp.dispose();
  const lhs = dot(tangent, xBar);
  const rhs = family.contract(aBar, theta, dTheta) + dot(db, bBar);
  expect(Math.abs(lhs - rhs)).toBeLessThan(tolerance.dot * Math.max(1, Math.abs(lhs)));
}

const exact = { fd: 1e-6, dot: 1e-10 };
const iterative = { fd: 1e-5, dot: 1e-7 };

describe('SVD: the full Golub–Pereyra terms for rank-deficient operators', () => {
  test.each([
    ['tall rank-deficient', 9, 6, 3],
    ['wide rank-deficient', 5, 8, 3],
    ['square singular', 6, 6, 4],
    ['tall full rank', 8, 4, 4],
    ['wide full rank', 3, 7, 3],
    ['square full rank', 5, 5, 5],
  ])('%s (%i x %i, rank %i)', (_, m, n, k) => {
    check(productFamily(m, n, k), () => new SVD(), exact);
  });

  test('many right-hand sides: the dot-product test column by column sums', () => {
    const family = productFamily(7, 5, 2);
    const op = family.build(family.theta);
    const B = { nrows: 7, ncols: 3, data: randomVector(rand, 21) };
    const dTheta = randomVector(rand, family.theta.length);
    const { tangent } = linearSolveJvp(op, B, { op: family.tangent(family.theta, dTheta) }, new SVD());
    const XBar = { nrows: 5, ncols: 3, data: randomVector(rand, 15) };
    const vjp = linearSolveVjp(op, B, new SVD());
    const { op: aBar } = vjp.pullback(XBar);
    vjp.dispose();
    const lhs = dot(tangent.data, XBar.data);
    expect(Math.abs(lhs - family.contract(aBar, family.theta, dTheta))).toBeLessThan(1e-10 * Math.max(1, Math.abs(lhs)));
  });
});

describe('AutoSolver({ wellPosed: false }) and Diagonal in pseudo-inverse mode', () => {
  test('AutoSolver picks SVD and gets its terms', () => {
    check(productFamily(6, 4, 2), () => new AutoSolver({ wellPosed: false }), exact);
  });

  test('a diagonal with a zero entry that stays zero', () => {
    const d0 = Float64Array.from([2, 0, -3, 0.5]);
    const family: Family = {
      theta: Float64Array.from([2, -3, 0.5]),
      build: (t) => new DiagonalOperator(Float64Array.from([t[0], 0, t[1], t[2]])),
      tangent: (_t, dt) => new DiagonalOperator(Float64Array.from([dt[0], 0, dt[1], dt[2]])),
      contract: (cot, _t, dt) => (cot.kind === 'diagonal' ? cot.diagonal[0] * dt[0] + cot.diagonal[2] * dt[1] + cot.diagonal[3] * dt[2] : NaN),
    };
    expect(d0.length).toBe(4);
    check(family, () => new Diagonal({ wellPosed: false }), exact);
  });
});

describe('SparseQR in pseudo-inverse mode (SPQR, rank-revealing) and AutoSolver({ wellPosed: false }) on sparse operators', () => {
  test.each([
    ['tall sparse with an empty column', () => sparseFamily(12, 7)],
    ['wide sparse with an empty column', () => sparseFamily(5, 9, 0.6)],
  ])('%s', (_, family) => {
    const before = liveHandles();
    check(family(), () => new SparseQR({ pseudoInverse: true }), exact);
    check(family(), () => new AutoSolver({ wellPosed: false }), exact);
    expect(liveHandles()).toBe(before);
  });

  test('a sparse product of rank 2 stored in full (SparseQR vs SVD on the same operator)', () => {
    const family = productFamily(7, 5, 2);
    const sparse: Family = { ...family, build: (t) => new SparseOperator(CscMatrix.fromDense(7, 5, family.build(t).asMatrix().data)) };
    const op = sparse.build(family.theta);
    const b = randomVector(rand, 7);
    const dTheta = randomVector(rand, family.theta.length);
    const dA = family.tangent(family.theta, dTheta);
    const viaQr = linearSolveJvp(op, b, { op: dA }, new SparseQR({ pseudoInverse: true })).tangent;
    const viaSvd = linearSolveJvp(family.build(family.theta), b, { op: dA }, new SVD()).tangent;
    expect(relErr(viaQr, viaSvd)).toBeLessThan(1e-8);
  });
});

describe('LSMR: pseudo-inverse terms on sparse and dense operators', () => {
  const settings = { rtol: 1e-14, atol: 0, conlim: Infinity, maxSteps: 400 };
  test.each([
    ['tall sparse with an empty column', () => sparseFamily(14, 8)],
    ['wide sparse with an empty column', () => sparseFamily(6, 10, 0.6)],
    ['dense rank-deficient', () => productFamily(8, 6, 3)],
  ])('%s', (_, family) => {
    check(family(), () => new LSMR(settings), iterative);
  });

  test.each([
    ['tall dense', 0.7, () => productFamily(9, 5, 5)],
    ['wide dense, rank-deficient', 0.3, () => productFamily(4, 7, 2)],
    ['tall sparse with an empty column', 1e-2, () => sparseFamily(12, 6)],
  ] as [string, number, () => Family][])('damped LSMR (%s, damp %d): its own rule, ẋ = S (ḃ − Ȧ x) + (AᵀA + d² I)⁻¹ Ȧᵀ r', (_, damp, family) => {
    check(family(), () => new LSMR({ ...settings, damp }), iterative);
  });

  test('damped LSMR against the dense formula for (AᵀA + d² I)⁻¹ Aᵀ b', () => {
    const [m, n, d] = [7, 4, 0.5];
    const a = randomVector(rand, m * n);
    const da = randomVector(rand, m * n);
    const b = randomVector(rand, m);
    const solveDamped = (mat: Float64Array) => {
      const at = Array.from({ length: n * m }, (_, k) => mat[Math.floor(k / n) + (k % n) * m]); // Aᵀ, n x m
      const normal = Float64Array.from(matmul(Float64Array.from(at), mat, n, m, n));
      for (let i = 0; i < n; i++) normal[i + i * n] += d * d;
      return solveDenseLocal(normal, n, matmul(Float64Array.from(at), b, n, m, 1));
    };
    const h = 1e-6;
    const fd = solveDamped(a.map((v, k) => v + h * da[k])).map((v, i) => (v - solveDamped(a.map((w, k) => w - h * da[k]))[i]) / (2 * h));
    const op = new MatrixOperator({ nrows: m, ncols: n, data: a });
    const { value, tangent } = linearSolveJvp(op, b, { op: new MatrixOperator({ nrows: m, ncols: n, data: da }) }, new LSMR({ ...settings, damp: d }));
    expect(relErr(value, solveDamped(a))).toBeLessThan(1e-10);
    expect(relErr(tangent, fd)).toBeLessThan(1e-7);
  });
});

/** Gaussian elimination with partial pivoting (n small), for the dense reference above. */
function solveDenseLocal(a: Float64Array, n: number, b: Float64Array): Float64Array {
  const m = a.slice();
  const x = b.slice();
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i + k * n]) > Math.abs(m[p + k * n])) p = i;
    for (let j = 0; j < n; j++) [m[k + j * n], m[p + j * n]] = [m[p + j * n], m[k + j * n]];
    [x[k], x[p]] = [x[p], x[k]];
    for (let i = k + 1; i < n; i++) {
      const f = m[i + k * n] / m[k + k * n];
      for (let j = k; j < n; j++) m[i + j * n] -= f * m[k + j * n];
      x[i] -= f * x[k];
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    for (let j = k + 1; j < n; j++) x[k] -= m[k + j * n] * x[j];
    x[k] /= m[k + k * n];
  }
  return x;
}

describe('Normal: full-rank least squares through the normal equations', () => {
  test('tall sparse (CHOLMOD on AᵀA), no leaked factor', () => {
    const before = liveHandles();
    const m = 12;
    const n = 6;
    const rows: number[] = [];
    const cols: number[] = [];
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) if (i === j || rand() < 0.4) (rows.push(i), cols.push(j));
    const pattern = CscMatrix.fromTriplets(m, n, rows, cols, rows.map(() => 1));
    const family: Family = {
      theta: randomVector(rand, pattern.nnz, 1, 2),
      build: (t) => new SparseOperator(pattern.withValues(t.slice())),
      tangent: (_t, dt) => new SparseOperator(pattern.withValues(dt.slice())),
      contract: (cot, _t, dt) => (cot.kind === 'sparse' ? dot(cot.values, dt) : NaN),
    };
    check(family, () => new Normal(), exact);
    expect(liveHandles()).toBe(before);
  });

  test('wide dense (DenseCholesky on A Aᵀ)', () => {
    check(productFamily(4, 7, 4), () => new Normal(), exact);
  });
});
