/** linearSolve with every solver on SPD operators of every kind, and with garbage in each argument. */
import fc from 'fast-check';

import {
  AutoSolver, CG, CholmodError, Cholesky, DiagonalOperator, DisposedError, LDLt, LU, LinearSolveError, MatrixOperator, QR,
  SparseOperator, TaggedOperator, linearSolve, liveHandles, positiveSemidefinite, symmetric,
} from '../../lib';
import { garbageArb } from '../arbitraries/garbage';
import { spdArb } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak, close } from './checks';
import { solveDense } from './dense-reference';
import type { NamedProperty } from './named-property';
import { typedOrValue } from './outcomes';

const solverArb = fc.constantFrom('auto', 'Cholesky', 'LDLt', 'LU', 'QR', 'CG');

/** linearSolve with CHOLMOD, dense and iterative solvers on SPD operators against the dense solve. */
const linearSolveValid = fc.property(spdArb(8), solverArb, fc.constantFrom('sparse', 'matrix', 'diagonal'), fc.integer(), (c, solverName, kind, seed) => {
  const n = c.A.nrows;
  if (n === 0) return true;
  const before = liveHandles();
  const dense = kind === 'diagonal' ? c.dense.map((v, k) => (k % (n + 1) === 0 ? v : 0)) : c.dense;
  const op = kind === 'sparse' ? new SparseOperator(c.A, [symmetric, positiveSemidefinite])
    : kind === 'matrix' ? new TaggedOperator(new MatrixOperator({ nrows: n, ncols: n, data: dense }), [symmetric, positiveSemidefinite])
    : new TaggedOperator(new DiagonalOperator(Float64Array.from({ length: n }, (_, k) => dense[k + k * n])), [symmetric, positiveSemidefinite]);
  const solver = { auto: new AutoSolver(), Cholesky: new Cholesky(), LDLt: new LDLt(), LU: new LU(), QR: new QR(), CG: new CG({ rtol: 1e-12, atol: 0, maxSteps: 10 * n }) }[solverName];
  const b = vectorFromSeed(n, seed);
  const sol = typedOrValue(() => linearSolve(op, b, solver as never), [TypeError]); // a solver may refuse an operator kind
  if (sol) close(sol.value, solveDense(dense, n, b), 1e-7, `linearSolve ${solverName} on ${kind}`);
  checkNoLeak(before, 'linearSolve');
  return true;
});

/** Garbage right-hand sides, operators and options to linearSolve. */
const linearSolveGarbage = fc.property(spdArb(6), fc.array(garbageArb, { minLength: 1, maxLength: 4 }), fc.nat(3), (c, args, which) => {
  const before = liveHandles();
  const op = new SparseOperator(c.A);
  const call = [op, vectorFromSeed(c.A.nrows, 1), new Cholesky(), undefined] as unknown[];
  args.forEach((a, k) => { call[(which + k) % call.length] = a; });
  typedOrValue(() => (linearSolve as (...a: unknown[]) => unknown)(...call), [TypeError, RangeError, LinearSolveError, CholmodError, DisposedError]);
  checkNoLeak(before, 'linearSolve garbage');
  return true;
});

export const LINEAR_SOLVE_PROPERTIES: NamedProperty[] = [
  { name: 'linearSolve.valid', covers: 'linearSolve with AutoSolver/Cholesky/LDLt/LU/QR/CG on sparse/dense/diagonal SPD operators vs dense', property: linearSolveValid },
  { name: 'linearSolve.garbage', covers: 'garbage operators, right-hand sides, solvers, options to linearSolve', property: linearSolveGarbage },
];
