/**
 * Checks a sparse operand of a factor (the C of an update, the B of a sparse solve) and brings
 * it to the form the addon takes: general storage, n rows, finite values.
 * @internal @module
 */
import { type CscMatrix, checkCscMatrix } from '../sparse/csc';
import { checkFinite } from '../sparse/validate';

/** `M` checked and in general storage; `name` is its label, `'<fn>: <argument>'`. */
export function sparseOperand(M: unknown, n: number, name: string): CscMatrix {
  const matrix = checkCscMatrix(M, name);
  if (matrix.nrows !== n) throw new RangeError(`${name} must have ${n} rows (the factor's n), got ${matrix.nrows}`);
  // A stored triangle stands for the full symmetric matrix: expand it.
  const general = matrix.toGeneral();
  // A CscMatrix is finite when built, but its values array can be written afterwards.
  checkFinite(general.values, `${name}.values`);
  return general;
}
