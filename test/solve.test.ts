import { Factor, cholesky } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { LinearSolveError, Result, UnsupportedOperatorError } from '../lib/errors';
import {
  DiagonalOperator,
  FunctionOperator,
  InverseOperator,
  LinearOperator,
  MatrixOperator,
  SparseOperator,
  TaggedOperator,
  positiveSemidefinite,
} from '../lib/operators';
import { linearSolve } from '../lib/solve';
import { AutoSolver, CG, Cholesky, GMRES, LU, LinearSolver, QR } from '../lib/solvers';
import { CscMatrix, DenseMatrix, poisson2d } from '../lib/sparse';
import { denseOf, randomVector, relErr, rng, solveDense, transposeDense } from './helpers/dense';

const rand = rng(99);
const A = poisson2d(8);
const dense = denseOf(A);
const n = A.ncols;
const spd = new TaggedOperator(new SparseOperator(A), [positiveSemidefinite]);

function unsymmetricDense(size: number): Float64Array {
  const a = randomVector(rand, size * size);
  for (let i = 0; i < size; i++) a[i + i * size] += size;
  return a;
}

/** Wraps a solver and counts what linearSolve asks of it. */
function counting<S>(inner: LinearSolver<S>) {
  const calls = { init: 0, compute: 0, dispose: 0 };
  const solver: LinearSolver<S> = {
    init: (op, options) => (calls.init++, inner.init(op, options)),
    compute: (state, b, options) => (calls.compute++, inner.compute(state, b, options)),
    transpose: (state, options) => inner.transpose(state, options),
    conj: (state, options) => inner.conj(state, options),
    assumeFullRank: () => inner.assumeFullRank(),
    dispose: (state) => (calls.dispose++, inner.dispose?.(state)),
  };
  return { solver, calls };
}

describe('linearSolve', () => {
  it('solves with the AutoSolver by default (sparse SPD → Cholesky)', () => {
    const b = randomVector(rand, n);
    const before = liveHandles();
    const { value, result, state } = linearSolve(spd, b);
    expect(result).toBe(Result.successful);
    expect(relErr(value, solveDense(dense, n, b))).toBeLessThanOrEqual(1e-10);
    expect(state).toBeUndefined();
    expect(liveHandles()).toBe(before);
  });

  it('solves dense, tall and matrix-free operators by default', () => {
    const a = unsymmetricDense(10);
    const b = randomVector(rand, 10);
    expect(relErr(linearSolve(new MatrixOperator({ nrows: 10, ncols: 10, data: a }), b).value, solveDense(a, 10, b))).toBeLessThanOrEqual(1e-10);
    const fn = new FunctionOperator((x) => new MatrixOperator({ nrows: 10, ncols: 10, data: a }).mv(x), 10);
    expect(relErr(linearSolve(fn, b).value, solveDense(a, 10, b))).toBeLessThanOrEqual(1e-10);
    // A tall consistent system: the least-squares solution is the exact one.
    const tall = randomVector(rand, 12 * 4);
    const x = randomVector(rand, 4);
    const op = new MatrixOperator({ nrows: 12, ncols: 4, data: tall });
    expect(relErr(linearSolve(op, op.mv(x)).value, x)).toBeLessThanOrEqual(1e-10);
  });

  it('takes a DenseMatrix of right-hand sides and returns one of solutions', () => {
    const B: DenseMatrix = { nrows: n, ncols: 4, data: randomVector(rand, n * 4) };
    const { value } = linearSolve(spd, B, new Cholesky());
    expect([value.nrows, value.ncols]).toEqual([n, 4]);
    expect(relErr(value.data, solveDense(dense, n, B.data))).toBeLessThanOrEqual(1e-10);
  });

  it('CHOLMOD solvers send all columns to the factor in one native call', () => {
    const spy = jest.spyOn(Factor.prototype, 'solve');
    try {
      const B: DenseMatrix = { nrows: n, ncols: 7, data: randomVector(rand, n * 7) };
      linearSolve(spd, B, new Cholesky());
      expect(spy).toHaveBeenCalledTimes(1);
      expect((spy.mock.calls[0][0] as DenseMatrix).ncols).toBe(7);
    } finally {
      spy.mockRestore();
    }
  });

  it('passes options to the solver (a preconditioner)', () => {
    const b = randomVector(rand, n);
    using factor = cholesky(A);
    const preconditioner = new InverseOperator(factor);
    const { value, stats } = linearSolve(spd, b, new CG({ rtol: 1e-12 }), { options: { preconditioner } });
    expect(stats.steps).toBeLessThanOrEqual(2);
    expect(relErr(value, solveDense(dense, n, b))).toBeLessThanOrEqual(1e-8);
  });
});

describe('state handling', () => {
  it('a CHOLMOD state reused across 1,000 linearSolve calls performs exactly one factorisation', () => {
    const solver = new Cholesky();
    const { solver: counted, calls } = counting(solver);
    const state = counted.init(spd, {});
    const b = randomVector(rand, n);
    const expected = solveDense(dense, n, b);
    let worst = 0;
    for (let k = 0; k < 1000; k++) {
      const { value, state: returned } = linearSolve(spd, b, counted, { state });
      expect(returned).toBe(state);
      if (k % 100 === 0) worst = Math.max(worst, relErr(value, expected));
    }
    expect(solver.factorizations).toBe(1);
    expect(calls).toEqual({ init: 1, compute: 1000, dispose: 0 });
    expect(state.factor?.disposed).toBe(false);
    expect(worst).toBeLessThanOrEqual(1e-10);
    solver.dispose(state);
  });

  it('a state created inside is disposed, unless returnState asks for it', () => {
    const before = liveHandles();
    const { solver, calls } = counting(new Cholesky());
    linearSolve(spd, randomVector(rand, n), solver);
    expect(calls.dispose).toBe(1);
    expect(liveHandles()).toBe(before);

    const kept = linearSolve(spd, randomVector(rand, n), solver, { returnState: true });
    expect(calls.dispose).toBe(1);
    expect(kept.state?.factor?.disposed).toBe(false);
    expect(liveHandles()).toBe(before + 1);
    const again = linearSolve(spd, randomVector(rand, n), solver, { state: kept.state });
    expect(again.result).toBe(Result.successful);
    solver.dispose?.(kept.state!);
    expect(liveHandles()).toBe(before);
  });

  it('a transposed state solves Aᵀ x = b through linearSolve with the same factors', () => {
    const a = unsymmetricDense(9);
    const op = new MatrixOperator({ nrows: 9, ncols: 9, data: a });
    const lu = new LU();
    const state = lu.init(op);
    const [transposed, options] = lu.transpose(state, {});
    const b = randomVector(rand, 9);
    const { value } = linearSolve(op.transpose(), b, lu, { state: transposed, options });
    expect(relErr(value, solveDense(transposeDense(a, 9, 9), 9, b))).toBeLessThanOrEqual(1e-10);
  });

  it('an exception inside compute still disposes a state created inside', () => {
    const before = liveHandles();
    const { solver, calls } = counting(new Cholesky());
    const badSolver: LinearSolver<unknown> = { ...solver, compute: () => { throw new Error('boom'); } };
    expect(() => linearSolve(spd, randomVector(rand, n), badSolver)).toThrow('boom');
    expect(calls.dispose).toBe(1);
    expect(liveHandles()).toBe(before);
  });
});

describe('failures: throw (default) or return the Result', () => {
  const singular = new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([1, 2, 2, 4]) });

  it('throw: true raises LinearSolveError carrying the Result and stats', () => {
    try {
      linearSolve(singular, new Float64Array([1, 1]));
      throw new Error('expected LinearSolveError');
    } catch (error) {
      expect(error).toBeInstanceOf(LinearSolveError);
      expect((error as LinearSolveError).result).toBe(Result.singular);
      expect((error as LinearSolveError).message).toMatch(/singular/);
    }
  });

  it('throw: false returns the Result', () => {
    const { value, result } = linearSolve(singular, new Float64Array([1, 1]), new LU(), { throw: false });
    expect(result).toBe(Result.singular);
    expect(value.every(Number.isNaN)).toBe(true);
  });

  it('maxStepsReached: raised by default, returned with throw: false', () => {
    const b = randomVector(rand, n);
    const solver = new CG({ rtol: 1e-12, maxSteps: 2 });
    expect(() => linearSolve(spd, b, solver)).toThrow(LinearSolveError);
    expect(() => linearSolve(spd, b, solver)).toThrow(/maxStepsReached/);
    const { result, stats } = linearSolve(spd, b, solver, { throw: false });
    expect(result).toBe(Result.maxStepsReached);
    expect(stats.steps).toBe(2);
  });

  it('breakdown and stagnation come back as Results', () => {
    const rotation = new MatrixOperator({ nrows: 2, ncols: 2, data: new Float64Array([0, 1, -1, 0]) });
    const b = new Float64Array([1, 0]);
    expect(linearSolve(rotation, b, new GMRES({ restart: 1 }), { throw: false }).result).toBe(Result.stagnation);
    const nanOp = new FunctionOperator((x) => x.map(() => NaN), 2);
    expect(linearSolve(nanOp, b, new GMRES(), { throw: false }).result).toBe(Result.breakdown);
  });

  it('notPositiveDefinite from CHOLMOD is a Result, and the factor is not leaked', () => {
    const before = liveHandles();
    const indefinite = new TaggedOperator(new SparseOperator(A.withValues(A.values.map((v) => (v === 4 ? -1 : v)))), [positiveSemidefinite]);
    expect(linearSolve(indefinite, randomVector(rand, n), undefined, { throw: false }).result).toBe(Result.notPositiveDefinite);
    expect(() => linearSolve(indefinite, randomVector(rand, n))).toThrow(LinearSolveError);
    expect(liveHandles()).toBe(before);
  });

  it('a state requested with returnState is still disposed when the failure is thrown', () => {
    const before = liveHandles();
    const { solver, calls } = counting(new Cholesky());
    const indefinite = new TaggedOperator(new SparseOperator(A.withValues(A.values.map((v) => (v === 4 ? -1 : v)))), [positiveSemidefinite]);
    expect(() => linearSolve(indefinite, randomVector(rand, n), solver, { returnState: true })).toThrow(LinearSolveError);
    expect(calls).toEqual({ init: 1, compute: 1, dispose: 1 });
    const kept = linearSolve(indefinite, randomVector(rand, n), solver, { returnState: true, throw: false });
    expect(kept.result).toBe(Result.notPositiveDefinite);
    expect(kept.state).toBeDefined();
    expect(calls.dispose).toBe(1);
    expect(liveHandles()).toBe(before);
  });
});

describe('typed errors', () => {
  it('non-finite b: nonfiniteInput before any init', () => {
    const { solver, calls } = counting(new Cholesky());
    const b = randomVector(rand, n);
    b[5] = Infinity;
    try {
      linearSolve(spd, b, solver);
      throw new Error('expected LinearSolveError');
    } catch (error) {
      expect(error).toBeInstanceOf(LinearSolveError);
      expect((error as LinearSolveError).result).toBe(Result.nonfiniteInput);
    }
    const returned = linearSolve(spd, b, solver, { throw: false });
    expect(returned.result).toBe(Result.nonfiniteInput);
    expect(returned.value.length).toBe(n);
    expect(calls.init).toBe(0);
    const B: DenseMatrix = { nrows: n, ncols: 2, data: new Float64Array(2 * n).fill(NaN) };
    const many = linearSolve(spd, B, solver, { throw: false });
    expect([many.result, many.value.ncols]).toEqual([Result.nonfiniteInput, 2]);
  });

  it('size mismatch: RangeError; wrong type: TypeError', () => {
    expect(() => linearSolve(spd, new Float64Array(n - 1))).toThrow(RangeError);
    expect(() => linearSolve(spd, { nrows: n + 1, ncols: 1, data: new Float64Array(n + 1) })).toThrow(RangeError);
    expect(() => linearSolve(spd, Array.from({ length: n }, () => 1) as unknown as Float64Array)).toThrow(TypeError);
    expect(() => linearSolve({} as LinearOperator, new Float64Array(1))).toThrow(TypeError);
    expect(() => linearSolve(spd, new Float64Array(n), {} as LinearSolver<unknown>)).toThrow(TypeError);
    const tall = new MatrixOperator({ nrows: 3, ncols: 2, data: new Float64Array([1, 0, 0, 0, 1, 0]) });
    expect(() => linearSolve(tall, new Float64Array(2), new QR())).toThrow(RangeError);
  });

  it('missing tags: MissingTagError naming the tag', () => {
    expect(() => linearSolve(new SparseOperator(A), new Float64Array(n), new Cholesky())).toThrow(/'positiveSemidefinite'/);
    expect(() => linearSolve(new SparseOperator(A), new Float64Array(n), new CG())).toThrow(TypeError);
  });

  it('unsupported operator for a solver: UnsupportedOperatorError', () => {
    const unsymmetric = CscMatrix.fromDense(3, 3, new Float64Array([4, 1, 0, 2, 4, 1, 0, 3, 4]));
    expect(() => linearSolve(new SparseOperator(unsymmetric), new Float64Array(3))).toThrow(UnsupportedOperatorError);
    expect(() => linearSolve(new SparseOperator(unsymmetric), new Float64Array(3))).toThrow(/GMRES or BiCGStab/);
    // The suggested route works.
    const b = new Float64Array([1, 2, 3]);
    const { value } = linearSolve(new SparseOperator(unsymmetric), b, new GMRES({ rtol: 1e-12 }));
    expect(relErr(value, solveDense(denseOf(unsymmetric), 3, b))).toBeLessThanOrEqual(1e-8);
    expect(() => linearSolve(new DiagonalOperator(new Float64Array(3)), b, new Cholesky())).toThrow(/positiveSemidefinite/);
  });

  it('the AutoSolver state carries the chosen solver', () => {
    const { state } = linearSolve(spd, randomVector(rand, n), new AutoSolver(), { returnState: true });
    expect(state?.solver.name).toBe('Cholesky');
    new AutoSolver().dispose(state!);
  });
});
