/**
 * CHOLMOD factorisations through the Factor API: accuracy on real and generated matrices for
 * every ordering and mode, the solve systems against dense references, refactor / shift,
 * errors, and handle lifetime.
 */
import {
  analyze, buildInfo, cholesky, CholmodError, CscMatrix, DisposedError, liveHandles,
  NotPositiveDefiniteError, poisson2d, poisson3d, type FactorOptions, type Ordering,
} from '../lib';
import { native } from '../lib/native';
import { denseOf, inverse, logAbsDet, matmul, relErr, relResidual, residual, rng, randomVector, solveDense, transposeDense } from './helpers/dense';
import { asCsc, loadCXSparse, loadMtx, loadTri } from './helpers/suitesparse';

const ORDERINGS: Ordering[] = ['default', 'best', 'amd', 'metis', 'nesdis', 'colamd', 'natural'];
const MODES = ['auto', 'simplicial', 'supernodal'] as const;

/** can___24 is a pattern: give it values that make it SPD (graph Laplacian + I). */
function spdFromPattern(P: CscMatrix): CscMatrix {
  const G = P.toGeneral();
  const degree = new Float64Array(G.nrows);
  for (let j = 0; j < G.ncols; j++) for (let k = G.colPtr[j]; k < G.colPtr[j + 1]; k++) if (G.rowIdx[k] !== j) degree[j]++;
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < G.ncols; j++) {
    rows.push(j); cols.push(j); vals.push(degree[j] + 1);
    for (let k = G.colPtr[j]; k < G.colPtr[j + 1]; k++) {
      const i = G.rowIdx[k];
      if (i > j) { rows.push(i); cols.push(j); vals.push(-1); }
    }
  }
  return CscMatrix.fromTriplets(G.nrows, G.ncols, rows, cols, vals, { symmetry: 'lower' });
}

const realMatrices: [string, () => CscMatrix][] = [
  ['bcsstk01', () => asCsc(loadTri('bcsstk01'))],
  ['bcsstk16', () => loadCXSparse('bcsstk16')],
  ['can___24', () => spdFromPattern(asCsc(loadMtx('can___24')))],
  ['poisson2d 40×40', () => poisson2d(40)],
  ['poisson3d 12³', () => poisson3d(12)],
];

function solveAndCheck(A: CscMatrix, opts: FactorOptions, seed = 1): { rel: number; backward: number } {
  const xTrue = randomVector(rng(seed), A.nrows);
  const b = A.matvec(xTrue);
  const factor = cholesky(A, opts);
  try {
    const x = factor.solve(b);
    return { rel: relResidual(A, x, b), backward: residual(A, x, b) };
  } finally {
    factor.dispose();
  }
}

describe('accuracy on real and generated matrices', () => {
  it('reads the matrices with their published sizes', () => {
    expect(asCsc(loadTri('bcsstk01')).nrows).toBe(48);
    expect(loadCXSparse('bcsstk16').nrows).toBe(4884);
    expect(asCsc(loadMtx('can___24')).nrows).toBe(24);
  });

  describe.each(realMatrices)('%s', (_name, build) => {
    const A = build();
    it.each(ORDERINGS.flatMap((ordering) => MODES.map((mode) => [ordering, mode] as const)))(
      'ordering %s, mode %s: relative residual ≤ 1e-10',
      (ordering, mode) => {
        const { rel, backward } = solveAndCheck(A, { ordering, mode });
        expect(rel).toBeLessThanOrEqual(1e-10);
        expect(backward).toBeLessThanOrEqual(1e-14);
      },
    );
    it('LDLt (simplicial): relative residual ≤ 1e-10', () => {
      expect(solveAndCheck(A, { kind: 'LDLt' }).rel).toBeLessThanOrEqual(1e-10);
    });
  });

  it('reports what CHOLMOD chose', () => {
    const A = poisson3d(20);
    using natural = cholesky(A, { ordering: 'natural', mode: 'simplicial' });
    expect(natural.info).toMatchObject({ n: 8000, ordering: 'natural', isSupernodal: false, isLL: true, isNumeric: true, factorizations: 1 });
    expect(Array.from(natural.permutation)).toEqual(Array.from({ length: 8000 }, (_, k) => k));
    using metis = cholesky(A, { ordering: 'metis', mode: 'supernodal' });
    expect(metis.info.ordering).toBe('metis');
    expect(metis.info.isSupernodal).toBe(true);
    // A fill-reducing ordering beats the natural one on a 3D grid, by a lot.
    expect(metis.info.nnzL).toBeLessThan(natural.info.nnzL / 2);
    expect(metis.info.flops).toBeGreaterThan(0);
    expect(metis.info.memoryBytes).toBeGreaterThan(metis.info.nnzL * 8);
    using ldl = cholesky(A, { kind: 'LDLt' });
    expect(ldl.info.isLL).toBe(false);
    expect(ldl.info.isSupernodal).toBe(false);
  });

  it('accepts a full symmetric matrix and the upper triangle', () => {
    const lower = poisson2d(15);
    const full = lower.toGeneral();
    const upper = lower.transpose();
    expect(upper.symmetry).toBe('upper');
    const b = randomVector(rng(3), lower.nrows);
    using f1 = cholesky(lower);
    using f2 = cholesky(full);
    using f3 = cholesky(upper);
    const x = f1.solve(b);
    expect(relErr(f2.solve(b), x)).toBeLessThan(1e-13);
    expect(relErr(f3.solve(b), x)).toBeLessThan(1e-13);
  });
});

describe('solves', () => {
  const A = poisson2d(30);

  it.each(MODES)('many right-hand sides in one call equal column-by-column solves (%s)', (mode) => {
    using factor = cholesky(A, { mode });
    const nrhs = 7;
    const B = randomVector(rng(5), A.nrows * nrhs);
    const X = factor.solve({ nrows: A.nrows, ncols: nrhs, data: B });
    expect(X.nrows).toBe(A.nrows);
    expect(X.ncols).toBe(nrhs);
    for (let c = 0; c < nrhs; c++) {
      const col = factor.solve(B.slice(c * A.nrows, (c + 1) * A.nrows));
      expect(relErr(X.data.subarray(c * A.nrows, (c + 1) * A.nrows), col)).toBeLessThan(1e-14);
    }
    expect(relResidual(A, X.data, B)).toBeLessThan(1e-12);
  });

  it('refactor equals a fresh factorization, with the analysis reused', () => {
    using factor = cholesky(A);
    const values2 = A.values.map((v, k) => v * (1 + 0.1 * Math.sin(k)) + (A.rowIdx[k] === colOf(A, k) ? 1 : 0));
    const A2 = A.withValues(values2);
    const b = randomVector(rng(7), A.nrows);
    factor.refactor(values2);
    using fresh = cholesky(A2);
    expect(relErr(factor.solve(b), fresh.solve(b))).toBeLessThan(1e-13);
    expect(factor.info.factorizations).toBe(2);
    factor.refactor(A); // back, this time passing the matrix
    using original = cholesky(A);
    expect(relErr(factor.solve(b), original.solve(b))).toBeLessThan(1e-13);
    expect(factor.info.factorizations).toBe(3);
  });

  it('analyze then refactor gives the factorization', () => {
    using factor = analyze(A, { ordering: 'amd' });
    expect(factor.info.isNumeric).toBe(false);
    expect(() => factor.solve(new Float64Array(A.nrows))).toThrow(CholmodError);
    factor.refactor(A.values);
    const b = randomVector(rng(8), A.nrows);
    expect(relResidual(A, factor.solve(b), b)).toBeLessThan(1e-12);
  });

  it('shift β equals factorizing A + βI', () => {
    const beta = 2.5;
    const shifted = A.withValues(A.values.map((v, k) => (A.rowIdx[k] === colOf(A, k) ? v + beta : v)));
    const b = randomVector(rng(9), A.nrows);
    using f1 = cholesky(A, { shift: beta });
    using f2 = cholesky(shifted);
    expect(relErr(f1.solve(b), f2.solve(b))).toBeLessThan(1e-13);
    expect(f1.logdet()).toBeCloseTo(f2.logdet(), 9);
    // refactor keeps the shift unless told otherwise
    f1.refactor(A.values);
    expect(relErr(f1.solve(b), f2.solve(b))).toBeLessThan(1e-13);
    f1.refactor(A.values, { shift: 0 });
    using f3 = cholesky(A);
    expect(relErr(f1.solve(b), f3.solve(b))).toBeLessThan(1e-13);
  });

  it('a shift can make an indefinite matrix definite', () => {
    const indefinite = A.withValues(A.values.map((v, k) => (A.rowIdx[k] === colOf(A, k) ? v - 5 : v)));
    expect(() => cholesky(indefinite)).toThrow(NotPositiveDefiniteError);
    using f = cholesky(indefinite, { shift: 5 });
    const b = randomVector(rng(10), A.nrows);
    expect(relResidual(A, f.solve(b), b)).toBeLessThan(1e-12);
  });
});

function colOf(A: CscMatrix, k: number): number {
  // the column holding stored entry k (binary search on colPtr)
  let lo = 0, hi = A.ncols - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (A.colPtr[mid] <= k) lo = mid; else hi = mid - 1;
  }
  return lo;
}

describe('the nine solve systems, logdet and the factors against dense references', () => {
  // A small SPD matrix with an interesting fill-reducing permutation.
  const A = asCsc(loadTri('bcsstk01'));
  const n = A.nrows;
  const Ad = denseOf(A);

  const configs: [string, FactorOptions][] = [
    ['LLt supernodal', { mode: 'supernodal' }],
    ['LLt simplicial', { mode: 'simplicial' }],
    ['LDLt simplicial', { kind: 'LDLt' }],
  ];
  describe.each(configs)('%s', (_label, opts) => {
    const factor = cholesky(A, { ...opts, ordering: 'amd' });
    afterAll(() => factor.dispose());
    const perm = factor.permutation;
    const L = denseOf(factor.L());
    const D = factor.D();
    const Dm = new Float64Array(n * n);
    for (let k = 0; k < n; k++) Dm[k + k * n] = D[k];
    const Lt = transposeDense(L, n, n);
    const b = randomVector(rng(11), n);

    it('P A Pᵀ = L D Lᵀ', () => {
      const PAPt = new Float64Array(n * n);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) PAPt[i + j * n] = Ad[perm[i] + perm[j] * n];
      const LDLt = matmul(matmul(L, Dm, n, n, n), Lt, n, n, n);
      expect(relErr(LDLt, PAPt)).toBeLessThan(1e-13);
      for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) expect(L[i + j * n]).toBe(0);
      if (opts.kind === 'LDLt') for (let k = 0; k < n; k++) expect(L[k + k * n]).toBe(1);
      else expect(Array.from(D)).toEqual(new Array(n).fill(1));
    });

    const systems: [string, Float64Array | ((b: Float64Array) => Float64Array)][] = [
      ['A', Ad],
      ['LDLt', matmul(matmul(L, Dm, n, n, n), Lt, n, n, n)],
      ['LD', matmul(L, Dm, n, n, n)],
      ['DLt', matmul(Dm, Lt, n, n, n)],
      ['L', L],
      ['Lt', Lt],
      ['D', Dm],
      ['P', (v) => Float64Array.from(perm, (p) => v[p])],
      ['Pt', (v) => { const x = new Float64Array(n); perm.forEach((p, k) => { x[p] = v[k]; }); return x; }],
    ];
    it.each(systems)('system %s', (system, reference) => {
      const x = factor.solve(b, { system: system as never });
      const expected = typeof reference === 'function' ? reference(b) : solveDense(reference, n, b);
      expect(relErr(x, expected)).toBeLessThan(1e-10);
    });

    it('logdet and rcond', () => {
      const ref = logAbsDet(Ad, n);
      expect(ref.sign).toBe(1);
      expect(Math.abs(factor.logdet() - ref.logAbsDet)).toBeLessThan(1e-10 * Math.abs(ref.logAbsDet));
      expect(factor.slogdet().sign).toBe(1);
      expect(factor.rcond()).toBeGreaterThan(0);
      expect(factor.rcond()).toBeLessThanOrEqual(1);
    });
  });

  it('rcond of a diagonal matrix is min/max of its diagonal', () => {
    const d = [1, 4, 9, 16, 25];
    using f = cholesky(CscMatrix.fromTriplets(5, 5, [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], d, { symmetry: 'lower' }));
    expect(f.rcond()).toBeCloseTo(1 / 25, 14);
    expect(f.logdet()).toBeCloseTo(Math.log(1 * 4 * 9 * 16 * 25), 12);
  });

  it('slogdet of an indefinite LDLt factor gives the sign', () => {
    const M = CscMatrix.fromTriplets(3, 3, [0, 1, 2, 1], [0, 1, 2, 0], [2, -3, 4, 1], { symmetry: 'lower' });
    using f = cholesky(M, { kind: 'LDLt' });
    const ref = logAbsDet(denseOf(M), 3);
    expect(f.slogdet().sign).toBe(ref.sign);
    expect(f.slogdet().logAbsDet).toBeCloseTo(ref.logAbsDet, 12);
    expect(() => f.logdet()).toThrow(RangeError);
    const b = Float64Array.from([1, 2, 3]);
    expect(relErr(f.solve(b), solveDense(denseOf(M), 3, b))).toBeLessThan(1e-13);
  });
});

describe('selected inverse', () => {
  const cases: [string, () => CscMatrix, FactorOptions][] = [
    ['bcsstk01 supernodal', () => asCsc(loadTri('bcsstk01')), { mode: 'supernodal' }],
    ['bcsstk01 simplicial LDLt', () => asCsc(loadTri('bcsstk01')), { kind: 'LDLt' }],
    ['can___24 simplicial LLt', () => spdFromPattern(asCsc(loadMtx('can___24'))), { mode: 'simplicial' }],
    ['poisson2d 12×12, shift 0.5, general storage', () => poisson2d(12).toGeneral(), { shift: 0.5 }],
  ];
  it.each(cases)('equals the dense inverse on the pattern of A (%s)', (_name, build, opts) => {
    const A = build();
    using factor = cholesky(A, opts);
    const n = A.nrows;
    const shifted = denseOf(A);
    for (let i = 0; i < n; i++) shifted[i + i * n] += opts.shift ?? 0;
    const inv = inverse(shifted, n);
    const Z = factor.selectedInverse();
    let scale = 0;
    for (let k = 0; k < n * n; k++) scale = Math.max(scale, Math.abs(inv[k]));
    for (let j = 0; j < n; j++) {
      for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
        expect(Math.abs(Z[k] - inv[A.rowIdx[k] + j * n])).toBeLessThanOrEqual(1e-10 * scale);
      }
    }
    const diag = factor.inverseDiagonal();
    for (let i = 0; i < n; i++) expect(Math.abs(diag[i] - inv[i + i * n])).toBeLessThanOrEqual(1e-10 * scale);
  });

  it('refuses entries outside the pattern of the factor', () => {
    using factor = cholesky(poisson2d(6), { ordering: 'natural' });
    const far = CscMatrix.fromTriplets(36, 36, [35], [0], [1]);
    expect(() => factor.selectedInverse(far)).toThrow(/outside the pattern/);
    expect(() => factor.selectedInverse(poisson2d(5))).toThrow(RangeError);
  });
});

describe('not positive definite', () => {
  const base = poisson2d(12);
  it.each(ORDERINGS)('reports the failing column in the original numbering (%s)', (ordering) => {
    for (const bad of [0, 37, 143]) {
      // Every principal submatrix without `bad` is SPD, so the factorization fails exactly there.
      const values = base.values.map((v, k) => (base.rowIdx[k] === bad && colOf(base, k) === bad ? -100 : v));
      let caught: unknown;
      try {
        cholesky(base.withValues(values), { ordering });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(NotPositiveDefiniteError);
      const e = caught as NotPositiveDefiniteError;
      expect(e.column).toBe(bad);
      expect(e.code).toBe('CHOLMOD_NOT_POSDEF');
      expect(e).toBeInstanceOf(CholmodError);
      using f = analyze(base, { ordering });
      expect(f.permutation[e.step]).toBe(bad);
      expect(() => f.refactor(values)).toThrow(NotPositiveDefiniteError);
      expect(f.info.isNumeric).toBe(false);
      expect(() => f.solve(new Float64Array(base.nrows))).toThrow(/not positive definite/);
      f.refactor(base.values);
      const b = randomVector(rng(12), base.nrows);
      expect(relResidual(base, f.solve(b), b)).toBeLessThan(1e-12);
    }
    expect(liveHandles()).toBe(0);
  });
});

describe('errors', () => {
  const A = poisson2d(5);

  it('use after dispose, and double dispose', () => {
    const f = cholesky(A);
    f.dispose();
    f.dispose();
    expect(f.disposed).toBe(true);
    for (const use of [
      () => f.solve(new Float64Array(25)), () => f.refactor(A.values), () => f.logdet(), () => f.rcond(),
      () => f.L(), () => f.D(), () => f.info, () => f.permutation,
    ]) expect(use).toThrow(DisposedError);
    return expect(f.solveAsync(new Float64Array(25))).rejects.toBeInstanceOf(DisposedError);
  });

  it('wrong sizes and non-finite right-hand sides', () => {
    using f = cholesky(A);
    expect(() => f.solve(new Float64Array(24))).toThrow(new RangeError('Factor.solve: b must have length 25, got 24'));
    expect(() => f.solve({ nrows: 24, ncols: 1, data: new Float64Array(24) })).toThrow(new RangeError('Factor.solve: b must have 25 rows, got 24'));
    expect(() => f.solve({ nrows: 25, ncols: 2, data: new Float64Array(25) })).toThrow(new RangeError('Factor.solve: b.data must have length nrows * ncols = 50, got 25'));
    const b = new Float64Array(25);
    b[7] = NaN;
    expect(() => f.solve(b)).toThrow(new RangeError('Factor.solve: b[7] must be finite, got NaN'));
    b[7] = Infinity;
    expect(() => f.solve(b)).toThrow(RangeError);
    expect(() => f.solve('x' as never)).toThrow(TypeError);
    expect(() => f.solve(new Float64Array(25), { system: 'Q' as never })).toThrow(/^Factor.solve: opts.system must be one of 'A', 'LDLt', /);
    expect(Array.from(f.solve(Array.from({ length: 25 }, () => 1))).every(Number.isFinite)).toBe(true);
  });

  it('bad matrices and options', () => {
    expect(() => cholesky({} as never)).toThrow(new TypeError('cholesky: A must be a CscMatrix, got an object (Object)'));
    expect(() => cholesky(CscMatrix.fromDense(2, 3, new Float64Array(6).fill(1)))).toThrow(/must be square/);
    const unsym = CscMatrix.fromDense(2, 2, Float64Array.from([2, 1, 0, 2]));
    expect(() => cholesky(unsym)).toThrow(/not symmetric/);
    expect(() => cholesky(A, { ordering: 'fastest' as never })).toThrow(/^cholesky: opts.ordering must be one of 'default', 'best', /);
    expect(() => cholesky(A, { mode: 'x' as never })).toThrow(RangeError);
    expect(() => cholesky(A, { kind: 'LDLt', mode: 'supernodal' })).toThrow(/always LLt/);
    expect(() => cholesky(A, { shift: NaN })).toThrow(new RangeError('cholesky: opts.shift must be a finite number, got NaN'));
    using f = cholesky(A);
    expect(() => f.refactor(new Float64Array(3))).toThrow(new RangeError(`Factor.refactor: values must have length matrix.nnz = ${A.nnz}, got 3`));
    const nanValues = A.values.slice();
    nanValues[4] = NaN;
    expect(() => f.refactor(nanValues)).toThrow(new RangeError('Factor.refactor: values[4] must be finite, got NaN'));
    expect(() => f.refactor(poisson2d(6))).toThrow(/pattern/);
    expect(liveHandles()).toBe(1);
  });

  it('the native backstop rejects forged handles and inconsistent arrays without crashing', () => {
    const addon = native();
    const b = new Float64Array(25);
    expect(() => addon.solve({ handle: 12345, system: 0, B: b, nrhs: 1, X: new Float64Array(25) })).toThrow(TypeError);
    expect(() => addon.solve({ handle: 2 ** 24 * 7 + 1000000, system: 0, B: b, nrhs: 1, X: new Float64Array(25) })).toThrow(TypeError); // no such slot
    expect(() => addon.solve({ handle: 2 ** 24 * 1000 + 0, system: 0, B: b, nrhs: 1, X: new Float64Array(25) })).toThrow(DisposedError); // slot 0, another generation
    expect(() => addon.solve({ handle: NaN, system: 0, B: b, nrhs: 1, X: new Float64Array(25) })).toThrow(TypeError);
    expect(() => addon.solve({ handle: '1' as never, system: 0, B: b, nrhs: 1, X: new Float64Array(25) })).toThrow(TypeError);
    const f = cholesky(A);
    const handle = f.handle;
    expect(() => addon.solve({ handle: handle, system: 9, B: b, nrhs: 1, X: new Float64Array(25) })).toThrow(RangeError);
    expect(() => addon.solve({ handle: handle, system: 0, B: b, nrhs: 1, X: new Float64Array(3) })).toThrow(RangeError);
    expect(() => addon.solve({ handle: handle, system: 0, B: b, nrhs: 1, X: b })).toThrow(RangeError);
    expect(() => addon.solve({ handle: handle, system: 0, B: b, nrhs: 2, X: new Float64Array(25) })).toThrow(RangeError);
    expect(() => addon.solve({ handle: handle, system: 0, B: b, nrhs: -1, X: new Float64Array(25) })).toThrow(RangeError);
    f.dispose();
    expect(() => addon.solve({ handle: handle, system: 0, B: b, nrhs: 1, X: new Float64Array(25) })).toThrow(DisposedError);
    expect(addon.free(handle)).toBe(false);
    const { colPtr, rowIdx, values } = A;
    const options = { general: false, ordering: 0, mode: 0, kind: 0 };
    const bad = (cp: Int32Array, ri: Int32Array, v: Float64Array | null, n = 25) => () =>
      addon.analyze({ A: { nrows: n, ncols: n, colPtr: cp, rowIdx: ri, values: v }, stype: -1, ...options });
    expect(bad(colPtr.slice(1), rowIdx, values)).toThrow(RangeError);
    expect(bad(Int32Array.from(colPtr, (p, j) => (j === 3 ? 1000 : p)), rowIdx, values)).toThrow(RangeError);
    expect(bad(colPtr, Int32Array.from(rowIdx, (r, k) => (k === 5 ? 99 : r)), values)).toThrow(/out of range/);
    expect(bad(colPtr, Int32Array.from(rowIdx, (r, k) => (k === 5 ? -1 : r)), values)).toThrow(/out of range/);
    expect(bad(colPtr, rowIdx, values.slice(1))).toThrow(RangeError);
    expect(bad(colPtr, rowIdx, Float64Array.from(values, (v, k) => (k === 2 ? NaN : v)))).toThrow(/values\[2\]/);
    expect(bad(colPtr, rowIdx, values, -1)).toThrow(RangeError);
    const A25 = { nrows: 25, ncols: 25, colPtr, rowIdx, values };
    expect(() => addon.analyze({ A: A25, stype: 2 as never, ...options })).toThrow(RangeError);
    expect(() => addon.analyze({ A: A25, stype: -1, ...options, ordering: 99 })).toThrow(RangeError);
    expect(() => addon.analyze({ A: { ...A25, colPtr: [0] as never }, stype: -1, ...options })).toThrow(TypeError);
    expect(() => addon.analyze({ A: A25 } as never)).toThrow(TypeError);
    expect(() => (addon.analyze as (...a: unknown[]) => number)()).toThrow(TypeError);
    expect(() => addon.logdet({ handle: f.handle })).toThrow(DisposedError);
    const corrupted = { ...A25, rowIdx: Int32Array.from(rowIdx, (r, k) => (k === 5 ? 99 : r)) };
    return expect(addon.analyzeAsync({ A: corrupted, stype: -1, ...options })).rejects.toThrow(/out of range/);
  });
});

describe('async', () => {
  const A = poisson3d(14);
  const b = randomVector(rng(13), A.nrows);

  it('choleskyAsync, solveAsync and refactorAsync equal the synchronous results', async () => {
    const f = await (await import('../lib')).choleskyAsync(A);
    using g = cholesky(A);
    expect(relErr(await f.solveAsync(b), g.solve(b))).toBeLessThan(1e-14);
    const B = { nrows: A.nrows, ncols: 3, data: randomVector(rng(14), A.nrows * 3) };
    expect(relErr((await f.solveAsync(B)).data, g.solve(B).data)).toBeLessThan(1e-14);
    const values2 = A.values.map((v) => v * 2);
    await f.refactorAsync(values2);
    g.refactor(values2);
    expect(relErr(await f.solveAsync(b), g.solve(b))).toBeLessThan(1e-14);
    f.dispose();
  });

  it('dispose while solves are in flight is deferred until they finish', async () => {
    const before = liveHandles();
    const f = cholesky(A);
    const expected = f.solve(b);
    const pending = Array.from({ length: 6 }, () => f.solveAsync(b));
    f.dispose();
    expect(liveHandles()).toBe(before + 1); // still held by the jobs
    for (const x of await Promise.all(pending)) expect(relErr(x, expected)).toBeLessThan(1e-15);
    expect(liveHandles()).toBe(before);
  });

  it('a failing async factorization rejects with the typed error and frees its handle', async () => {
    const { choleskyAsync } = await import('../lib');
    const bad = A.withValues(A.values.map((v) => -v));
    await expect(choleskyAsync(bad)).rejects.toBeInstanceOf(NotPositiveDefiniteError);
    expect(liveHandles()).toBe(0);
  });
});

describe('lifetime', () => {
  it('10,000 create/dispose cycles leave liveHandles() at 0', () => {
    const A = poisson2d(4);
    const b = new Float64Array(A.nrows).fill(1);
    const start = liveHandles();
    for (let k = 0; k < 10000; k++) {
      const f = cholesky(A);
      if (k % 1000 === 0) expect(f.solve(b)[0]).toBeGreaterThan(0);
      f.dispose();
    }
    expect(liveHandles()).toBe(start);
    expect(start).toBe(0);
  });

  it('reports factor memory to V8 and takes it back on dispose', () => {
    const A = poisson3d(20); // built first: V8's count includes typed-array memory too
    const before = native().externalMemory();
    const f = cholesky(A);
    const bytes = f.info.memoryBytes;
    expect(bytes).toBeGreaterThan(1e6);
    expect(native().externalMemory() - before).toBe(bytes);
    f.dispose();
    expect(native().externalMemory()).toBe(before);
  });

  it('reports an async factor\'s memory after the grace period, and never one disposed within it', async () => {
    const { choleskyAsync } = await import('../lib');
    const A = poisson3d(20);
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const before = native().externalMemory();
    const kept = await choleskyAsync(A);
    const bytes = kept.info.memoryBytes;
    expect(bytes).toBeGreaterThan(1e6);
    // Not yet reported: a collection now would cost the event loop a pause for a factor that may
    // be disposed at once.
    expect(native().externalMemory()).toBe(before);
    const shortLived = await choleskyAsync(A);
    shortLived.dispose();
    await wait(1300);
    expect(native().externalMemory() - before).toBe(bytes);
    kept.dispose();
    expect(native().externalMemory()).toBe(before);
  });

  it('setMemoryReports(false): new factors are not reported, ones reported before are still taken back', async () => {
    const { choleskyAsync, setMemoryReports } = await import('../lib');
    const A = poisson3d(20);
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const before = native().externalMemory();
    const reported = cholesky(A);
    const bytes = reported.info.memoryBytes;
    expect(native().externalMemory() - before).toBe(bytes);
    setMemoryReports(false);
    try {
      const unreported = cholesky(A);
      const unreportedAsync = await choleskyAsync(A);
      await wait(1300); // past the grace period of an async factor's report
      expect(native().externalMemory() - before).toBe(bytes);
      // Growth of an existing factor is not reported either (a refactorisation keeps its size).
      unreported.refactor(A);
      expect(native().externalMemory() - before).toBe(bytes);
      reported.dispose();
      expect(native().externalMemory()).toBe(before);
      unreported.dispose();
      unreportedAsync.dispose();
      expect(native().externalMemory()).toBe(before);
    } finally {
      setMemoryReports(true);
    }
    const again = cholesky(A);
    expect(native().externalMemory() - before).toBe(again.info.memoryBytes);
    again.dispose();
    expect(() => setMemoryReports('no' as never)).toThrow(TypeError);
    expect(() => setMemoryReports('no' as never)).toThrow(/^setMemoryReports: enabled must be a boolean, got the string "no"/);
  });

  it('Symbol.dispose frees the factor', () => {
    {
      using f = cholesky(poisson2d(4));
      expect(liveHandles()).toBe(1);
      expect(f.disposed).toBe(false);
    }
    expect(liveHandles()).toBe(0);
  });

  it('reports the build it is testing', () => {
    const info = buildInfo();
    expect(info.cholmod).toBe('3.0.14');
    if (process.env.SPSOLVE_EXPECT_FLAVOR) expect(info.flavor).toBe(process.env.SPSOLVE_EXPECT_FLAVOR);
    // .ci/run sets it when it tests the addon that `npm pack` ships.
    if (process.env.SPSOLVE_EXPECT_PREBUILT) expect(info.prebuilt).toBe(process.env.SPSOLVE_EXPECT_PREBUILT === '1');
    expect(info.blas).toMatch(/^OpenBLAS \d+\.\d+\.\d+ \(\w+\)$/);
  });
});
