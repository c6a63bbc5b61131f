/**
 * Nearly-valid calls of the raw native surface (lib/native.ts): the function list, valid
 * arguments around a live factor, and forged handles. The native properties then spoil them.
 */
import { CscMatrix } from '../../lib';
import { native, scheduleMemoryReports, type NativeAddon } from '../../lib/native';
import type { SpdCase } from '../arbitraries/spd';
import { vectorFromSeed } from '../arbitraries/vector';

export type NativeName = Exclude<keyof NativeAddon, 'buildInfo'>;

const KNOWN_NATIVE_FUNCTIONS: NativeName[] = [
  'analyze', 'analyzeAsync', 'factorize', 'factorizeAsync', 'solve', 'solveAsync', 'update', 'updateAsync', 'rowDelete', 'rowAdd',
  'solveSparse', 'cloneSymbolic', 'inverseOnPattern', 'logdet', 'rcond', 'permutation', 'factorL', 'factorD', 'factorInfo', 'free',
  'liveHandles', 'externalMemory', 'setThreads', 'getThreads', 'init', 'outerOnPattern', 'copyFactor', 'changeKind', 'ordering',
  'orderingAsync', 'etree', 'etreeAsync', 'elementPattern', 'cscColumnsCheck', 'cscColumnsCheckAsync', 'setMemoryReportScheduler',
  'flushMemoryReports', 'setMemoryReports', 'threadCpuMs', 'startLoopProbe', 'stopLoopProbe',
  'qrFactorize', 'qrFactorizeAsync', 'qrRefactor', 'qrRefactorAsync', 'qrSolve', 'qrSolveAsync', 'qrR', 'qrColumnPermutation', 'qrInfo',
  'amgSetup', 'amgSetupAsync', 'amgRefresh', 'amgRefreshAsync', 'amgSolve', 'amgSolveAsync', 'amgCycle', 'amgInfo',
];

/** The functions that take a QR factor's handle (validArgs gets one for them, not a CHOLMOD factor's). */
export const isQrFunction = (name: string): boolean => name.startsWith('qr') && !name.startsWith('qrFactorize');

/** The AMG operations on an existing hierarchy: fuzzed around a live hierarchy instead of a factor. */
export const onHierarchy = (name: NativeName): boolean => name.startsWith('amg') && !name.startsWith('amgSetup');

/** Every function the addon exports (a function added to it later is fuzzed too, with a `handle` argument). */
export function nativeFunctions(): NativeName[] {
  const exported = Object.getOwnPropertyNames(native()).filter((k) => typeof (native() as unknown as Record<string, unknown>)[k] === 'function');
  // The AMG operations exist only in builds with HYPRE (buildInfo().amg).
  const known = KNOWN_NATIVE_FUNCTIONS.filter((name) => !name.startsWith('amg') || exported.includes(name));
  return [...new Set([...known, ...exported])] as NativeName[];
}

/**
 * Valid arguments for each native function, around a live factor of `c.A` (handle h; for
 * {@link onHierarchy} functions, a live AMG hierarchy of it): the one
 * arguments object of an operation, or the positional list of the few functions that take one.
 */
export function validArgs(name: NativeName, h: number, c: SpdCase): Record<string, unknown> | unknown[] {
  const A = c.A.symmetry === 'general' ? lowerOf(c.A) : c.A;
  const n = A.nrows;
  const stype = c.A.symmetry === 'upper' ? 1 : -1;
  const C = CscMatrix.fromDense(n, 1, vectorFromSeed(n, 1).map((v) => v / 4));
  const csc = (M: CscMatrix) => ({ nrows: M.nrows, ncols: M.ncols, colPtr: M.colPtr, rowIdx: M.rowIdx, values: M.values });
  switch (name) {
    case 'analyze': case 'analyzeAsync': return {
      A: csc(A), stype, general: false, ordering: 2, mode: 0, kind: 0, perm: Int32Array.from({ length: n }, (_, k) => n - 1 - k), fset: null,
    };
    case 'factorize': case 'factorizeAsync': return { handle: h, values: null, shift: 0, check: false };
    case 'changeKind': return { handle: h, kind: 1 };
    case 'ordering': case 'orderingAsync': return { A: { ...csc(A), values: null }, stype, method: 4, fset: null, constraints: new Int32Array(n), out: new Int32Array(n) };
    case 'etree': case 'etreeAsync': return {
      A: csc(A), stype, perm: Int32Array.from({ length: n }, (_, k) => k), parent: new Int32Array(n), colCount: new Int32Array(n),
    };
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
    // Each stored entry (i, j) of A as a two-node element [j, i]; a dof of −1 eliminated.
    case 'elementPattern': {
      const elementDofs: number[] = [];
      for (let j = 0; j < n; j++) for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) elementDofs.push(j, (q + c.seed) % 5 === 0 ? -1 : A.rowIdx[q]);
      return { n, elementDofs: Int32Array.from(elementDofs), dofsPerElement: 2, sign: c.seed % 3 - 1 };
    }
    case 'cscColumnsCheck': case 'cscColumnsCheckAsync': return { ...csc(A), triangle: stype };
    case 'luAnalyze': case 'luAnalyzeAsync': return {
      A: csc(c.A.toGeneral()), engine: c.seed & 1, ordering: -1, strategy: -1, scaling: -1, btf: -1, refinementSteps: -1,
      pivotTolerance: -1, symPivotTolerance: -1,
    };
    // On the Cholesky factor h these raise TypeError (a factor is not an 'lu'): the kind check.
    case 'luFactorize': case 'luFactorizeAsync': return { handle: h, values: null };
    case 'luSolve': case 'luSolveAsync': return { handle: h, transpose: false, B: new Float64Array(n), nrhs: 1, X: new Float64Array(n) };
    // h is a QR factor of the general A (n × n) for these.
    case 'qrFactorize': case 'qrFactorizeAsync': return { A: csc(c.A.toGeneral()), ordering: 7, tolerance: -2 };
    case 'qrRefactor': case 'qrRefactorAsync': return { handle: h, values: c.A.toGeneral().values.slice() };
    case 'qrSolve': case 'qrSolveAsync':
      return { handle: h, transpose: c.seed % 2 === 1, pseudoInverse: c.seed % 3 === 0, B: new Float64Array(n), nrhs: 1, X: new Float64Array(n) };
    case 'qrColumnPermutation': return { handle: h, out: new Int32Array(n) };
    case 'amgSetup': case 'amgSetupAsync': return {
      A: csc(A), triangle: stype === 1 ? 2 : 1, vectors: new Float64Array(n), nvectors: 1, coarsening: 0, interpolation: 0, strongThreshold: 0.25,
      smoother: 0, cycle: 1, maxLevels: 25, aggressiveLevels: 0, numFunctions: n % 2 === 0 && n > 0 ? 2 : 1, nodal: 1, sweeps: 1,
    };
    case 'amgRefresh': case 'amgRefreshAsync': return { handle: h, values: A.values.slice() };
    case 'amgSolve': case 'amgSolveAsync': return { handle: h, b: new Float64Array(n).fill(1), x: new Float64Array(n), krylov: 1, rtol: 1e-8, atol: 0, maxIterations: 50, restart: 30 };
    case 'amgCycle': return { handle: h, r: new Float64Array(n).fill(1), z: new Float64Array(n) };
    case 'liveHandles': case 'getThreads': case 'externalMemory': case 'tileCounts': case 'flushMemoryReports': case 'threadCpuMs': return [];
    case 'setMemoryReportScheduler': return [scheduleMemoryReports];
    case 'setMemoryReports': return [true];
    case 'startLoopProbe': return [64];
    case 'stopLoopProbe': return [];
    case 'setThreads': return [1];
    case 'init': return [{}];
    case 'free': return [h];
    default: return { handle: h };
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
