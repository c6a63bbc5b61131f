/**
 * Hessian-vector products through a solve (linearSolveHessian) against central finite
 * differences of the gradient (itself checked against finite differences of J), the symmetry
 * of the Hessian, and the cost model (two solves per product on one state).
 */
import { DisposedError, liveHandles } from '../lib/handles';
import { MatrixOperator, SparseOperator, positiveSemidefinite } from '../lib/operators';
import { Cholesky, LU, LinearSolver, QR, SVD } from '../lib/solvers';
import { linearSolve } from '../lib/solve';
import { CscMatrix, poisson2d } from '../lib/sparse';
import { OperatorCotangent, SolveObjective, UnsupportedDerivativeError, linearSolveHessian } from '../lib/ad';
import { randomVector, relErr, rng } from './helpers/dense';

const rand = rng(424242);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

afterAll(() => expect(liveHandles()).toBe(0));

/** J(x) = Σ x_i⁴ / 4 + cᵀ x: not quadratic, so ∇²J = diag(3 x²) depends on x. */
function quartic(c: Float64Array): SolveObjective & { value(x: Float64Array): number } {
  return {
    value: (x) => x.reduce((s, v, i) => s + v ** 4 / 4 + c[i] * v, 0),
    gradient: (x) => x.map((v, i) => v ** 3 + c[i]),
    hessianVector: (x, v) => x.map((xi, i) => 3 * xi * xi * v[i]),
  };
}

const valuesOf = (cot: OperatorCotangent): Float64Array => {
  if (cot.kind === 'sparse') return cot.values;
  if (cot.kind === 'dense') return cot.matrix.data;
  throw new Error(`unexpected cotangent ${cot.kind}`);
};

interface Setup {
  name: string;
  theta: Float64Array;
  build(theta: Float64Array): SparseOperator | MatrixOperator;
  solver(): LinearSolver<any>;
}

const A = poisson2d(5); // SPD, lower triangle stored: θ are the stored values
const n = A.ncols;
const unsymmetric = randomVector(rand, 36).map((v, k) => v + (k % 7 === 0 ? 6 : 0)); // 6 x 6, diagonally weighted
const setups: Setup[] = [
  { name: 'Cholesky, a stored triangle', theta: A.values.slice(), build: (t) => new SparseOperator(A.withValues(t), [positiveSemidefinite]), solver: () => new Cholesky() },
  { name: 'LU, a dense unsymmetric matrix', theta: unsymmetric, build: (t) => new MatrixOperator({ nrows: 6, ncols: 6, data: t.slice() }), solver: () => new LU() },
];

describe.each(setups)('$name', ({ theta, build, solver }) => {
  const size = build(theta).inSize;
  const b = randomVector(rand, size);
  const objective = quartic(randomVector(rand, size));
  const gradientAt = (t: Float64Array, bb: Float64Array) => {
    using h = linearSolveHessian(build(t), bb, objective, solver());
    return { values: valuesOf(h.gradient.op).slice(), b: h.gradient.b.slice() };
  };
  const J = (t: Float64Array, bb: Float64Array) => objective.value(linearSolve(build(t), bb, solver()).value);
  const tangentOp = (dt: Float64Array) => (build(theta) instanceof SparseOperator ? new SparseOperator(A.withValues(dt)) : new MatrixOperator({ nrows: 6, ncols: 6, data: dt.slice() }));

  test('the gradient matches finite differences of J', () => {
    const g = gradientAt(theta, b);
    const [dt, db] = [randomVector(rand, theta.length), randomVector(rand, size)];
    const h = 1e-6;
    const fd = (J(theta.map((v, k) => v + h * dt[k]), b.map((v, i) => v + h * db[i])) - J(theta.map((v, k) => v - h * dt[k]), b.map((v, i) => v - h * db[i]))) / (2 * h);
    expect(Math.abs(dot(g.values, dt) + dot(g.b, db) - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
  });

  test('hvp matches central differences of the gradient, in A and in b', () => {
    const [dt, db] = [randomVector(rand, theta.length), randomVector(rand, size)];
    using hessian = linearSolveHessian(build(theta), b, objective, solver());
    const hv = hessian.hvp({ op: tangentOp(dt), b: db });
    const h = 1e-5;
    const plus = gradientAt(theta.map((v, k) => v + h * dt[k]), b.map((v, i) => v + h * db[i]));
    const minus = gradientAt(theta.map((v, k) => v - h * dt[k]), b.map((v, i) => v - h * db[i]));
    expect(relErr(valuesOf(hv.op), plus.values.map((v, k) => (v - minus.values[k]) / (2 * h)))).toBeLessThan(1e-7);
    expect(relErr(hv.b, plus.b.map((v, i) => (v - minus.b[i]) / (2 * h)))).toBeLessThan(1e-7);
  });

  test('the Hessian is symmetric: ⟨d₁, H d₂⟩ = ⟨d₂, H d₁⟩; two solves per product on one state', () => {
    const d1 = { dt: randomVector(rand, theta.length), db: randomVector(rand, size) };
    const d2 = { dt: randomVector(rand, theta.length), db: randomVector(rand, size) };
    using hessian = linearSolveHessian(build(theta), b, objective, solver());
    expect(hessian.solves).toBe(2);
    const h1 = hessian.hvp({ op: tangentOp(d1.dt), b: d1.db });
    const h2 = hessian.hvp({ op: tangentOp(d2.dt), b: d2.db });
    expect(hessian.solves).toBe(6);
    const a = dot(d2.dt, valuesOf(h1.op)) + dot(d2.db, h1.b);
    const c = dot(d1.dt, valuesOf(h2.op)) + dot(d1.db, h2.b);
    expect(Math.abs(a - c)).toBeLessThan(1e-10 * Math.max(1, Math.abs(a)));
  });
});

describe('the cost model and the refusals', () => {
  const op = new SparseOperator(A, [positiveSemidefinite]);
  const b = randomVector(rand, n);
  const objective: SolveObjective = { gradient: (x) => x.slice() };

  test('one factorisation for the value, the gradient and any number of products', () => {
    const cholesky = new Cholesky();
    const hessian = linearSolveHessian(op, b, objective, cholesky);
    for (let k = 0; k < 4; k++) hessian.hvp({ b: randomVector(rand, n) });
    expect(cholesky.factorizations).toBe(1);
    expect(hessian.solves).toBe(2 + 2 * 4);
    hessian.dispose();
    expect(() => hessian.hvp({ b })).toThrow(DisposedError);
  });

  test('a linear objective (no hessianVector): the products in b vanish, those in A do not', () => {
    using hessian = linearSolveHessian(op, b, { gradient: () => b }); // J = bᵀx
    expect(hessian.hvp({ b }).b.every((v) => v === 0)).toBe(true);
    expect(valuesOf(hessian.hvp({ op: new SparseOperator(A) }).op).some((v) => v !== 0)).toBe(true);
  });

  test('non-square operators and pseudo-inverse solvers are refused; inputs are checked', () => {
    const tall = new MatrixOperator({ nrows: 3, ncols: 2, data: randomVector(rand, 6) });
    expect(() => linearSolveHessian(tall, new Float64Array(3), objective, new QR())).toThrow(UnsupportedDerivativeError);
    const square = new MatrixOperator({ nrows: 2, ncols: 2, data: Float64Array.of(1, 0, 0, 1) });
    expect(() => linearSolveHessian(square, new Float64Array(2), objective, new SVD())).toThrow(UnsupportedDerivativeError);
    expect(() => linearSolveHessian(op, b, {} as never)).toThrow(TypeError);
    using hessian = linearSolveHessian(op, b, objective);
    expect(() => hessian.hvp({ b: new Float64Array(3) })).toThrow(RangeError);
    expect(() => hessian.hvp({ op: new SparseOperator(CscMatrix.identity(3)) })).toThrow(RangeError);
    expect(() => hessian.hvp({ x: b } as never)).toThrow(TypeError);
  });

  test('a failed primal solve is reported with throw: false', () => {
    const indefinite = new SparseOperator(CscMatrix.fromDense(2, 2, [1, 2, 2, 1], { symmetry: 'lower' }), [positiveSemidefinite]);
    const out = linearSolveHessian(indefinite, new Float64Array([1, 1]), objective, new Cholesky(), { throw: false });
    expect(out.result).toBe('notPositiveDefinite');
    expect(() => out.hvp({})).toThrow(RangeError);
    out.dispose();
  });
});
