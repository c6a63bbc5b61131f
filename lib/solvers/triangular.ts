/**
 * Dense substitution for an operator tagged lowerTriangular or upperTriangular
 * (unitDiagonal: the diagonal is taken as 1, not read). The transposed solve reads the
 * same array transposed.
 */
import { MissingTagError, Result } from '../errors';
import { LinearOperator, hasUnitDiagonal, isLowerTriangular, isUpperTriangular, lowerTriangular } from '../operators';
import { Computed, LinearSolver, Rhs, SolveOptions, directCompute } from './solver';

/**
 * The state of {@link Triangular}: the dense matrix and which triangle it is.
 *
 * @example
 * ```ts
 * import { MatrixOperator, Triangular, denseMatrix } from 'spsolve';
 *
 * const state = new Triangular().init(new MatrixOperator(denseMatrix(2, 2, [1, 0, 2, 3]), ['upperTriangular']), {});
 * console.log(state.lower, state.unit); // → false false
 * ```
 */
export interface TriangularState {
  /** The matrix size. */
  readonly n: number;
  /** The operator's dense matrix, column-major n x n. */
  readonly matrix: Float64Array;
  /** The stored matrix is lower triangular (else upper). */
  readonly lower: boolean;
  /** The diagonal is taken as 1 (tag unitDiagonal) and not read. */
  readonly unit: boolean;
  /** Solve with the transpose of the stored matrix. */
  readonly transposed: boolean;
  /** 'singular' for a zero diagonal entry, 'nonfiniteInput' for a non-finite entry. */
  readonly failure?: Result;
}

/**
 * Dense forward / back substitution for an operator tagged lowerTriangular or
 * upperTriangular (with unitDiagonal the diagonal is taken as 1). O(n²) per solve after
 * reading the matrix with `asMatrix`. A zero diagonal entry gives result `singular`.
 *
 * @example
 * ```ts
 * import { MatrixOperator, Triangular, denseMatrix, linearSolve } from 'spsolve';
 *
 * const L = new MatrixOperator(denseMatrix(2, 2, [2, 1, 0, 4]), ['lowerTriangular']); // [[2, 0], [1, 4]]
 * console.log(linearSolve(L, new Float64Array([2, 5]), new Triangular()).value); // → Float64Array(2) [ 1, 1 ]
 * ```
 */
export class Triangular implements LinearSolver<TriangularState> {
  readonly name = 'Triangular';

  init(op: LinearOperator, _options?: SolveOptions): TriangularState {
    const lower = isLowerTriangular(op);
    if (!lower && !isUpperTriangular(op)) {
      throw new MissingTagError(this.name, [lowerTriangular], "either triangle will do: tag it 'upperTriangular' instead");
    }
    const n = op.inSize;
    const matrix = op.asMatrix().data;
    const unit = hasUnitDiagonal(op);
    let failure: Result | undefined;
    for (let i = 0; i < n && !unit; i++) if (matrix[i + i * n] === 0) failure = Result.singular;
    if (!matrix.every(Number.isFinite)) failure = Result.nonfiniteInput;
    return { n, matrix, lower, unit, transposed: false, failure };
  }

  compute<V extends Rhs>(state: TriangularState, b: V, _options?: SolveOptions): Computed<V> {
    return directCompute(this.name, b, { rows: state.n, cols: state.n }, state.failure, (column) => substitute(state, column));
  }

  transpose(state: TriangularState, options: SolveOptions): [TriangularState, SolveOptions] {
    return [{ ...state, transposed: !state.transposed }, options];
  }

  conj(state: TriangularState, options: SolveOptions): [TriangularState, SolveOptions] {
    return [state, options];
  }

  assumeFullRank(): boolean {
    return true;
  }
}

/** Forward substitution when the effective matrix is lower triangular, back substitution otherwise. */
function substitute({ n, matrix, lower, unit, transposed }: TriangularState, b: Float64Array): Float64Array {
  const entry = transposed ? (i: number, j: number) => matrix[j + i * n] : (i: number, j: number) => matrix[i + j * n];
  const forward = lower !== transposed;
  const x = b.slice();
  for (let step = 0; step < n; step++) {
    const i = forward ? step : n - 1 - step;
    let s = x[i];
    if (forward) for (let j = 0; j < i; j++) s -= entry(i, j) * x[j];
    else for (let j = i + 1; j < n; j++) s -= entry(i, j) * x[j];
    x[i] = unit ? s : s / entry(i, i);
  }
  return x;
}
