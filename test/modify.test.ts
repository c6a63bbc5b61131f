/**
 * Changing factorisations: low-rank update/downdate against fresh factorisations and dense
 * references, sparse right-hand sides and columns of the inverse, and batches of value sets
 * that share one analysis.
 */
import { cholesky, CholmodError, factorBatch, factorBatchAsync, NotPositiveDefiniteError, type FactorOptions } from '../lib/cholmod';
import { DisposedError, liveHandles } from '../lib/handles';
import { CscMatrix, poisson2d, poisson3d } from '../lib/sparse';
import { native } from '../lib/native';
import { denseOf, inverse, logAbsDet, relErr, residual, rng, randomVector, solveDense } from './helpers/dense';

/** A random n × k matrix with `perColumn` nonzeros in each column (distinct rows). */
function randomC(n: number, k: number, perColumn: number, seed: number, scale = 1): CscMatrix {
  const rand = rng(seed);
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < k; j++) {
    const picked = new Set<number>();
    while (picked.size < perColumn) picked.add(Math.floor(rand() * n));
    for (const i of picked) { rows.push(i); cols.push(j); vals.push(scale * (rand() * 2 - 1)); }
  }
  return CscMatrix.fromTriplets(n, k, rows, cols, vals);
}

/** A ± C Cᵀ as a lower-stored matrix, assembled from triplets (independent of the factor). */
function plusCCt(A: CscMatrix, C: CscMatrix, sign: 1 | -1): CscMatrix {
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  const L = A.symmetry === 'lower' ? A : CscMatrix.fromDense(A.nrows, A.ncols, denseOf(A), { symmetry: 'lower' });
  for (let j = 0; j < L.ncols; j++) {
    for (let p = L.colPtr[j]; p < L.colPtr[j + 1]; p++) { rows.push(L.rowIdx[p]); cols.push(j); vals.push(L.values[p]); }
  }
  for (let c = 0; c < C.ncols; c++) {
    for (let p = C.colPtr[c]; p < C.colPtr[c + 1]; p++) {
      for (let q = C.colPtr[c]; q < C.colPtr[c + 1]; q++) {
        const i = C.rowIdx[p], j = C.rowIdx[q];
        if (i >= j) { rows.push(i); cols.push(j); vals.push(sign * C.values[p] * C.values[q]); }
      }
    }
  }
  return CscMatrix.fromTriplets(A.nrows, A.ncols, rows, cols, vals, { symmetry: 'lower' });
}

const KINDS: [string, FactorOptions][] = [
  ['simplicial LLt', { mode: 'simplicial' }],
  ['supernodal LLt', { mode: 'supernodal' }],
  ['LDLt', { kind: 'LDLt' }],
];

afterEach(() => expect(liveHandles()).toBe(0));

describe('update / downdate', () => {
  const A = poisson2d(8); // n = 64: dense references are cheap
  const n = A.nrows;
  const b = randomVector(rng(7), n);

  describe.each(KINDS)('%s factor', (_name, opts) => {
    it.each([1, 5])('rank %i update: solve and logdet match the dense A + C Cᵀ', (rank) => {
      const C = randomC(n, rank, 4, rank);
      using f = cholesky(A, opts);
      f.update(C);
      const M = denseOf(plusCCt(A, C, 1));
      expect(relErr(f.solve(b), solveDense(M, n, b))).toBeLessThan(1e-12);
      expect(f.logdet()).toBeCloseTo(logAbsDet(M, n).logAbsDet, 10);
    });

    it.each([1, 5])('rank %i downdate: solve matches the dense A − C Cᵀ', (rank) => {
      const C = randomC(n, rank, 3, 10 + rank, 0.5);
      using f = cholesky(A, opts);
      f.update(C, { downdate: true });
      const M = denseOf(plusCCt(A, C, -1));
      expect(relErr(f.solve(b), solveDense(M, n, b))).toBeLessThan(1e-12);
    });

    it('update then downdate returns to the original factor', () => {
      const C = randomC(n, 5, 6, 3);
      using f = cholesky(A, opts);
      const before = f.solve(b);
      const logdetBefore = f.logdet();
      f.update(C);
      f.update(C, { downdate: true });
      expect(relErr(f.solve(b), before)).toBeLessThan(1e-12);
      expect(f.logdet()).toBeCloseTo(logdetBefore, 10);
    });
  });

  it('matches a fresh factorisation of the modified matrix on a larger problem (residual)', () => {
    const big = poisson2d(60);
    const C = randomC(big.nrows, 5, 10, 99, 2);
    const rhs = randomVector(rng(5), big.nrows);
    using f = cholesky(big);
    f.update(C);
    const modified = plusCCt(big, C, 1);
    using fresh = cholesky(modified);
    const x = f.solve(rhs);
    expect(residual(modified, x, rhs)).toBeLessThan(1e-14);
    expect(relErr(x, fresh.solve(rhs))).toBeLessThan(1e-10);
  });

  it('keeps info truthful and the stored matrix the caller’s; refactor discards the update', () => {
    const B = poisson3d(12); // supernodal under 'auto'
    using f = cholesky(B, { mode: 'supernodal' });
    const before = f.info;
    expect(before).toMatchObject({ isSupernodal: true, isLL: true, updates: 0 });
    f.update(randomC(B.nrows, 2, 5, 1));
    const after = f.info;
    expect(after).toMatchObject({ isSupernodal: false, isLL: false, isNumeric: true, updates: 1 });
    expect(after.nnzL).toBeGreaterThanOrEqual(before.nnzL);
    expect(after.memoryBytes).toBeGreaterThan(before.memoryBytes); // the simplicial copy with room to grow
    expect(f.matrix).toBe(B);
    f.update(randomC(B.nrows, 1, 5, 2));
    expect(f.info.updates).toBe(2);
    f.refactor(B);
    expect(f.info).toMatchObject({ isSupernodal: true, isLL: true, updates: 0, factorizations: 2, memoryBytes: before.memoryBytes });
    const rhs = randomVector(rng(2), B.nrows);
    expect(residual(B, f.solve(rhs), rhs)).toBeLessThan(1e-14);
  });

  it('selectedInverse and D() refer to the updated matrix', () => {
    const C = randomC(n, 3, 4, 8);
    using f = cholesky(A);
    f.update(C);
    const Minv = inverse(denseOf(plusCCt(A, C, 1)), n);
    const z = f.selectedInverse();
    for (let j = 0; j < n; j++) {
      for (let p = A.colPtr[j]; p < A.colPtr[j + 1]; p++) expect(z[p]).toBeCloseTo(Minv[A.rowIdx[p] + j * n], 12);
    }
    expect(Array.from(f.D()).every((d) => d > 0)).toBe(true);
  });

  it('a downdate past positive definiteness raises NotPositiveDefiniteError; refactor recovers', () => {
    using f = cholesky(A);
    const C = CscMatrix.fromTriplets(n, 1, [5], [0], [10]); // A − 100 e₅ e₅ᵀ is indefinite
    let error: unknown;
    try { f.update(C, { downdate: true }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(NotPositiveDefiniteError);
    expect((error as NotPositiveDefiniteError).column).toBe(5);
    expect(f.permutation[(error as NotPositiveDefiniteError).step]).toBe(5);
    expect(f.info.isNumeric).toBe(false);
    expect(() => f.solve(b)).toThrow(CholmodError);
    expect(() => f.solve(b)).toThrow(/downdate failed/);
    f.refactor(A.values);
    expect(relErr(f.solve(b), solveDense(denseOf(A), n, b))).toBeLessThan(1e-12);
  });

  it('updateAsync gives the same factor as update', async () => {
    const C = randomC(n, 4, 5, 4);
    using f = cholesky(A);
    using g = cholesky(A);
    f.update(C);
    await g.updateAsync(C);
    expect(relErr(g.solve(b), f.solve(b))).toBeLessThan(1e-14);
    await expect(g.updateAsync(CscMatrix.fromTriplets(n, 1, [0], [0], [100]), { downdate: true }))
      .rejects.toBeInstanceOf(NotPositiveDefiniteError);
  });

  it('accepts an empty C, a stored-triangle C, and a C with empty columns', () => {
    using f = cholesky(A);
    const x0 = f.solve(b);
    f.update(new CscMatrix(n, 0, [0], [], []));
    expect(f.solve(b)).toEqual(x0);
    // a symmetric C stored as its lower triangle stands for the full matrix
    const S = CscMatrix.fromTriplets(n, n, [0, 1, 1], [0, 0, 1], [1, 0.5, 1], { symmetry: 'lower' });
    f.update(S);
    const full = S.toGeneral();
    expect(relErr(f.solve(b), solveDense(denseOf(plusCCt(A, full, 1)), n, b))).toBeLessThan(1e-12);
  });

  it('validates its arguments, in TypeScript and natively', () => {
    using f = cholesky(A);
    expect(() => f.update({} as CscMatrix)).toThrow(new TypeError('Factor.update: C must be a CscMatrix, got an object (Object)'));
    expect(() => f.update(randomC(n + 1, 1, 2, 1))).toThrow(new RangeError(`Factor.update: C must have ${n} rows (the factor's n), got ${n + 1}`));
    const mutated = new CscMatrix(n, 1, [0, 1], [0], [1]);
    mutated.values[0] = NaN; // typed arrays stay writable after construction
    expect(() => f.update(mutated)).toThrow(new RangeError('Factor.update: C.values[0] must be finite, got NaN'));
    expect(() => f.update(randomC(n, 1, 2, 1), { downdate: 1 as unknown as boolean })).toThrow(TypeError);
    const addon = native();
    const h = f.handle;
    const i32 = (xs: number[]) => Int32Array.from(xs), f64 = (xs: number[]) => Float64Array.from(xs);
    expect(() => addon.update({ handle: h, C: { nrows: n, ncols: 1, colPtr: i32([0, 2]), rowIdx: i32([3, 1]), values: f64([1, 1]) }, downdate: false })).toThrow(/strictly increasing/);
    expect(() => addon.update({ handle: h, C: { nrows: n, ncols: 1, colPtr: i32([0, 1]), rowIdx: i32([n]), values: f64([1]) }, downdate: false })).toThrow(/out of range/);
    expect(() => addon.update({ handle: h, C: { nrows: n, ncols: 1, colPtr: i32([0, 5]), rowIdx: i32([1]), values: f64([1]) }, downdate: false })).toThrow(RangeError);
    expect(() => addon.update({ handle: h, C: { nrows: n - 1, ncols: 1, colPtr: i32([0, 1]), rowIdx: i32([1]), values: f64([1]) }, downdate: false })).toThrow(/n rows/);
    expect(() => addon.update({ handle: h, C: { nrows: n, ncols: 1, colPtr: i32([0, 1]), rowIdx: i32([1]), values: f64([1]) }, downdate: 0 as unknown as boolean })).toThrow(TypeError);
    expect(relErr(f.solve(b), solveDense(denseOf(A), n, b))).toBeLessThan(1e-12); // untouched by the failures
    f.dispose();
    expect(() => f.update(randomC(n, 1, 2, 1))).toThrow(DisposedError);
    expect(() => addon.update({ handle: h, C: { nrows: n, ncols: 1, colPtr: i32([0, 1]), rowIdx: i32([1]), values: f64([1]) }, downdate: false })).toThrow(DisposedError);
  });
});

describe('rowDelete / rowAdd', () => {
  const A = poisson2d(6); // n = 36
  const n = A.nrows;
  const b = randomVector(rng(17), n);

  /** The dense matrix with rows/columns `deleted` of the identity and `added` columns put in. */
  function modified(deleted: number[], added: [number, Float64Array][] = []): Float64Array {
    const M = denseOf(A);
    for (const k of deleted) {
      for (let i = 0; i < n; i++) M[i + k * n] = M[k + i * n] = 0;
      M[k + k * n] = 1;
    }
    for (const [k, col] of added) for (let i = 0; i < n; i++) M[i + k * n] = M[k + i * n] = col[i];
    return M;
  }

  /** Column k of A with the entries at `zeroRows` removed, diagonal scaled. */
  function columnOf(k: number, zeroRows: number[] = [], diagonalScale = 1): Float64Array {
    const col = denseOf(A).slice(k * n, (k + 1) * n);
    for (const i of zeroRows) col[i] = 0;
    col[k] *= diagonalScale;
    return col;
  }

  it.each(KINDS)('rowDelete gives the factor of the matrix with row/column k of the identity (%s)', (_name, opts) => {
    using f = cholesky(A, opts);
    f.rowDelete(7);
    const x = f.solve(b);
    expect(relErr(x, solveDense(modified([7]), n, b))).toBeLessThan(1e-12);
    expect(x[7]).toBeCloseTo(b[7], 14);
    expect(f.info).toMatchObject({ updates: 1, isLL: false, isSupernodal: false });
    expect(f.matrix).toBe(A);
  });

  it('rowAdd after rowDelete: the original column restores the factor, new values match the dense matrix', () => {
    using f = cholesky(A);
    const original = f.solve(b);
    f.rowDelete(20);
    f.rowAdd(20, columnOf(20));
    expect(relErr(f.solve(b), original)).toBeLessThan(1e-12);
    f.rowDelete(20);
    const stiffer = columnOf(20, [], 3);
    f.rowAdd(20, stiffer);
    expect(relErr(f.solve(b), solveDense(modified([], [[20, stiffer]]), n, b))).toBeLessThan(1e-12);
    expect(f.logdet()).toBeCloseTo(logAbsDet(modified([], [[20, stiffer]]), n).logAbsDet, 10);
  });

  it('several rows deleted, then one added back', () => {
    using f = cholesky(A, { mode: 'supernodal' });
    f.rowDelete(3);
    f.rowDelete(4);
    f.rowDelete(30);
    expect(relErr(f.solve(b), solveDense(modified([3, 4, 30]), n, b))).toBeLessThan(1e-12);
    const col = columnOf(4, [3, 30]);
    f.rowAdd(4, col);
    expect(relErr(f.solve(b), solveDense(modified([3, 30], [[4, col]]), n, b))).toBeLessThan(1e-12);
    f.refactor(A);
    expect(f.info.updates).toBe(0);
    expect(() => f.rowAdd(3, columnOf(3))).toThrow(/row 3 is not deleted/); // refactor forgot the deletions
  });

  it('validates its arguments and refuses an indefinite row', () => {
    using f = cholesky(A);
    expect(() => f.rowAdd(5, columnOf(5))).toThrow(new RangeError('row 5 is not deleted: rowAdd fills a row removed by rowDelete'));
    expect(() => f.rowDelete(n)).toThrow(new RangeError(`Factor.rowDelete: k must be an integer in 0..${n - 1}, got ${n}`));
    expect(() => f.rowDelete('1' as unknown as number)).toThrow(TypeError);
    f.rowDelete(5);
    expect(() => f.rowAdd(5, new Float64Array(3))).toThrow(new RangeError(`Factor.rowAdd: column must have length ${n}, got 3`));
    expect(() => f.rowAdd(5, columnOf(5).fill(NaN, 0, 1))).toThrow(RangeError);
    expect(() => native().rowAdd({ handle: f.handle, k: 5, column: new Float64Array(3) })).toThrow(/n entries/);
    let error: unknown;
    try { f.rowAdd(5, columnOf(5, [], -1)); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(NotPositiveDefiniteError);
    expect(() => f.solve(b)).toThrow(/row addition failed/);
    f.refactor(A);
    expect(relErr(f.solve(b), solveDense(denseOf(A), n, b))).toBeLessThan(1e-12);
  });
});

describe('sparse right-hand sides and columns of the inverse', () => {
  const A = poisson2d(7);
  const n = A.nrows;
  const Ainv = inverse(denseOf(A), n);

  it('solveSparse matches the dense solve, and returns a general CscMatrix', () => {
    const B = randomC(n, 6, 3, 21);
    using f = cholesky(A);
    const X = f.solveSparse(B);
    expect(X).toBeInstanceOf(CscMatrix);
    expect([X.nrows, X.ncols, X.symmetry]).toEqual([n, 6, 'general']);
    expect(relErr(X.toDense(), solveDense(denseOf(A), n, denseOf(B)))).toBeLessThan(1e-12);
  });

  it('solveSparse answers the other systems like the dense solve', () => {
    const B = randomC(n, 3, 5, 22);
    using f = cholesky(A, { kind: 'LDLt' });
    for (const system of ['LDLt', 'L', 'Lt', 'D', 'P', 'Pt'] as const) {
      const dense = f.solve({ nrows: n, ncols: 3, data: denseOf(B) }, { system });
      expect(relErr(f.solveSparse(B, { system }).toDense(), dense.data)).toBeLessThan(1e-13);
    }
  });

  it('keeps the sparsity of a reducible matrix (block diagonal: the inverse has zero blocks)', () => {
    const blocks = CscMatrix.fromTriplets(4, 4, [0, 1, 1, 2, 3, 3], [0, 0, 1, 2, 2, 3], [4, 1, 4, 4, 1, 4], { symmetry: 'lower' });
    using f = cholesky(blocks);
    const X = f.inverseColumns([0, 3], { format: 'sparse' });
    expect(X.nnz).toBe(4);
    expect(relErr(X.toDense(), f.inverseColumns([0, 3]).data)).toBeLessThan(1e-15);
  });

  it('inverseColumns (dense and sparse) matches the dense inverse, in the order given', () => {
    using f = cholesky(A);
    const cols = [5, 0, 48, 5];
    const expected = new Float64Array(n * cols.length);
    cols.forEach((c, j) => expected.set(Ainv.subarray(c * n, (c + 1) * n), j * n));
    const D = f.inverseColumns(cols);
    expect([D.nrows, D.ncols]).toEqual([n, 4]);
    expect(relErr(D.data, expected)).toBeLessThan(1e-12);
    expect(relErr(f.inverseColumns(Int32Array.from(cols), { format: 'sparse' }).toDense(), expected)).toBeLessThan(1e-12);
    expect(f.inverseColumns([]).ncols).toBe(0);
    expect(f.inverseColumns([], { format: 'sparse' }).ncols).toBe(0);
  });

  it('validates its arguments', () => {
    using f = cholesky(A);
    expect(() => f.solveSparse(new Float64Array(n) as unknown as CscMatrix)).toThrow(new TypeError('Factor.solveSparse: B must be a CscMatrix, got a Float64Array'));
    expect(() => f.solveSparse(randomC(n - 1, 1, 1, 1))).toThrow(RangeError);
    expect(() => f.solveSparse(randomC(n, 1, 1, 1), { system: 'X' as 'A' })).toThrow(RangeError);
    expect(() => f.inverseColumns([n])).toThrow(new RangeError(`Factor.inverseColumns: cols[0] must be an integer in 0..${n - 1}, got ${n}`));
    expect(() => f.inverseColumns([1.5])).toThrow(RangeError);
    expect(() => f.inverseColumns(3 as unknown as number[])).toThrow(TypeError);
    expect(() => f.inverseColumns([1], { format: 'csv' as 'dense' })).toThrow(RangeError);
    expect(() => native().solveSparse({ handle: f.handle, system: 0, B: { nrows: n, ncols: 1, colPtr: Int32Array.of(0, 2), rowIdx: Int32Array.of(2, 2), values: Float64Array.of(1, 1) } }))
      .toThrow(/strictly increasing/);
  });
});

describe('batches sharing one pattern', () => {
  const A = poisson2d(20);
  const b = randomVector(rng(3), A.nrows);
  // scaled copies of A with k added to the diagonal, so the sets differ beyond a scale factor
  const shifted = [1, 2, 5, 0.5].map((scale, k) => {
    const out = A.values.map((v) => scale * v);
    for (let j = 0; j < A.ncols; j++) for (let p = A.colPtr[j]; p < A.colPtr[j + 1]; p++) if (A.rowIdx[p] === j) out[p] += k;
    return out;
  });

  function expectMatchesIndependent(factors: { solve(b: Float64Array): Float64Array; logdet(): number; info: { ordering: string } }[], opts?: FactorOptions) {
    expect(factors).toHaveLength(shifted.length);
    factors.forEach((f, k) => {
      using ref = cholesky(A.withValues(shifted[k]), opts);
      expect(relErr(f.solve(b), ref.solve(b))).toBeLessThan(1e-13);
      expect(f.logdet()).toBeCloseTo(ref.logdet(), 9);
      expect(f.info.ordering).toBe(ref.info.ordering);
    });
  }

  it.each([['default', undefined], ['supernodal metis', { mode: 'supernodal', ordering: 'metis' }], ['LDLt', { kind: 'LDLt' }]] as const)(
    'factorBatch (%s) matches independent cholesky() calls', (_name, opts) => {
      const factors = factorBatch(A, shifted, opts);
      expect(liveHandles()).toBe(shifted.length);
      expectMatchesIndependent(factors, opts);
      factors.forEach((f) => f.dispose());
    });

  it('factorBatchAsync matches independent cholesky() calls', async () => {
    const factors = await factorBatchAsync(A, shifted, { shift: 0.25 });
    factors.forEach((f, k) => {
      using ref = cholesky(A.withValues(shifted[k]), { shift: 0.25 });
      expect(relErr(f.solve(b), ref.solve(b))).toBeLessThan(1e-13);
    });
    factors.forEach((f) => f.dispose());
  });

  it('gives independent factors: refactor, update or dispose one, the others are unchanged', () => {
    const [f0, f1, f2] = factorBatch(A, shifted.slice(0, 3));
    const x1 = f1.solve(b);
    f0.refactor(shifted[3]);
    f2.update(randomC(A.nrows, 2, 3, 1));
    f2.dispose();
    expect(f1.solve(b)).toEqual(x1);
    expect(f0.matrix.values).toEqual(shifted[3]);
    expect(f1.matrix.values).toEqual(shifted[1]);
    f0.dispose();
    f1.dispose();
  });

  it('copies the value sets (overwriting them later changes nothing)', () => {
    const mine = Float64Array.from(shifted[0]);
    const [f] = factorBatch(A, [mine]);
    mine.fill(0);
    expect(f.matrix.values).toEqual(shifted[0]);
    f.dispose();
  });

  it('names the value set that fails and leaves no factor alive', async () => {
    const bad = A.values.map((v) => -v);
    expect(() => factorBatch(A, [shifted[0], bad])).toThrow(NotPositiveDefiniteError);
    expect(() => factorBatch(A, [shifted[0], bad])).toThrow(/^valueSets\[1\]: /);
    expect(liveHandles()).toBe(0);
    await expect(factorBatchAsync(A, [bad, shifted[0]])).rejects.toThrow(/^valueSets\[0\]: /);
    expect(liveHandles()).toBe(0);
  });

  it('handles an empty batch and validates its arguments', async () => {
    expect(factorBatch(A, [])).toEqual([]);
    await expect(factorBatchAsync(A, [])).resolves.toEqual([]);
    expect(() => factorBatch(A, 'x' as unknown as Float64Array[])).toThrow(TypeError);
    expect(() => factorBatch(A, [new Float64Array(3)])).toThrow(new RangeError(`factorBatch: valueSets[0] must have length A.nnz = ${A.nnz}, got 3`));
    const nan = Float64Array.from(shifted[0]);
    nan[4] = NaN;
    expect(() => factorBatch(A, [nan])).toThrow(new RangeError('factorBatch: valueSets[0][4] must be finite, got NaN'));
    expect(() => factorBatch(A.toGeneral(), [A.toGeneral().values.map((v, i) => (i === 1 ? v + 1 : v))])).toThrow(/not symmetric/);
    await expect(factorBatchAsync({} as CscMatrix, [])).rejects.toThrow(TypeError);
  });
});
