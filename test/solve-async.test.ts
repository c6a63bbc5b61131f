/**
 * The asynchronous solve path (linearSolveAsync, linearSolveVjpAsync, toAsyncSolver) with the
 * synchronous solvers: the same values, states and errors as linearSolve / linearSolveVjp. The
 * remote solver (Mumps) is tested in test/mpi.test.ts.
 */
import {
  Cholesky,
  CscMatrix,
  LU,
  LinearSolveError,
  MatrixOperator,
  Result,
  SparseOperator,
  UnsupportedDerivativeError,
  linearSolve,
  linearSolveAsync,
  linearSolveVjp,
  linearSolveVjpAsync,
  liveHandles,
  poisson2d,
  toAsyncSolver,
} from '../lib';
import { randomVector, relErr, rng } from './helpers/dense';

describe('linearSolveAsync', () => {
  const A = poisson2d(12);
  const op = new SparseOperator(A, ['positiveSemidefinite']);
  const b = randomVector(rng(1), A.nrows);

  it('equals linearSolve, for one and many right-hand sides, and disposes its state', async () => {
    const before = liveHandles();
    const expected = linearSolve(op, b, new Cholesky()).value;
    expect(relErr((await linearSolveAsync(op, b, new Cholesky())).value, expected)).toBeLessThan(1e-14);
    const B = { nrows: A.nrows, ncols: 2, data: new Float64Array([...b, ...b]) };
    const X = (await linearSolveAsync(op, B, new Cholesky())).value;
    expect(relErr(X.data.subarray(A.nrows), expected)).toBeLessThan(1e-14);
    expect(liveHandles()).toBe(before);
  });

  it('reuses a state and returns one on request', async () => {
    const solver = new Cholesky();
    const first = await linearSolveAsync(op, b, solver, { returnState: true });
    const second = await linearSolveAsync(op, b, solver, { state: first.state });
    expect(solver.factorizations).toBe(1);
    expect(second.state).toBe(first.state);
    solver.dispose(first.state!);
  });

  it('reports failures like linearSolve', async () => {
    const indefinite = new SparseOperator(CscMatrix.fromDense(2, 2, [1, 2, 2, 1]), ['positiveSemidefinite']);
    await expect(linearSolveAsync(indefinite, new Float64Array([1, 1]), new Cholesky())).rejects.toThrow(LinearSolveError);
    const out = await linearSolveAsync(indefinite, new Float64Array([1, 1]), new Cholesky(), { throw: false });
    expect(out.result).toBe(Result.notPositiveDefinite);
    const nan = await linearSolveAsync(op, b.map(() => NaN), new Cholesky(), { throw: false });
    expect(nan.result).toBe(Result.nonfiniteInput);
  });

  it('checks its arguments', async () => {
    await expect(linearSolveAsync(op, b, {} as never)).rejects.toThrow(/must be a LinearSolver or an AsyncLinearSolver/);
    await expect(linearSolveAsync(op, new Float64Array(3), new Cholesky())).rejects.toThrow(RangeError);
    await expect(linearSolveAsync(op, b, new Cholesky(), { retrunState: true } as never)).rejects.toThrow(/unknown key/);
  });

  it('toAsyncSolver wraps a synchronous solver and passes an asynchronous one through', async () => {
    const wrapped = toAsyncSolver(new LU());
    expect(toAsyncSolver(wrapped)).toBe(wrapped);
    const M = new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([2, 1, 0, 4]) });
    const state = await wrapped.initAsync(M, {});
    const [transposed] = wrapped.transpose(state, {});
    const { value } = await wrapped.computeAsync(transposed, new Float64Array([3, 8]), {});
    expect(Array.from(value)).toEqual([0.5, 2]); // Aᵀ = [2 1; 0 4]
  });
});

describe('linearSolveVjpAsync', () => {
  it('equals linearSolveVjp on an unsymmetric operator', async () => {
    const data = randomVector(rng(2), 25).map((v, k) => (k % 6 === 0 ? v + 5 : v));
    const op = new MatrixOperator({ nrows: 5, ncols: 5, data });
    const b = randomVector(rng(3), 5);
    const xBar = randomVector(rng(4), 5);
    const sync = linearSolveVjp(op, b, new LU());
    const expected = sync.pullback(xBar);
    sync.dispose();
    const vjp = await linearSolveVjpAsync(op, b, new LU());
    const got = await vjp.pullback(xBar);
    vjp.dispose();
    expect(relErr(got.b, expected.b)).toBeLessThan(1e-14);
    if (got.op.kind !== 'dense' || expected.op.kind !== 'dense') throw new Error('expected dense cotangents');
    expect(relErr(got.op.matrix.data, expected.op.matrix.data)).toBeLessThan(1e-14);
    await expect(vjp.pullback(xBar)).rejects.toThrow(/after dispose/);
  });

  it('refuses a rectangular operator', async () => {
    const tall = new MatrixOperator({ nrows: 3, ncols: 2, data: new Float64Array(6).fill(1) });
    await expect(linearSolveVjpAsync(tall, new Float64Array(3), new LU())).rejects.toThrow(UnsupportedDerivativeError);
  });
});
