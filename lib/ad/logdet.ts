/**
 * log det A and its gradient. d log det A = tr(A⁻¹ dA), so the gradient with respect to
 * the stored entries of a sparse A needs A⁻¹ only on A's pattern: the selected inverse Z,
 * which CHOLMOD's factor gives by the Takahashi recurrence at about the cost of one
 * factorisation (Factor.selectedInverse). A stored value of a triangle ('lower' / 'upper')
 * is both A_ij and A_ji, so its gradient is 2 Z_ij off the diagonal and Z_ii on it; with
 * general storage each stored entry is its own parameter and gets Z_ji = Z_ij.
 */
import { Factor, FactorOptions, cholesky } from '../cholmod';
import { DiagonalOperator, LinearOperator, MatrixOperator, SparseOperator, TaggedOperator, toCsc } from '../operators';
import { CscMatrix } from '../sparse';
import type { OperatorCotangent } from './cotangent';
import { UnsupportedDerivativeError } from './errors';

/** A factor (used as is, never disposed here), a symmetric CscMatrix, or an operator with stored entries. */
export type LogdetInput = Factor | CscMatrix | LinearOperator;

/** log det A (of A + shift·I for a shifted factor). Raises RangeError when det A < 0. */
export function logdet(input: LogdetInput, opts?: FactorOptions): number {
  if (input instanceof DiagonalOperator) return diagonalLogdet(input.diagonal);
  return withFactor(input, opts, 'logdet', (factor) => factor.logdet());
}

/** ∂ log det A / ∂ values, aligned with the values of the matrix (factor.matrix for a Factor). */
export function logdetGradient(input: Factor | CscMatrix | SparseOperator, opts?: FactorOptions): Float64Array {
  const matrix = matrixOf(input, 'logdetGradient');
  return withFactor(input, opts, 'logdetGradient', (factor) => gradientOnPattern(factor, matrix));
}

/** The diagonal of A⁻¹ (of (A + shift·I)⁻¹), by the same recurrence. */
export function inverseDiagonal(input: LogdetInput, opts?: FactorOptions): Float64Array {
  if (input instanceof DiagonalOperator) return input.diagonal.map((d) => 1 / d);
  return withFactor(input, opts, 'inverseDiagonal', (factor) => factor.inverseDiagonal());
}

export interface LogdetVjp {
  value: number;
  /** The cotangent of A for a cotangent ḡ of log det A: ḡ times the gradient, on A's parameters. */
  pullback(gBar?: number): OperatorCotangent;
}

/**
 * log det A with its pullback. One factorisation (none for a Factor) and one selected
 * inverse, both done here, so nothing needs disposing afterwards.
 */
export function logdetVjp(input: LogdetInput, opts?: FactorOptions): LogdetVjp {
  const op = input instanceof TaggedOperator ? untag(input) : input;
  let value: number;
  let gradient: OperatorCotangent;
  if (op instanceof DiagonalOperator) {
    value = logdet(op);
    gradient = { kind: 'diagonal', diagonal: op.diagonal.map((d) => 1 / d) };
  } else if (op instanceof MatrixOperator) {
    // The gradient of a dense A is all of A⁻ᵀ: n solves with the factor, as dense as A itself.
    [value, gradient] = withFactor(op, opts, 'logdetVjp', (factor) => [factor.logdet(), { kind: 'dense', matrix: denseInverse(factor) }]);
  } else {
    const matrix = matrixOf(op, 'logdetVjp');
    [value, gradient] = withFactor(op, opts, 'logdetVjp', (factor) => [
      factor.logdet(),
      { kind: 'sparse', matrix, values: gradientOnPattern(factor, matrix) },
    ]);
  }
  return { value, pullback: (gBar = 1) => scaleCotangent(gradient, gBar) };
}

function gradientOnPattern(factor: Factor, matrix: CscMatrix): Float64Array {
  const z = factor.selectedInverse(matrix);
  if (matrix.symmetry === 'general') return z;
  const { colPtr, rowIdx } = matrix;
  for (let j = 0; j < matrix.ncols; j++) for (let k = colPtr[j]; k < colPtr[j + 1]; k++) if (rowIdx[k] !== j) z[k] *= 2;
  return z;
}

/** Runs `use` on the given factor, or on a factorisation made (and disposed) here. */
function withFactor<T>(input: LogdetInput, opts: FactorOptions | undefined, rule: string, use: (factor: Factor) => T): T {
  if (input instanceof Factor) return use(input);
  const matrix = input instanceof CscMatrix ? input : typeof input?.mv === 'function' ? toCsc(input) : undefined;
  if (!matrix) {
    throw new UnsupportedDerivativeError(
      `${rule}: needs a Factor, a CscMatrix or an operator with stored entries (SparseOperator, MatrixOperator, ...)`,
    );
  }
  const factor = cholesky(matrix, opts);
  try {
    return use(factor);
  } finally {
    factor.dispose();
  }
}

function matrixOf(input: LogdetInput, rule: string): CscMatrix {
  if (input instanceof Factor) return input.matrix;
  if (input instanceof CscMatrix) return input;
  const op = untag(input);
  if (op instanceof SparseOperator) return op.matrix;
  throw new UnsupportedDerivativeError(
    `${rule}: the gradient is defined on the parameters of a SparseOperator, MatrixOperator or DiagonalOperator ` +
      `(or a Factor / CscMatrix); for a ${op.constructor.name} take logdetGradient(toCsc(op)) and chain it yourself`,
  );
}

function untag(op: LinearOperator): LinearOperator {
  return op instanceof TaggedOperator ? untag(op.operator) : op;
}

function denseInverse(factor: Factor): { nrows: number; ncols: number; data: Float64Array } {
  const n = factor.n;
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i + i * n] = 1;
  const inv = factor.solve({ nrows: n, ncols: n, data: eye });
  return { nrows: n, ncols: n, data: Float64Array.from(inv.data) };
}

function scaleCotangent(cot: OperatorCotangent, s: number): OperatorCotangent {
  switch (cot.kind) {
    case 'sparse':
      return { ...cot, values: cot.values.map((v) => s * v) };
    case 'dense':
      return { kind: 'dense', matrix: { ...cot.matrix, data: cot.matrix.data.map((v) => s * v) } };
    case 'diagonal':
      return { kind: 'diagonal', diagonal: cot.diagonal.map((v) => s * v) };
    default:
      throw new Error(`unreachable: a logdet cotangent is never '${cot.kind}'`);
  }
}

/** Σ log |d_i|, refused (as Factor.logdet does) when the determinant is negative. */
function diagonalLogdet(diagonal: Float64Array): number {
  let sum = 0;
  let negatives = 0;
  for (const d of diagonal) {
    sum += Math.log(Math.abs(d));
    if (d < 0) negatives++;
  }
  if (negatives % 2 === 1) throw new RangeError('log det is undefined: the determinant is negative');
  return sum;
}
