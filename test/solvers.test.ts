import { cholesky } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { MissingTagError, Result, UnsupportedOperatorError } from '../lib/errors';
import {
  DiagonalOperator,
  FunctionOperator,
  IdentityOperator,
  InverseOperator,
  LinearOperator,
  MatrixOperator,
  SparseOperator,
  TaggedOperator,
  TridiagonalOperator,
  add,
  compose,
  diagonal,
  lowerTriangular,
  neg,
  positiveSemidefinite,
  scale,
  Tag,
  symmetric,
  tridiagonal,
  unitDiagonal,
  upperTriangular,
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
  Triangular,
  Tridiagonal,
} from '../lib/solvers';
import { CscMatrix, DenseMatrix, poisson2d } from '../lib/sparse';
import { denseOf, matmul, matvec, randomVector, relErr, rng, solveDense, transposeDense } from './helpers/dense';

const rand = rng(7);

// ---------------------------------------------------------------- test matrices

function denseUnsymmetric(n: number): Float64Array {
  const a = randomVector(rand, n * n);
  for (let i = 0; i < n; i++) a[i + i * n] += n / 2;
  return a;
}

function denseSpd(n: number): Float64Array {
  const a = randomVector(rand, n * n);
  const s = matmul(transposeDense(a, n, n), a, n, n, n);
  for (let i = 0; i < n; i++) s[i + i * n] += n;
  return s;
}

function denseTriangular(n: number, lower: boolean, unit = false): Float64Array {
  const t = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (i === j) t[i + j * n] = unit ? 1 : 2 + rand();
      else if (lower ? i > j : i < j) t[i + j * n] = (2 * rand() - 1) / n;
    }
  }
  return t;
}

/** Diagonally dominant, unsymmetric, on the 5-point pattern: every Krylov method converges on it. */
function sparseUnsymmetric(nx: number): CscMatrix {
  const general = poisson2d(nx, nx, { symmetry: 'general' });
  const values = general.values.map((v) => (v === 4 ? 6 : v * (1 + 0.5 * (rand() - 0.5))));
  return general.withValues(values);
}

/** [[A, B], [Bᵀ, -I]] with A SPD: symmetric quasi-definite, indefinite. Lower triangle stored. */
function saddlePoint(nx: number, m: number): CscMatrix {
  const a = poisson2d(nx);
  const n = a.ncols;
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let k = a.colPtr[j]; k < a.colPtr[j + 1]; k++) {
      rows.push(a.rowIdx[k]);
      cols.push(j);
      values.push(a.values[k]);
    }
  }
  for (let j = 0; j < n; j++) {
    for (let c = 0; c < m; c++) {
      if ((j + c) % 3 === 0) {
        rows.push(n + c);
        cols.push(j);
        values.push(2 * rand() - 1);
      }
    }
  }
  for (let c = 0; c < m; c++) {
    rows.push(n + c);
    cols.push(n + c);
    values.push(-1);
  }
  return CscMatrix.fromTriplets(n + m, n + m, rows, cols, values, { symmetry: 'lower' });
}

function tridiagonalBands(n: number) {
  // Small diagonal against larger off-diagonals: elimination without pivoting would be unstable.
  return {
    lower: randomVector(rand, n - 1, 1, 2),
    diag: randomVector(rand, n, -0.3, 0.3),
    upper: randomVector(rand, n - 1, -2, -1),
  };
}

function denseOfBands({ lower, diag, upper }: ReturnType<typeof tridiagonalBands>): Float64Array {
  const n = diag.length;
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    t[i + i * n] = diag[i];
    if (i < n - 1) {
      t[i + 1 + i * n] = lower[i];
      t[i + (i + 1) * n] = upper[i];
    }
  }
  return t;
}

const functionOperator = (dense: Float64Array, m: number, n: number, tags: Tag[] = []) =>
  new FunctionOperator((x) => matvec(dense, m, n, x), { inSize: n, outSize: m }, { transposeMv: (y) => matvec(transposeDense(dense, m, n), n, m, y), tags });

const psd = (op: LinearOperator) => new TaggedOperator(op, [positiveSemidefinite]);

// ---------------------------------------------------------------- reference solutions

/** Dense reference: solve for square, least squares for tall, minimum norm for wide. */
function reference(dense: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  if (m === n) return solveDense(dense, n, b);
  const at = transposeDense(dense, m, n);
  if (m > n) return solveDense(matmul(at, dense, n, m, n), n, matvec(at, n, m, b));
  return matvec(at, n, m, solveDense(matmul(dense, at, m, n, m), m, b));
}

interface Problem {
  name: string;
  op: LinearOperator;
  /** The operator's matrix, built without the operator code. */
  dense: Float64Array;
}

interface Row {
  solver: string;
  make: () => LinearSolver<unknown>;
  problems: () => Problem[];
  tolerance: number;
}

const iterative = { rtol: 1e-12, atol: 0 };
const spdSparse = poisson2d(6);
const spdSparseGeneral = poisson2d(6, 6, { symmetry: 'general' });
const spdSparseUpper = poisson2d(6, 6, { symmetry: 'upper' });
const unsymmetricSparse = sparseUnsymmetric(6);
const saddle = saddlePoint(4, 5);
const nearbyFactor = cholesky(spdSparse, { shift: 0.5 });
afterAll(() => nearbyFactor.dispose());
const jacobi = (A: CscMatrix) => new DiagonalOperator(A.diagonal().map((d) => 1 / Math.abs(d)));

const rows: Row[] = [
  {
    solver: 'LU',
    make: () => new LU(),
    tolerance: 1e-10,
    problems: () => {
      const a = denseUnsymmetric(12);
      const b = denseUnsymmetric(12);
      const bands = tridiagonalBands(9);
      return [
        { name: 'MatrixOperator', op: new MatrixOperator({ nrows: 12, ncols: 12, data: a }), dense: a },
        { name: 'SparseOperator (unsymmetric)', op: new SparseOperator(unsymmetricSparse), dense: denseOf(unsymmetricSparse) },
        { name: 'FunctionOperator', op: functionOperator(a, 12, 12), dense: a },
        {
          name: 'compose(Matrix, Matrix)',
          op: compose(new MatrixOperator({ nrows: 12, ncols: 12, data: a }), new MatrixOperator({ nrows: 12, ncols: 12, data: b })),
          dense: matmul(a, b, 12, 12, 12),
        },
        {
          name: 'add(Sparse, Identity)',
          op: add(new SparseOperator(unsymmetricSparse), new IdentityOperator(36)),
          dense: denseOf(unsymmetricSparse).map((v, k) => v + (k % 37 === 0 ? 1 : 0)),
        },
        { name: 'TridiagonalOperator', op: new TridiagonalOperator(bands.lower, bands.diag, bands.upper), dense: denseOfBands(bands) },
      ];
    },
  },
  {
    solver: 'QR',
    make: () => new QR(),
    tolerance: 1e-10,
    problems: () => {
      const square = denseUnsymmetric(10);
      const tall = randomVector(rand, 15 * 8);
      const wide = randomVector(rand, 6 * 11);
      const tallFn = randomVector(rand, 12 * 5);
      return [
        { name: 'square MatrixOperator', op: new MatrixOperator({ nrows: 10, ncols: 10, data: square }), dense: square },
        { name: 'tall MatrixOperator (least squares)', op: new MatrixOperator({ nrows: 15, ncols: 8, data: tall }), dense: tall },
        { name: 'wide MatrixOperator (minimum norm)', op: new MatrixOperator({ nrows: 6, ncols: 11, data: wide }), dense: wide },
        { name: 'tall FunctionOperator', op: functionOperator(tallFn, 12, 5), dense: tallFn },
        { name: 'SparseOperator (unsymmetric)', op: new SparseOperator(unsymmetricSparse), dense: denseOf(unsymmetricSparse) },
      ];
    },
  },
  {
    solver: 'DenseCholesky',
    make: () => new DenseCholesky(),
    tolerance: 1e-10,
    problems: () => {
      const spd = denseSpd(10);
      return [
        { name: 'MatrixOperator tagged PSD', op: new MatrixOperator({ nrows: 10, ncols: 10, data: spd }, [positiveSemidefinite]), dense: spd },
        { name: 'SparseOperator lower tagged PSD', op: psd(new SparseOperator(spdSparse)), dense: denseOf(spdSparse) },
        { name: 'FunctionOperator tagged PSD', op: functionOperator(spd, 10, 10, [positiveSemidefinite]), dense: spd },
        { name: 'IdentityOperator', op: new IdentityOperator(4), dense: new Float64Array(16).map((_, k) => (k % 5 === 0 ? 1 : 0)) },
      ];
    },
  },
  {
    solver: 'Diagonal',
    make: () => new Diagonal(),
    tolerance: 1e-14,
    problems: () => {
      const d = randomVector(rand, 8, 0.5, 2);
      const diag = new Float64Array(64).map((_, k) => (k % 9 === 0 ? d[k / 9] : 0));
      const sparseDiag = CscMatrix.fromDense(8, 8, diag);
      return [
        { name: 'DiagonalOperator', op: new DiagonalOperator(d), dense: diag },
        { name: 'IdentityOperator', op: new IdentityOperator(8), dense: new Float64Array(64).map((_, k) => (k % 9 === 0 ? 1 : 0)) },
        { name: 'SparseOperator tagged diagonal', op: new SparseOperator(sparseDiag, [diagonal]), dense: diag },
        { name: 'scale(Diagonal, -2)', op: scale(new DiagonalOperator(d), -2), dense: diag.map((v) => -2 * v) },
      ];
    },
  },
  {
    solver: 'Triangular',
    make: () => new Triangular(),
    tolerance: 1e-12,
    problems: () => {
      const lower = denseTriangular(10, true);
      const upper = denseTriangular(10, false);
      const unit = denseTriangular(10, true, true);
      const sparseLower = CscMatrix.fromDense(10, 10, lower);
      return [
        { name: 'MatrixOperator lowerTriangular', op: new MatrixOperator({ nrows: 10, ncols: 10, data: lower }, [lowerTriangular]), dense: lower },
        { name: 'MatrixOperator upperTriangular', op: new MatrixOperator({ nrows: 10, ncols: 10, data: upper }, [upperTriangular]), dense: upper },
        {
          name: 'unit lower triangular',
          op: new MatrixOperator({ nrows: 10, ncols: 10, data: unit }, [lowerTriangular, unitDiagonal]),
          dense: unit,
        },
        { name: 'SparseOperator tagged lowerTriangular', op: new SparseOperator(sparseLower, [lowerTriangular]), dense: lower },
      ];
    },
  },
  {
    solver: 'Tridiagonal',
    make: () => new Tridiagonal(),
    tolerance: 1e-10,
    problems: () => {
      const bands = tridiagonalBands(11);
      const dense = denseOfBands(bands);
      const other = tridiagonalBands(7);
      return [
        { name: 'TridiagonalOperator', op: new TridiagonalOperator(bands.lower, bands.diag, bands.upper), dense },
        { name: 'SparseOperator tagged tridiagonal', op: new SparseOperator(CscMatrix.fromDense(11, 11, dense), [tridiagonal]), dense },
        { name: 'FunctionOperator tagged tridiagonal', op: functionOperator(denseOfBands(other), 7, 7, [tridiagonal]), dense: denseOfBands(other) },
        { name: 'n = 1', op: new TridiagonalOperator(new Float64Array(0), new Float64Array([3]), new Float64Array(0)), dense: new Float64Array([3]) },
        { name: 'n = 2', op: new TridiagonalOperator(new Float64Array([5]), new Float64Array([0.1, 2]), new Float64Array([1])), dense: new Float64Array([0.1, 5, 1, 2]) },
      ];
    },
  },
  {
    solver: 'Cholesky',
    make: () => new Cholesky(),
    tolerance: 1e-10,
    problems: () => {
      const spd = denseSpd(9);
      const eyePlus = denseOf(spdSparse).map((v, k) => v + (k % 37 === 0 ? 1 : 0));
      return [
        { name: 'SparseOperator lower tagged PSD', op: psd(new SparseOperator(spdSparse)), dense: denseOf(spdSparse) },
        { name: 'SparseOperator general tagged PSD', op: new SparseOperator(spdSparseGeneral, [positiveSemidefinite]), dense: denseOf(spdSparseGeneral) },
        { name: 'SparseOperator upper tagged PSD', op: psd(new SparseOperator(spdSparseUpper)), dense: denseOf(spdSparseUpper) },
        { name: 'scale(Sparse PSD, 3)', op: scale(psd(new SparseOperator(spdSparse)), 3), dense: denseOf(spdSparse).map((v) => 3 * v) },
        { name: 'add(Sparse PSD, Identity)', op: add(psd(new SparseOperator(spdSparse)), new IdentityOperator(36)), dense: eyePlus },
        { name: 'MatrixOperator tagged PSD', op: new MatrixOperator({ nrows: 9, ncols: 9, data: spd }, [positiveSemidefinite]), dense: spd },
      ];
    },
  },
  {
    solver: 'Cholesky (supernodal, AMD)',
    make: () => new Cholesky({ mode: 'supernodal', ordering: 'amd' }),
    tolerance: 1e-10,
    problems: () => [{ name: 'SparseOperator lower tagged PSD', op: psd(new SparseOperator(spdSparse)), dense: denseOf(spdSparse) }],
  },
  {
    solver: 'LDLt',
    make: () => new LDLt(),
    tolerance: 1e-10,
    problems: () => [
      { name: 'saddle point (quasi-definite)', op: new SparseOperator(saddle), dense: denseOf(saddle) },
      { name: 'neg(Sparse PSD): negative definite', op: neg(psd(new SparseOperator(spdSparse))), dense: denseOf(spdSparse).map((v) => -v) },
      { name: 'SparseOperator general tagged symmetric', op: new SparseOperator(spdSparseGeneral, [symmetric]), dense: denseOf(spdSparseGeneral) },
    ],
  },
  {
    solver: 'CG',
    make: () => new CG(iterative),
    tolerance: 1e-8,
    problems: () => {
      const spd = denseSpd(10);
      return [
        { name: 'SparseOperator tagged PSD', op: psd(new SparseOperator(spdSparse)), dense: denseOf(spdSparse) },
        { name: 'MatrixOperator tagged PSD', op: new MatrixOperator({ nrows: 10, ncols: 10, data: spd }, [positiveSemidefinite]), dense: spd },
        { name: 'FunctionOperator tagged PSD', op: functionOperator(spd, 10, 10, [positiveSemidefinite]), dense: spd },
        { name: 'neg(Sparse PSD): negative definite', op: neg(psd(new SparseOperator(spdSparse))), dense: denseOf(spdSparse).map((v) => -v) },
      ];
    },
  },
  {
    solver: 'CG + Jacobi preconditioner',
    make: () => new CG({ ...iterative, preconditioner: jacobi(spdSparse) }),
    tolerance: 1e-8,
    problems: () => [{ name: 'SparseOperator tagged PSD', op: psd(new SparseOperator(spdSparse)), dense: denseOf(spdSparse) }],
  },
  {
    solver: 'CG + CHOLMOD factor of a nearby matrix',
    make: () => new CG({ ...iterative, preconditioner: new InverseOperator(nearbyFactor) }),
    tolerance: 1e-8,
    problems: () => [{ name: 'SparseOperator tagged PSD', op: psd(new SparseOperator(spdSparse)), dense: denseOf(spdSparse) }],
  },
  {
    solver: 'MINRES',
    make: () => new MINRES(iterative),
    tolerance: 1e-8,
    problems: () => {
      const sym = denseSpd(8).map((v, k) => (k % 9 === 0 ? v - 12 : v)); // shifted: indefinite
      return [
        { name: 'saddle point (indefinite)', op: new SparseOperator(saddle), dense: denseOf(saddle) },
        { name: 'SparseOperator tagged PSD', op: psd(new SparseOperator(spdSparse)), dense: denseOf(spdSparse) },
        { name: 'symmetric indefinite MatrixOperator', op: new MatrixOperator({ nrows: 8, ncols: 8, data: sym }, [symmetric]), dense: sym },
      ];
    },
  },
  {
    solver: 'MINRES + SPD preconditioner',
    make: () => new MINRES({ ...iterative, preconditioner: jacobi(saddle) }),
    tolerance: 1e-8,
    problems: () => [{ name: 'saddle point (indefinite)', op: new SparseOperator(saddle), dense: denseOf(saddle) }],
  },
  {
    solver: 'BiCGStab',
    make: () => new BiCGStab(iterative),
    tolerance: 1e-8,
    problems: () => {
      const a = denseUnsymmetric(12);
      return [
        { name: 'SparseOperator (unsymmetric)', op: new SparseOperator(unsymmetricSparse), dense: denseOf(unsymmetricSparse) },
        { name: 'MatrixOperator (unsymmetric)', op: new MatrixOperator({ nrows: 12, ncols: 12, data: a }), dense: a },
        { name: 'FunctionOperator', op: functionOperator(a, 12, 12), dense: a },
      ];
    },
  },
  {
    solver: 'BiCGStab + Jacobi preconditioner',
    make: () => new BiCGStab({ ...iterative, preconditioner: jacobi(unsymmetricSparse) }),
    tolerance: 1e-8,
    problems: () => [{ name: 'SparseOperator (unsymmetric)', op: new SparseOperator(unsymmetricSparse), dense: denseOf(unsymmetricSparse) }],
  },
  {
    solver: 'GMRES(30)',
    make: () => new GMRES(iterative),
    tolerance: 1e-8,
    problems: () => {
      const a = denseUnsymmetric(12);
      return [
        { name: 'SparseOperator (unsymmetric)', op: new SparseOperator(unsymmetricSparse), dense: denseOf(unsymmetricSparse) },
        { name: 'MatrixOperator (unsymmetric)', op: new MatrixOperator({ nrows: 12, ncols: 12, data: a }), dense: a },
        { name: 'saddle point (indefinite)', op: new SparseOperator(saddle), dense: denseOf(saddle) },
      ];
    },
  },
  {
    solver: 'GMRES(5) + Jacobi preconditioner (restarts)',
    make: () => new GMRES({ ...iterative, restart: 5, preconditioner: jacobi(unsymmetricSparse) }),
    tolerance: 1e-8,
    problems: () => [{ name: 'SparseOperator (unsymmetric)', op: new SparseOperator(unsymmetricSparse), dense: denseOf(unsymmetricSparse) }],
  },
];

// ---------------------------------------------------------------- the matrix: solver × operator × {A, Aᵀ}

function manyColumns(rowsCount: number, ncols: number): DenseMatrix {
  return { nrows: rowsCount, ncols, data: randomVector(rand, rowsCount * ncols) };
}

function expectColumnsMatch(x: DenseMatrix, dense: Float64Array, m: number, n: number, B: DenseMatrix, tolerance: number) {
  expect([x.nrows, x.ncols]).toEqual([n, B.ncols]);
  for (let j = 0; j < B.ncols; j++) {
    const expected = reference(dense, m, n, B.data.subarray(j * m, (j + 1) * m));
    expect(relErr(x.data.subarray(j * n, (j + 1) * n), expected)).toBeLessThanOrEqual(tolerance);
  }
}

describe.each(rows)('$solver', ({ make, problems, tolerance }) => {
  describe.each(problems())('$name', ({ op, dense }) => {
    const m = op.outSize;
    const n = op.inSize;
    const denseT = transposeDense(dense, m, n);
    const solver = make();
    let state: unknown;
    beforeAll(() => {
      state = solver.init(op, {});
    });
    afterAll(() => solver.dispose?.(state));

    it('solves A x = b', () => {
      const b = randomVector(rand, m);
      const { value, result } = solver.compute(state, b, {});
      expect(result).toBe(Result.successful);
      expect(relErr(value, reference(dense, m, n, b))).toBeLessThanOrEqual(tolerance);
    });

    it('solves with op.transpose()', () => {
      const t = op.transpose();
      const transposedState = solver.init(t, {});
      const b = randomVector(rand, n);
      const { value, result } = solver.compute(transposedState, b, {});
      solver.dispose?.(transposedState);
      expect(result).toBe(Result.successful);
      expect(relErr(value, reference(denseT, n, m, b))).toBeLessThanOrEqual(tolerance);
    });

    it('transpose(state) solves Aᵀ x = b without a new init', () => {
      const [transposedState, options] = solver.transpose(state, {});
      const b = randomVector(rand, n);
      const { value, result } = solver.compute(transposedState, b, options);
      expect(result).toBe(Result.successful);
      expect(relErr(value, reference(denseT, n, m, b))).toBeLessThanOrEqual(tolerance);
    });

    it('solves a DenseMatrix of right-hand sides, for A and Aᵀ', () => {
      const B = manyColumns(m, 3);
      const solved = solver.compute(state, B, {});
      expect(solved.result).toBe(Result.successful);
      expectColumnsMatch(solved.value, dense, m, n, B, tolerance);
      const [transposedState, options] = solver.transpose(state, {});
      const C = manyColumns(n, 2);
      expectColumnsMatch(solver.compute(transposedState, C, options).value, denseT, n, m, C, tolerance);
    });

    it('conj(state) is the same real problem', () => {
      const [conjState, options] = solver.conj(state, {});
      const b = randomVector(rand, m);
      expect(relErr(solver.compute(conjState, b, options).value, reference(dense, m, n, b))).toBeLessThanOrEqual(tolerance);
      expect(solver.assumeFullRank()).toBe(true);
    });

    it('rejects b of the wrong size or type', () => {
      expect(() => solver.compute(state, new Float64Array(m + 1), {})).toThrow(RangeError);
      expect(() => solver.compute(state, [1, 2] as unknown as Float64Array, {})).toThrow(TypeError);
    });

    it('reports a non-finite b as nonfiniteInput', () => {
      const b = randomVector(rand, m);
      b[0] = NaN;
      const { value, result } = solver.compute(state, b, {});
      expect(result).toBe(Result.nonfiniteInput);
      expect(value.length).toBe(n);
    });
  });
});

// ---------------------------------------------------------------- failures reported as Results

describe('direct solvers report numerical failure as a Result', () => {
  const singular = new Float64Array([1, 2, 2, 4]); // rank one
  const singularOp = new MatrixOperator({ nrows: 2, ncols: 2, data: singular });
  const b = new Float64Array([1, 1]);

  it.each([
    ['LU', new LU(), singularOp],
    ['QR', new QR(), singularOp],
    ['Diagonal', new Diagonal(), new DiagonalOperator(new Float64Array([1, 0, 2]))],
    ['Triangular', new Triangular(), new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([1, 1, 0, 0]) }, [lowerTriangular])],
    ['Tridiagonal', new Tridiagonal(), new TridiagonalOperator(new Float64Array([2]), new Float64Array([1, 4]), new Float64Array([2]))],
  ] as [string, LinearSolver<unknown>, LinearOperator][])('%s: singular', (_, solver, op) => {
    const state = solver.init(op, {});
    const { value, result } = solver.compute(state, new Float64Array(op.outSize).fill(1), {});
    expect(result).toBe(Result.singular);
    expect(value.every(Number.isNaN)).toBe(true);
  });

  it('QR: a rank-deficient tall matrix is singular', () => {
    const tall = new MatrixOperator({ nrows: 3, ncols: 2, data: new Float64Array([1, 2, 3, 2, 4, 6]) });
    const solver = new QR();
    expect(solver.compute(solver.init(tall), new Float64Array(3), {}).result).toBe(Result.singular);
  });

  it('DenseCholesky: an indefinite matrix tagged PSD is notPositiveDefinite', () => {
    const op = new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([1, 2, 2, 1]) }, [positiveSemidefinite]);
    const solver = new DenseCholesky();
    expect(solver.compute(solver.init(op), b, {}).result).toBe(Result.notPositiveDefinite);
  });

  it('Cholesky: CHOLMOD not positive definite becomes notPositiveDefinite with the failing column', () => {
    const A = poisson2d(4).withValues(poisson2d(4).values.map((v) => (v === 4 ? -4 : v)));
    const solver = new Cholesky();
    const handles = liveHandles();
    const state = solver.init(psd(new SparseOperator(A)));
    expect(liveHandles()).toBe(handles);
    const { value, result, stats } = solver.compute(state, new Float64Array(16).fill(1));
    expect(result).toBe(Result.notPositiveDefinite);
    expect(stats.failedColumn).toBeGreaterThanOrEqual(0);
    expect(value.every(Number.isNaN)).toBe(true);
    solver.dispose(state);
  });

  it('LDLt: a zero pivot becomes singular', () => {
    const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [0, 1, 0], { symmetry: 'lower' });
    const solver = new LDLt({ ordering: 'natural' });
    const state = solver.init(new SparseOperator(A));
    expect(solver.compute(state, b).result).toBe(Result.singular);
    solver.dispose(state);
  });
});

// ---------------------------------------------------------------- iterative failure modes

describe('iterative solvers end every solve', () => {
  const A = psd(new SparseOperator(poisson2d(10)));
  const b = new Float64Array(100).fill(1);

  it.each([
    ['CG', new CG({ rtol: 1e-12, maxSteps: 3 })],
    ['MINRES', new MINRES({ rtol: 1e-12, maxSteps: 3 })],
    ['BiCGStab', new BiCGStab({ rtol: 1e-12, maxSteps: 3 })],
    ['GMRES', new GMRES({ rtol: 1e-12, maxSteps: 3 })],
  ] as [string, LinearSolver<unknown>][])('%s reports maxStepsReached after maxSteps', (_, solver) => {
    const { result, stats } = solver.compute(solver.init(A, {}), b, {});
    expect(result).toBe(Result.maxStepsReached);
    expect(stats.steps).toBe(3);
    expect(stats.residualNorm).toBeGreaterThan(0);
  });

  it.each([
    ['CG', new CG({ rtol: 0, atol: 0 })],
    ['MINRES', new MINRES({ rtol: 0, atol: 0 })],
    ['BiCGStab', new BiCGStab({ rtol: 0, atol: 0 })],
    ['GMRES', new GMRES({ rtol: 0, atol: 0, restart: 7 })],
  ] as [string, LinearSolver<unknown>][])('%s with an unreachable tolerance and no maxSteps still stops', (_, solver) => {
    const { value, result, stats } = solver.compute(solver.init(A, {}), b, {});
    expect([Result.maxStepsReached, Result.stagnation, Result.successful, Result.breakdown]).toContain(result);
    expect(stats.steps).toBeLessThanOrEqual(1000);
    expect(value.every(Number.isFinite)).toBe(true);
  });

  it('stats carry the steps and the true final residual', () => {
    const solver = new CG({ rtol: 1e-10 });
    const { value, stats } = solver.compute(solver.init(A), b, {});
    const r = A.mv(value).map((v, i) => b[i] - v);
    expect(stats.steps).toBeGreaterThan(5);
    expect(stats.residualNorm).toBeCloseTo(Math.hypot(...r), 14);
    expect(stats.residualNorm).toBeLessThanOrEqual(1e-10 * Math.hypot(...b));
  });

  it('CG breaks down on an indefinite matrix wrongly tagged PSD', () => {
    const wrong = new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([1, 0, 0, -1]) }, [positiveSemidefinite]);
    const solver = new CG();
    expect(solver.compute(solver.init(wrong), new Float64Array([1, 1]), {}).result).toBe(Result.breakdown);
  });

  it('BiCGStab breaks down when the shadow residual is orthogonal to A p', () => {
    const rotation = new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([0, 1, -1, 0]) });
    const solver = new BiCGStab();
    expect(solver.compute(solver.init(rotation), new Float64Array([1, 0]), {}).result).toBe(Result.breakdown);
  });

  it('GMRES breaks down on a singular operator with b outside its range', () => {
    const op = new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([0, 0, 0, 1]) });
    const solver = new GMRES();
    expect(solver.compute(solver.init(op), new Float64Array([1, 0]), {}).result).toBe(Result.breakdown);
  });

  it('GMRES(1) stagnates on a rotation', () => {
    const rotation = new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([0, 1, -1, 0]) });
    const solver = new GMRES({ restart: 1 });
    const { result, stats } = solver.compute(solver.init(rotation), new Float64Array([1, 0]), {});
    expect(result).toBe(Result.stagnation);
    expect(stats.steps).toBe(1);
  });

  it('MINRES breaks down with an indefinite preconditioner', () => {
    const solver = new MINRES({ preconditioner: neg(new IdentityOperator(100)) });
    expect(solver.compute(solver.init(A), b, {}).result).toBe(Result.breakdown);
  });

  it('an operator that produces NaN is a breakdown, not a loop', () => {
    const nanOp = new FunctionOperator((x) => x.map(() => NaN), 3, { tags: [positiveSemidefinite] });
    for (const solver of [new CG(), new MINRES(), new BiCGStab(), new GMRES()] as LinearSolver<unknown>[]) {
      expect(solver.compute(solver.init(nanOp, {}), new Float64Array([1, 2, 3]), {}).result).toBe(Result.breakdown);
    }
  });

  it('a non-finite b or y0 is nonfiniteInput', () => {
    const solver = new CG();
    const state = solver.init(A);
    const bad = b.slice();
    bad[3] = Infinity;
    expect(solver.compute(state, bad, {}).result).toBe(Result.nonfiniteInput);
    const y0 = new Float64Array(100);
    y0[0] = NaN;
    expect(solver.compute(state, b, { y0 }).result).toBe(Result.nonfiniteInput);
  });

  it('an initial guess is used: the exact solution takes no steps', () => {
    const solver = new GMRES({ rtol: 1e-10 });
    const state = solver.init(A);
    const { value } = solver.compute(state, b, {});
    const again = solver.compute(state, b, { y0: value });
    expect(again.stats.steps).toBe(0);
    expect(again.value).toEqual(value);
    expect(() => solver.compute(state, b, { y0: new Float64Array(3) })).toThrow(RangeError);
  });

  it('a preconditioner in options overrides the solver one, and is checked', () => {
    const solver = new CG({ rtol: 1e-12 });
    const state = solver.init(A);
    const plain = solver.compute(state, b, {});
    const factor = cholesky(poisson2d(10));
    const exact = solver.compute(state, b, { preconditioner: new InverseOperator(factor) });
    factor.dispose();
    expect(exact.stats.steps).toBeLessThan(plain.stats.steps);
    expect(exact.stats.steps).toBeLessThanOrEqual(2);
    expect(() => solver.compute(state, b, { preconditioner: new IdentityOperator(3) })).toThrow(RangeError);
  });

  it('rejects bad settings', () => {
    expect(() => new CG({ rtol: -1 })).toThrow(RangeError);
    expect(() => new GMRES({ maxSteps: 1.5 })).toThrow(RangeError);
    expect(() => new GMRES({ restart: 0 })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- typed errors at init

describe('solvers refuse operators they cannot handle, naming what is missing', () => {
  const square = new MatrixOperator({ nrows: 3, ncols: 3, data: denseUnsymmetric(3) });
  const cases: [string, () => unknown, typeof MissingTagError | typeof UnsupportedOperatorError, RegExp][] = [
    ['Cholesky without PSD', () => new Cholesky().init(new SparseOperator(poisson2d(3))), MissingTagError, /'positiveSemidefinite'/],
    ['Cholesky without any tag', () => new Cholesky().init(new SparseOperator(poisson2d(3, 3, { symmetry: 'general' }))), MissingTagError, /'symmetric' and 'positiveSemidefinite'/],
    ['LDLt without symmetric', () => new LDLt().init(new SparseOperator(unsymmetricSparse)), MissingTagError, /'symmetric'/],
    ['DenseCholesky without PSD', () => new DenseCholesky().init(square), MissingTagError, /'positiveSemidefinite'/],
    ['CG without PSD', () => new CG().init(new SparseOperator(poisson2d(3))), MissingTagError, /'positiveSemidefinite'/],
    ['MINRES without symmetric', () => new MINRES().init(square), MissingTagError, /'symmetric'/],
    ['Diagonal without diagonal', () => new Diagonal().init(square), MissingTagError, /'diagonal'/],
    ['Triangular without a triangle', () => new Triangular().init(square), MissingTagError, /'lowerTriangular'/],
    ['Tridiagonal without tridiagonal', () => new Tridiagonal().init(square), MissingTagError, /'tridiagonal'/],
    ['LU on a non-square operator', () => new LU().init(new MatrixOperator({ nrows: 3, ncols: 2, data: new Float64Array(6) })), UnsupportedOperatorError, /square.*QR/],
    ['GMRES on a non-square operator', () => new GMRES().init(new MatrixOperator({ nrows: 3, ncols: 2, data: new Float64Array(6) })), UnsupportedOperatorError, /square/],
    ['Cholesky on a matrix-free operator', () => new Cholesky().init(new FunctionOperator((x) => x, 3, { tags: [positiveSemidefinite] })), UnsupportedOperatorError, /FunctionOperator/],
    ['AutoSolver on a sparse unsymmetric operator', () => new AutoSolver().init(new SparseOperator(unsymmetricSparse), {}), UnsupportedOperatorError, /GMRES or BiCGStab/],
  ];
  it.each(cases)('%s', (_, init, errorClass, message) => {
    expect(init).toThrow(errorClass);
    expect(init).toThrow(message);
  });

  it('MissingTagError lists the missing tags and is a TypeError', () => {
    try {
      new Cholesky().init(new SparseOperator(poisson2d(3)));
      throw new Error('expected a MissingTagError');
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as MissingTagError).missing).toEqual([positiveSemidefinite]);
      expect((error as MissingTagError).solver).toBe('Cholesky');
    }
  });
});

// ---------------------------------------------------------------- AutoSolver

describe('AutoSolver picks by tags and kind', () => {
  const auto = new AutoSolver();
  const spd = denseSpd(5);
  const bands = tridiagonalBands(5);
  const picks: [string, string, LinearOperator][] = [
    ['diagonal', 'Diagonal', new DiagonalOperator(new Float64Array([1, 2]))],
    ['identity', 'Diagonal', new IdentityOperator(3)],
    ['lower triangular', 'Triangular', new MatrixOperator({ nrows: 3, ncols: 3, data: denseTriangular(3, true) }, [lowerTriangular])],
    ['upper triangular', 'Triangular', new MatrixOperator({ nrows: 3, ncols: 3, data: denseTriangular(3, false) }, [upperTriangular])],
    ['tridiagonal', 'Tridiagonal', new TridiagonalOperator(bands.lower, bands.diag, bands.upper)],
    ['sparse symmetric PSD', 'Cholesky', psd(new SparseOperator(spdSparse))],
    ['sparse symmetric', 'LDLt', new SparseOperator(saddle)],
    ['dense square', 'LU', new MatrixOperator({ nrows: 5, ncols: 5, data: spd })],
    ['dense tall', 'QR', new MatrixOperator({ nrows: 5, ncols: 3, data: randomVector(rand, 15) })],
    ['matrix-free square', 'LU', functionOperator(spd, 5, 5)],
  ];
  it.each(picks)('%s → %s', (_, name, op) => {
    expect(auto.select(op).name).toBe(name);
  });

  it.each(picks)('%s (%s): solves correctly, for A and through transpose(state)', (_, __, op) => {
    const m = op.outSize;
    const n = op.inSize;
    const dense = op.asMatrix().data;
    const state = auto.init(op, {});
    const b = randomVector(rand, m);
    expect(relErr(auto.compute(state, b, {}).value, reference(dense, m, n, b))).toBeLessThanOrEqual(1e-10);
    const [t, options] = auto.transpose(state, {});
    const c = randomVector(rand, n);
    expect(relErr(auto.compute(t, c, options).value, reference(transposeDense(dense, m, n), n, m, c))).toBeLessThanOrEqual(1e-10);
    expect(auto.conj(state, {})[0].solver).toBe(state.solver);
    auto.dispose(state);
  });
});

// ---------------------------------------------------------------- CHOLMOD specifics

describe('CHOLMOD solvers', () => {
  it('transpose returns the very same state (same factor, no refactorisation)', () => {
    const solver = new Cholesky();
    const state = solver.init(psd(new SparseOperator(spdSparse)));
    const [transposed] = solver.transpose(state, {});
    expect(transposed).toBe(state);
    expect(transposed.factor).toBe(state.factor);
    expect(solver.factorizations).toBe(1);
    solver.dispose(state);
  });

  it('dispose frees the native factor', () => {
    const before = liveHandles();
    const solver = new LDLt();
    const state = solver.init(new SparseOperator(saddle));
    expect(liveHandles()).toBe(before + 1);
    solver.dispose(state);
    expect(liveHandles()).toBe(before);
    expect(state.factor?.disposed).toBe(true);
  });
});
