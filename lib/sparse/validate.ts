/**
 * The argument checks of the whole library: every layer (sparse, CHOLMOD, operators, solvers,
 * derivatives, CLI) validates with these, so one failure reads the same everywhere.
 *
 * Every public entry point validates in TypeScript before anything reaches the native addon, so
 * a mistake surfaces as a TypeError (wrong kind of value) or a RangeError (right kind, bad value
 * or size) instead of a crash or a silent wrong answer inside CHOLMOD.
 *
 * Conventions, relied on by the tests of the wording (test/validate.test.ts):
 * - arguments: the value first, then what it is checked against, then `name`;
 * - `name` is the label of the argument as the caller knows it, `'<fn>: <argument>'`
 *   (e.g. `'Factor.solve: b'`, `'cholesky: opts.shift'`), so every message starts with the
 *   function that was called;
 * - messages read `<name> must be <requirement>, got <what was given>`, or
 *   `<name> must have length <n>, got <m>` for a size.
 */

/** Largest index or dimension: CHOLMOD's 32-bit entry points and Int32Array storage both stop here. */
export const MAX_INDEX = 2 ** 31 - 1;

/** Smallest 32-bit integer (an Int32Array entry). */
const MIN_INT32 = -(2 ** 31);

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

/** `'a', 'b', 'c'`: the allowed values of a choice or the keys of an options object, for messages. */
export function quoteAll(choices: readonly string[]): string {
  return choices.map((c) => `'${c}'`).join(', ');
}

/** A number (TypeError otherwise); its range is the caller's next check. */
function checkNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  return value;
}

/** An integer in min..max (max may be Infinity). */
export function checkInteger(value: unknown, min: number, max: number, name: string): number {
  checkNumber(value, name);
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    const range = max === Infinity ? `>= ${min}` : `in ${min}..${max}`;
    throw new RangeError(`${name} must be an integer ${range}, got ${value}`);
  }
  return value as number;
}

/** A dimension: an integer in 0..2^31-1. */
export function checkDimension(value: unknown, name: string): number {
  return checkInteger(value, 0, MAX_INDEX, name);
}

/** A 0-based index into something of `size` entries: an integer in 0..size-1. */
export function checkIndex(value: unknown, size: number, name: string): number {
  return checkInteger(value, 0, size - 1, name);
}

/** A finite number (NaN and ±Infinity are RangeErrors). */
export function checkFiniteNumber(value: unknown, name: string): number {
  checkNumber(value, name);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value as number;
}

/** A finite number >= 0 (a tolerance). */
export function checkNonNegative(value: unknown, name: string): number {
  checkNumber(value, name);
  if (!Number.isFinite(value) || (value as number) < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
  return value as number;
}

/** A string. */
export function checkString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${describe(value)}`);
  return value;
}

/** A boolean. */
export function checkBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
  return value;
}

/** A function (a callback of the caller's). */
export function checkFunction<F extends (...args: never[]) => unknown>(value: unknown, name: string): F {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function, got ${describe(value)}`);
  return value as F;
}

/** One of the listed strings: TypeError for a non-string, RangeError for another string. */
export function checkChoice<T extends string>(value: unknown, choices: readonly T[], name: string): T {
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  const message = `${name} must be one of ${quoteAll(choices)}, got ${describe(value)}`;
  throw typeof value === 'string' ? new RangeError(message) : new TypeError(message);
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
export function toInt32Array(value: unknown, name: string): Int32Array {
  if (value instanceof Int32Array) return value;
  if (!isNumericArrayLike(value)) {
    throw new TypeError(`${name} must be an Int32Array or an array of integers, got ${describe(value)}`);
  }
  const n = value.length;
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const x = value[k];
    // The test is inline so the loop stays cheap; the shared check only words the error.
    if (typeof x !== 'number' || !Number.isInteger(x) || x < MIN_INT32 || x > MAX_INDEX) {
      checkInteger(x, MIN_INT32, MAX_INDEX, `${name}[${k}]`);
    }
    out[k] = x;
  }
  return out;
}

/**
 * 0-based indices into something of `size` entries (each an integer in 0..size-1), as an
 * Int32Array of their own (a given Int32Array is copied, so the caller may reuse it).
 */
export function toIndexArray(value: unknown, size: number, name: string): Int32Array {
  const indices = toInt32Array(value, name);
  for (let k = 0; k < indices.length; k++) {
    if (indices[k] < 0 || indices[k] >= size) checkIndex(indices[k], size, `${name}[${k}]`);
  }
  return indices === value ? indices.slice() : indices;
}

/**
 * A Float64Array as is (shared), or any other numeric array converted. Finiteness
 * is checked separately (see `checkFinite`) so callers can fuse it into their own pass.
 */
export function toFloat64Array(value: unknown, name: string): Float64Array {
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

/**
 * An array of `length` entries. `meaning` says where the length comes from, e.g.
 * 'nnz' gives "must have length nnz = 6".
 */
export function checkLength(value: ArrayLike<unknown>, length: number, name: string, meaning?: string): void {
  if (value.length !== length) {
    throw new RangeError(`${name} must have length ${meaning ? `${meaning} = ` : ''}${length}, got ${value.length}`);
  }
}

/** The RangeError for a NaN or infinite entry; one wording everywhere so callers can rely on it. */
export function nonFiniteError(value: number, index: number, name: string): RangeError {
  return new RangeError(`${name}[${index}] must be finite, got ${value}`);
}

/**
 * The index of the first NaN or ±Infinity, or -1. `x - x !== 0` is true exactly for those
 * three values, which keeps the loop to one subtraction and one compare.
 */
export function firstNonFinite(values: ArrayLike<number>): number {
  const n = values.length;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (v - v !== 0) return k;
  }
  return -1;
}

/** True when no entry is NaN or ±Infinity (for callers that report rather than throw). */
export function allFinite(values: ArrayLike<number>): boolean {
  return firstNonFinite(values) < 0;
}

/** Throws on the first NaN or ±Infinity. */
export function checkFinite(values: ArrayLike<number>, name: string): void {
  const k = firstNonFinite(values);
  if (k >= 0) throw nonFiniteError(values[k], k, name);
}

/**
 * A vector of `length` finite numbers: a Float64Array as is (shared), any other numeric
 * array converted. For arguments read once, such as a right-hand side or new values.
 */
export function toFiniteVector(value: unknown, length: number, name: string, meaning?: string): Float64Array {
  const vector = toFloat64Array(value, name);
  checkLength(vector, length, name, meaning);
  checkFinite(vector, name);
  return vector;
}

/**
 * Checks that a vector argument is a Float64Array of the expected length: a TypeError
 * (naming `name`) for another type, a RangeError for another length. Nothing is
 * converted, so a hot loop never allocates behind the caller's back. For `mv`-like
 * functions of your own.
 *
 * @param value The argument to check.
 * @param length The length it must have.
 * @param name How messages call it, e.g. `'myOperator.mv: x'` (default `'x'`).
 * @example
 * ```ts
 * import { checkVector } from 'spsolve';
 *
 * const x: unknown = new Float64Array(3);
 * checkVector(x, 3, 'x'); // x is now typed Float64Array
 * console.log(x.length); // → 3
 * ```
 */
export function checkVector(value: unknown, length: number, name = 'x'): asserts value is Float64Array {
  checkFloat64Array(value, name);
  checkLength(value, length, name);
}

/** A Float64Array of any length (a buffer whose length is checked later, or not at all). */
export function checkFloat64Array(value: unknown, name: string): asserts value is Float64Array {
  if (!(value instanceof Float64Array)) throw new TypeError(`${name} must be a Float64Array, got ${describe(value)}`);
}

/** True when two typed arrays share any memory (an output aliasing its input would be silently wrong). */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * An optional `out` vector of a product out = M x: allocated when absent, checked (length, no
 * aliasing with the input `x`) when given. `fn` names the product in messages.
 */
export function outputVector(value: unknown, length: number, input: Float64Array, fn: string): Float64Array {
  if (value === undefined) return new Float64Array(length);
  checkVector(value, length, `${fn}: out`);
  if (overlaps(value, input)) {
    throw new RangeError(`${fn}: out must not share memory with x (the product reads x while writing out)`);
  }
  return value;
}
