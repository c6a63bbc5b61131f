/** x = b / d for an operator tagged diagonal. Its own transpose. */
import { Result } from '../errors';
import { LinearOperator, diagonal, diagonalOf } from '../operators';
import { Computed, LinearSolver, Rhs, SolveOptions, directCompute, requireTags } from './solver';

/**
 * The state of {@link Diagonal}: the operator's diagonal.
 *
 * @example
 * ```ts
 * import { Diagonal, DiagonalOperator } from 'spsolve';
 *
 * const state = new Diagonal().init(new DiagonalOperator(new Float64Array([2, 0])), {});
 * console.log(state.failure); // → singular
 * ```
 */
export interface DiagonalState {
  /** The diagonal d (a copy). */
  readonly diagonal: Float64Array;
  /** 'singular' for a zero entry, 'nonfiniteInput' for a non-finite one. */
  readonly failure?: Result;
}

/**
 * x = b / d for an operator tagged diagonal: one matvec to read d, O(n) per solve.
 * A zero entry gives result `singular`.
 *
 * @example
 * ```ts
 * import { Diagonal, DiagonalOperator, linearSolve } from 'spsolve';
 *
 * const D = new DiagonalOperator(new Float64Array([2, 4]));
 * console.log(linearSolve(D, new Float64Array([1, 1]), new Diagonal()).value); // → Float64Array(2) [ 0.5, 0.25 ]
 * ```
 */
export class Diagonal implements LinearSolver<DiagonalState> {
  readonly name = 'Diagonal';

  init(op: LinearOperator, _options?: SolveOptions): DiagonalState {
    requireTags(op, this.name, [diagonal]);
    const d = diagonalOf(op);
    const failure = d.some((v) => !Number.isFinite(v)) ? Result.nonfiniteInput : d.includes(0) ? Result.singular : undefined;
    return { diagonal: d, failure };
  }

  compute<V extends Rhs>(state: DiagonalState, b: V, _options?: SolveOptions): Computed<V> {
    const d = state.diagonal;
    return directCompute(this.name, b, { rows: d.length, cols: d.length }, state.failure, (column) => column.map((v, i) => v / d[i]));
  }

  transpose(state: DiagonalState, options: SolveOptions): [DiagonalState, SolveOptions] {
    return [state, options];
  }

  conj(state: DiagonalState, options: SolveOptions): [DiagonalState, SolveOptions] {
    return [state, options];
  }

  assumeFullRank(): boolean {
    return true;
  }
}
