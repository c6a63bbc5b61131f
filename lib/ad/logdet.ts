/**
 * log det A and its gradient. d log det A = tr(A⁻¹ dA), so the gradient with respect to
 * the stored entries of a sparse A needs A⁻¹ only on A's pattern: the selected inverse Z,
 * which CHOLMOD's factor gives by the Takahashi recurrence at about the cost of one
 * factorisation (Factor.selectedInverse). A stored value of a triangle ('lower' / 'upper')
 * is both A_ij and A_ji, so its gradient is 2 Z_ij off the diagonal and Z_ii on it; with
 * general storage each stored entry is its own parameter and gets Z_ji = Z_ij.
 */
import { Factor, FactorOptions, cholesky } from '../cholmod';
import { resolveOptions } from '../cholmod/options';
import { DiagonalOperator, LinearOperator, MatrixOperator, SparseOperator, TaggedOperator, toCsc } from '../operators';
import { CscMatrix } from '../sparse';
import type { OperatorCotangent } from './cotangent';
import { UnsupportedDerivativeError } from './errors';

/**
 * What the log-determinant functions take: a {@link Factor} (used as is, never disposed
 * here), a symmetric positive definite CscMatrix, or an operator with stored entries
 * (SparseOperator, MatrixOperator, DiagonalOperator, ..., tagged or not). Anything but a Factor
 * is factorised with {@link cholesky} and the factor disposed before returning.
 *
 * @example
 * ```ts
 * import { cholesky, logdet, poisson2d, type LogdetInput } from 'spsolve';
 *
 * const A = poisson2d(10);
 * const factor = cholesky(A);
 * const inputs: LogdetInput[] = [A, factor]; // the same value, the second without a new factorisation
 * console.log(Math.abs(logdet(inputs[0]) - logdet(inputs[1])) < 1e-12); // → true
 * factor.dispose();
 * ```
 */
export type LogdetInput = Factor | CscMatrix | LinearOperator;

/**
 * log det A (of A + shift·I for a shifted factor or `opts.shift`), from a Cholesky factor.
 *
 * @param input See {@link LogdetInput}.
 * @param opts Factorisation options when `input` is not a Factor.
 * @throws RangeError when det A < 0; NotPositiveDefiniteError when the factorisation fails;
 *   {@link UnsupportedDerivativeError} for an operator without stored entries.
 * @example
 * ```ts
 * import { DiagonalOperator, logdet, poisson2d } from 'spsolve';
 *
 * console.log(logdet(new DiagonalOperator(Float64Array.of(1, 2, 4))) === Math.log(8)); // → true
 * // n = 10,000: det A (about e¹¹⁷¹⁷) overflows a double, its logarithm does not.
 * console.log(logdet(poisson2d(100)).toFixed(3)); // → 11717.109
 * ```
 */
export function logdet(input: LogdetInput, opts?: FactorOptions): number {
  if (input instanceof DiagonalOperator) return diagonalLogdet(input.diagonal);
  return withFactor(input, opts, 'logdet', (factor) => factor.logdet());
}

/**
 * ∂ log det A / ∂ values, aligned with the values of the matrix (factor.matrix for a Factor):
 * the selected inverse Z of A on A's pattern, doubled off the diagonal for a stored triangle.
 * About the cost of one factorisation.
 *
 * @throws {@link UnsupportedDerivativeError} for an input without stored entries;
 *   NotPositiveDefiniteError when the factorisation fails.
 * @example
 * ```ts
 * import { CscMatrix, logdetGradient } from 'spsolve';
 *
 * // A = [[2, 1], [1, 3]], lower triangle stored: A⁻¹ = [[3, −1], [−1, 2]] / 5.
 * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [2, 1, 3], { symmetry: 'lower' });
 * console.log(Array.from(logdetGradient(A), (g) => g.toFixed(2))); // → [ '0.60', '-0.40', '0.40' ]
 * ```
 */
export function logdetGradient(input: Factor | CscMatrix | SparseOperator, opts?: FactorOptions): Float64Array {
  const matrix = matrixOf(input, 'logdetGradient');
  return withFactor(input, opts, 'logdetGradient', (factor) => gradientOnPattern(factor, matrix));
}

/**
 * The diagonal of A⁻¹ (of (A + shift·I)⁻¹), by the same recurrence as {@link logdetGradient}:
 * e.g. the marginal variances of a Gaussian with precision matrix A.
 *
 * @example
 * ```ts
 * import { CscMatrix, inverseDiagonal } from 'spsolve';
 *
 * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 1], [0, 0, 1], [2, 1, 3], { symmetry: 'lower' });
 * console.log(Array.from(inverseDiagonal(A), (v) => v.toFixed(2))); // → [ '0.60', '0.40' ]
 * ```
 */
export function inverseDiagonal(input: LogdetInput, opts?: FactorOptions): Float64Array {
  if (input instanceof DiagonalOperator) return input.diagonal.map((d) => 1 / d);
  return withFactor(input, opts, 'inverseDiagonal', (factor) => factor.inverseDiagonal());
}

/**
 * What {@link logdetVjp} returns: log det A and its pullback.
 *
 * @example
 * ```ts
 * import { DiagonalOperator, logdetVjp } from 'spsolve';
 *
 * const { value, pullback } = logdetVjp(new DiagonalOperator(Float64Array.of(2, 4)));
 * const cot = pullback(); // ḡ = 1: the gradient, 1 / d
 * if (cot.kind === 'diagonal') console.log(value === Math.log(8), cot.diagonal); // → true Float64Array(2) [ 0.5, 0.25 ]
 * ```
 */
export interface LogdetVjp {
  /** log det A. */
  value: number;
  /** The cotangent of A for a cotangent ḡ of log det A: ḡ times the gradient, on A's parameters. */
  pullback(gBar?: number): OperatorCotangent;
}

/**
 * log det A with its pullback. One factorisation (none for a Factor) and one selected
 * inverse, both done here, so nothing needs disposing afterwards. The cotangent is on A's
 * parameters: 'sparse' for a sparse input, 'dense' (all of A⁻ᵀ) for a MatrixOperator,
 * 'diagonal' for a DiagonalOperator.
 *
 * @throws RangeError when det A < 0; {@link UnsupportedDerivativeError} for an operator without
 *   stored entries; NotPositiveDefiniteError when the factorisation fails.
 * @example
 * ```ts
 * import { SparseOperator, logdetVjp, poisson2d } from 'spsolve';
 *
 * // d/dθ of −½ log det Q(θ), the GMRF normaliser, for Q on a 20 x 20 grid.
 * const Q = new SparseOperator(poisson2d(20), ['positiveSemidefinite']);
 * const { value, pullback } = logdetVjp(Q);
 * const cot = pullback(-0.5);
 * if (cot.kind === 'sparse') console.log(value > 0, cot.values.length === cot.matrix.nnz); // → true true
 * ```
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
  resolveOptions(opts, rule, ['ordering', 'mode', 'kind', 'shift']); // checked even when a Factor makes them unused: a misspelt option is still a mistake
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
