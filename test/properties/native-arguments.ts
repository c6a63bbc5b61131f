/**
 * Nearly-valid calls of the raw native surface (lib/native.ts): the function list, valid
 * arguments around a live factor, and forged handles. The native properties then spoil them.
 */
import { CscMatrix } from '../../lib';
import { native } from '../../lib/cholmod/binding';
import type { NativeAddon } from '../../lib/native';
import type { SpdCase } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';

export type NativeName = Exclude<keyof NativeAddon, 'buildInfo'>;

const KNOWN_NATIVE_FUNCTIONS: NativeName[] = [
  'analyze', 'analyzeAsync', 'factorize', 'factorizeAsync', 'solve', 'solveAsync', 'update', 'updateAsync', 'rowDelete', 'rowAdd',
  'solveSparse', 'cloneSymbolic', 'inverseOnPattern', 'logdet', 'rcond', 'permutation', 'factorL', 'factorD', 'factorInfo', 'free',
  'liveHandles', 'externalMemory', 'setThreads', 'getThreads', 'init',
];

/** Every function the addon exports (a function added to it later is fuzzed too, with a handle as its first argument). */
export function nativeFunctions(): NativeName[] {
  const exported = Object.getOwnPropertyNames(native()).filter((k) => typeof (native() as unknown as Record<string, unknown>)[k] === 'function');
  return [...new Set([...KNOWN_NATIVE_FUNCTIONS, ...exported])] as NativeName[];
}

/** Valid arguments for each native function, around a live factor of `c.A` (handle h). */
export function validArgs(name: NativeName, h: number, c: SpdCase): unknown[] {
  const { nrows: n, colPtr, rowIdx, values } = c.A.symmetry === 'general' ? lowerOf(c.A) : c.A;
  const stype = c.A.symmetry === 'upper' ? 1 : -1;
  const C = CscMatrix.fromDense(n, 1, vectorFromSeed(n, 1).map((v) => v / 4));
  switch (name) {
    case 'analyze': case 'analyzeAsync': return [n, n, colPtr, rowIdx, values, stype, 2, 0, 0];
    case 'factorize': case 'factorizeAsync': return [h, null, 0];
    case 'solve': case 'solveAsync': return [h, 0, new Float64Array(n), 1, new Float64Array(n)];
    case 'update': case 'updateAsync': return [h, n, 1, C.colPtr, C.rowIdx, C.values, false];
    case 'solveSparse': return [h, 0, n, 1, C.colPtr, C.rowIdx, C.values];
    case 'rowDelete': return [h, n - 1];
    case 'rowAdd': return [h, n - 1, new Float64Array(n)];
    case 'inverseOnPattern': return [h, colPtr, rowIdx, new Float64Array(rowIdx.length)];
    case 'permutation': return [h, new Int32Array(n)];
    case 'factorD': return [h, new Float64Array(n)];
    case 'liveHandles': case 'getThreads': case 'externalMemory': return [];
    case 'setThreads': return [1];
    case 'init': return [{}];
    default: return [h];
  }
}

/** The lower triangle of a symmetric matrix stored in full: the native surface takes one triangle only. */
export function lowerOf(A: CscMatrix): CscMatrix {
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  for (let j = 0; j < A.ncols; j++) for (let k = A.colPtr[j]; k < A.colPtr[j + 1]; k++) {
    if (A.rowIdx[k] >= j) { rows.push(A.rowIdx[k]); cols.push(j); vals.push(A.values[k]); }
  }
  return CscMatrix.fromTriplets(A.nrows, A.ncols, rows, cols, vals, { symmetry: 'lower' });
}

/** Handle-like numbers: stale, off by one, another generation, never a handle, not an integer. */
export function forgedHandle(h: number, stale: number, pick: number): number {
  const span = 2 ** 24;
  const forged = [0, -1, 1, h + 1, h - 1, h + span, h - span, h + 0.5, stale, -h, h * 2, span, span - 1, 2 ** 52, 2 ** 53, 2 ** 60,
                  span * 2 ** 28, span * (2 ** 28 + 1), NaN, Infinity, -Infinity, Number.MAX_VALUE, h % span];
  return forged[pick % forged.length];
}
