/** Dense LU with partial pivoting: P A = L U, stored in place (L unit lower, U upper). */
import { Result } from '../errors';
import type { LinearOperator } from '../operators';
import { Computed, LinearSolver, Rhs, SolveOptions, directCompute, requireSquare } from './solver';

/**
 * The state of {@link LU}: the factors of P A = L U, in place.
 *
 * @example
 * ```ts
 * import { LU, MatrixOperator, denseMatrix } from 'spsolve';
 *
 * const state = new LU().init(new MatrixOperator(denseMatrix(2, 2, [1, 3, 2, 4])), {});
 * // Row 0 was swapped with row 1 at step 0; nothing to swap at step 1.
 * console.log(state.pivots); // → Int32Array(2) [ 1, 1 ]
 * ```
 */
export interface LUState {
  /** The matrix size. */
  readonly n: number;
  /** Column-major n x n: U on and above the diagonal, L's multipliers below. */
  readonly lu: Float64Array;
  /** Row k was swapped with row pivots[k] at step k. */
  readonly pivots: Int32Array;
  /** Solve with Aᵀ (the same factors, read transposed). */
  readonly transposed: boolean;
  /** 'singular' for a negligible pivot, 'nonfiniteInput' for a non-finite entry. */
  readonly failure?: Result;
}

/**
 * Dense LU with partial pivoting (P A = L U) for any square operator: the default of
 * {@link AutoSolver} for square operators that are neither sparse nor structured. Reads
 * the matrix with `asMatrix`: O(n³) time, n² memory. A pivot below n·ε·max|A| gives
 * result `singular`. The transposed solve reuses the factors.
 *
 * @example
 * ```ts
 * import { LU, MatrixOperator, denseMatrix, linearSolve } from 'spsolve';
 *
 * const op = new MatrixOperator(denseMatrix(2, 2, [0, 1, 1, 0])); // needs a row swap
 * console.log(linearSolve(op, new Float64Array([2, 3]), new LU()).value); // → Float64Array(2) [ 3, 2 ]
 * ```
 */
export class LU implements LinearSolver<LUState> {
  readonly name = 'LU';

  init(op: LinearOperator, _options?: SolveOptions): LUState {
    requireSquare(op, this.name, 'use QR for least squares');
    const n = op.inSize;
    const lu = op.asMatrix().data;
    const pivots = new Int32Array(n);
    let largest = 0;
    for (const v of lu) largest = Math.max(largest, Math.abs(v));
    // A pivot this small relative to the matrix means rank deficiency at working precision.
    const negligible = n * Number.EPSILON * largest;
    let failure: Result | undefined = Number.isFinite(largest) ? undefined : Result.nonfiniteInput;
    for (let k = 0; k < n && !failure; k++) {
      let p = k;
      for (let i = k + 1; i < n; i++) if (Math.abs(lu[i + k * n]) > Math.abs(lu[p + k * n])) p = i;
      pivots[k] = p;
      if (Math.abs(lu[p + k * n]) <= negligible) failure = Result.singular;
      if (p !== k) for (let j = 0; j < n; j++) [lu[k + j * n], lu[p + j * n]] = [lu[p + j * n], lu[k + j * n]];
      const pivot = lu[k + k * n];
      for (let i = k + 1; i < n; i++) lu[i + k * n] /= pivot;
      for (let j = k + 1; j < n; j++) {
        const ukj = lu[k + j * n];
        if (ukj !== 0) for (let i = k + 1; i < n; i++) lu[i + j * n] -= lu[i + k * n] * ukj;
      }
    }
    return { n, lu, pivots, transposed: false, failure };
  }

  compute<V extends Rhs>(state: LUState, b: V, _options?: SolveOptions): Computed<V> {
    const solve = state.transposed ? solveTransposed : solveDirect;
    return directCompute(this.name, b, { rows: state.n, cols: state.n }, state.failure, (column) => solve(state, column));
  }

  transpose(state: LUState, options: SolveOptions): [LUState, SolveOptions] {
    return [{ ...state, transposed: !state.transposed }, options];
  }

  conj(state: LUState, options: SolveOptions): [LUState, SolveOptions] {
    return [state, options];
  }

  assumeFullRank(): boolean {
    return true;
  }
}

/** A x = b: permute, forward with L, back with U. */
function solveDirect({ n, lu, pivots }: LUState, b: Float64Array): Float64Array {
  const x = b.slice();
  for (let k = 0; k < n; k++) [x[k], x[pivots[k]]] = [x[pivots[k]], x[k]];
  for (let j = 0; j < n; j++) for (let i = j + 1; i < n; i++) x[i] -= lu[i + j * n] * x[j];
  for (let j = n - 1; j >= 0; j--) {
    x[j] /= lu[j + j * n];
    for (let i = 0; i < j; i++) x[i] -= lu[i + j * n] * x[j];
  }
  return x;
}

/** Aᵀ x = b with Aᵀ = Uᵀ Lᵀ P: forward with Uᵀ, back with Lᵀ, undo the swaps in reverse. */
function solveTransposed({ n, lu, pivots }: LUState, b: Float64Array): Float64Array {
  const x = b.slice();
  for (let j = 0; j < n; j++) {
    let s = x[j];
    for (let i = 0; i < j; i++) s -= lu[i + j * n] * x[i];
    x[j] = s / lu[j + j * n];
  }
  for (let j = n - 1; j >= 0; j--) {
    let s = x[j];
    for (let i = j + 1; i < n; i++) s -= lu[i + j * n] * x[i];
    x[j] = s;
  }
  for (let k = n - 1; k >= 0; k--) [x[k], x[pivots[k]]] = [x[pivots[k]], x[k]];
  return x;
}
