/**
 * fast-check generators of invalid arguments: values of every shape, numbers that break careless
 * checks, typed arrays of every element type (offset views, detached buffers).
 */
import fc from 'fast-check';

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

/**
 * Garbage sizes with the valid-but-huge ones cut down. identity(2^31 - 1) is 32 GB of arrays: a
 * real allocation, not a fault, so factories get small or absurd sizes only.
 */
export function clampSize(x: unknown): unknown {
  return typeof x === 'number' && x > 64 && x < 2 ** 31 ? 64 : x;
}
