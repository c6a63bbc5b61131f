/**
 * fast-check generators for the reliability properties (see properties.ts): small SPD matrices
 * with dense references, garbage values of every kind, and structural corruptions of the
 * compressed-column arrays. Shared by test/fuzz.test.ts (few runs) and `npm run fuzz` (many).
 */
import fc from 'fast-check';

import { CscMatrix, type Symmetry } from '../../lib/sparse';
import type { FactorOptions } from '../../lib/cholmod';
import { rng } from '../../test/helpers/dense';

export const ORDERINGS = ['default', 'best', 'amd', 'metis', 'nesdis', 'colamd', 'natural'] as const;
export const MODES = ['auto', 'simplicial', 'supernodal'] as const;

/** A symmetric positive definite matrix (diagonally dominant, so well conditioned) in one of the three storages. */
export interface SpdCase {
  A: CscMatrix;
  /** Dense n × n copy of the full symmetric matrix, built here, independent of the library. */
  dense: Float64Array;
  seed: number;
}

/** Random symmetric pattern with density `density`, off-diagonal values in [-1, 1], dominant diagonal. */
export function buildSpd(n: number, density: number, seed: number, symmetry: Symmetry): SpdCase {
  const rand = rng(seed);
  const dense = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      if (rand() < density) {
        const v = 2 * rand() - 1;
        dense[i + j * n] = v;
        dense[j + i * n] = v;
      }
    }
  }
  for (let j = 0; j < n; j++) {
    let rowSum = 0;
    for (let i = 0; i < n; i++) rowSum += Math.abs(dense[i + j * n]);
    dense[j + j * n] = rowSum + 0.1 + rand();
  }
  const A = CscMatrix.fromDense(n, n, dense, { symmetry });
  return { A, dense, seed };
}

export const symmetryArb = fc.constantFrom<Symmetry>('lower', 'upper', 'general');

export const spdArb = (maxN = 12): fc.Arbitrary<SpdCase> =>
  fc
    .record({
      n: fc.integer({ min: 0, max: maxN }),
      density: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.integer(),
      symmetry: symmetryArb,
    })
    .map(({ n, density, seed, symmetry }) => buildSpd(n, density, seed, symmetry));

/** Valid factor options (supernodal LDLᵀ, which CHOLMOD cannot do, is left out). */
export const optionsArb: fc.Arbitrary<FactorOptions> = fc
  .record({
    ordering: fc.constantFrom(...ORDERINGS),
    mode: fc.constantFrom(...MODES),
    kind: fc.constantFrom('LLt' as const, 'LDLt' as const),
    shift: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
  })
  .map((o) => (o.kind === 'LDLt' && o.mode === 'supernodal' ? { ...o, mode: 'simplicial' as const } : o));

/** A deterministic vector from a seed (values in [-1, 1)). */
export function vectorFromSeed(n: number, seed: number): Float64Array {
  const rand = rng(seed);
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) v[k] = 2 * rand() - 1;
  return v;
}

// ---- garbage -----------------------------------------------------------------------------

/** Numbers that break careless checks: NaN, ±Infinity, -0, fractions, negatives, 2^31 and beyond. */
export const nastyNumberArb = fc.constantFrom(
  NaN, Infinity, -Infinity, -0, 0.5, -1, -(2 ** 31), -(2 ** 31) - 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53,
  2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE, Number.EPSILON, 16777216, 16777217, 33554432,
);

const TYPED_ARRAY_KINDS = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
] as const;

/**
 * A typed array of any element type with arbitrary contents, sometimes a view at an offset into a
 * larger buffer, sometimes over a detached buffer (length 0, no data pointer).
 */
export const typedArrayArb: fc.Arbitrary<ArrayBufferView> = fc
  .record({
    kind: fc.integer({ min: 0, max: TYPED_ARRAY_KINDS.length - 1 }),
    values: fc.array(fc.oneof(fc.integer({ min: -40, max: 40 }), nastyNumberArb), { maxLength: 24 }),
    offset: fc.integer({ min: 0, max: 3 }),
    detached: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
  })
  .map(({ kind, values, offset, detached }) => {
    const Kind = TYPED_ARRAY_KINDS[kind];
    const whole = new Kind(values.length + offset);
    const view = whole.subarray(offset);
    values.forEach((v, k) => { view[k] = v; });
    if (detached) {
      structuredClone(whole.buffer, { transfer: [whole.buffer] });
      // fast-check cannot print a detached array: give it a description.
      Object.defineProperty(view, fc.toStringMethod, { value: () => `detached ${Kind.name}` });
    }
    return view;
  });

/** A value of any shape: primitives, nasty numbers, typed arrays, arrays, objects, DenseMatrix look-alikes. */
export const garbageArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 4 }),
  nastyNumberArb,
  fc.integer({ min: -5, max: 40 }),
  typedArrayArb,
  fc.array(fc.oneof(fc.double(), fc.integer(), fc.string()), { maxLength: 12 }),
  fc.record({ nrows: fc.oneof(fc.integer({ min: -2, max: 12 }), nastyNumberArb), ncols: fc.oneof(fc.integer({ min: -2, max: 12 }), nastyNumberArb), data: fc.oneof(typedArrayArb, fc.anything()) }),
  fc.constantFrom(null, undefined, true, '', 'A', 'metis', {}, [], () => 1, Symbol('garbage'), 10n),
);

// ---- corruption of compressed columns -----------------------------------------------------

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
