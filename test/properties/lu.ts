/**
 * lu() / LUFactor, both engines and their options, on random nonsingular unsymmetric matrices
 * against a dense LU; structurally singular matrices; corrupted compressed columns straight to the
 * native luAnalyze / luFactorize (the C++ backstop); async solves and refactors racing a dispose.
 */
import fc from 'fast-check';

import { CscMatrix, DisposedError, LuError, SingularMatrixError, liveHandles, lu, luAnalyze, type LuOptions } from '../../lib';
import { native } from '../../lib/native';
import { denseOf, logAbsDet, matmul, rng } from '../helpers/dense';
import { corrupt, corruptionArb, type RawCsc } from '../arbitraries/corruption';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak, close } from './checks';
import { solveDense } from './dense-reference';
import type { NamedProperty } from './named-property';
import { expectThrows, typedOrValue, typedOrValueAsync, TYPED } from './outcomes';

interface LuCase {
  A: CscMatrix;
  dense: Float64Array;
  seed: number;
}

/** A random sparse unsymmetric matrix, made nonsingular by a dominant diagonal of random sign. */
function buildUnsymmetric(n: number, density: number, seed: number): LuCase {
  const rand = rng(seed);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const rowSum = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (i === j || rand() > density) continue;
      const v = 2 * rand() - 1;
      rows.push(i); cols.push(j); vals.push(v);
      rowSum[i] += Math.abs(v);
    }
  }
  for (let i = 0; i < n; i++) {
    rows.push(i); cols.push(i); vals.push((rand() < 0.5 ? -1 : 1) * (rowSum[i] + 0.5 + rand()));
  }
  const A = CscMatrix.fromTriplets(n, n, rows, cols, vals);
  return { A, dense: denseOf(A), seed };
}

const luCaseArb = (maxN = 12): fc.Arbitrary<LuCase> =>
  fc.record({ n: fc.integer({ min: 1, max: maxN }), density: fc.double({ min: 0, max: 0.6, noNaN: true }), seed: fc.integer() })
    .map(({ n, density, seed }) => buildUnsymmetric(n, density, seed));

const luOptionsArb: fc.Arbitrary<LuOptions> = fc.oneof(
  fc.record({
    engine: fc.constant('umfpack' as const),
    ordering: fc.constantFrom('default' as const, 'amd' as const, 'cholmod' as const, 'metis' as const, 'best' as const, 'natural' as const),
    strategy: fc.constantFrom('auto' as const, 'symmetric' as const, 'unsymmetric' as const),
    scaling: fc.constantFrom('none' as const, 'sum' as const, 'max' as const),
    pivotTolerance: fc.constantFrom(0.1, 0.5, 1),
  }, { requiredKeys: ['engine'] }),
  fc.record({
    engine: fc.constant('klu' as const),
    ordering: fc.constantFrom('default' as const, 'amd' as const, 'colamd' as const, 'natural' as const),
    scaling: fc.constantFrom('none' as const, 'sum' as const, 'max' as const),
    pivotTolerance: fc.constantFrom(0.001, 0.1, 1),
    btf: fc.boolean(),
  }, { requiredKeys: ['engine'] }),
);

function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) t[j + i * n] = a[i + j * n];
  return t;
}

const luValid = fc.property(luCaseArb(), luOptionsArb, fc.integer(), fc.boolean(), (c, opts, seed, viaAnalyze) => {
  const before = liveHandles();
  const n = c.A.nrows;
  const f = viaAnalyze ? luAnalyze(c.A, opts) : lu(c.A, opts);
  try {
    if (viaAnalyze) {
      expectThrows(() => f.solve(new Float64Array(n)), LuError);
      f.refactor(c.A.values);
    }
    const b = vectorFromSeed(n, seed);
    close(f.solve(b), solveDense(c.dense, n, b), 1e-9, 'solve');
    close(f.solve(b, { transpose: true }), solveDense(transpose(c.dense, n), n, b), 1e-9, 'transpose solve');
    const B = vectorFromSeed(2 * n, seed + 1);
    close(f.solve({ nrows: n, ncols: 2, data: B }).data, solveDense(c.dense, n, B), 1e-9, 'solve (2 right-hand sides)');
    const det = f.logDeterminant();
    const ref = logAbsDet(c.dense, n);
    if (det.sign !== ref.sign || Math.abs(det.logAbsDet - ref.logAbsDet) > 1e-9 * Math.max(1, Math.abs(ref.logAbsDet))) {
      throw new Error(`logDeterminant ${JSON.stringify(det)} vs ${JSON.stringify(ref)}`);
    }
    const rc = f.rcond();
    if (!(rc > 0 && rc <= 1)) throw new Error(`rcond ${rc}`);
    // (diag(rowScale)⁻¹ A)[p, q] = L U + F
    const { L, U, F, p, q, rowScale } = f.extract();
    const LU = matmul(denseOf(L), denseOf(U), n, n, n);
    const Fd = denseOf(F);
    const scaled = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) scaled[i + j * n] = c.dense[p[i] + q[j] * n] / rowScale[p[i]];
    close(LU.map((v, k) => v + Fd[k]), scaled, 1e-12, 'L U + F = scaled A[p, q]');
    // New values on the same pattern.
    const scale = 0.5 + (seed >>> 0) / 2 ** 32;
    f.refactor(c.A.values.map((v) => v * scale));
    close(f.solve(b), solveDense(c.dense.map((v) => v * scale), n, b), 1e-9, 'solve after refactor');
  } finally {
    f.dispose();
  }
  f.dispose();
  for (const use of [() => f.solve(new Float64Array(n)), () => f.logDeterminant(), () => f.extract(), () => f.refactor(c.A), () => f.info, () => f.rcond()]) {
    expectThrows(use, DisposedError);
  }
  checkNoLeak(before, 'lu');
  return true;
});

/** A zero row or column (structurally singular): SingularMatrixError from both engines, nothing leaked. */
const luSingular = fc.property(luCaseArb(10), fc.nat(), fc.boolean(), fc.constantFrom('umfpack' as const, 'klu' as const), (c, pick, row, engine) => {
  const before = liveHandles();
  const n = c.A.nrows;
  const k = pick % n;
  const dense = c.dense.slice();
  for (let t = 0; t < n; t++) dense[row ? k + t * n : t + k * n] = 0;
  const A = CscMatrix.fromDense(n, n, dense);
  expectThrows(() => lu(A, { engine }), SingularMatrixError);
  checkNoLeak(before, 'lu singular');
  return true;
});

/** Corrupted compressed columns straight to native luAnalyze and luFactorize. */
const nativeLuCsc = fc.property(
  luCaseArb(8), fc.array(corruptionArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(0, 1), fc.boolean(),
  (c, corruptions, engine, refactor) => {
    const addon = native();
    const before = liveHandles();
    const raw: RawCsc = corrupt(c.A, corruptions);
    const codes = { engine, ordering: -1, strategy: -1, scaling: -1, btf: -1, refinementSteps: -1, pivotTolerance: -1, symPivotTolerance: -1 };
    const allowed = [...TYPED, LuError];
    if (refactor) {
      const h = addon.luAnalyze({ A: c.A, ...codes });
      try {
        typedOrValue(() => addon.luFactorize({ handle: h, values: raw.values }), allowed);
      } finally {
        addon.free(h);
      }
    } else {
      typedOrValue(() => {
        const h = addon.luAnalyze({ A: raw, ...codes });
        try {
          typedOrValue(() => addon.luFactorize({ handle: h, values: null }), allowed);
        } finally {
          addon.free(h);
        }
      }, allowed);
    }
    checkNoLeak(before, 'native luAnalyze');
    return true;
  },
);

/** Async solves and refactors in flight while the factor is disposed: results or DisposedError, never a crash. */
const luAsyncRace = fc.asyncProperty(luCaseArb(40), fc.constantFrom('umfpack' as const, 'klu' as const), fc.array(fc.constantFrom('solve', 'solveT', 'refactor', 'dispose'), { minLength: 1, maxLength: 8 }),
  async (c, engine, steps) => {
    const before = liveHandles();
    const f = lu(c.A, { engine });
    const b = vectorFromSeed(c.A.nrows, c.seed);
    const pending: Array<Promise<unknown>> = [];
    for (const step of steps) {
      if (step === 'dispose') f.dispose();
      else if (step === 'refactor') pending.push(typedOrValueAsync(() => f.refactorAsync(c.A.values), [DisposedError]));
      else pending.push(typedOrValueAsync(() => f.solveAsync(b, { transpose: step === 'solveT' }), [DisposedError]));
    }
    for (const result of await Promise.all(pending)) {
      if (result instanceof Float64Array && !result.every(Number.isFinite)) throw new Error('a solve returned a non-finite value');
    }
    f.dispose();
    // Jobs hold their factor until they settle; all have settled here.
    checkNoLeak(before, 'lu async race');
    return true;
  });

export const LU_PROPERTIES: NamedProperty[] = [
  { name: 'lu.valid', covers: 'lu / luAnalyze+refactor, both engines and their orderings/strategies/scalings/tolerances: solve (A, Aᵀ, 2 rhs), logDeterminant, rcond, extract (L U + F), refactor, dispose', property: luValid },
  { name: 'lu.singular', covers: 'a zero row or column: SingularMatrixError from UMFPACK and KLU, no leak', property: luSingular },
  { name: 'native.lu-csc', covers: 'corrupted compressed columns straight to native luAnalyze / luFactorize', property: nativeLuCsc },
  { name: 'lu.async-race', covers: 'solveAsync / refactorAsync in flight while the factor is disposed', property: luAsyncRace },
];
