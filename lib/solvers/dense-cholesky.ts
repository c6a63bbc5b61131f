/** Dense Cholesky A = L Lᵀ for a symmetric positive definite operator. Aᵀ = A: transpose is free. */
import { Result } from '../errors';
import { LinearOperator, isNegativeSemidefinite, isPositiveSemidefinite, positiveSemidefinite, symmetric } from '../operators';
import { Computed, LinearSolver, Rhs, SolveOptions, directCompute, requireTags } from './solver';

/**
 * The state of {@link DenseCholesky}: the dense factor L (A = L Lᵀ).
 *
 * @example
 * ```ts
 * import { DenseCholesky, MatrixOperator, denseMatrix } from 'spsolve';
 *
 * const state = new DenseCholesky().init(new MatrixOperator(denseMatrix(1, 1, [4]), ['positiveSemidefinite']), {});
 * console.log(state.l[0]); // → 2
 * ```
 */
export interface DenseCholeskyState {
  /** The matrix size. */
  readonly n: number;
  /** L column-major in the lower triangle. */
  readonly l: Float64Array;
  /** 'notPositiveDefinite' (or 'nonfiniteInput') when the factorisation failed. */
  readonly failure?: Result;
  /** True when L is the factor of −A (an operator tagged negativeSemidefinite): solutions are negated. */
  readonly negated?: boolean;
}

/**
 * Dense Cholesky A = L Lᵀ for a small operator tagged positiveSemidefinite (any kind:
 * its matrix is read with `asMatrix`), or negativeSemidefinite: then −A = L Lᵀ and the
 * solution is negated, as Lineax's Cholesky does. O(n³) time, n² memory; for sparse matrices use
 * {@link Cholesky}. A non-positive pivot gives result `notPositiveDefinite`.
 *
 * @example
 * ```ts
 * import { DenseCholesky, MatrixOperator, denseMatrix, linearSolve } from 'spsolve';
 *
 * const op = new MatrixOperator(denseMatrix(2, 2, [4, 2, 2, 3]), ['positiveSemidefinite']);
 * const { value } = linearSolve(op, new Float64Array([6, 5]), new DenseCholesky());
 * console.log(value.map((v) => +v.toFixed(9))); // → Float64Array(2) [ 1, 1 ]
 * ```
 */
export class DenseCholesky implements LinearSolver<DenseCholeskyState> {
  readonly name = 'DenseCholesky';

  /**
   * Factorises A (or −A for an operator tagged negativeSemidefinite).
   * @throws {@link MissingTagError} unless the operator is tagged positiveSemidefinite or negativeSemidefinite.
   */
  init(op: LinearOperator, _options?: SolveOptions): DenseCholeskyState {
    const negated = isNegativeSemidefinite(op) && !isPositiveSemidefinite(op);
    if (!negated) requireTags(op, this.name, [symmetric, positiveSemidefinite], "('negativeSemidefinite' works too); use LU for other matrices");
    const state = factorDense(op.inSize, op.asMatrix().data, negated);
    return negated ? { ...state, negated } : state;
  }

  /** Solves with L Lᵀ (negating for a negative semidefinite operator); NaNs and the Result after a failed factorisation. */
  compute<V extends Rhs>(state: DenseCholeskyState, b: V, _options?: SolveOptions): Computed<V> {
    return directCompute(this.name, b, { rows: state.n, cols: state.n }, state.failure, (column) => {
      const x = solveCholesky(state, column);
      if (state.negated) x.forEach((v, i) => (x[i] = -v));
      return x;
    });
  }

  /** The state itself: A = Aᵀ. */
  transpose(state: DenseCholeskyState, options: SolveOptions): [DenseCholeskyState, SolveOptions] {
    return [state, options];
  }

  /** The state itself (everything is real). */
  conj(state: DenseCholeskyState, options: SolveOptions): [DenseCholeskyState, SolveOptions] {
    return [state, options];
  }

  /** True. */
  assumeFullRank(): boolean {
    return true;
  }
}

/** In-place dense Cholesky of `l` (column-major n x n, lower triangle read), of −l when `negated`. */
function factorDense(n: number, l: Float64Array, negated: boolean): DenseCholeskyState {
  if (negated) l.forEach((v, k) => (l[k] = -v));
  for (let j = 0; j < n; j++) {
    let d = l[j + j * n];
    for (let k = 0; k < j; k++) d -= l[j + k * n] ** 2;
    // d ≤ 0 (or NaN): the tag promised more than the matrix holds.
    if (!(d > 0)) return { n, l, failure: Number.isNaN(d) ? Result.nonfiniteInput : Result.notPositiveDefinite };
    const ljj = Math.sqrt(d);
    l[j + j * n] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = l[i + j * n];
      for (let k = 0; k < j; k++) s -= l[i + k * n] * l[j + k * n];
      l[i + j * n] = s / ljj;
    }
  }
  return { n, l };
}

function solveCholesky({ n, l }: DenseCholeskyState, b: Float64Array): Float64Array {
  const x = b.slice();
  for (let j = 0; j < n; j++) {
    x[j] /= l[j + j * n];
    for (let i = j + 1; i < n; i++) x[i] -= l[i + j * n] * x[j];
  }
  for (let j = n - 1; j >= 0; j--) {
    let s = x[j];
    for (let i = j + 1; i < n; i++) s -= l[i + j * n] * x[i];
    x[j] = s / l[j + j * n];
  }
  return x;
}
