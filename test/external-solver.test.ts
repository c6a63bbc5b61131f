import { BlockJacobiCG, engineStats, registry } from '../examples/external-solver';
import { LinearSolveError, MissingTagError, Result, UnsupportedOperatorError } from '../lib/errors';
import { FunctionOperator, SparseOperator, TaggedOperator, positiveSemidefinite } from '../lib/operators';
import { linearSolve } from '../lib/solve';
import { DenseMatrix, poisson2d } from '../lib/sparse';
import { denseOf, randomVector, relErr, rng, solveDense } from './helpers/dense';

const rand = rng(31);
const A = poisson2d(10);
const n = A.ncols;
const dense = denseOf(A);
const op = new TaggedOperator(new SparseOperator(A), [positiveSemidefinite]);

afterEach(() => expect(registry.size).toBe(0));

describe('an external solver behind integer keys, plugged into linearSolve', () => {
  it('solves through linearSolve unchanged, and frees its entry afterwards', () => {
    const b = randomVector(rand, n);
    const { value, result, stats, state } = linearSolve(op, b, new BlockJacobiCG({ blockSize: 10, rtol: 1e-12 }));
    expect(result).toBe(Result.successful);
    expect(relErr(value, solveDense(dense, n, b))).toBeLessThanOrEqual(1e-8);
    expect(stats.steps).toBeGreaterThan(0);
    expect(state).toBeUndefined();
    expect(registry.size).toBe(0);
  });

  it('sets up once in init; compute with the key is cheap and repeatable', () => {
    const solver = new BlockJacobiCG({ blockSize: 10, rtol: 1e-12 });
    const setups = engineStats.setups;
    const key = solver.init(op);
    expect(typeof key).toBe('number');
    expect(registry.size).toBe(1);
    for (let k = 0; k < 20; k++) {
      const b = randomVector(rand, n);
      const { value } = linearSolve(op, b, solver, { state: key });
      expect(relErr(value, solveDense(dense, n, b))).toBeLessThanOrEqual(1e-8);
    }
    expect(engineStats.setups).toBe(setups + 1);
    expect(registry.size).toBe(1);
    solver.dispose(key);
  });

  it('transpose and conj return keys; the transposed key is cached and freed with its owner', () => {
    const solver = new BlockJacobiCG({ blockSize: 5, rtol: 1e-12 });
    const key = solver.init(op);
    const [transposedKey] = solver.transpose(key, {});
    expect(typeof transposedKey).toBe('number');
    expect(transposedKey).not.toBe(key);
    expect(solver.transpose(key, {})[0]).toBe(transposedKey);
    expect(solver.conj(key, {})[0]).toBe(key);
    expect(registry.size).toBe(2);
    // A is symmetric: the transposed solve gives the same answer (what a VJP would use).
    const b = randomVector(rand, n);
    const { value } = solver.compute(transposedKey, b, {});
    expect(relErr(value, solveDense(dense, n, b))).toBeLessThanOrEqual(1e-8);
    solver.dispose(key);
    expect(registry.size).toBe(0);
    expect(() => solver.compute(key, b, {})).toThrow(RangeError);
    expect(() => solver.compute(transposedKey, b, {})).toThrow(RangeError);
    expect(() => solver.dispose(key)).not.toThrow();
  });

  it('solves many right-hand sides', () => {
    const B: DenseMatrix = { nrows: n, ncols: 3, data: randomVector(rand, 3 * n) };
    const { value } = linearSolve(op, B, new BlockJacobiCG({ blockSize: 20, rtol: 1e-12 }));
    expect([value.nrows, value.ncols]).toEqual([n, 3]);
    expect(relErr(value.data, solveDense(dense, n, B.data))).toBeLessThanOrEqual(1e-8);
  });

  it('block Jacobi pays off: bigger blocks, fewer steps', () => {
    const b = randomVector(rand, n);
    const steps = [1, 10, 50].map((blockSize) => linearSolve(op, b, new BlockJacobiCG({ blockSize, rtol: 1e-10 })).stats.steps);
    expect(steps[1]).toBeLessThan(steps[0]);
    expect(steps[2]).toBeLessThan(steps[1]);
    // One block holding the whole matrix is an exact preconditioner.
    expect(linearSolve(op, b, new BlockJacobiCG({ blockSize: n })).stats.steps).toBeLessThanOrEqual(1);
  });

  it('failures come back as Results or LinearSolveError, and the entry is still freed', () => {
    const b = randomVector(rand, n);
    const solver = new BlockJacobiCG({ blockSize: 2, rtol: 1e-12, maxSteps: 2 });
    expect(() => linearSolve(op, b, solver)).toThrow(LinearSolveError);
    expect(registry.size).toBe(0);
    expect(linearSolve(op, b, solver, { throw: false }).result).toBe(Result.maxStepsReached);
    const returned = linearSolve(op, b, solver, { throw: false, returnState: true });
    expect(registry.size).toBe(1);
    solver.dispose(returned.state!);
  });

  it('refuses operators it cannot handle, with typed errors', () => {
    const solver = new BlockJacobiCG();
    expect(() => solver.init(new SparseOperator(A))).toThrow(MissingTagError);
    const matrixFree = new FunctionOperator((x) => A.matvec(x), n, { tags: [positiveSemidefinite] });
    expect(() => solver.init(matrixFree)).toThrow(UnsupportedOperatorError);
    const key = solver.init(op);
    expect(() => solver.compute(key, new Float64Array(n + 1), {})).toThrow(RangeError);
    solver.dispose(key);
  });
});
