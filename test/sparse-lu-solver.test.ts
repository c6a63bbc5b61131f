/**
 * SparseLU in the Lineax layer: what AutoSolver picks, state reuse in linearSolve, transposed
 * states without refactorisation, derivatives (JVP against finite differences, VJP against the
 * JVP by the dot-product identity) and singular operators as a Result.
 */
import {
  AutoSolver, CscMatrix, LDLt, Result, SparseLU, SparseOperator, convectionDiffusion2d, linearSolve,
  linearSolveJvp, linearSolveVjp, liveHandles, positiveSemidefinite, poisson2d, TaggedOperator,
} from '../lib';
import { denseOf, randomVector, relErr, residual, rng, solveDense } from './helpers/dense';
import { convectionDiffusionSupg, stokesQ1Q1 } from './helpers/fem-flow';
import { asCsc, loadMtx } from './helpers/suitesparse';

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('AutoSolver and SparseLU', () => {
  it('can___24 (nonsingular, symmetric indefinite): LDLt fails on its zero pivot, AutoSolver picks SparseLU and solves it', () => {
    const A = asCsc(loadMtx('can___24'));
    const op = new SparseOperator(A);
    const b = randomVector(rng(24), 24);
    expect(new AutoSolver().select(op).name).toBe('SparseLU');
    expect(linearSolve(op, b, new LDLt(), { throw: false }).result).toBe(Result.singular);
    const { value, result } = linearSolve(op, b);
    expect(result).toBe(Result.successful);
    expect(relErr(value, solveDense(denseOf(A), 24, b))).toBeLessThan(1e-12);
  });

  it('positive (semi)definite tags still go to Cholesky; unsymmetric FEM and Stokes go to SparseLU', () => {
    const auto = new AutoSolver();
    expect(auto.select(new TaggedOperator(new SparseOperator(poisson2d(4)), [positiveSemidefinite])).name).toBe('Cholesky');
    for (const A of [convectionDiffusionSupg(2, 10, 100), stokesQ1Q1(6)]) {
      const op = new SparseOperator(A);
      expect(auto.select(op).name).toBe('SparseLU');
      const b = randomVector(rng(3), A.nrows);
      expect(residual(A, linearSolve(op, b).value, b)).toBeLessThan(1e-14);
    }
  });

  it('a state is reused across solves and transposes without refactorising', () => {
    const A = convectionDiffusion2d(20, { peclet: 300 });
    const op = new SparseOperator(A);
    const solver = new SparseLU({ engine: 'klu' });
    const first = linearSolve(op, randomVector(rng(1), 400), solver, { returnState: true });
    const b = randomVector(rng(2), 400);
    const second = linearSolve(op, b, solver, { state: first.state });
    expect(residual(A, second.value, b)).toBeLessThan(1e-14);
    const [transposed, options] = solver.transpose(first.state!, {});
    const y = solver.compute(transposed, b, options).value;
    expect(residual(A.transpose(), y, b)).toBeLessThan(1e-14);
    expect(solver.factorizations).toBe(1);
    const B = { nrows: 400, ncols: 3, data: randomVector(rng(4), 1200) };
    expect(residual(A, solver.compute(first.state!, B, {}).value.data, B.data)).toBeLessThan(1e-14);
    solver.dispose(first.state!);
  });

  it('a singular operator is Result singular with the column, or LinearSolveError when thrown', () => {
    const A = CscMatrix.fromDense(3, 3, [1, 2, 0, 0, 1, 3, 1, 3, 3]);
    const solved = linearSolve(new SparseOperator(A), new Float64Array(3).fill(1), new SparseLU(), { throw: false });
    expect(solved.result).toBe(Result.singular);
    expect(solved.value.every(Number.isNaN)).toBe(true);
    expect(() => linearSolve(new SparseOperator(A), new Float64Array(3).fill(1))).toThrow(/singular/);
  });

  it('rejects bad options when constructed', () => {
    expect(() => new SparseLU({ engine: 'klu', strategy: 'symmetric' })).toThrow(RangeError);
    expect(() => new SparseLU({ typo: 1 } as never)).toThrow(/options/);
  });
});

describe('derivatives through SparseLU (the existing rules)', () => {
  const A = convectionDiffusionSupg(2, 8, 50); // unsymmetric, n = 49
  const n = A.nrows;
  const op = new SparseOperator(A);
  const b = randomVector(rng(11), n);
  const dA = A.withValues(randomVector(rng(12), A.nnz));
  const db = randomVector(rng(13), n);

  it('JVP matches central finite differences of x(A + t dA, b + t db)', () => {
    const { value, tangent } = linearSolveJvp(op, b, { op: new SparseOperator(dA), b: db }, new SparseLU());
    expect(residual(A, value, b)).toBeLessThan(1e-14);
    const h = 1e-6;
    const at = (t: number) =>
      linearSolve(new SparseOperator(A.withValues(A.values.map((v, k) => v + t * dA.values[k]))), b.map((v, i) => v + t * db[i]), new SparseLU()).value;
    const plus = at(h);
    const minus = at(-h);
    const fd = plus.map((v, i) => (v - minus[i]) / (2 * h));
    expect(relErr(tangent, fd)).toBeLessThan(1e-7);
  });

  it('VJP and JVP satisfy ⟨x̄, ẋ⟩ = ⟨b̄, ḃ⟩ + ⟨Ā, Ȧ⟩ (one factorisation for both solves)', () => {
    const solver = new SparseLU({ engine: 'umfpack' });
    const xBar = randomVector(rng(14), n);
    const vjp = linearSolveVjp(op, b, solver);
    const { b: bBar, op: opBar } = vjp.pullback(xBar);
    vjp.dispose();
    expect(solver.factorizations).toBe(1);
    if (opBar.kind !== 'sparse') throw new Error(`expected a sparse cotangent, got ${opBar.kind}`);
    const { tangent } = linearSolveJvp(op, b, { op: new SparseOperator(dA), b: db }, new SparseLU());
    const lhs = dot(xBar, tangent);
    const rhs = dot(bBar, db) + dot(opBar.values, dA.values);
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
  });
});

afterAll(() => {
  expect(liveHandles()).toBe(0);
});
