/**
 * Property-based tests of every public entry point and of the raw native surface.
 *
 * Two kinds of property:
 * - valid input: the result agrees with an independent dense reference (test/helpers/dense.ts);
 * - invalid input: the call either succeeds (the input happened to be valid) or throws one of
 *   spsolve's typed errors, never a crash, never an accidental engine error ("Cannot read
 *   properties of undefined", "Invalid typed array length", ...) that shows an input went
 *   unchecked.
 *
 * Used by test/fuzz.test.ts (a few dozen runs each, inside `npm test`) and by
 * bench/reliability/fuzz.ts (`npm run fuzz`: many runs in child processes, so that a crash is
 * observed and reported with its seed instead of killing the runner).
 */
import fc from 'fast-check';

import {
  CholmodError, CscMatrix, DisposedError, MatrixMarketError, analyze, cholesky, choleskyAsync, formatMatrixMarket,
  liveHandles, parseMatrixMarket, readMatrixMarket, linearSolve, SparseOperator, MatrixOperator, DiagonalOperator,
  TaggedOperator, symmetric, positiveSemidefinite, Cholesky, LDLt, LU, QR, CG, AutoSolver, LinearSolveError,
  poisson2d, poisson3d, factorBatch, factorBatchAsync, type Factor, type DenseMatrix, type SolveSystem,
} from '../../lib';
import { SOLVE_SYSTEM_CODES } from '../../lib/cholmod/factor';
import { native, type NativeAddon } from '../../lib/native';
import { denseOf, inverse as denseInverse, logAbsDet, relErr, solveDense as denseSolve } from '../../test/helpers/dense';
import { corrupt, corruptionArb, garbageArb, optionsArb, spdArb, vectorFromSeed, type RawCsc, type SpdCase } from './arbitraries';

// ---- outcome checks ------------------------------------------------------------------------

/** Engine messages that mean an input reached code that never checked it. */
const ACCIDENTAL = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Invalid typed array length|Invalid array length|Array buffer allocation failed|Maximum call stack|Cannot mix BigInt|out of memory|Invalid atomic access|offset is out of bounds|must be called with new/;

const TYPED: Array<abstract new (...args: never[]) => Error> = [TypeError, RangeError, CholmodError, DisposedError, MatrixMarketError];

/**
 * Findings reported to the owners of the code and not fixed yet. They are tolerated, and counted
 * (see `knownIssueHits`), so that `npm test` stays green meanwhile; FUZZ_STRICT=1 fails on them.
 */
export const KNOWN_ISSUES: Array<{ id: string; where: string; pattern: RegExp }> = [
];
export const knownIssueHits = new Map<string, number>();
/**
 * Engine TypeErrors / RangeErrors from exports outside the core (operators, solvers, ad, fem,
 * plot) given garbage: typed, so not failures, but a sign that an argument is not checked.
 * Collected by `api.garbage` as `export: message` and listed in the fuzz report.
 */
export const uncheckedHits = new Map<string, number>();
const strict = process.env.FUZZ_STRICT === '1';

/** Throws (failing the property) unless `error` is one of the typed errors and not an accidental one. */
export function assertTyped(error: unknown, allowed = TYPED): void {
  if (!(error instanceof Error)) {
    // An engine error raised in another realm (jest runs tests in a vm context whose TypeError is
    // not the main one's): judge it by its name.
    const foreign = Object.prototype.toString.call(error) === '[object Error]' ? (error as Error) : undefined;
    if (!foreign || !allowed.some((C) => C.name === foreign.name)) throw new Error(`threw a non-Error: ${String(error)}`);
    if (ACCIDENTAL.test(foreign.message)) throw new Error(`unchecked input (${foreign.name}): ${foreign.message}`);
    return;
  }
  const known = strict ? undefined : KNOWN_ISSUES.find((k) => k.pattern.test(error.message));
  if (known) {
    knownIssueHits.set(known.id, (knownIssueHits.get(known.id) ?? 0) + 1);
    return;
  }
  if (!allowed.some((C) => error instanceof C)) {
    throw new Error(`untyped error ${error.constructor?.name}: ${error.message}`);
  }
  // A TypeError is expected for a wrong type, but not one the engine raised deep inside.
  if (ACCIDENTAL.test(error.message)) throw new Error(`unchecked input (${error.name}): ${error.message}`);
}

/** Runs fn; returns its value, or undefined after checking that what it threw is typed. */
export function typedOrValue<T>(fn: () => T, allowed = TYPED): T | undefined {
  try {
    return fn();
  } catch (error) {
    assertTyped(error, allowed);
    return undefined;
  }
}

/** As typedOrValue for a call that may throw synchronously or return a promise that may reject. */
export async function typedOrValueAsync<T>(fn: () => T | Promise<T>, allowed = TYPED): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    assertTyped(error, allowed);
    return undefined;
  }
}

function expectThrows(fn: () => unknown, ...classes: Array<abstract new (...args: never[]) => Error>): void {
  try {
    fn();
  } catch (error) {
    assertTyped(error, classes);
    return;
  }
  throw new Error(`expected ${classes.map((c) => c.name).join(' or ')}, nothing was thrown`);
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  const err = relErr(actual, expected);
  if (!(err <= tol)) throw new Error(`${what}: relative error ${err} > ${tol}`);
}

/** The handle count must come back to where a case started: every factor it made is freed. */
function checkNoLeak(before: number, what: string): void {
  const after = liveHandles();
  if (after !== before) throw new Error(`${what}: liveHandles() ${before} → ${after}`);
}

// ---- dense helpers (independent of the library) ---------------------------------------------

/** The helpers' dense solve, also for n = 0 (nrhs would be 0 / 0 there). */
function solveDense(a: Float64Array, n: number, b: Float64Array): Float64Array {
  return n === 0 ? new Float64Array(0) : denseSolve(a, n, b);
}

function inverse(a: Float64Array, n: number): Float64Array {
  return n === 0 ? new Float64Array(0) : denseInverse(a, n);
}

function shifted(dense: Float64Array, n: number, shift: number): Float64Array {
  const a = dense.slice();
  for (let j = 0; j < n; j++) a[j + j * n] += shift;
  return a;
}

function denseMul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) {
    const bkj = b[k + j * n];
    if (bkj !== 0) for (let i = 0; i < n; i++) c[i + j * n] += a[i + k * n] * bkj;
  }
  return c;
}

function denseT(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) t[j + i * n] = a[i + j * n];
  return t;
}

function mv(a: Float64Array, n: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) y[i] += a[i + j * n] * x[j];
  return y;
}

/** The matrix each solve system inverts, from the factor's own L, D and P (so systems are checked against each other). */
function systemMatrix(system: SolveSystem, L: Float64Array, D: Float64Array, perm: Int32Array, A: Float64Array, n: number): Float64Array {
  const Dm = new Float64Array(n * n);
  D.forEach((d, k) => { Dm[k + k * n] = d; });
  const Lt = denseT(L, n);
  const P = new Float64Array(n * n);
  perm.forEach((p, k) => { P[k + p * n] = 1; }); // (P x)[k] = x[perm[k]]
  switch (system) {
    case 'A': return A;
    case 'LDLt': return denseMul(denseMul(L, Dm, n), Lt, n);
    case 'LD': return denseMul(L, Dm, n);
    case 'DLt': return denseMul(Dm, Lt, n);
    case 'L': return L;
    case 'Lt': return Lt;
    case 'D': return Dm;
    case 'P': return denseT(P, n); // x = P b  ⇔  Pᵀ x = b
    case 'Pt': return P;
  }
}

// ---- properties --------------------------------------------------------------------------

export interface NamedProperty {
  name: string;
  /** What the property covers, for the fuzz report. */
  covers: string;
  property: fc.IRawProperty<any, boolean>;
  /** Share of the fuzz budget (1 = the default number of runs). */
  weight?: number;
}

/** CscMatrix from random triplets (duplicates, any order) and its methods against dense loops. */
const cscValid = fc.property(
  fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }),
  fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: -4, max: 4, noNaN: true })), { maxLength: 40 }),
  fc.integer(),
  (nrows, ncols, triplets, seed) => {
    const t = nrows && ncols ? triplets.map(([i, j, v]) => [i % nrows, j % ncols, v] as const) : [];
    const A = CscMatrix.fromTriplets(nrows, ncols, t.map((e) => e[0]), t.map((e) => e[1]), t.map((e) => e[2]));
    const ref = new Float64Array(nrows * ncols);
    for (const [i, j, v] of t) ref[i + j * nrows] += v;
    close(denseOf(A), ref, 1e-15, 'fromTriplets');
    // The constructor on the same columns in reverse order (unsorted) canonicalises to the same matrix.
    const rev = A.rowIdx.slice();
    const revValues = A.values.slice();
    for (let j = 0; j < ncols; j++) {
      rev.subarray(A.colPtr[j], A.colPtr[j + 1]).reverse();
      revValues.subarray(A.colPtr[j], A.colPtr[j + 1]).reverse();
    }
    const B = new CscMatrix(nrows, ncols, Array.from(A.colPtr), rev, revValues);
    if (!B.samePattern(A)) throw new Error('constructor did not canonicalise an unsorted column');
    close(B.toDense(), ref, 1e-15, 'toDense');
    close(A.transpose().toDense(), denseOf(A.transpose()), 0, 'transpose');
    const x = vectorFromSeed(ncols, seed);
    const y = vectorFromSeed(nrows, seed + 1);
    const ax = new Float64Array(nrows), aty = new Float64Array(ncols);
    for (let j = 0; j < ncols; j++) for (let i = 0; i < nrows; i++) { ax[i] += ref[i + j * nrows] * x[j]; aty[j] += ref[i + j * nrows] * y[i]; }
    close(A.matvec(x), ax, 1e-12, 'matvec');
    close(A.rmatvec(y), aty, 1e-12, 'rmatvec');
    if (nrows && ncols) {
      const i = (seed >>> 0) % nrows, j = (seed >>> 8) % ncols;
      if (A.get(i, j) !== ref[i + j * nrows]) throw new Error('get');
    }
    return true;
  },
);

/** The CscMatrix constructor on corrupted arrays: a valid matrix or a TypeError / RangeError. */
const cscInvalid = fc.property(
  spdArb(8), fc.array(corruptionArb, { minLength: 1, maxLength: 3 }), fc.constantFrom('lower', 'upper', 'general', 'full', undefined),
  (c, corruptions, symmetry) => {
    const raw = corrupt(c.A, corruptions);
    const M = typedOrValue(() => new CscMatrix(raw.nrows, raw.ncols, raw.colPtr, raw.rowIdx, raw.values, { symmetry } as never));
    if (M) {
      if (M.colPtr.length !== M.ncols + 1 || M.colPtr[M.ncols] !== M.nnz || M.values.some((v) => !Number.isFinite(v))) {
        throw new Error('constructor accepted arrays that break the invariants');
      }
    }
    return true;
  },
);

/** Garbage to every CscMatrix factory and method. */
const cscGarbage = fc.property(
  fc.constantFrom('new', 'fromTriplets', 'fromDense', 'identity', 'matvec', 'rmatvec', 'withValues', 'get', 'samePattern', 'poisson2d', 'poisson3d'),
  fc.array(garbageArb, { maxLength: 6 }),
  (what, args) => {
    const A = poisson2d(3);
    const a = args as any[];
    typedOrValue(() => {
      switch (what) {
        case 'new': return new (CscMatrix as any)(...a);
        // Valid but huge sizes (identity(2^31 - 1) is 32 GB of arrays) are a real allocation,
        // not a fault: the factories get small or absurd sizes only.
        case 'fromTriplets': return (CscMatrix.fromTriplets as any)(...a.map(clampSize));
        case 'fromDense': return (CscMatrix.fromDense as any)(...a.map(clampSize));
        case 'identity': return (CscMatrix.identity as any)(...a.map(clampSize));
        case 'matvec': return (A.matvec as any)(...a);
        case 'rmatvec': return (A.rmatvec as any)(...a);
        case 'withValues': return (A.withValues as any)(...a);
        case 'get': return (A.get as any)(...a);
        case 'samePattern': return (A.samePattern as any)(...a);
        case 'poisson2d': return (poisson2d as any)(...a.map(clampSize));
        case 'poisson3d': return (poisson3d as any)(...a.map(clampSize));
      }
    });
    return true;
  },
);

function clampSize(x: unknown): unknown {
  return typeof x === 'number' && x > 64 && x < 2 ** 31 ? 64 : x;
}

/** cholesky / analyze+refactor with every ordering, mode and kind: every Factor method against dense references. */
function checkFactor(f: Factor, c: SpdCase, shift: number, seed: number): void {
  const n = c.A.nrows;
  const A = shifted(c.dense, n, shift);
  const b = vectorFromSeed(n, seed);
  close(f.solve(b), solveDense(A, n, b), 1e-9, 'solve');
  const B: DenseMatrix = { nrows: n, ncols: 2, data: vectorFromSeed(2 * n, seed + 7) };
  close(f.solve(B).data, solveDense(A, n, B.data), 1e-9, 'solve (2 right-hand sides)');
  const { logAbsDet: ld } = logAbsDet(A, n);
  if (Math.abs(f.logdet() - ld) > 1e-9 * Math.max(1, Math.abs(ld))) throw new Error(`logdet ${f.logdet()} vs ${ld}`);
  const Z = inverse(A, n);
  const sel = f.selectedInverse();
  const P = c.A;
  for (let j = 0; j < n; j++) for (let k = P.colPtr[j]; k < P.colPtr[j + 1]; k++) {
    const z = Z[P.rowIdx[k] + j * n];
    if (Math.abs(sel[k] - z) > 1e-9 * Math.max(1, Math.abs(z))) throw new Error(`selectedInverse[${k}] ${sel[k]} vs ${z}`);
  }
  const perm = f.permutation;
  if (new Set(perm).size !== n || perm.some((p) => p < 0 || p >= n)) throw new Error('permutation is not a permutation');
  const rc = f.rcond();
  if (!(rc > 0 && rc <= 1)) throw new Error(`rcond ${rc}`);
  const L = denseOf(f.L());
  const D = f.D();
  // P A Pᵀ = L D Lᵀ
  const PAPt = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) PAPt[k + l * n] = A[perm[k] + perm[l] * n];
  close(systemMatrix('LDLt', L, D, perm, A, n), PAPt, 1e-10, 'L D Lᵀ = P A Pᵀ');
  for (const system of Object.keys(SOLVE_SYSTEM_CODES) as SolveSystem[]) {
    const x = f.solve(b, { system });
    close(mv(systemMatrix(system, L, D, perm, A, n), n, x), b, 1e-9, `solve system ${system}`);
  }
}

const choleskyValid = fc.property(spdArb(), optionsArb, fc.integer(), fc.boolean(), (c, opts, seed, viaAnalyze) => {
  const before = liveHandles();
  const f = viaAnalyze ? analyze(c.A, opts) : cholesky(c.A, opts);
  try {
    if (viaAnalyze) {
      expectThrows(() => f.solve(new Float64Array(c.A.nrows)), CholmodError); // not factorised yet
      f.refactor(c.A.values);
    }
    checkFactor(f, c, opts.shift ?? 0, seed);
    // New values on the same pattern (scaled), and a new shift.
    const scale = 0.5 + (seed >>> 0) / 2 ** 32;
    const scaledDense = c.dense.map((v) => v * scale);
    f.refactor(c.A.values.map((v) => v * scale), { shift: 0.25 });
    checkFactor(f, { ...c, dense: scaledDense }, 0.25, seed + 1);
  } finally {
    f.dispose();
  }
  f.dispose(); // idempotent
  for (const use of [() => f.solve(new Float64Array(c.A.nrows)), () => f.logdet(), () => f.L(), () => f.D(), () => f.refactor(c.A),
                     () => f.selectedInverse(), () => f.permutation, () => f.info, () => f.rcond()]) {
    expectThrows(use, DisposedError);
  }
  checkNoLeak(before, 'cholesky');
  return true;
});

/** Rank-one update and downdate against the dense A ± c cᵀ. */
const updateValid = fc.property(spdArb(10), fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (c, seed, density) => {
  const n = c.A.nrows;
  if (n === 0) return true;
  const before = liveHandles();
  const f = cholesky(c.A);
  try {
    const col = vectorFromSeed(n, seed).map((v, k) => ((k * 7919 + seed) >>> 0) % 100 < density * 100 ? v : 0);
    const C = CscMatrix.fromDense(n, 1, col);
    f.update(C);
    const up = c.dense.slice();
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) up[i + j * n] += col[i] * col[j];
    const b = vectorFromSeed(n, seed + 3);
    close(f.solve(b), solveDense(up, n, b), 1e-9, 'solve after update');
    f.update(C, { downdate: true });
    close(f.solve(b), solveDense(c.dense, n, b), 1e-8, 'solve after downdate');
  } finally {
    f.dispose();
  }
  checkNoLeak(before, 'update');
  return true;
});

/** rowDelete / rowAdd, solveSparse, inverseColumns (dense and sparse) against dense references. */
const modifyValid = fc.property(spdArb(10), fc.nat(), fc.integer(), (c, pick, seed) => {
  const n = c.A.nrows;
  if (n === 0) return true;
  const before = liveHandles();
  const f = cholesky(c.A);
  try {
    const Z = inverse(c.dense, n);
    const cols = [pick % n, (pick >>> 4) % n, pick % n];
    const X = f.inverseColumns(cols);
    cols.forEach((col, j) => close(X.data.subarray(j * n, (j + 1) * n), Z.subarray(col * n, (col + 1) * n), 1e-9, 'inverseColumns'));
    const Xs = f.inverseColumns(cols, { format: 'sparse' });
    close(denseOf(Xs), X.data, 1e-12, 'inverseColumns sparse');
    const B = CscMatrix.fromDense(n, 2, vectorFromSeed(2 * n, seed).map((v) => (v > 0 ? v : 0)));
    const XB = f.solveSparse(B);
    const denseB = denseOf(B);
    close(denseOf(XB), [...solveDense(c.dense, n, denseB.subarray(0, n)), ...solveDense(c.dense, n, denseB.subarray(n))], 1e-9, 'solveSparse');
    // Row and column k replaced by the identity's, then put back.
    const k = pick % n;
    f.rowDelete(k);
    const deleted = c.dense.slice();
    for (let i = 0; i < n; i++) { deleted[i + k * n] = 0; deleted[k + i * n] = 0; }
    deleted[k + k * n] = 1;
    const b = vectorFromSeed(n, seed + 1);
    close(f.solve(b), solveDense(deleted, n, b), 1e-9, 'solve after rowDelete');
    f.rowAdd(k, c.dense.slice(k * n, (k + 1) * n));
    close(f.solve(b), solveDense(c.dense, n, b), 1e-8, 'solve after rowAdd');
  } finally {
    f.dispose();
  }
  checkNoLeak(before, 'modify');
  return true;
});

/** factorBatch / factorBatchAsync: one analysis, several value sets, each factor against its dense matrix. */
const batchValid = fc.asyncProperty(spdArb(8), fc.array(fc.double({ min: 0.25, max: 4, noNaN: true }), { maxLength: 4 }), fc.boolean(), fc.integer(),
  async (c, scales, useAsync, seed) => {
    const before = liveHandles();
    const n = c.A.nrows;
    const sets = scales.map((s) => c.A.values.map((v) => s * v));
    const factors = useAsync ? await factorBatchAsync(c.A, sets) : factorBatch(c.A, sets);
    try {
      if (factors.length !== scales.length) throw new Error('factorBatch returned the wrong number of factors');
      const b = vectorFromSeed(n, seed);
      factors.forEach((f, k) => close(f.solve(b), solveDense(c.dense.map((v) => scales[k] * v), n, b), 1e-9, `factorBatch[${k}]`));
    } finally {
      for (const f of factors) f.dispose();
    }
    checkNoLeak(before, 'factorBatch');
    return true;
  });

/** choleskyAsync / solveAsync / refactorAsync against the dense reference. */
const choleskyAsyncValid = fc.asyncProperty(spdArb(10), optionsArb, fc.integer(), async (c, opts, seed) => {
  const before = liveHandles();
  const n = c.A.nrows;
  const f = await choleskyAsync(c.A, opts);
  try {
    const b = vectorFromSeed(n, seed);
    const [x1, x2] = await Promise.all([f.solveAsync(b), f.solveAsync(b)]);
    const ref = solveDense(shifted(c.dense, n, opts.shift ?? 0), n, b);
    close(x1, ref, 1e-9, 'solveAsync');
    close(x2, ref, 1e-9, 'solveAsync (concurrent)');
    await f.refactorAsync(c.A.values.map((v) => 2 * v), { shift: 0 });
    close(await f.solveAsync(b), solveDense(c.dense.map((v) => 2 * v), n, b), 1e-9, 'solveAsync after refactorAsync');
  } finally {
    f.dispose();
  }
  await expectRejects(() => f.solveAsync(new Float64Array(n)), DisposedError);
  checkNoLeak(before, 'choleskyAsync');
  return true;
});

async function expectRejects(fn: () => Promise<unknown>, ...classes: Array<abstract new (...args: never[]) => Error>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    assertTyped(error, classes);
    return;
  }
  throw new Error(`expected ${classes.map((c) => c.name).join(' or ')}, nothing was thrown`);
}

/** Invalid input to cholesky, analyze and every Factor method: typed errors only, factor still usable. */
const choleskyInvalid = fc.property(
  spdArb(8),
  fc.constantFrom('cholesky', 'analyze', 'solve', 'solveDense', 'refactor', 'refactorValues', 'selectedInverse', 'update', 'solveSparse', 'inverseColumns',
                  'rowDelete', 'rowAdd', 'factorBatch', 'notPositiveDefinite', 'unsymmetric'),
  fc.array(garbageArb, { maxLength: 4 }),
  fc.integer(),
  (c, what, args, seed) => {
    const before = liveHandles();
    const n = c.A.nrows;
    const f = cholesky(c.A);
    const a = args as any[];
    try {
      const made = typedOrValue((): unknown => {
        switch (what) {
          case 'cholesky': return (cholesky as any)(...a);
          case 'analyze': return (analyze as any)(a[0] ?? c.A, a[1]);
          case 'solve': return (f.solve as any).apply(f, a);
          case 'solveDense': return f.solve({ nrows: a[0], ncols: a[1], data: a[2] } as any, a[3]);
          case 'refactor': return (f.refactor as any).apply(f, a);
          case 'refactorValues': return f.refactor(c.A.values.map((v, k) => (k === (seed >>> 0) % Math.max(1, c.A.nnz) ? (a[0] as number) : v)) as any);
          case 'selectedInverse': return (f.selectedInverse as any).apply(f, a);
          case 'update': return (f.update as any).apply(f, a);
          case 'solveSparse': return (f.solveSparse as any).apply(f, a);
          case 'inverseColumns': return (f.inverseColumns as any).apply(f, a);
          case 'rowDelete': return (f.rowDelete as any).apply(f, a);
          case 'rowAdd': return (f.rowAdd as any).apply(f, a);
          case 'factorBatch': {
            const made = (factorBatch as any)(a[0] ?? c.A, a[1], a[2]) as Factor[];
            made.forEach((m) => m.dispose());
            return undefined;
          }
          case 'notPositiveDefinite': {
            // Flip the sign of one diagonal entry: not positive definite (LLᵀ); column reported.
            const values = c.A.values.slice();
            if (n === 0) return undefined;
            const j = (seed >>> 0) % n;
            for (let k = c.A.colPtr[j]; k < c.A.colPtr[j + 1]; k++) if (c.A.rowIdx[k] === j) values[k] = -values[k];
            return cholesky(c.A.withValues(values), { ordering: 'natural' });
          }
          case 'unsymmetric': {
            if (n < 2) return undefined;
            const G = c.A.toGeneral();
            const values = G.values.slice();
            const off = Array.from(G.rowIdx).findIndex((r, k) => r !== colOf(G, k));
            if (off < 0) return undefined;
            values[off] += 1;
            return cholesky(G.withValues(values));
          }
        }
      });
      if (made && typeof made === 'object' && 'dispose' in made && typeof made.dispose === 'function') made.dispose();
      if (what === 'notPositiveDefinite' && n > 0 && made !== undefined) throw new Error('a matrix with a negative diagonal entry was factorised');
      // The factor survives whatever happened to it: a call that changed it (refactor, update) may
      // leave it unfactorised, which is a typed error too; any other call leaves it as it was.
      const b = vectorFromSeed(n, seed);
      const x = typedOrValue(() => f.solve(b));
      const changes = ['refactor', 'refactorValues', 'update', 'rowDelete', 'rowAdd'].includes(what);
      if (!changes) close(x ?? [], solveDense(c.dense, n, b), 1e-8, 'solve after invalid call');
    } finally {
      f.dispose();
    }
    checkNoLeak(before, what);
    return true;
  },
);

function colOf(A: CscMatrix, k: number): number {
  let j = 0;
  while (A.colPtr[j + 1] <= k) j++;
  return j;
}

// ---- the raw native surface ----------------------------------------------------------------

type NativeName = Exclude<keyof NativeAddon, 'buildInfo'>;

const KNOWN_NATIVE_FUNCTIONS: NativeName[] = [
  'analyze', 'analyzeAsync', 'factorize', 'factorizeAsync', 'solve', 'solveAsync', 'update', 'updateAsync', 'rowDelete', 'rowAdd',
  'solveSparse', 'cloneSymbolic', 'inverseOnPattern', 'logdet', 'rcond', 'permutation', 'factorL', 'factorD', 'factorInfo', 'free',
  'liveHandles', 'externalMemory', 'setThreads', 'getThreads', 'init', 'outerOnPattern',
];

/** The functions that take positional arguments; every operation takes one arguments object. */
const POSITIONAL: NativeName[] = ['free', 'liveHandles', 'externalMemory', 'setThreads', 'getThreads', 'blasThreadsNow', 'init'];

/** Every function the addon exports (a function added to it later is fuzzed too, with a `handle` argument). */
function nativeFunctions(): NativeName[] {
  const exported = Object.getOwnPropertyNames(native()).filter((k) => typeof (native() as unknown as Record<string, unknown>)[k] === 'function');
  return [...new Set([...KNOWN_NATIVE_FUNCTIONS, ...exported])] as NativeName[];
}

/**
 * Valid arguments for each native function, around a live factor of `c.A` (handle h): the one
 * arguments object of an operation, or the positional list of the few functions that take one.
 */
function validArgs(name: NativeName, h: number, c: SpdCase): Record<string, unknown> | unknown[] {
  const A = c.A.symmetry === 'general' ? lowerOf(c.A) : c.A;
  const n = A.nrows;
  const stype = c.A.symmetry === 'upper' ? 1 : -1;
  const C = CscMatrix.fromDense(n, 1, vectorFromSeed(n, 1).map((v) => v / 4));
  const csc = (M: CscMatrix) => ({ nrows: M.nrows, ncols: M.ncols, colPtr: M.colPtr, rowIdx: M.rowIdx, values: M.values });
  switch (name) {
    case 'analyze': case 'analyzeAsync': return { A: csc(A), stype, ordering: 2, mode: 0, kind: 0 };
    case 'factorize': case 'factorizeAsync': return { handle: h, values: null, shift: 0 };
    case 'solve': case 'solveAsync': return { handle: h, system: 0, B: new Float64Array(n), nrhs: 1, X: new Float64Array(n) };
    case 'update': case 'updateAsync': return { handle: h, C: csc(C), downdate: false };
    case 'solveSparse': return { handle: h, system: 0, B: csc(C) };
    case 'rowDelete': return { handle: h, k: n - 1 };
    case 'rowAdd': return { handle: h, k: n - 1, column: new Float64Array(n) };
    case 'inverseOnPattern': return { handle: h, pattern: { ...csc(A), values: null }, out: new Float64Array(A.nnz) };
    case 'permutation': return { handle: h, out: new Int32Array(n) };
    case 'factorD': return { handle: h, out: new Float64Array(n) };
    case 'outerOnPattern': return {
      ncols: n, colPtr: A.colPtr, rowIdx: A.rowIdx, triangle: true, left: new Float64Array(2 * n), m: n,
      right: new Float64Array(2 * n), n, k: 2, scale: -1, out: new Float64Array(A.nnz), scratch: new Float64Array(8 * n),
    };
    case 'liveHandles': case 'getThreads': case 'externalMemory': case 'blasThreadsNow': return [];
    case 'setThreads': return [1];
    case 'init': return [{}];
    case 'free': return [h];
    default: return { handle: h };
  }
}

function lowerOf(A: CscMatrix): CscMatrix {
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < A.ncols; j++) for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
    if (A.rowIdx[k] >= j) { rows.push(A.rowIdx[k]); cols.push(j); vals.push(A.values[k]); }
  }
  return CscMatrix.fromTriplets(A.nrows, A.ncols, rows, cols, vals, { symmetry: 'lower' });
}

/** Handle-like numbers: stale, off by one, another generation, never a handle, not an integer. */
function forgedHandle(h: number, stale: number, pick: number): number {
  const span = 2 ** 24;
  const forged = [0, -1, 1, h + 1, h - 1, h + span, h - span, h + 0.5, stale, -h, h * 2, span, span - 1, 2 ** 52, 2 ** 53, 2 ** 60,
                  span * 2 ** 28, span * (2 ** 28 + 1), NaN, Infinity, -Infinity, Number.MAX_VALUE, h % span];
  return forged[pick % forged.length];
}

const nativeCallArb = fc.record({
  spd: spdArb(6),
  name: fc.constantFrom(...nativeFunctions()),
  // Replace some arguments with garbage (an operation's fields, nested matrices' fields, or the
  // whole object), forge the handle, drop arguments.
  replace: fc.array(fc.tuple(fc.nat(12), garbageArb), { maxLength: 3 }),
  forge: fc.option(fc.nat(), { freq: 3 }),
  drop: fc.option(fc.nat(12), { freq: 4 }),
  disposeFirst: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
});

/** Every native function with nearly-valid arguments, one to three of them garbage: a typed error or a result, never a crash. */
const nativeGarbage = fc.asyncProperty(nativeCallArb, async ({ spd, name, replace, forge, drop, disposeFirst }) => {
  const addon = native();
  const before = liveHandles();
  const threads = addon.getThreads();
  const f = cholesky(spd.A);
  const stale = cholesky(spd.A);
  const staleHandle = stale.handle;
  stale.dispose();
  const h = f.handle;
  const valid = validArgs(name, h, spd);
  let args: unknown[];
  if (Array.isArray(valid)) {
    args = valid;
    for (const [at, value] of replace) args[at % Math.max(1, args.length + 1)] = value;
    if (forge !== null && name === 'free') args[0] = forgedHandle(h, staleHandle, forge);
    if (drop !== null) args.length = Math.min(args.length, drop % 2);
    // setThreads(1024) is valid and would start a thousand BLAS threads: only garbage or small counts.
    if (name === 'setThreads' && typeof args[0] === 'number' && args[0] > 4) args[0] = 4;
  } else {
    if (forge !== null && 'handle' in valid) valid.handle = forgedHandle(h, staleHandle, forge);
    args = [garble(valid, replace, drop)];
  }
  if (disposeFirst) f.dispose();
  const returned = new Set<number>();
  try {
    // init() raises its own errors before it knows the caller's classes: they come from the
    // main realm (under jest, a different one), so they are checked by name there.
    const call = () => (addon[name] as (...a: unknown[]) => unknown)(...args);
    const result = name === 'init' ? initOutcome(call) : await typedOrValueAsync(call);
    if ((name === 'analyze' || name === 'analyzeAsync' || name === 'cloneSymbolic') && typeof result === 'number') returned.add(result);
  } finally {
    for (const handle of returned) addon.free(handle);
    f.dispose();
    addon.setThreads(threads);
    // init() with garbage may have replaced some error classes: hand the right ones back.
    if (name === 'init') resetErrorClasses();
  }
  checkNoLeak(before, `native ${name}`);
  return true;
});

/**
 * An operation's arguments object with some fields garbage: a field of the object, or of a
 * nested sparse matrix; past the last field, the whole object. `drop` deletes one field.
 */
function garble(valid: Record<string, unknown>, replace: [number, unknown][], drop: number | null): unknown {
  const args: Record<string, unknown> = { ...valid };
  const slots: [Record<string, unknown>, string][] = [];
  for (const key of Object.keys(args)) {
    const value = args[key];
    if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      const nested: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      args[key] = nested;
      for (const field of Object.keys(nested)) slots.push([nested, field]);
    }
    slots.push([args, key]);
  }
  for (const [at, value] of replace) {
    if (at % (slots.length + 1) === slots.length) return value;
    const [target, key] = slots[at % (slots.length + 1)];
    target[key] = value;
  }
  if (drop !== null) {
    const [target, key] = slots[drop % slots.length];
    delete target[key];
  }
  return args;
}

function initOutcome(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    const e = error as Error;
    if (Object.prototype.toString.call(e) !== '[object Error]' || e.name !== 'TypeError') throw new Error(`init threw ${String(e)}`);
    return undefined;
  }
}

function resetErrorClasses(): void {
  const { NotPositiveDefiniteError } = require('../../lib/cholmod/errors');
  native().init({ EngineError: CholmodError, NotPositiveDefiniteError, DisposedError, TypeError, RangeError });
}

/** Corrupted compressed columns straight to native analyze, inverseOnPattern, update and solveSparse (the C++ backstop). */
const nativeCsc = fc.property(
  spdArb(8), fc.array(corruptionArb, { minLength: 1, maxLength: 3 }),
  fc.constantFrom('analyze', 'inverseOnPattern', 'update', 'solveSparse', 'factorize'), fc.constantFrom(-1, 1, 0, 2),
  fc.nat(6), fc.nat(2),
  (c, corruptions, target, stype, ordering, mode) => {
    const addon = native();
    const before = liveHandles();
    const A = c.A.symmetry === 'general' ? lowerOf(c.A) : c.A;
    const f = cholesky(A);
    try {
      const raw: RawCsc = corrupt(A, corruptions);
      const n = A.nrows;
      typedOrValue(() => {
        switch (target) {
          case 'analyze': {
            const h = addon.analyze({ A: raw, stype: stype as -1, ordering, mode, kind: 0 });
            try {
              typedOrValue(() => addon.factorize({ handle: h, values: null, shift: 0 })); // may be not positive definite now
            } finally {
              addon.free(h);
            }
            return;
          }
          case 'inverseOnPattern': {
            const pattern = { nrows: n, ncols: n, colPtr: raw.colPtr, rowIdx: raw.rowIdx, values: null };
            return addon.inverseOnPattern({ handle: f.handle, pattern, out: new Float64Array(Math.max(0, raw.rowIdx.length)) });
          }
          case 'update': {
            const C = corrupt(CscMatrix.fromDense(n, 2, vectorFromSeed(2 * n, c.seed).map((v) => v / 8)), corruptions);
            return addon.update({ handle: f.handle, C, downdate: false });
          }
          case 'solveSparse': {
            const B = corrupt(CscMatrix.fromDense(n, 2, vectorFromSeed(2 * n, c.seed)), corruptions);
            return addon.solveSparse({ handle: f.handle, system: 0, B });
          }
          case 'factorize': return addon.factorize({ handle: f.handle, values: raw.values, shift: 0 });
        }
      });
    } finally {
      f.dispose();
    }
    checkNoLeak(before, `native ${target}`);
    return true;
  },
);

// ---- Matrix Market -----------------------------------------------------------------------

/** A random text edit: delete, insert, replace, duplicate a line, truncate. */
const textEditArb = fc.record({
  op: fc.constantFrom('delete', 'insert', 'replace', 'duplicateLine', 'truncate', 'swapWord'),
  at: fc.nat(),
  text: fc.oneof(
    fc.constantFrom(' ', '\n', '\r\n', '\t', '%', '-', '+', '.', 'e', 'E', '0', '9', '99999999999', 'nan', 'inf', '1e400', '-0', '%%MatrixMarket', '\u0000', '\u00ff', 'é'),
    fc.string({ maxLength: 4 }),
  ),
  word: fc.constantFrom('matrix', 'coordinate', 'array', 'real', 'integer', 'pattern', 'complex', 'general', 'symmetric', 'skew-symmetric', 'hermitian', 'vector', 'double'),
});

function applyEdit(s: string, e: { op: string; at: number; text: string; word: string }): string {
  const at = s.length ? e.at % (s.length + 1) : 0;
  switch (e.op) {
    case 'delete': return s.slice(0, at) + s.slice(at + 1 + (e.at % 3));
    case 'insert': return s.slice(0, at) + e.text + s.slice(at);
    case 'replace': return s.slice(0, at) + e.text + s.slice(at + e.text.length);
    case 'truncate': return s.slice(0, at);
    case 'duplicateLine': {
      const lines = s.split('\n');
      const k = e.at % lines.length;
      lines.splice(k, 0, lines[k]);
      return lines.join('\n');
    }
    default: { // swap a banner word
      const words = s.split(' ');
      words[e.at % words.length] = e.word;
      return words.join(' ');
    }
  }
}

const matrixArb = fc.oneof(
  spdArb(8).map((c) => c.A as CscMatrix | DenseMatrix),
  fc.record({ nrows: fc.integer({ min: 0, max: 6 }), ncols: fc.integer({ min: 0, max: 6 }), seed: fc.integer() })
    .map(({ nrows, ncols, seed }) => ({ nrows, ncols, data: vectorFromSeed(nrows * ncols, seed) }) as DenseMatrix),
  fc.record({ n: fc.integer({ min: 1, max: 7 }), seed: fc.integer(), density: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ n, seed, density }) => CscMatrix.fromDense(n, n + (seed & 1), vectorFromSeed(n * (n + (seed & 1)), seed).map((v) => (Math.abs(v) < density ? v : 0))) as CscMatrix | DenseMatrix),
);

/** format → parse is the identity; every mutation of the text parses or gives a MatrixMarketError. */
const matrixMarket = fc.property(
  matrixArb, fc.array(textEditArb, { maxLength: 4 }), fc.boolean(),
  (m, edits, asBytes) => {
    const text = formatMatrixMarket(m);
    const back = parseMatrixMarket(text);
    const denseIn = m instanceof CscMatrix ? denseOf(m) : m.data;
    const denseBack = back instanceof CscMatrix ? denseOf(back) : back.data;
    close(denseBack, denseIn, 1e-15, 'Matrix Market round trip');
    let mutated = text;
    for (const e of edits) mutated = applyEdit(mutated, e);
    const input = asBytes ? new TextEncoder().encode(mutated) : mutated;
    const parsed = typedOrValue(() => parseMatrixMarket(input), [MatrixMarketError]);
    if (parsed instanceof CscMatrix) {
      if (parsed.colPtr[parsed.ncols] !== parsed.nnz || parsed.values.some((v) => !Number.isFinite(v))) throw new Error('parsed matrix breaks invariants');
    }
    if (mutated.includes('\n') || mutated.startsWith('%%MatrixMarket')) typedOrValue(() => readMatrixMarket(mutated), [MatrixMarketError]);
    return true;
  },
);

/** Raw bytes and random text to the parser. */
const matrixMarketRaw = fc.property(
  fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ maxLength: 200 }),
    fc.tuple(
      fc.constantFrom('%%MatrixMarket matrix coordinate real general', '%%MatrixMarket matrix array real symmetric', '%%MatrixMarket matrix coordinate pattern symmetric', '%%MatrixMarket matrix coordinate integer skew-symmetric', '%%MatrixMarket matrix array integer general'),
      fc.array(fc.array(fc.oneof(fc.integer({ min: -3, max: 12 }).map(String), fc.double().map(String), fc.constantFrom('4294967296', '2147483648', '1e999', '0x10', '')), { maxLength: 4 }), { maxLength: 8 }),
    ).map(([banner, lines]) => [banner, ...lines.map((l) => l.join(' '))].join('\n')),
  ),
  (input) => {
    typedOrValue(() => parseMatrixMarket(input), [MatrixMarketError]);
    return true;
  },
);

// ---- operators, solvers, linearSolve -------------------------------------------------------

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

// ---- every other export ---------------------------------------------------------------------

/**
 * Exports left out of the generic garbage property: ones that touch the file system with a
 * garbage path (writeMatrixMarket, readMatrixMarket, spy) or change process-wide state
 * (setThreads); error classes, which accept anything.
 */
const NOT_CALLED = new Set(['writeMatrixMarket', 'readMatrixMarket', 'spy', 'setThreads', 'Factor' /* @internal constructor */, 'CholmodError', 'DisposedError',
  'NotPositiveDefiniteError', 'MatrixMarketError', 'LinearSolveError', 'MissingTagError', 'UnsupportedOperatorError', 'UnsupportedDerivativeError']);

/**
 * Exports that crash or hang on garbage, reported and not fixed yet (docs/reliability.md, "Bugs
 * found"): left out so that `npm test` stays usable; FUZZ_STRICT=1 puts them back.
 * - eliminateDofs(2 ** 32, []): V8 fatal "invalid size error" (the process dies) — nDofs unchecked;
 * - denseTranspose({ nrows: 5e-324, ncols: 2 ** 53, data }): endless loop — M unchecked;
 * - projectCotangent(diagonalOp, { nrows: 7, ncols: 2 ** 32, data }, …): endless loop — left/right unchecked.
 */
export const KNOWN_CRASHES: string[] = [];

function exportedFunctions(): string[] {
  const lib = require('../../lib') as Record<string, unknown>;
  const skipped = new Set([...NOT_CALLED, ...(strict ? [] : KNOWN_CRASHES)]);
  return Object.keys(lib).filter((k) => typeof lib[k] === 'function' && !skipped.has(k)).sort();
}

/** A few valid values of the library's own types, so garbage is mixed with things that get further in. */
function realisticArgs(seed: number): unknown[] {
  const c = buildSpdCached(seed);
  return [c.A, new SparseOperator(c.A), vectorFromSeed(c.A.nrows, seed), { nrows: c.A.nrows, ncols: 1, data: vectorFromSeed(c.A.nrows, seed) },
          new Cholesky(), new DiagonalOperator(new Float64Array(c.A.nrows).fill(2))];
}

const spdCache = new Map<number, SpdCase>();
function buildSpdCached(seed: number): SpdCase {
  const key = seed & 7;
  if (!spdCache.has(key)) spdCache.set(key, spdArbSample(key));
  return spdCache.get(key)!;
}
function spdArbSample(key: number): SpdCase {
  return fc.sample(spdArb(6), { seed: key, numRuns: 1 })[0];
}

/** Every exported function (called) and class (constructed) with garbage and realistic arguments mixed. */
const apiGarbage = fc.asyncProperty(
  fc.constantFrom(...exportedFunctions()), fc.array(fc.oneof(garbageArb, fc.nat(5).map((k) => ({ realistic: k }))), { maxLength: 5 }), fc.integer(),
  async (name, rawArgs, seed) => {
    const before = liveHandles();
    const lib = require('../../lib') as Record<string, (...a: unknown[]) => unknown>;
    const realistic = realisticArgs(seed);
    const args = rawArgs.map((a) => (a && typeof a === 'object' && 'realistic' in a ? realistic[(a as { realistic: number }).realistic] : clampSize(a)));
    const fn = lib[name];
    // `new` only for classes, a plain call only for functions (calling a class is the harness's mistake).
    const asConstructor = /^class\b/.test(Function.prototype.toString.call(fn));
    let result: unknown;
    try {
      result = await (asConstructor ? new (fn as unknown as new (...a: unknown[]) => unknown)(...args) : fn(...args));
    } catch (error) {
      const e = error as Error;
      const engineError = Object.prototype.toString.call(e) === '[object Error]' && (e.name === 'TypeError' || e.name === 'RangeError');
      if (engineError && ACCIDENTAL.test(e.message)) {
        const message = e.message.replace(/\(reading '[^']*'\)/, '(reading …)').replace(/^(number|bigint|symbol|function|object|string) .*is not iterable.*/, '$1 … is not iterable');
        const key = `${name}: ${message.slice(0, 80)}`;
        uncheckedHits.set(key, (uncheckedHits.get(key) ?? 0) + 1);
      } else {
        assertTyped(e, [...TYPED, LinearSolveError]);
      }
    }
    // Whatever came back that holds native factors is released.
    // (a dispose() without parameters: a solver's dispose(state) is not a release of the solver).
    const release = (x: unknown) => {
      const d = x && typeof x === 'object' ? (x as { dispose?: unknown }).dispose : undefined;
      if (typeof d === 'function' && d.length === 0) d.call(x);
    };
    if (Array.isArray(result)) result.forEach(release); else release(result);
    checkNoLeak(before, `api ${name}`);
    return true;
  },
);

export const PROPERTIES: NamedProperty[] = [
  { name: 'csc.valid', covers: 'CscMatrix.fromTriplets / constructor / toDense / transpose / matvec / rmatvec / get vs dense', property: cscValid },
  { name: 'csc.invalid', covers: 'CscMatrix constructor on corrupted arrays (colPtr not monotone, out-of-range or duplicate indices, NaN/Inf, wrong lengths, bad dimensions)', property: cscInvalid },
  { name: 'csc.garbage', covers: 'garbage arguments to CscMatrix factories and methods, poisson2d/3d', property: cscGarbage },
  { name: 'cholesky.valid', covers: 'cholesky / analyze+refactor, every ordering/mode/kind, shift: solve (1 and many rhs, all 9 systems), logdet, selectedInverse, L, D, permutation, rcond, refactor, dispose', property: choleskyValid },
  { name: 'cholesky.update', covers: 'Factor.update / downdate vs dense A ± c cᵀ', property: updateValid },
  { name: 'cholesky.modify', covers: 'rowDelete / rowAdd, solveSparse, inverseColumns (dense and sparse) vs dense', property: modifyValid },
  { name: 'cholesky.batch', covers: 'factorBatch / factorBatchAsync vs dense', property: batchValid, weight: 0.5 },
  { name: 'cholesky.async', covers: 'choleskyAsync, concurrent solveAsync, refactorAsync, disposed solveAsync', property: choleskyAsyncValid, weight: 0.5 },
  { name: 'cholesky.invalid', covers: 'garbage to cholesky/analyze/solve/refactor/selectedInverse/update/solveSparse/inverseColumns/rowDelete/rowAdd/factorBatch; not positive definite; unsymmetric', property: choleskyInvalid },
  { name: 'native.garbage', covers: 'every function of lib/native.ts with garbage arguments, forged/stale handles, disposed factors, short/long argument lists', property: nativeGarbage, weight: 2 },
  { name: 'native.csc', covers: 'corrupted compressed columns straight to native analyze/factorize/inverseOnPattern/update/solveSparse', property: nativeCsc },
  { name: 'matrixMarket.mutate', covers: 'formatMatrixMarket → parseMatrixMarket round trip; mutated text and bytes', property: matrixMarket },
  { name: 'matrixMarket.raw', covers: 'random bytes, strings and banner + random token lines to parseMatrixMarket', property: matrixMarketRaw },
  { name: 'linearSolve.valid', covers: 'linearSolve with AutoSolver/Cholesky/LDLt/LU/QR/CG on sparse/dense/diagonal SPD operators vs dense', property: linearSolveValid },
  { name: 'linearSolve.garbage', covers: 'garbage operators, right-hand sides, solvers, options to linearSolve', property: linearSolveGarbage },
  { name: 'api.garbage', covers: 'every other exported function and class of lib/index.ts (operators, solvers, ad, fem, plot, dense helpers, ...), called and constructed with garbage and realistic arguments', property: apiGarbage, weight: 2 },
];

