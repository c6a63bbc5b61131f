/**
 * MUMPS over MPI (2 ranks): results against CHOLMOD and dense references, many right-hand sides,
 * transposed solves, refactorisation, determinant and statistics, the Mumps solver in
 * linearSolveAsync with state reuse, a VJP against finite differences, and bad input.
 */
import {
  CscMatrix,
  DisposedError,
  LinearSolveError,
  MpiCluster,
  Mumps,
  RemoteFactor,
  RemoteSolverError,
  Result,
  SparseOperator,
  cholesky,
  linearSolve,
  linearSolveAsync,
  linearSolveVjpAsync,
  liveHandles,
  mpiCluster,
  poisson2d,
} from '../lib';
import { denseOf, logAbsDet, relErr, rng, randomVector, solveDense, transposeDense } from './helpers/dense';
import { describeMpi, waitGone, parentOf } from './helpers/mpi';
import { asCsc, loadCXSparse, loadMtx } from './helpers/suitesparse';

/** can___24 is a pattern (all ones): I + adjacency, symmetric and indefinite. */
function canIndefinite(): CscMatrix {
  return asCsc(loadMtx('can___24'));
}

describeMpi('MUMPS over MPI, 2 ranks', () => {
  let cluster: MpiCluster;
  let pids: number[] = [];
  const live0 = liveHandles();

  beforeAll(async () => {
    cluster = await mpiCluster({ ranks: 2, timeoutMs: 60_000 });
    pids = [...cluster.pids, parentOf(cluster.pids[0])];
  });

  afterAll(async () => {
    await cluster?.close();
    // No orphans: the ranks and mpirun are gone once the cluster is closed.
    expect(await waitGone(pids, 5000)).toEqual([]);
    expect(liveHandles()).toBe(live0);
  });

  it('runs on two ranks', async () => {
    expect(cluster.ranks).toBe(2);
    expect(await cluster.ping()).toEqual(cluster.pids);
    expect(cluster.pids).toHaveLength(2);
  });

  it('cholesky equals CHOLMOD to 1e-10 (Poisson, bcsstk01)', async () => {
    for (const A of [poisson2d(25), loadCXSparse('bcsstk01')]) {
      const b = randomVector(rng(1), A.nrows);
      const local = cholesky(A);
      const expected = local.solve(b);
      local.dispose();
      const factor = await cluster.factorize(A, { kind: 'cholesky' });
      expect(relErr(await factor.solveAsync(b), expected)).toBeLessThan(1e-10);
      expect(factor.info.phase).toBe('factorised');
      factor.dispose();
    }
  });

  it('counts remote factors in liveHandles', async () => {
    const before = liveHandles();
    const factor = await cluster.factorize(poisson2d(5), { kind: 'cholesky' });
    expect(liveHandles()).toBe(before + 1);
    expect(factor.key).toBeGreaterThan(0);
    await factor.disposeAsync();
    expect(liveHandles()).toBe(before);
    expect(factor.disposed).toBe(true);
  });

  it('ldlt solves the symmetric indefinite can___24 like a dense solve, with its inertia and determinant', async () => {
    const A = canIndefinite();
    const dense = denseOf(A);
    const det = logAbsDet(dense, A.nrows);
    expect(det.sign).not.toBe(0);
    const b = randomVector(rng(2), A.nrows);
    const factor = await cluster.factorize(A, { kind: 'ldlt', ordering: 'metis' });
    expect(factor.info.ordering).toBe(1); // given to MUMPS: METIS on the host
    expect(factor.info.parallelAnalysis).toBe(false);
    expect(relErr(await factor.solveAsync(b), solveDense(dense, A.nrows, b))).toBeLessThan(1e-10);
    expect(factor.info.negativePivots).toBeGreaterThan(0); // indefinite
    const d = factor.determinant();
    expect(d.sign).toBe(det.sign);
    expect(d.logAbs).toBeCloseTo(det.logAbsDet, 9);
    factor.dispose();
  });

  it('lu solves the unsymmetric west0067 with A and Aᵀ, one and many right-hand sides', async () => {
    const A = loadCXSparse('west0067');
    const n = A.nrows;
    const dense = denseOf(A);
    const factor = await cluster.factorize(A, { kind: 'lu', ordering: 'metis' });
    const k = 5;
    const B = randomVector(rng(3), n * k);
    const X = await factor.solveAsync({ nrows: n, ncols: k, data: B });
    const Xt = await factor.solveAsync({ nrows: n, ncols: k, data: B }, { transpose: true });
    const denseT = transposeDense(dense, n, n);
    for (let j = 0; j < k; j++) {
      const b = B.subarray(j * n, (j + 1) * n);
      expect(relErr(X.data.subarray(j * n, (j + 1) * n), solveDense(dense, n, b))).toBeLessThan(1e-10);
      expect(relErr(Xt.data.subarray(j * n, (j + 1) * n), solveDense(denseT, n, b))).toBeLessThan(1e-10);
    }
    const det = logAbsDet(dense, n);
    expect(factor.determinant().sign).toBe(det.sign);
    expect(factor.determinant().logAbs).toBeCloseTo(det.logAbsDet, 9);
    factor.dispose();
  });

  it('refactors with new values on the same analysis (values array and matrix)', async () => {
    const A = loadCXSparse('west0067');
    const factor = await cluster.factorize(A, { kind: 'lu', ordering: 'scotch' });
    const analyse = factor.info.seconds.analyse;
    const values = A.values.map((v, k) => v * (1 + 0.1 * Math.sin(k)));
    await factor.refactorAsync(values);
    const b = randomVector(rng(4), A.nrows);
    expect(relErr(await factor.solveAsync(b), solveDense(denseOf(A.withValues(values)), A.nrows, b))).toBeLessThan(1e-10);
    expect(factor.info.seconds.analyse).toBe(analyse); // not analysed again
    const S = poisson2d(12);
    const spd = await cluster.factorize(S, { kind: 'cholesky' });
    const S2 = S.withValues(S.values.map((v) => 3 * v));
    await spd.refactorAsync(S2);
    const local = cholesky(S2);
    const c = randomVector(rng(9), S.nrows);
    expect(relErr(await spd.solveAsync(c), local.solve(c))).toBeLessThan(1e-10);
    local.dispose();
    factor.dispose();
    spd.dispose();
  });

  it('takes upper and general storage of a symmetric matrix, and lu of a stored triangle', async () => {
    const L = poisson2d(9);
    const b = randomVector(rng(5), L.nrows);
    const expected = solveDense(denseOf(L), L.nrows, b);
    for (const [A, kind] of [
      [L.transpose(), 'cholesky'],
      [L.toGeneral(), 'ldlt'],
      [L, 'lu'],
    ] as const) {
      const factor = await cluster.factorize(A, { kind });
      expect(relErr(await factor.solveAsync(b), expected)).toBeLessThan(1e-10);
      await factor.refactorAsync(A.values.map((v) => 2 * v));
      expect(relErr((await factor.solveAsync(b)).map((v) => 2 * v), expected)).toBeLessThan(1e-10);
      factor.dispose();
    }
  });

  it('reports statistics: memory per rank, flops, entries, from analysis and factorisation', async () => {
    const A = poisson2d(40);
    const analysed = await cluster.analyze(A, { kind: 'cholesky', ordering: 'ptscotch' });
    expect(analysed.info.phase).toBe('analysed');
    expect(analysed.info.parallelAnalysis).toBe(true); // PT-Scotch on both ranks
    expect(analysed.info.estimatedFlops).toBeGreaterThan(0);
    expect(analysed.info.memoryPerRank).toHaveLength(2);
    await expect(analysed.solveAsync(new Float64Array(1600))).rejects.toMatchObject({ code: 'state' });
    expect(() => analysed.determinant()).toThrow(RemoteSolverError);
    await analysed.refactorAsync(A.values);
    const info = await analysed.infoAsync();
    expect(info.phase).toBe('factorised');
    expect(info.ranks).toBe(2);
    expect(info.n).toBe(1600);
    expect(info.flops).toBeGreaterThan(0);
    expect(info.factorEntries).toBeGreaterThan(A.nnz);
    expect(info.memoryPerRank.every((r) => r.estimatedMB >= 0 && r.allocatedMB >= 0)).toBe(true);
    analysed.dispose();
  });

  it('Mumps works in linearSolveAsync with state reuse, and the kind follows the tags', async () => {
    const A = poisson2d(15);
    const op = new SparseOperator(A, ['positiveSemidefinite']);
    const solver = new Mumps({ cluster });
    const b = randomVector(rng(6), A.nrows);
    const expected = linearSolve(op, b).value;
    const first = await linearSolveAsync(op, b, solver, { returnState: true });
    expect(relErr(first.value, expected)).toBeLessThan(1e-10);
    const state = first.state!;
    const before = liveHandles();
    const second = await linearSolveAsync(op, b.map((v) => 2 * v), solver, { state });
    expect(liveHandles()).toBe(before); // no new factorisation
    expect(relErr(second.value, expected.map((v) => 2 * v))).toBeLessThan(1e-10);
    solver.dispose(state);
    // Unsymmetric: lu; and the sync entry point says to use the async one.
    const W = loadCXSparse('west0067');
    const { value } = await linearSolveAsync(new SparseOperator(W), b.subarray(0, 67), new Mumps({ cluster }));
    expect(relErr(value, solveDense(denseOf(W), 67, b.subarray(0, 67)))).toBeLessThan(1e-10);
    expect(() => linearSolve(op, b, new Mumps({ cluster }) as never)).toThrow(/linearSolveAsync/);
  });

  it('Mumps reports a failed factorisation as a Result', async () => {
    const indefinite = new SparseOperator(canIndefinite(), ['positiveSemidefinite']);
    const out = await linearSolveAsync(indefinite, new Float64Array(24).fill(1), new Mumps({ cluster, kind: 'cholesky' }), { throw: false });
    expect(out.result).toBe(Result.notPositiveDefinite);
    await expect(linearSolveAsync(indefinite, new Float64Array(24).fill(1), new Mumps({ cluster, kind: 'cholesky' }))).rejects.toThrow(LinearSolveError);
    const singular = CscMatrix.fromTriplets(3, 3, [0, 1, 0, 1], [0, 0, 1, 1], [1, 2, 2, 4]); // rank 1 block + empty row
    const s = await linearSolveAsync(new SparseOperator(singular), new Float64Array(3).fill(1), new Mumps({ cluster, kind: 'lu' }), { throw: false });
    expect(s.result).toBe(Result.singular);
  });

  it('VJP through the worker (transposed solve) matches finite differences', async () => {
    const A = loadCXSparse('west0067');
    const n = A.nrows;
    const op = new SparseOperator(A);
    const b = randomVector(rng(7), n);
    const c = randomVector(rng(8), n); // loss = <c, x>
    const vjp = await linearSolveVjpAsync(op, b, new Mumps({ cluster, kind: 'lu' }));
    const { b: bBar, op: aBar } = await vjp.pullback(c);
    vjp.dispose();
    const loss = (M: CscMatrix, rhs: Float64Array) => solveDense(denseOf(M), n, rhs).reduce((s, x, i) => s + c[i] * x, 0);
    const h = 1e-6;
    for (const i of [0, 17, 66]) {
      const plus = b.slice();
      plus[i] += h;
      const minus = b.slice();
      minus[i] -= h;
      expect(bBar[i]).toBeCloseTo((loss(A, plus) - loss(A, minus)) / (2 * h), 5);
    }
    if (aBar.kind !== 'sparse') throw new Error('expected a sparse cotangent');
    for (const k of [0, 50, A.nnz - 1]) {
      const up = A.values.slice();
      up[k] += h;
      const down = A.values.slice();
      down[k] -= h;
      const fd = (loss(A.withValues(up), b) - loss(A.withValues(down), b)) / (2 * h);
      expect(Math.abs(aBar.values[k] - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
    }
  });

  describe('bad input', () => {
    it('rejects bad matrices and options before any upload', async () => {
      await expect(cluster.factorize(CscMatrix.fromTriplets(2, 3, [0], [0], [1]), { kind: 'lu' })).rejects.toThrow(/must be square/);
      await expect(cluster.factorize(poisson2d(3), { kind: 'qr' as never })).rejects.toThrow(TypeError);
      await expect(cluster.factorize(poisson2d(3), { kind: 'lu', order: 'metis' } as never)).rejects.toThrow(/unknown key 'order'/);
      await expect(cluster.factorize('A' as never, { kind: 'lu' })).rejects.toThrow(/must be a CscMatrix/);
      const unsymmetric = loadCXSparse('west0067');
      await expect(cluster.factorize(unsymmetric, { kind: 'cholesky' })).rejects.toThrow(/must be symmetric/);
      await expect(mpiCluster({ ranks: 0 })).rejects.toThrow(RangeError);
      await expect(mpiCluster({ ranks: 1, hostfile: '/nonexistent' })).rejects.toThrow(/hostfile/);
    });

    it('reports MUMPS failures as typed errors and keeps the cluster usable', async () => {
      await expect(cluster.factorize(canIndefinite(), { kind: 'cholesky' })).rejects.toMatchObject({ code: 'not-positive-definite' });
      const zeroColumn = CscMatrix.fromTriplets(3, 3, [0, 2], [0, 2], [1, 1]);
      await expect(cluster.factorize(zeroColumn, { kind: 'lu' })).rejects.toMatchObject({ name: 'RemoteSolverError', code: 'singular' });
      expect(cluster.alive).toBe(true);
      expect(await cluster.ping()).toHaveLength(2);
    });

    it('checks right-hand sides, refactor values and disposed factors', async () => {
      const factor = await cluster.factorize(poisson2d(4), { kind: 'cholesky' });
      await expect(factor.solveAsync(new Float64Array(3))).rejects.toThrow(RangeError);
      await expect(factor.solveAsync(new Float64Array(16).fill(NaN))).rejects.toThrow(/finite/);
      await expect(factor.solveAsync({ nrows: 15, ncols: 1, data: new Float64Array(15) })).rejects.toThrow(RangeError);
      await expect(factor.solveAsync(new Float64Array(16), { transpose: 1 } as never)).rejects.toThrow(TypeError);
      await expect(factor.refactorAsync(new Float64Array(3))).rejects.toThrow(/one entry per stored entry/);
      await expect(factor.refactorAsync(poisson2d(5))).rejects.toThrow(/pattern/);
      await expect(factor.refactorAsync(new Float64Array(poisson2d(4).nnz).fill(Infinity))).rejects.toThrow(/finite/);
      factor.dispose();
      factor.dispose(); // idempotent
      await expect(factor.solveAsync(new Float64Array(16))).rejects.toThrow(DisposedError);
      expect(factor instanceof RemoteFactor).toBe(true);
    });
  });
});
