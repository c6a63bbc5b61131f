/**
 * Tridiagonal LU with partial pivoting (the LAPACK gttrf / gtts2 scheme): O(n), stable
 * without symmetry or diagonal dominance. A row swap at step i fills a second
 * superdiagonal (du2). The transposed solve runs the same factors backwards.
 */
import { Result } from '../errors';
import { LinearOperator, tridiagonal, tridiagonalOf } from '../operators';
import { Computed, LinearSolver, Rhs, SolveOptions, directCompute, requireTags } from './solver';

/**
 * The state of {@link Tridiagonal}: the LU factors in LAPACK's gttrf layout.
 *
 * @example
 * ```ts
 * import { Tridiagonal, TridiagonalOperator } from 'spsolve';
 *
 * const T = new TridiagonalOperator(new Float64Array([1]), new Float64Array([2, 2]), new Float64Array([1]));
 * console.log(new Tridiagonal().init(T, {}).n); // → 2
 * ```
 */
export interface TridiagonalState {
  /** The matrix size. */
  readonly n: number;
  /** Multipliers of L (length n - 1). */
  readonly dl: Float64Array;
  /** Diagonal of U (length n). */
  readonly d: Float64Array;
  /** First superdiagonal of U (length n - 1). */
  readonly du: Float64Array;
  /** Second superdiagonal of U, filled by row swaps (length n - 2). */
  readonly du2: Float64Array;
  /** Step i swapped rows i and i + 1. */
  readonly swapped: Uint8Array;
  /** Solve with Aᵀ (the same factors, run backwards). */
  readonly transposed: boolean;
  /** 'singular' for a zero pivot, 'nonfiniteInput' for a non-finite entry. */
  readonly failure?: Result;
}

/**
 * Tridiagonal LU with partial pivoting (LAPACK's gttrf / gtts2) for an operator tagged
 * tridiagonal: O(n) time and memory, stable without symmetry or diagonal dominance. The
 * bands are read with three matvecs ({@link tridiagonalOf}). A zero pivot gives result `singular`.
 *
 * @example
 * ```ts
 * import { Tridiagonal, TridiagonalOperator, linearSolve } from 'spsolve';
 *
 * const n = 1000;
 * const T = new TridiagonalOperator(new Float64Array(n - 1).fill(-1), new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1));
 * const { value } = linearSolve(T, new Float64Array(n).fill(1), new Tridiagonal()); // x₀ = n / 2
 * console.log(value[0].toFixed(6)); // → 500.000000
 * ```
 */
export class Tridiagonal implements LinearSolver<TridiagonalState> {
  readonly name = 'Tridiagonal';

  init(op: LinearOperator, _options?: SolveOptions): TridiagonalState {
    requireTags(op, this.name, [tridiagonal]);
    const { lower: dl, diag: d, upper: du } = tridiagonalOf(op);
    const n = d.length;
    const du2 = new Float64Array(Math.max(n - 2, 0));
    const swapped = new Uint8Array(Math.max(n - 1, 0));
    for (let i = 0; i < n - 1; i++) {
      if (Math.abs(d[i]) >= Math.abs(dl[i])) {
        if (d[i] !== 0) {
          dl[i] /= d[i];
          d[i + 1] -= dl[i] * du[i];
        }
      } else {
        // Row i + 1 has the larger entry in column i: swap it up.
        const factor = d[i] / dl[i];
        d[i] = dl[i];
        dl[i] = factor;
        const oldDu = du[i];
        du[i] = d[i + 1];
        d[i + 1] = oldDu - factor * d[i + 1];
        if (i < n - 2) {
          du2[i] = du[i + 1];
          du[i + 1] = -factor * du[i + 1];
        }
        swapped[i] = 1;
      }
    }
    const failure = !d.every(Number.isFinite) ? Result.nonfiniteInput : d.includes(0) ? Result.singular : undefined;
    return { n, dl, d, du, du2, swapped, transposed: false, failure };
  }

  compute<V extends Rhs>(state: TridiagonalState, b: V, _options?: SolveOptions): Computed<V> {
    const solve = state.transposed ? solveTransposed : solveDirect;
    return directCompute(this.name, b, { rows: state.n, cols: state.n }, state.failure, (column) => solve(state, column));
  }

  transpose(state: TridiagonalState, options: SolveOptions): [TridiagonalState, SolveOptions] {
    return [{ ...state, transposed: !state.transposed }, options];
  }

  conj(state: TridiagonalState, options: SolveOptions): [TridiagonalState, SolveOptions] {
    return [state, options];
  }

  assumeFullRank(): boolean {
    return true;
  }
}

function solveDirect({ n, dl, d, du, du2, swapped }: TridiagonalState, b: Float64Array): Float64Array {
  const x = b.slice();
  for (let i = 0; i < n - 1; i++) {
    if (swapped[i]) {
      const xi = x[i];
      x[i] = x[i + 1];
      x[i + 1] = xi - dl[i] * x[i + 1];
    } else {
      x[i + 1] -= dl[i] * x[i];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const s = x[i] - (i < n - 1 ? du[i] * x[i + 1] : 0) - (i < n - 2 ? du2[i] * x[i + 2] : 0);
    x[i] = s / d[i];
  }
  return x;
}

function solveTransposed({ n, dl, d, du, du2, swapped }: TridiagonalState, b: Float64Array): Float64Array {
  const x = b.slice();
  for (let i = 0; i < n; i++) {
    const s = x[i] - (i > 0 ? du[i - 1] * x[i - 1] : 0) - (i > 1 ? du2[i - 2] * x[i - 2] : 0);
    x[i] = s / d[i];
  }
  for (let i = n - 2; i >= 0; i--) {
    const t = x[i] - dl[i] * x[i + 1];
    if (swapped[i]) {
      x[i] = x[i + 1];
      x[i + 1] = t;
    } else {
      x[i] = t;
    }
  }
  return x;
}
