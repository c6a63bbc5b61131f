/**
 * Checks a sparse operand of a factor (the C of an update, the B of a sparse solve) and brings
 * it to the form the addon takes: general storage, n rows, finite values.
 * @internal @module
 */
import { CscMatrix } from '../sparse/csc';

export function sparseOperand(M: unknown, n: number, name: string): CscMatrix {
  if (!(M instanceof CscMatrix)) throw new TypeError(`${name} must be a CscMatrix`);
  if (M.nrows !== n) throw new RangeError(`${name} must have ${n} rows (the factor's n), got ${M.nrows}`);
  // A stored triangle stands for the full symmetric matrix: expand it.
  const general = M.toGeneral();
  const { values } = general;
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) throw new RangeError(`${name}.values[${k}] is ${values[k]}; values must be finite`);
  }
  return general;
}

/** Column indices for inverseColumns: integers in [0, n). */
export function columnIndices(cols: unknown, n: number): Int32Array {
  if (!Array.isArray(cols) && !ArrayBuffer.isView(cols)) throw new TypeError('cols must be an array of column indices');
  const list = cols as ArrayLike<unknown>;
  const out = new Int32Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const c = list[k];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= n) {
      throw new RangeError(`cols[${k}] must be an integer in 0..${n - 1}, got ${String(c)}`);
    }
    out[k] = c;
  }
  return out;
}
