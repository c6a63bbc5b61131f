/**
 * Structural corruption of compressed-column arrays: the mistakes a caller of the native surface
 * (or of the CscMatrix constructor) could make, generated and applied to a copy.
 */
import fc from 'fast-check';

import { nastyNumberArb } from './garbage';

export interface RawCsc {
  nrows: number;
  ncols: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
}

/** One structural mistake a caller of the native surface could make. */
export type Corruption =
  | { kind: 'colPtrEntry'; at: number; value: number }
  | { kind: 'rowIdxEntry'; at: number; value: number }
  | { kind: 'value'; at: number; value: number }
  | { kind: 'swapColPtr'; at: number }
  | { kind: 'truncate'; array: 'colPtr' | 'rowIdx' | 'values'; by: number }
  | { kind: 'extend'; array: 'colPtr' | 'rowIdx' | 'values'; by: number }
  | { kind: 'dimension'; which: 'nrows' | 'ncols'; value: number };

const indexValueArb = fc.oneof(fc.integer({ min: -3, max: 30 }), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1, 2 ** 30));

export const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('colPtrEntry' as const), at: fc.nat(), value: indexValueArb }),
  fc.record({ kind: fc.constant('rowIdxEntry' as const), at: fc.nat(), value: indexValueArb }),
  fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: fc.constantFrom(NaN, Infinity, -Infinity, 1e308) }),
  fc.record({ kind: fc.constant('swapColPtr' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), array: fc.constantFrom('colPtr' as const, 'rowIdx' as const, 'values' as const), by: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('extend' as const), array: fc.constantFrom('colPtr' as const, 'rowIdx' as const, 'values' as const), by: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('dimension' as const), which: fc.constantFrom('nrows' as const, 'ncols' as const), value: fc.oneof(fc.integer({ min: 0, max: 20 }), nastyNumberArb) }),
);

/** Copies of the arrays with the corruptions applied (the originals are untouched). */
export function corrupt(m: RawCsc, corruptions: readonly Corruption[]): RawCsc {
  let { nrows, ncols } = m;
  let colPtr = m.colPtr.slice();
  let rowIdx = m.rowIdx.slice();
  let values = m.values.slice();
  const resize = <T extends Int32Array | Float64Array>(a: T, length: number): T => {
    const out = new (a.constructor as new (n: number) => T)(Math.max(0, length));
    out.set(a.subarray(0, Math.min(a.length, out.length)));
    return out;
  };
  for (const c of corruptions) {
    switch (c.kind) {
      case 'colPtrEntry': if (colPtr.length) colPtr[c.at % colPtr.length] = c.value; break;
      case 'rowIdxEntry': if (rowIdx.length) rowIdx[c.at % rowIdx.length] = c.value; break;
      case 'value': if (values.length) values[c.at % values.length] = c.value; break;
      case 'swapColPtr':
        if (colPtr.length > 2) {
          const k = 1 + (c.at % (colPtr.length - 2));
          [colPtr[k], colPtr[k + 1]] = [colPtr[k + 1], colPtr[k]];
        }
        break;
      case 'truncate':
      case 'extend': {
        const by = c.kind === 'truncate' ? -c.by : c.by;
        if (c.array === 'colPtr') colPtr = resize(colPtr, colPtr.length + by);
        else if (c.array === 'rowIdx') rowIdx = resize(rowIdx, rowIdx.length + by);
        else values = resize(values, values.length + by);
        break;
      }
      case 'dimension':
        if (c.which === 'nrows') nrows = c.value; else ncols = c.value;
        break;
    }
  }
  return { nrows, ncols, colPtr, rowIdx, values };
}
