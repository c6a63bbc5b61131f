/**
 * JVP and VJP of linearSolve for every solver and every kind of operator, against
 * (1) central finite differences of the solve itself, (2) dense references written here
 * (for rectangular A from the normal equations, not from the pseudo-inverse formula the
 * library uses), and (3) the dot-product test ⟨JVP(t), c⟩ = ⟨t, VJP(c)⟩.
 *
 * Every operator is built from a parameter vector θ by a map that is linear in θ, so the
 * tangent operator is the same map applied to θ̇ and ∂A/∂θ_p is the map applied to e_p.
 */
import { liveHandles } from '../lib/handles';
import { LinearSolveError, Result } from '../lib/errors';
import {
  DiagonalOperator,
  FunctionOperator,
  LinearOperator,
  MatrixOperator,
  SparseOperator,
  TaggedOperator,
  Tag,
  TridiagonalOperator,
  lowerTriangular,
  positiveSemidefinite,
  symmetric,
} from '../lib/operators';
import {
  AutoSolver,
  BiCGStab,
  CG,
  Cholesky,
  DenseCholesky,
  Diagonal,
  GMRES,
  LDLt,
  LU,
  LinearSolver,
  MINRES,
  QR,
  Rhs,
  Triangular,
  Tridiagonal,
} from '../lib/solvers';
import { linearSolve } from '../lib/solve';
import { CscMatrix, DenseMatrix } from '../lib/sparse';
import { OperatorCotangent, UnsupportedDerivativeError, linearSolveJvp, linearSolveVjp } from '../lib/ad';
import { denseOf, matmul, randomVector, relErr, rng, solveDense, transposeDense } from './helpers/dense';

const rand = rng(20240611);
const ITERATIVE = { rtol: 1e-14, atol: 0 };

// ---------------------------------------------------------------- cases

interface Case {
  name: string;
  solver: () => LinearSolver<any>;
  m: number;
  n: number;
  theta: Float64Array;
  /** The operator A(θ), linear in θ. */
  build(theta: Float64Array): LinearOperator;
  /** A(θ) as a dense column-major m x n matrix, written independently of the operator classes. */
  dense(theta: Float64Array): Float64Array;
  /** An admissible direction θ̇ (one that keeps the structure the solver relies on). */
  direction(): Float64Array;
  /** The gradient over θ read out of an operator cotangent. */
  gradient(cot: OperatorCotangent): Float64Array;
}

/** Random sparse pattern with a dominant diagonal, as triplets (i, j). */
function sparsePattern(m: number, n: number, density: number, diagonal: boolean) {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) if ((diagonal && i === j) || rand() < density) { rows.push(i); cols.push(j); }
  return { rows, cols };
}

function sparseCase(name: string, solver: () => LinearSolver<any>, A: CscMatrix, tags: Tag[], direction: () => Float64Array): Case {
  return {
    name,
    solver,
    m: A.nrows,
    n: A.ncols,
    theta: A.values.slice(),
    build: (theta) => new TaggedOperator(new SparseOperator(A.withValues(theta)), tags),
    dense: (theta) => denseOf(A.withValues(theta)),
    direction,
    gradient: (cot) => {
      expect(cot.kind).toBe('sparse');
      return (cot as { values: Float64Array }).values;
    },
  };
}

/** An unsymmetric sparse m x n matrix (m rows, n columns) with a dominant diagonal. */
function generalSparseCase(name: string, solver: () => LinearSolver<any>, n: number, m = n): Case {
  const { rows, cols } = sparsePattern(m, n, 0.35, true);
  const values = rows.map((i, k) => (i === cols[k] ? n + rand() : rand() - 0.5));
  const A = CscMatrix.fromTriplets(m, n, rows, cols, values);
  return sparseCase(name, solver, A, [], anyDirection(A.nnz));
}

/** A symmetric matrix on a random pattern; `indefinite` flips the sign of every other diagonal entry. */
function symmetricDense(n: number, indefinite: boolean): Float64Array {
  const { rows, cols } = sparsePattern(n, n, 0.3, true);
  const a = new Float64Array(n * n);
  rows.forEach((i, k) => {
    const j = cols[k];
    const v = i === j ? (n + rand()) * (indefinite && i % 2 ? -1 : 1) : rand() - 0.5;
    a[i + j * n] = v;
    a[j + i * n] = v;
  });
  return a;
}

/** The 'lower' / 'upper' / 'general' storage of a symmetric dense matrix. */
function storeSymmetric(a: Float64Array, n: number, symmetry: 'lower' | 'upper' | 'general'): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const keep = symmetry === 'general' || (symmetry === 'lower' ? i >= j : i <= j);
      if (keep && a[i + j * n] !== 0) { rows.push(i); cols.push(j); values.push(a[i + j * n]); }
    }
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, values, { symmetry });
}

/** A direction on a stored-triangle pattern: any values (each stands for a symmetric pair). */
const anyDirection = (length: number) => () => randomVector(rand, length);

/** A direction on a general pattern of a symmetric matrix: mirrored entries move together. */
function symmetricDirection(A: CscMatrix): () => Float64Array {
  return () => {
    const n = A.ncols;
    const s = randomVector(rand, n * n);
    const out = new Float64Array(A.nnz);
    for (let j = 0; j < n; j++) for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
      const i = A.rowIdx[k];
      out[k] = s[Math.min(i, j) + Math.max(i, j) * n];
    }
    return out;
  };
}

function denseMatvec(a: Float64Array, m: number, n: number, x: Float64Array): Float64Array {
  const y = new Float64Array(m);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) y[i] += a[i + j * m] * x[j];
  return y;
}

/** Σ_c left_cᵀ M right_c for an 'outer' cotangent: its pairing with a dense M. */
function pairOuter(cot: OperatorCotangent, M: Float64Array, m: number, n: number): number {
  expect(cot.kind).toBe('outer');
  const { left, right } = cot as { left: Rhs; right: Rhs };
  const L = left instanceof Float64Array ? { ncols: 1, data: left } : left;
  const R = right instanceof Float64Array ? { ncols: 1, data: right } : right;
  let s = 0;
  for (let c = 0; c < L.ncols; c++) {
    const Mr = denseMatvec(M, m, n, R.data.subarray(c * n, (c + 1) * n));
    for (let i = 0; i < m; i++) s += L.data[c * m + i] * Mr[i];
  }
  return s;
}

type DenseKind = 'general' | 'spd' | 'lowerTriangular';
function denseCase(name: string, solver: () => LinearSolver<any>, m: number, n: number, kind: DenseKind, asFunction = false): Case {
  let a = randomVector(rand, m * n);
  if (kind === 'spd') {
    a = matmul(transposeDense(a, n, n), a, n, n, n);
    for (let i = 0; i < n; i++) a[i + i * n] += n;
  } else if (m === n) {
    for (let i = 0; i < n; i++) a[i + i * n] += n;
  }
  if (kind === 'lowerTriangular') for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) a[i + j * m] = 0;
  const tags: Tag[] = kind === 'spd' ? [symmetric, positiveSemidefinite] : kind === 'lowerTriangular' ? [lowerTriangular] : [];
  const build = (theta: Float64Array): LinearOperator => {
    if (!asFunction) return new MatrixOperator({ nrows: m, ncols: n, data: theta }, tags);
    const t = transposeDense(theta, m, n);
    return new FunctionOperator((x) => denseMatvec(theta, m, n, x), { inSize: n, outSize: m }, {
      tags,
      transposeMv: (y) => denseMatvec(t, n, m, y),
    });
  };
  const direction = () => {
    const d = randomVector(rand, m * n);
    if (kind === 'spd') return Float64Array.from({ length: n * n }, (_, k) => d[Math.min(k % n, (k / n) | 0) + Math.max(k % n, (k / n) | 0) * n]);
    if (kind === 'lowerTriangular') for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) d[i + j * m] = 0;
    return d;
  };
  const gradient = (cot: OperatorCotangent): Float64Array => {
    if (!asFunction) {
      expect(cot.kind).toBe('dense');
      return (cot as { matrix: DenseMatrix }).matrix.data;
    }
    return Float64Array.from({ length: m * n }, (_, p) => pairOuter(cot, unit(m * n, p), m, n));
  };
  return { name, solver, m, n, theta: a, build, dense: (theta) => theta.slice(), direction, gradient };
}

const unit = (length: number, p: number) => Float64Array.from({ length }, (_, k) => (k === p ? 1 : 0));

function diagonalCase(name: string, solver: () => LinearSolver<any>, n: number): Case {
  return {
    name,
    solver,
    m: n,
    n,
    theta: randomVector(rand, n, 1, 3),
    build: (theta) => new DiagonalOperator(theta, [positiveSemidefinite]),
    dense: (theta) => Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? theta[k / (n + 1)] : 0)),
    direction: () => randomVector(rand, n),
    gradient: (cot) => {
      expect(cot.kind).toBe('diagonal');
      return (cot as { diagonal: Float64Array }).diagonal;
    },
  };
}

/** θ = [lower (n−1), diag (n), upper (n−1)]. */
function tridiagonalCase(name: string, solver: () => LinearSolver<any>, n: number): Case {
  const split = (theta: Float64Array) => [theta.subarray(0, n - 1), theta.subarray(n - 1, 2 * n - 1), theta.subarray(2 * n - 1)];
  const theta = randomVector(rand, 3 * n - 2);
  for (let i = n - 1; i < 2 * n - 1; i++) theta[i] += 4;
  return {
    name,
    solver,
    m: n,
    n,
    theta,
    build: (t) => {
      const [lower, diag, upper] = split(t).map((v) => v.slice());
      return new TridiagonalOperator(lower, diag, upper);
    },
    dense: (t) => {
      const [lower, diag, upper] = split(t);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) a[i + i * n] = diag[i];
      for (let i = 0; i < n - 1; i++) { a[i + 1 + i * n] = lower[i]; a[i + (i + 1) * n] = upper[i]; }
      return a;
    },
    direction: () => randomVector(rand, 3 * n - 2),
    gradient: (cot) => {
      expect(cot.kind).toBe('tridiagonal');
      const { lower, diag, upper } = cot as { lower: Float64Array; diag: Float64Array; upper: Float64Array };
      return Float64Array.from([...lower, ...diag, ...upper]);
    },
  };
}

function symmetricSparseCase(name: string, solver: () => LinearSolver<any>, n: number, symmetry: 'lower' | 'upper' | 'general', indefinite: boolean): Case {
  const A = storeSymmetric(symmetricDense(n, indefinite), n, symmetry);
  const tags: Tag[] = indefinite ? [symmetric] : [symmetric, positiveSemidefinite];
  return sparseCase(name, solver, A, tags, symmetry === 'general' ? symmetricDirection(A) : anyDirection(A.nnz));
}

/** A symmetric positive definite matrix-free operator (for CG). */
function functionSpdCase(name: string, solver: () => LinearSolver<any>, n: number): Case {
  const c = denseCase(name, solver, n, n, 'spd', true);
  return { ...c, build: (theta) => new FunctionOperator((x) => denseMatvec(theta, n, n, x), n, { tags: [symmetric, positiveSemidefinite] }) };
}

const N = 8;
const cases: Case[] = [
  symmetricSparseCase('Cholesky, sparse lower', () => new Cholesky(), N, 'lower', false),
  symmetricSparseCase('Cholesky, sparse upper', () => new Cholesky(), N, 'upper', false),
  symmetricSparseCase('Cholesky, sparse general (symmetric values)', () => new Cholesky(), N, 'general', false),
  denseCase('Cholesky, dense SPD', () => new Cholesky(), N, N, 'spd'),
  diagonalCase('Cholesky, diagonal', () => new Cholesky(), N),
  symmetricSparseCase('LDLt, sparse lower indefinite', () => new LDLt(), N, 'lower', true),
  symmetricSparseCase('LDLt, sparse upper indefinite', () => new LDLt(), N, 'upper', true),
  denseCase('LU, dense', () => new LU(), N, N, 'general'),
  generalSparseCase('LU, sparse general', () => new LU(), N),
  denseCase('LU, function', () => new LU(), N, N, 'general', true),
  tridiagonalCase('LU, tridiagonal', () => new LU(), N),
  denseCase('QR, dense square', () => new QR(), N, N, 'general'),
  denseCase('QR, dense tall', () => new QR(), 11, 6, 'general'),
  denseCase('QR, dense wide', () => new QR(), 5, 9, 'general'),
  generalSparseCase('QR, sparse tall', () => new QR(), 6, 10),
  denseCase('QR, function tall', () => new QR(), 10, 7, 'general', true),
  denseCase('QR, function wide', () => new QR(), 6, 8, 'general', true),
  symmetricSparseCase('DenseCholesky, sparse lower', () => new DenseCholesky(), N, 'lower', false),
  denseCase('DenseCholesky, dense SPD', () => new DenseCholesky(), N, N, 'spd'),
  diagonalCase('Diagonal, diagonal', () => new Diagonal(), N),
  denseCase('Triangular, dense lower-triangular', () => new Triangular(), N, N, 'lowerTriangular'),
  tridiagonalCase('Tridiagonal, tridiagonal', () => new Tridiagonal(), N),
  symmetricSparseCase('CG, sparse lower', () => new CG(ITERATIVE), N, 'lower', false),
  functionSpdCase('CG, function SPD', () => new CG(ITERATIVE), N),
  symmetricSparseCase('MINRES, sparse upper indefinite', () => new MINRES(ITERATIVE), N, 'upper', true),
  generalSparseCase('BiCGStab, sparse general', () => new BiCGStab(ITERATIVE), N),
  generalSparseCase('GMRES, sparse general', () => new GMRES(ITERATIVE), N),
  denseCase('GMRES, function', () => new GMRES(ITERATIVE), N, N, 'general', true),
  symmetricSparseCase('AutoSolver, sparse lower (Cholesky)', () => new AutoSolver(), N, 'lower', false),
  denseCase('AutoSolver, dense tall (QR)', () => new AutoSolver(), 9, 5, 'general'),
];

// ---------------------------------------------------------------- dense references

interface Block { ncols: number; data: Float64Array }

/** x = A⁺ b: the solution, least-squares solution (normal equations) or minimum-norm solution (A Aᵀ w = b, x = Aᵀ w). */
function refSolve(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  const k = b.length / m;
  const at = transposeDense(a, m, n);
  if (m === n) return solveDense(a, n, b);
  if (m > n) return solveDense(matmul(at, a, n, m, n), n, matmul(at, b, n, m, k));
  return matmul(at, solveDense(matmul(a, at, m, n, m), m, b), n, m, k);
}

/** ẋ by differentiating the equations above (A x = b; Aᵀ A x = Aᵀ b; x = Aᵀ w with A Aᵀ w = b). */
function refJvp(a: Float64Array, da: Float64Array, m: number, n: number, b: Float64Array, db: Float64Array): Float64Array {
  const k = b.length / m;
  const at = transposeDense(a, m, n);
  const dat = transposeDense(da, m, n);
  const x = refSolve(a, m, n, b);
  const dax = matmul(da, x, m, n, k);
  const rhs = db.map((v, i) => v - dax[i]);
  if (m === n) return solveDense(a, n, rhs);
  if (m > n) {
    const r = b.map((v, i) => v - matmul(a, x, m, n, k)[i]);
    const t1 = matmul(dat, r, n, m, k);
    const t2 = matmul(at, rhs, n, m, k);
    return solveDense(matmul(at, a, n, m, n), n, t1.map((v, i) => v + t2[i]));
  }
  const g = matmul(a, at, m, n, m);
  const w = solveDense(g, m, b);
  const dg = matmul(da, at, m, n, m).map((v, i) => v + matmul(a, dat, m, n, m)[i]);
  const dgw = matmul(dg, w, m, m, k);
  const dw = solveDense(g, m, db.map((v, i) => v - dgw[i]));
  const part = matmul(at, dw, n, m, k);
  return matmul(dat, w, n, m, k).map((v, i) => v + part[i]);
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

function rhsOf(data: Float64Array, rows: number, k: number): Rhs {
  return k === 1 ? data : { nrows: rows, ncols: k, data };
}
const dataOf = (x: Rhs): Float64Array => (x instanceof Float64Array ? x : x.data);

function solveWith(c: Case, theta: Float64Array, b: Rhs): Float64Array {
  return dataOf(linearSolve(c.build(theta), b, c.solver()).value);
}

// ---------------------------------------------------------------- the tests

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

describe.each(cases)('$name', (c) => {
  const { m, n, theta } = c;
  const A = c.dense(theta);

  describe.each([1, 3])('%i right-hand side(s)', (k) => {
    const b = randomVector(rand, m * k);
    const db = randomVector(rand, m * k);
    const dTheta = c.direction();
    const xBar = randomVector(rand, n * k);

    test('JVP equals central finite differences (rel. err ≤ 1e-6)', () => {
      const { tangent } = linearSolveJvp(c.build(theta), rhsOf(b, m, k), { op: c.build(dTheta), b: rhsOf(db, m, k) }, c.solver());
      const eps = 1e-6;
      const plus = solveWith(c, theta.map((v, i) => v + eps * dTheta[i]), rhsOf(b.map((v, i) => v + eps * db[i]), m, k));
      const minus = solveWith(c, theta.map((v, i) => v - eps * dTheta[i]), rhsOf(b.map((v, i) => v - eps * db[i]), m, k));
      const fd = plus.map((v, i) => (v - minus[i]) / (2 * eps));
      expect(relErr(dataOf(tangent), fd)).toBeLessThan(1e-6);
    });

    test('JVP and primal equal the dense reference', () => {
      const { value, tangent } = linearSolveJvp(c.build(theta), rhsOf(b, m, k), { op: c.build(dTheta), b: rhsOf(db, m, k) }, c.solver());
      expect(relErr(dataOf(value), refSolve(A, m, n, b))).toBeLessThan(1e-11);
      expect(relErr(dataOf(tangent), refJvp(A, c.dense(dTheta), m, n, b, db))).toBeLessThan(1e-10);
    });

    test('VJP equals the dense reference (b̄ = A⁺ᵀ x̄; θ̄_p = ⟨x̄, ∂x/∂θ_p⟩)', () => {
      const vjp = linearSolveVjp(c.build(theta), rhsOf(b, m, k), c.solver());
      const { b: bBar, op } = vjp.pullback(rhsOf(xBar, n, k));
      vjp.dispose();
      const pinv = refSolve(A, m, n, identity(m)); // n x m
      const bBarRef = matmul(transposeDense(pinv, n, m), xBar, m, n, k);
      expect(relErr(dataOf(bBar), bBarRef)).toBeLessThan(1e-10);
      const zeroDb = new Float64Array(m * k);
      const ref = Float64Array.from(theta, (_, p) => dot(xBar, refJvp(A, c.dense(unit(theta.length, p)), m, n, b, zeroDb)));
      expect(relErr(c.gradient(op), ref)).toBeLessThan(1e-10);
    });

    test('VJP equals central finite differences of ⟨x̄, x⟩ (rel. err ≤ 1e-6)', () => {
      const vjp = linearSolveVjp(c.build(theta), rhsOf(b, m, k), c.solver());
      const { b: bBar, op } = vjp.pullback(rhsOf(xBar, n, k));
      vjp.dispose();
      const eps = 1e-6;
      const f = (s: number) => dot(xBar, solveWith(c, theta.map((v, i) => v + s * dTheta[i]), rhsOf(b.map((v, i) => v + s * db[i]), m, k)));
      const fd = (f(eps) - f(-eps)) / (2 * eps);
      const adjoint = dot(c.gradient(op), dTheta) + dot(dataOf(bBar), db);
      expect(Math.abs(adjoint - fd) / Math.abs(fd)).toBeLessThan(1e-6);
    });

    test('dot-product test ⟨JVP(t), c⟩ = ⟨t, VJP(c)⟩ to 1e-10', () => {
      const { tangent } = linearSolveJvp(c.build(theta), rhsOf(b, m, k), { op: c.build(dTheta), b: rhsOf(db, m, k) }, c.solver());
      const vjp = linearSolveVjp(c.build(theta), rhsOf(b, m, k), c.solver());
      const { b: bBar, op } = vjp.pullback(rhsOf(xBar, n, k));
      vjp.dispose();
      const forward = dot(dataOf(tangent), xBar);
      const reverse = dot(c.gradient(op), dTheta) + dot(dataOf(bBar), db);
      expect(Math.abs(forward - reverse)).toBeLessThan(1e-10 * Math.max(Math.abs(forward), 1));
    });
  });
});

function identity(m: number): Float64Array {
  const eye = new Float64Array(m * m);
  for (let i = 0; i < m; i++) eye[i + i * m] = 1;
  return eye;
}

// ---------------------------------------------------------------- state, cost and errors

/** Wraps a solver and counts what the derivative rules ask of it. */
class CountingSolver<S> implements LinearSolver<S> {
  inits = 0;
  computes = 0;
  transposes = 0;
  constructor(readonly inner: LinearSolver<S>, readonly fullRank = true) {}
  init(op: LinearOperator, options: object) { this.inits++; return this.inner.init(op, options); }
  compute<V extends Rhs>(state: S, b: V, options: object) { this.computes++; return this.inner.compute(state, b, options); }
  transpose(state: S, options: object) { this.transposes++; return this.inner.transpose(state, options); }
  conj(state: S, options: object) { return this.inner.conj(state, options); }
  assumeFullRank() { return this.fullRank; }
  dispose(state: S) { this.inner.dispose?.(state); }
}

describe('cost and reuse of the solver state', () => {
  const A = storeSymmetric(symmetricDense(30, false), 30, 'lower');
  const op = new SparseOperator(A, [positiveSemidefinite]);
  const b = randomVector(rand, 30);

  test('the VJP factorises once: pullbacks use solver.transpose(state), never a new init', () => {
    const cholesky = new Cholesky();
    const counting = new CountingSolver(cholesky);
    const vjp = linearSolveVjp(op, b, counting);
    for (let t = 0; t < 3; t++) vjp.pullback(randomVector(rand, 30));
    expect(cholesky.factorizations).toBe(1);
    expect(counting.inits).toBe(1);
    expect(counting.transposes).toBe(1); // the transposed state is derived once and cached
    expect(counting.computes).toBe(4); // the primal solve and one adjoint solve per pullback
    vjp.dispose();
  });

  test('with a caller state nothing is factorised, and CHOLMOD counts one factorisation in all', () => {
    const cholesky = new Cholesky();
    const state = cholesky.init(op, {});
    const vjp = linearSolveVjp(op, b, cholesky, { state });
    vjp.pullback(randomVector(rand, 30));
    const jvp = linearSolveJvp(op, b, { b: randomVector(rand, 30) }, cholesky, { state });
    expect(jvp.tangent).toHaveLength(30);
    expect(state.factor!.info.factorizations).toBe(1);
    expect(cholesky.factorizations).toBe(1);
    vjp.dispose();
    expect(state.factor!.disposed).toBe(false); // the caller's state stays the caller's
    cholesky.dispose(state);
  });

  test('the JVP costs one extra compute with the same state', () => {
    const counting = new CountingSolver(new Cholesky());
    const B: DenseMatrix = { nrows: 30, ncols: 4, data: randomVector(rand, 120) };
    linearSolveJvp(op, B, { op: new SparseOperator(A.withValues(randomVector(rand, A.nnz))), b: { ...B, data: randomVector(rand, 120) } }, counting);
    expect([counting.inits, counting.computes, counting.transposes]).toEqual([1, 2, 0]);
  });

  test('without tangents the JVP does no extra solve and returns zeros', () => {
    const counting = new CountingSolver(new LU());
    const { tangent } = linearSolveJvp(new MatrixOperator({ nrows: 30, ncols: 30, data: denseOf(A) }), b, {}, counting);
    expect(counting.computes).toBe(1);
    expect(Array.from(tangent).every((v) => v === 0)).toBe(true);
  });

  test('a large sparse Cholesky VJP with many right-hand sides passes the dot-product test', () => {
    const n = 30 * 30;
    const grid = poissonLower(30);
    const gridOp = new SparseOperator(grid, [positiveSemidefinite]);
    const B: DenseMatrix = { nrows: n, ncols: 4, data: randomVector(rand, 4 * n) };
    const dValues = randomVector(rand, grid.nnz);
    const dB = randomVector(rand, 4 * n);
    const xBar = randomVector(rand, 4 * n);
    const { tangent } = linearSolveJvp(gridOp, B, { op: new SparseOperator(grid.withValues(dValues)), b: { ...B, data: dB } }, new Cholesky());
    using vjp = linearSolveVjp(gridOp, B, new Cholesky());
    const { b: bBar, op: cot } = vjp.pullback({ ...B, data: xBar });
    const forward = dot((tangent as DenseMatrix).data, xBar);
    const reverse = dot((cot as { values: Float64Array }).values, dValues) + dot((bBar as DenseMatrix).data, dB);
    expect(Math.abs(forward - reverse)).toBeLessThan(1e-10 * Math.abs(forward));
  });
});

function poissonLower(side: number): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
    const j = x + side * y;
    rows.push(j); cols.push(j); values.push(4.5);
    if (x + 1 < side) { rows.push(j + 1); cols.push(j); values.push(-1); }
    if (y + 1 < side) { rows.push(j + side); cols.push(j); values.push(-1); }
  }
  return CscMatrix.fromTriplets(side * side, side * side, rows, cols, values, { symmetry: 'lower' });
}

describe('the cotangent of a matrix-free operator', () => {
  test('is the rank-one pair { left: −λ, right: x } for one right-hand side', () => {
    const n = 6;
    const a = denseCase('f', () => new LU(), n, n, 'general').theta;
    const op = new FunctionOperator((x) => denseMatvec(a, n, n, x), n);
    const b = randomVector(rand, n);
    const xBar = randomVector(rand, n);
    using vjp = linearSolveVjp(op, b, new LU());
    const { b: lambda, op: cot } = vjp.pullback(xBar);
    expect(cot.kind).toBe('outer');
    const { left, right } = cot as { left: Float64Array; right: Float64Array };
    expect(Array.from(left)).toEqual(Array.from(lambda).map((v) => -v));
    expect(Array.from(right)).toEqual(Array.from(vjp.value));
    expect(relErr(lambda, solveDense(transposeDense(a, n, n), n, xBar))).toBeLessThan(1e-12);
  });
});

describe('disposed states', () => {
  const A = storeSymmetric(symmetricDense(10, false), 10, 'lower');
  const op = new SparseOperator(A, [positiveSemidefinite]);
  const b = randomVector(rand, 10);

  test('pullback after the VJP is disposed raises DisposedError and the factor is freed', () => {
    const before = liveHandles();
    const vjp = linearSolveVjp(op, b, new Cholesky());
    expect(liveHandles()).toBe(before + 1);
    vjp.dispose();
    vjp.dispose(); // idempotent
    expect(liveHandles()).toBe(before);
    expect(() => vjp.pullback(b)).toThrow(expect.objectContaining({ name: 'DisposedError' }));
  });

  test('a state the caller disposed raises DisposedError in the JVP and in the pullback', () => {
    const solver = new Cholesky();
    const state = solver.init(op, {});
    const vjp = linearSolveVjp(op, b, solver, { state });
    solver.dispose(state);
    expect(() => vjp.pullback(b)).toThrow(expect.objectContaining({ name: 'DisposedError' }));
    expect(() => linearSolveJvp(op, b, { b }, solver, { state })).toThrow(expect.objectContaining({ name: 'DisposedError' }));
    expect(() => linearSolveVjp(op, b, solver, { state })).toThrow(expect.objectContaining({ name: 'DisposedError' }));
  });

  test('a JVP that throws still frees the state it created', () => {
    const before = liveHandles();
    expect(() => linearSolveJvp(op, b, { b: new Float64Array(3) }, new Cholesky())).toThrow(RangeError);
    expect(() => linearSolveJvp(op, b, { op: new SparseOperator(A), b: b.map(() => NaN) }, new Cholesky())).toThrow(LinearSolveError);
    expect(liveHandles()).toBe(before);
  });
});

describe('refusals and failures', () => {
  const n = 5;
  const a = denseCase('g', () => new LU(), n, n, 'general').theta;
  const op = new MatrixOperator({ nrows: n, ncols: n, data: a });
  const b = randomVector(rand, n);

  test('a solver with assumeFullRank() false is refused with an explanation', () => {
    const solver = new CountingSolver(new LU(), false);
    expect(() => linearSolveJvp(op, b, { b }, solver)).toThrow(UnsupportedDerivativeError);
    expect(() => linearSolveVjp(op, b, solver)).toThrow(/assumeFullRank\(\) === false.*pseudo-inverse/);
    expect(solver.inits).toBe(0); // refused before any work
  });

  test('a singular operator raises LinearSolveError, or with throw: false returns its Result and NaNs', () => {
    const singular = new MatrixOperator({ nrows: 2, ncols: 2, data: Float64Array.from([1, 2, 2, 4]) });
    const b2 = Float64Array.from([1, 1]);
    expect(() => linearSolveJvp(singular, b2, { b: b2 }, new LU())).toThrow(LinearSolveError);
    const out = linearSolveJvp(singular, b2, { b: b2 }, new LU(), { throw: false });
    expect(out.result).toBe(Result.singular);
    expect(Array.from(out.tangent).every(Number.isNaN)).toBe(true);
    const vjp = linearSolveVjp(singular, b2, new LU(), { throw: false });
    expect(vjp.result).toBe(Result.singular);
    expect(() => vjp.pullback(b2)).toThrow(/primal solve failed \(singular\)/);
  });

  test('shapes are checked with precise errors', () => {
    expect(() => linearSolveJvp(op, b, { op: new MatrixOperator({ nrows: 4, ncols: 4, data: new Float64Array(16) }) }, new LU())).toThrow(
      new RangeError('linearSolveJvp: tangents.op must be 5 x 5, like op, got 4 x 4'),
    );
    expect(() => linearSolveJvp(op, b, { b: { nrows: n, ncols: 1, data: b } as never }, new LU())).toThrow(TypeError);
    using vjp = linearSolveVjp(op, { nrows: n, ncols: 2, data: randomVector(rand, 2 * n) }, new LU());
    expect(() => vjp.pullback({ nrows: n, ncols: 3, data: randomVector(rand, 3 * n) })).toThrow(new RangeError('linearSolveVjp: pullback xBar must be 5 x 2, like b, got 5 x 3'));
  });
});

describe('the VJP keeps what its pullback needs', () => {
  test('writing into b or into the returned x does not change the cotangents', () => {
    const c = denseCase('tall', () => new QR(), 7, 4, 'general');
    const b = randomVector(rand, 7);
    const xBar = randomVector(rand, 4);
    using reference = linearSolveVjp(c.build(c.theta), b.slice(), new QR());
    const expected = reference.pullback(xBar);
    using vjp = linearSolveVjp(c.build(c.theta), b, new QR());
    b.fill(0);
    (vjp.value as Float64Array).fill(0);
    const got = vjp.pullback(xBar);
    expect(Array.from(got.b)).toEqual(Array.from(expected.b));
    expect(Array.from(c.gradient(got.op))).toEqual(Array.from(c.gradient(expected.op)));
  });
});
