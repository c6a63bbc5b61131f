/**
 * The raw native surface, bypassing the TypeScript checks: every function with garbage among
 * valid arguments, and corrupted compressed columns, to test the C++ backstop.
 */
import fc from 'fast-check';

import { CholmodError, CscMatrix, DisposedError, NotPositiveDefiniteError, cholesky, liveHandles } from '../../lib';
import { native } from '../../lib/cholmod/binding';
import { corrupt, corruptionArb, type RawCsc } from '../arbitraries/corruption';
import { garbageArb } from '../arbitraries/garbage';
import { spdArb } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';
import { checkNoLeak } from './checks';
import type { NamedProperty } from './named-property';
import { forgedHandle, lowerOf, nativeFunctions, validArgs } from './native-arguments';
import { typedOrValue, typedOrValueAsync } from './outcomes';

const nativeCallArb = fc.record({
  spd: spdArb(6),
  name: fc.constantFrom(...nativeFunctions()),
  // Replace some positions with garbage, forge the handle, cut or extend the argument list.
  replace: fc.array(fc.tuple(fc.nat(9), garbageArb), { maxLength: 3 }),
  forge: fc.option(fc.nat(), { freq: 3 }),
  length: fc.option(fc.nat(11), { freq: 4 }),
  disposeFirst: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
});

/** Every native function with nearly-valid arguments, one to three of them garbage: a typed error or a result, never a crash. */
const nativeGarbage = fc.asyncProperty(nativeCallArb, async ({ spd, name, replace, forge, length, disposeFirst }) => {
  const addon = native();
  const before = liveHandles();
  const threads = addon.getThreads();
  const f = cholesky(spd.A);
  const stale = cholesky(spd.A);
  const staleHandle = stale.handle;
  stale.dispose();
  const h = f.handle;
  const args = validArgs(name, h, spd);
  for (const [at, value] of replace) args[at % Math.max(1, args.length + 1)] = value;
  if (forge !== null && args.length) args[0] = forgedHandle(h, staleHandle, forge);
  if (length !== null) args.length = length;
  // setThreads(1024) is valid and would start a thousand BLAS threads: only garbage or small counts.
  if (name === 'setThreads' && typeof args[0] === 'number' && args[0] > 4) args[0] = 4;
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
  native().init({ CholmodError, NotPositiveDefiniteError, DisposedError, TypeError, RangeError });
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
            const h = addon.analyze(raw.nrows, raw.ncols, raw.colPtr, raw.rowIdx, raw.values, stype as -1, ordering, mode, 0);
            try {
              typedOrValue(() => addon.factorize(h, null, 0)); // may be not positive definite now
            } finally {
              addon.free(h);
            }
            return;
          }
          case 'inverseOnPattern': return addon.inverseOnPattern(f.handle, raw.colPtr, raw.rowIdx, new Float64Array(Math.max(0, raw.rowIdx.length)));
          case 'update': {
            const C = corrupt(CscMatrix.fromDense(n, 2, vectorFromSeed(2 * n, c.seed).map((v) => v / 8)), corruptions);
            return addon.update(f.handle, C.nrows, C.ncols, C.colPtr, C.rowIdx, C.values, false);
          }
          case 'solveSparse': {
            const B = corrupt(CscMatrix.fromDense(n, 2, vectorFromSeed(2 * n, c.seed)), corruptions);
            return addon.solveSparse(f.handle, 0, B.nrows, B.ncols, B.colPtr, B.rowIdx, B.values);
          }
          case 'factorize': return addon.factorize(f.handle, raw.values, 0);
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
  { name: 'native.csc', covers: 'corrupted compressed columns straight to native analyze/factorize/inverseOnPattern/update/solveSparse', property: nativeCsc },
];
