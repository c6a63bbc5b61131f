/**
 * The raw native surface, bypassing the TypeScript checks: every function with garbage among
 * valid arguments, and corrupted compressed columns, to test the C++ backstop.
 */
import fc from 'fast-check';

import {
  CholmodError, CscMatrix, DisposedError, LuError, NotPositiveDefiniteError, SingularMatrixError, ZeroPivotError, QrError, amg, cholesky, liveHandles, qr,
} from '../../lib';
import { native, scheduleMemoryReports } from '../../lib/native';
import { corrupt, corruptionArb, type RawCsc } from '../arbitraries/corruption';
import { clampSize, garbageArb } from '../arbitraries/garbage';
import { spdArb } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak } from './checks';
import type { NamedProperty } from './named-property';
import { forgedHandle, isQrFunction, lowerOf, nativeFunctions, onHierarchy, validArgs } from './native-arguments';
import { typedOrValue, typedOrValueAsync } from './outcomes';

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
  // The QR operations get a QR factor (of the general A), the others a CHOLMOD one.
  const f = isQrFunction(name) ? qr(spd.A.nrows > 0 ? spd.A : CscMatrix.identity(1)) : cholesky(spd.A);
  const stale = cholesky(spd.A);
  const staleHandle = stale.handle;
  stale.dispose();
  // The AMG operations on a hierarchy get one (of the same matrix) instead of the factor.
  const mg = onHierarchy(name) && spd.A.nrows > 0 ? amg(spd.A) : undefined;
  const h = mg ? mg.handle : f.handle;
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
    // elementPattern's n sizes its arrays (n = 2^31 − 1 is 40 GB, a real allocation, not a fault).
    const o = args[0] as Record<string, unknown>;
    if (name === 'elementPattern' && o !== null && typeof o === 'object') o.n = clampSize(o.n);
  }
  if (disposeFirst) {
    f.dispose();
    mg?.dispose();
  }
  const returned = new Set<number>();
  try {
    // init() raises its own errors before it knows the caller's classes: they come from the
    // main realm (under jest, a different one), so they are checked by name there.
    const call = () => (addon[name] as (...a: unknown[]) => unknown)(...args);
    const result = name === 'init' ? initOutcome(call) : await typedOrValueAsync(call);
    if (['analyze', 'analyzeAsync', 'cloneSymbolic', 'copyFactor', 'luAnalyze', 'luAnalyzeAsync', 'qrFactorize', 'qrFactorizeAsync', 'amgSetup', 'amgSetupAsync'].includes(name) && typeof result === 'number') returned.add(result);
  } finally {
    for (const handle of returned) addon.free(handle);
    f.dispose();
    mg?.dispose();
    addon.setThreads(threads);
    // init() with garbage may have replaced some error classes: hand the right ones back (and
    // the memory reports their timer).
    if (name === 'init') resetErrorClasses();
    if (name === 'setMemoryReportScheduler') addon.setMemoryReportScheduler(scheduleMemoryReports);
    if (name === 'setMemoryReports') addon.setMemoryReports(true);
    // A probe the call left running would tick every millisecond for the rest of the process.
    if (name === 'startLoopProbe') stopLoopProbeIfRunning();
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

/** Stops the loop probe that a valid startLoopProbe call started (stopLoopProbe raises when none runs). */
function stopLoopProbeIfRunning(): void {
  try {
    native().stopLoopProbe();
  } catch {
    // none was running
  }
}

function resetErrorClasses(): void {
  native().init({
    EngineError: CholmodError, NotPositiveDefiniteError, ZeroPivotError, LuError, SingularMatrixError, QrError, DisposedError,
    TypeError, RangeError,
  });
}

/** Corrupted compressed columns straight to native analyze, inverseOnPattern, update and solveSparse (the C++ backstop). */
const nativeCsc = fc.property(
  spdArb(8), fc.array(corruptionArb, { minLength: 1, maxLength: 3 }),
  fc.constantFrom('analyze', 'inverseOnPattern', 'update', 'solveSparse', 'factorize', 'qrFactorize', 'qrRefactor'), fc.constantFrom(-1, 1, 0, 2),
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
            // general: the addon also checks symmetry (on the corrupted arrays, after checking them).
            const h = addon.analyze({ A: raw, stype: stype as -1, general: ordering % 2 === 1, ordering, mode, kind: 0 });
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
          case 'qrFactorize': {
            // Any shape: a small corrupted matrix read as m × n with m = n - 1, n or n + 1. A
            // corrupted dimension is left as it is (2³¹ - 1 must be refused, not become 2³¹ - 2,
            // a valid row count for which SPQR would allocate tens of GB of workspace).
            const nrows = Number.isInteger(raw.nrows) && raw.nrows >= 1 && raw.nrows <= 64 ? raw.nrows + (ordering % 3) - 1 : raw.nrows;
            const h = addon.qrFactorize({ A: { ...raw, nrows }, ordering: [0, 1, 2, 4, 5, 6, 7, 8, 9][ordering], tolerance: stype - 1 });
            try {
              typedOrValue(() => addon.qrSolve({ handle: h, transpose: mode === 1, pseudoInverse: mode === 2, B: new Float64Array(n), nrhs: 1, X: new Float64Array(n) }));
            } finally {
              addon.free(h);
            }
            return;
          }
          case 'qrRefactor': {
            if (n === 0) return;
            using g = qr(A);
            return addon.qrRefactor({ handle: g.handle, values: raw.values });
          }
        }
      });
    } finally {
      f.dispose();
    }
    checkNoLeak(before, `native ${target}`);
    return true;
  },
);

export const NATIVE_PROPERTIES: NamedProperty[] = [
  { name: 'native.garbage', covers: 'every function of lib/native.ts with garbage arguments, forged/stale handles, disposed factors, short/long argument lists', property: nativeGarbage, weight: 2 },
  { name: 'native.csc', covers: 'corrupted compressed columns straight to native analyze/factorize/inverseOnPattern/update/solveSparse/qrFactorize/qrRefactor', property: nativeCsc },
];
