/**
 * The argument of a solve: one vector, or a DenseMatrix whose columns are many vectors. One
 * check tells the two apart and counts their rows, for Factor.solve and every LinearSolver.
 */
import { type DenseMatrix, checkDenseMatrix } from './dense';
import { checkLength, describe } from './validate';

/**
 * A Float64Array of length `rows` or a {@link DenseMatrix} with `rows` rows: TypeError for
 * anything else, RangeError for a wrong size.
 */
export function checkVectorOrColumns(value: unknown, rows: number, name: string): asserts value is Float64Array | DenseMatrix {
  if (value instanceof Float64Array) return checkLength(value, rows, name);
  // Anything with `nrows` is meant as a DenseMatrix, and gets that check's precise message.
  if (value === null || typeof value !== 'object' || !('nrows' in value)) {
    throw new TypeError(`${name} must be a Float64Array or a DenseMatrix { nrows, ncols, data: Float64Array }, got ${describe(value)}`);
  }
  const { nrows } = checkDenseMatrix(name, value);
  if (nrows !== rows) throw new RangeError(`${name} must have ${rows} rows, got ${nrows}`);
}
