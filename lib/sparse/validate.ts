/**
 * Argument checks shared by the sparse layer.
 *
 * Every public entry point validates in TypeScript before anything reaches the
 * native addon, so a mistake surfaces as a TypeError (wrong kind of value) or a
 * RangeError (right kind, bad value) whose message names the argument, instead
 * of a crash or a silent wrong answer inside CHOLMOD.
 */

/** Largest index or dimension: CHOLMOD's 32-bit entry points and Int32Array storage both stop here. */
export const MAX_INDEX = 2 ** 31 - 1;

/** Largest dense array (in elements) this layer will allocate; beyond it a dense copy is a mistake. */
export const MAX_DENSE_ELEMENTS = 2 ** 31 - 1;

/** A short description of a value for error messages (never the value itself when it may be huge). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** A dimension: integer in 0..2^31-1. */
export function checkDimension(name: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < 0 || value > MAX_INDEX) {
    throw new RangeError(`${name} must be an integer in 0..${MAX_INDEX}, got ${value}`);
  }
  return value;
}

/** Array-like in the sense this library accepts: a JS array or a typed array (not a string, not a DataView). */
export function isNumericArrayLike(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * An Int32Array as is (shared, not copied: copying would cost an allocation per
 * call on the hot path), or any other numeric array converted with every
 * element checked to be a 32-bit integer.
 */
export function toInt32Array(name: string, value: unknown): Int32Array {
  if (value instanceof Int32Array) return value;
  if (!isNumericArrayLike(value)) {
    throw new TypeError(`${name} must be an Int32Array or an array of integers, got ${describe(value)}`);
  }
  const n = value.length;
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const x = value[k];
    if (typeof x !== 'number') {
      throw new TypeError(`${name}[${k}] must be a number, got ${describe(x)}`);
    }
    if (!Number.isInteger(x) || x < -(2 ** 31) || x > MAX_INDEX) {
      throw new RangeError(`${name}[${k}] = ${x} is not a 32-bit integer`);
    }
    out[k] = x;
  }
  return out;
}

/**
 * A Float64Array as is (shared), or any other numeric array converted. Finiteness
 * is checked separately (see `checkFinite`) so callers can fuse it into their own pass.
 */
export function toFloat64Array(name: string, value: unknown): Float64Array {
  if (value instanceof Float64Array) return value;
  if (!isNumericArrayLike(value)) {
    throw new TypeError(`${name} must be a Float64Array or an array of numbers, got ${describe(value)}`);
  }
  const n = value.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = value[k];
    if (typeof x !== 'number') {
      throw new TypeError(`${name}[${k}] must be a number, got ${describe(x)}`);
    }
    out[k] = x;
  }
  return out;
}

/** The RangeError for a NaN or infinite entry; one wording everywhere so callers can rely on it. */
export function nonFiniteError(name: string, index: number, value: number): RangeError {
  return new RangeError(`${name}[${index}] is ${value}; matrix values must be finite`);
}

/**
 * Throws on the first NaN or ±Infinity. `x - x !== 0` is true exactly for those
 * three values, which keeps the loop to one subtraction and one compare.
 */
export function checkFinite(name: string, values: ArrayLike<number>): void {
  const n = values.length;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (v - v !== 0) throw nonFiniteError(name, k, v);
  }
}

/**
 * A vector argument of a kernel (matvec and friends): must already be a
 * Float64Array of the right length. Kernels do not convert, so that a hot loop
 * never allocates behind the caller's back.
 */
export function checkVector(name: string, value: unknown, length: number): Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new TypeError(`${name} must be a Float64Array, got ${describe(value)}`);
  }
  if (value.length !== length) {
    throw new RangeError(`${name} must have length ${length}, got ${value.length}`);
  }
  return value;
}

/** True when two typed arrays share any memory (an output aliasing its input would be silently wrong). */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** An optional `out` vector: allocated when absent, checked (length, no aliasing with `input`) when given. */
export function outputVector(value: unknown, length: number, input: Float64Array): Float64Array {
  if (value === undefined) return new Float64Array(length);
  const out = checkVector('out', value, length);
  if (overlaps(out, input)) {
    throw new RangeError('out must not share memory with x (the product reads x while writing out)');
  }
  return out;
}

/** An options argument: undefined or a plain object. */
export function checkOptions(name: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}
