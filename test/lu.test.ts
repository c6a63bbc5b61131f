/**
 * Sparse LU through lu() / LUFactor, both engines: real unsymmetric matrices against a dense LU,
 * FEM and finite-difference problems by backward error, the factors, determinant, transpose
 * solves, refactorisation, async, singular matrices (typed errors with the column), options,
 * and handle lifetime.
 */
import {
  CholmodError, CscMatrix, DisposedError, LuError, NotPositiveDefiniteError, SingularMatrixError, ZeroPivotError,
  cholesky, convectionDiffusion2d, convectionDiffusion3d, liveHandles, lu, luAnalyze, luAsync, readMatrixMarket,
  type LUFactor, type LuEngine, type LuOptions,
} from '../lib';
import { denseOf, logAbsDet, matmul, relErr, residual, rng, randomVector, solveDense, transposeDense } from './helpers/dense';
import { convectionDiffusionSupg, stokesQ1Q1 } from './helpers/fem-flow';
import { asCsc, kluMatrixPath, loadComplexMtxRealPart, loadCXSparse, loadMtx } from './helpers/suitesparse';

const ENGINES: LuEngine[] = ['umfpack', 'klu'];

/** Backward error of x for A x = b and of the transpose solve, with b random. */
function backwardErrors(A: CscMatrix, f: LUFactor, seed: number): { forward: number; transposed: number } {
  const b = randomVector(rng(seed), A.nrows);
  const x = f.solve(b);
  const y = f.solve(b, { transpose: true });
  return { forward: residual(A, x, b), transposed: residual(A.transpose(), y, b) };
}

/** A square matrix padded with zero rows / columns to its published size (structurally singular). */
function padded(A: CscMatrix, n: number): CscMatrix {
  const colPtr = new Int32Array(n + 1);
  colPtr.set(A.colPtr);
  colPtr.fill(A.nnz, A.ncols + 1);
  return new CscMatrix(n, n, colPtr, A.rowIdx, A.values);
}

const REAL: Array<[string, () => CscMatrix]> = [
  ['west0067 (CXSparse)', () => loadCXSparse('west0067')],
  ['fs_183_1 (CXSparse)', () => loadCXSparse('fs_183_1')],
  ['impcol_a (KLU)', () => asCsc(readMatrixMarket(kluMatrixPath('impcol_a.mtx')))],
  ['arrow (KLU)', () => asCsc(readMatrixMarket(kluMatrixPath('arrow.mtx')))],
  ['w156 real part = west0156 (KLU; the file is complex)', () => loadComplexMtxRealPart(kluMatrixPath('w156.mtx'))],
  ['can___24 with values: symmetric indefinite', () => indefiniteCan24()],
];

/** can___24's pattern (CHOLMOD/Demo/Matrix) with its values as Julia's test has them: all ones. */
function indefiniteCan24(): CscMatrix {
  return asCsc(loadMtx('can___24'));
}

describe('lu() on real matrices against a dense LU', () => {
  for (const [name, load] of REAL) {
    for (const engine of ENGINES) {
      it(`${name}, ${engine}: solve, transpose solve, many right-hand sides, determinant`, () => {
        const A = load().toGeneral();
        const n = A.nrows;
        const dense = denseOf(A);
        const B = randomVector(rng(n), n * 3);
        using f = lu(A, { engine });
        const X = f.solve({ nrows: n, ncols: 3, data: B }).data;
        const reference = solveDense(dense, n, B);
        // Forward error bounded by cond(A)·ε for both: compare with a tolerance that scales with rcond.
        const tolerance = Math.max(1e-12, 1e-14 / f.rcond());
        expect(relErr(X, reference)).toBeLessThan(tolerance);
        expect(residual(A, X, B)).toBeLessThan(1e-14);
        const Xt = f.solve(B.subarray(0, n), { transpose: true });
        expect(relErr(Xt, solveDense(transposeDense(dense, n, n), n, B.subarray(0, n)))).toBeLessThan(tolerance);
        const det = f.logDeterminant();
        const ref = logAbsDet(dense, n);
        expect(det.sign).toBe(ref.sign);
        expect(Math.abs(det.logAbsDet - ref.logAbsDet)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ref.logAbsDet)));
      });
    }
  }

  it('c_west0067 is complex: LU here is real, and its real part is exactly west0067 (factorised above)', () => {
    // The complex file's first three columns are west0067's triplets (checked entry by entry).
    const real = loadCXSparse('west0067');
    const text = require('node:fs').readFileSync(require('./helpers/suitesparse').cxsparsePath('c_west0067'), 'utf8') as string;
    const rows = text.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    const asReal = CscMatrix.fromTriplets(67, 67, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]));
    expect(asReal.samePattern(real)).toBe(true);
    expect(Array.from(asReal.values)).toEqual(Array.from(real.values));
  });
});

describe('the factors', () => {
  for (const engine of ENGINES) {
    it(`${engine}: (diag(rowScale)⁻¹ A)[p, q] = L U + F on west0067`, () => {
      const A = loadCXSparse('west0067');
      const n = A.nrows;
      using f = lu(A, { engine });
      const { L, U, F, p, q, rowScale } = f.extract();
      expect(L.nnz + U.nnz + F.nnz).toBe(f.info.nnzL + f.info.nnzU);
      const LU = matmul(denseOf(L), denseOf(U), n, n, n);
      const Fd = denseOf(F);
      const Ad = denseOf(A);
      let worst = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const scaled = Ad[p[i] + q[j] * n] / rowScale[p[i]];
          worst = Math.max(worst, Math.abs(scaled - LU[i + j * n] - Fd[i + j * n]));
        }
      }
      expect(worst).toBeLessThan(1e-13);
      // L is unit lower triangular, U upper triangular, p and q permutations.
      for (let j = 0; j < n; j++) {
        for (let k = L.colPtr[j]; k < L.colPtr[j + 1]; k++) expect(L.rowIdx[k]).toBeGreaterThanOrEqual(j);
        for (let k = U.colPtr[j]; k < U.colPtr[j + 1]; k++) expect(U.rowIdx[k]).toBeLessThanOrEqual(j);
        expect(L.get(j, j)).toBe(1);
      }
      expect([...p].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
      expect([...q].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    });
  }

  it('info reports the engine, sizes, ordering, strategy and memory', () => {
    const A = convectionDiffusion2d(40, { peclet: 1000 });
    using u = lu(A, { strategy: 'unsymmetric' });
    using k = lu(A, { engine: 'klu', ordering: 'colamd' });
    expect(u.info).toMatchObject({ engine: 'umfpack', n: 1600, nnzA: A.nnz, isNumeric: true, strategy: 'unsymmetric', ordering: 'colamd' });
    expect(k.info).toMatchObject({ engine: 'klu', ordering: 'colamd', strategy: 'btf', structuralRank: 1600 });
    for (const f of [u, k]) {
      expect(f.info.nnzL).toBeGreaterThanOrEqual(1600);
      expect(f.info.flops).toBeGreaterThan(0);
      expect(f.info.memoryBytes).toBeGreaterThan(8 * (f.info.nnzL + f.info.nnzU));
    }
  });

  it("ordering 'natural' keeps the columns in place (UMFPACK and KLU without BTF)", () => {
    const A = convectionDiffusion2d(10);
    for (const opts of [{ ordering: 'natural' }, { engine: 'klu', ordering: 'natural', btf: false }] as LuOptions[]) {
      using f = lu(A, opts);
      expect(Array.from(f.extract().q)).toEqual([...Array(100).keys()]);
      expect(f.info.ordering).toBe('natural');
    }
  });

  it('rcond is min|uᵢᵢ| / max|uᵢᵢ| of the factors', () => {
    const A = loadCXSparse('fs_183_1');
    for (const engine of ENGINES) {
      using f = lu(A, { engine });
      const { U } = f.extract();
      const d = U.diagonal().map(Math.abs);
      expect(f.rcond()).toBeCloseTo(Math.min(...d) / Math.max(...d), 12);
    }
  });
});

describe('FEM and finite-difference problems: relative backward error ≤ 1e-12', () => {
  const problems: Array<[string, () => CscMatrix]> = [
    ['2-D upwind FD convection–diffusion 150², Pe 10', () => convectionDiffusion2d(150, { peclet: 10 })],
    ['2-D upwind FD convection–diffusion 150², Pe 1000', () => convectionDiffusion2d(150, { peclet: 1000 })],
    ['3-D upwind FD convection–diffusion 20³, Pe 100', () => convectionDiffusion3d(20, { peclet: 100 })],
    ['2-D SUPG Q1 convection–diffusion 100², Pe 10', () => convectionDiffusionSupg(2, 100, 10)],
    ['2-D SUPG Q1 convection–diffusion 100², Pe 1000', () => convectionDiffusionSupg(2, 100, 1000)],
    ['3-D SUPG Q1 convection–diffusion 16³, Pe 100', () => convectionDiffusionSupg(3, 16, 100)],
    ['stabilised Q1–Q1 Stokes saddle point 40²', () => stokesQ1Q1(40)],
  ];
  for (const [name, make] of problems) {
    for (const engine of ENGINES) {
      it(`${name}, ${engine}`, () => {
        const A = make();
        using f = lu(A, { engine });
        const { forward, transposed } = backwardErrors(A, f, 7);
        expect(forward).toBeLessThan(1e-12);
        expect(transposed).toBeLessThan(1e-12);
      });
    }
  }

  it('the SUPG matrices are unsymmetric and the Stokes one symmetric indefinite (what the tests mean to cover)', () => {
    const C = convectionDiffusionSupg(2, 10, 100);
    expect(relErr(denseOf(C), transposeDense(denseOf(C), C.nrows, C.nrows))).toBeGreaterThan(0.1);
    const S = stokesQ1Q1(6);
    expect(relErr(denseOf(S), transposeDense(denseOf(S), S.nrows, S.nrows))).toBeLessThan(1e-15);
    using f = lu(S);
    const diagonal = S.diagonal();
    expect(Math.min(...diagonal)).toBeLessThan(0);
    expect(Math.max(...diagonal)).toBeGreaterThan(0);
    expect(() => cholesky(S)).toThrow(NotPositiveDefiniteError);
    expect(f.info.isNumeric).toBe(true);
  });
});

describe('refactor', () => {
  for (const engine of ENGINES) {
    it(`${engine}: new values on the same pattern reuse the analysis`, async () => {
      const A1 = convectionDiffusion2d(30, { peclet: 10 });
      const A2 = convectionDiffusion2d(30, { peclet: 1000 });
      using f = luAnalyze(A1, { engine });
      expect(f.info.isNumeric).toBe(false);
      expect(() => f.solve(new Float64Array(900))).toThrow(LuError);
      f.refactor(A1);
      f.refactor(A2.values);
      expect(backwardErrors(A2, f, 1).forward).toBeLessThan(1e-13);
      await f.refactorAsync(A1);
      expect(f.info.factorizations).toBe(3);
      expect(backwardErrors(A1, f, 2).forward).toBeLessThan(1e-13);
      expect(f.matrix.values).toEqual(A1.values);
    });
  }

  it('a refactor to a singular matrix raises and leaves the factor unusable until the next one', () => {
    const A = convectionDiffusion2d(5);
    using f = lu(A);
    const values = A.values.slice();
    // Column 3 becomes zero.
    for (let k = A.colPtr[3]; k < A.colPtr[4]; k++) values[k] = 0;
    expect(() => f.refactor(values)).toThrow(SingularMatrixError);
    expect(() => f.solve(new Float64Array(25))).toThrow(/singular/);
    f.refactor(A);
    expect(backwardErrors(A, f, 3).forward).toBeLessThan(1e-14);
  });

  it('rejects another pattern, a wrong length and non-finite values', () => {
    using f = lu(convectionDiffusion2d(5));
    expect(() => f.refactor(convectionDiffusion2d(6))).toThrow(RangeError);
    expect(() => f.refactor(new Float64Array(3))).toThrow(/nnz/);
    const bad = f.matrix.values.slice();
    bad[2] = NaN;
    expect(() => f.refactor(bad)).toThrow(RangeError);
  });
});

describe('singular matrices raise SingularMatrixError with the column', () => {
  for (const engine of ENGINES) {
    it(`${engine}: mbeacxc at its published size 496×496 (the file stops at 492×490: empty rows and columns)`, () => {
      const A = padded(loadCXSparse('mbeacxc'), 496);
      let error: unknown;
      try {
        lu(A, { engine });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SingularMatrixError);
      const e = error as SingularMatrixError;
      expect(e.engine).toBe(engine);
      expect(e.code).toBe(engine === 'umfpack' ? 'UMFPACK_WARNING_singular_matrix' : 'KLU_SINGULAR');
      expect(e.column).toBeGreaterThanOrEqual(0);
      expect(e.column).toBeLessThan(496);
    });

    it(`${engine}: ibm32a (32×31) completed by an empty column 31`, () => {
      const A = padded(loadCXSparse('ibm32a'), 32);
      expect(() => lu(A, { engine })).toThrow(expect.objectContaining({ name: 'SingularMatrixError', column: 31 }));
    });

    it(`${engine}: a numerically singular matrix (column 2 = column 0 + column 1)`, () => {
      const A = CscMatrix.fromDense(3, 3, [1, 2, 0, 0, 1, 3, 1, 3, 3]);
      expect(() => lu(A, { engine })).toThrow(SingularMatrixError);
    });
  }

  it('lu() of a non-square matrix is a RangeError that points to qr()', () => {
    expect(() => lu(loadCXSparse('ibm32a'))).toThrow(/square.*qr/);
  });
});

describe("can___24: LDLᵀ's zero pivot is its own error, LU solves it", () => {
  it('cholesky LDLᵀ raises ZeroPivotError (not NotPositiveDefiniteError) at column 14', () => {
    const A = indefiniteCan24();
    let error: unknown;
    try {
      cholesky(A, { kind: 'LDLt' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZeroPivotError);
    expect(error).toBeInstanceOf(CholmodError);
    expect(error).not.toBeInstanceOf(NotPositiveDefiniteError);
    expect((error as ZeroPivotError).column).toBe(14);
    expect((error as Error).message).not.toMatch(/positive definite/);
    // LLᵀ still says "not positive definite": that is what it means there.
    expect(() => cholesky(A)).toThrow(NotPositiveDefiniteError);
  });
});

describe('async', () => {
  it('luAsync and solveAsync give the synchronous results', async () => {
    const A = convectionDiffusion3d(12, { peclet: 50 });
    const b = randomVector(rng(5), A.nrows);
    for (const engine of ENGINES) {
      const f = await luAsync(A, { engine });
      using g = lu(A, { engine });
      expect(await f.solveAsync(b)).toEqual(g.solve(b));
      expect(await f.solveAsync(b, { transpose: true })).toEqual(g.solve(b, { transpose: true }));
      f.dispose();
    }
  });

  it('many concurrent solves on one KLU factor (its solves take the factor exclusively) stay correct', async () => {
    const A = convectionDiffusion2d(40, { peclet: 300 });
    using f = lu(A, { engine: 'klu' });
    const bs = Array.from({ length: 8 }, (_, k) => randomVector(rng(k + 10), A.nrows));
    const xs = await Promise.all(bs.map((b, k) => f.solveAsync(b, { transpose: k % 2 === 1 })));
    xs.forEach((x, k) => expect(residual(k % 2 ? A.transpose() : A, x, bs[k])).toBeLessThan(1e-14));
  });

  it('dispose during a running job is deferred; later use raises DisposedError', async () => {
    const A = convectionDiffusion2d(60);
    const f = lu(A);
    const pending = f.solveAsync(new Float64Array(3600).fill(1));
    f.dispose();
    expect((await pending).length).toBe(3600);
    expect(() => f.solve(new Float64Array(3600))).toThrow(DisposedError);
  });

  it('luAsync rejects a singular matrix with SingularMatrixError and leaks nothing', async () => {
    await expect(luAsync(CscMatrix.fromDense(2, 2, [1, 2, 2, 4]), { engine: 'klu' })).rejects.toThrow(SingularMatrixError);
  });
});

describe('options and arguments', () => {
  it('rejects unknown keys and options of the other engine', () => {
    const A = convectionDiffusion2d(4);
    expect(() => lu(A, { pivoting: 1 } as never)).toThrow(/opts/);
    expect(() => lu(A, { engine: 'klu', strategy: 'symmetric' })).toThrow(/umfpack option/);
    expect(() => lu(A, { btf: false })).toThrow(/klu option/);
    expect(() => lu(A, { engine: 'klu', ordering: 'metis' })).toThrow(/ordering/);
    expect(() => lu(A, { engine: 'superlu' as never })).toThrow(RangeError);
    expect(() => lu(A, { pivotTolerance: 2 })).toThrow(/\[0, 1\]/);
  });

  it('every ordering, strategy and scaling gives a correct solve', () => {
    const A = convectionDiffusionSupg(2, 20, 200);
    const variants: LuOptions[] = [
      ...(['default', 'amd', 'cholmod', 'metis', 'best', 'natural'] as const).map((ordering) => ({ ordering })),
      ...(['auto', 'symmetric', 'unsymmetric'] as const).map((strategy) => ({ strategy })),
      ...(['none', 'sum', 'max'] as const).map((scaling) => ({ scaling })),
      { pivotTolerance: 1, refinementSteps: 0 },
      ...(['default', 'amd', 'colamd', 'natural'] as const).map((ordering) => ({ engine: 'klu', ordering }) as LuOptions),
      { engine: 'klu', btf: false, scaling: 'none', pivotTolerance: 1 },
    ];
    for (const opts of variants) {
      using f = lu(A, opts);
      expect(backwardErrors(A, f, 4).forward).toBeLessThan(1e-13);
    }
  });

  it('a matrix stored as one triangle is mirrored; n = 0 works', () => {
    const lower = CscMatrix.fromTriplets(2, 2, [0, 1], [0, 0], [0, 1], { symmetry: 'lower' }); // [[0, 1], [1, 0]]
    using f = lu(lower);
    expect(Array.from(f.solve([3, 4]))).toEqual([4, 3]);
    using e = lu(new CscMatrix(0, 0, new Int32Array(1), new Int32Array(0), new Float64Array(0)));
    expect(e.solve([]).length).toBe(0);
    expect(e.logDeterminant()).toEqual({ sign: 1, logAbsDet: 0 });
  });

  it('solve checks b: length, non-finite, DenseMatrix shape', () => {
    using f = lu(convectionDiffusion2d(3));
    expect(() => f.solve(new Float64Array(8))).toThrow(RangeError);
    expect(() => f.solve(new Float64Array(9).fill(NaN))).toThrow(RangeError);
    expect(() => f.solve({ nrows: 8, ncols: 1, data: new Float64Array(8) })).toThrow(RangeError);
    expect(() => f.solve([1], { transpose: 1 } as never)).toThrow(TypeError);
  });
});

afterAll(() => {
  expect(liveHandles()).toBe(0);
});
