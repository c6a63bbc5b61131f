/** x = b / d for an operator tagged diagonal. Its own transpose. */
import { Result } from '../errors';
import { LinearOperator, diagonal, diagonalOf } from '../operators';
import { checkBoolean, checkFiniteNumber } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
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
  /** The diagonal d (a copy; in pseudo-inverse mode a negligible entry is stored as Infinity, so b / d is 0). */
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
  /** False: the pseudo-inverse solution (Lineax's `Diagonal(well_posed=False)`); true (default): a zero entry is `singular`. */
  readonly wellPosed: boolean;
  /** Pseudo-inverse mode: entries with |d_i| ≤ rcond · max |d| count as zero (default machine epsilon · n; negative: epsilon). */
  readonly rcond?: number;

  /**
   * @param settings `wellPosed` (default true) and, for `wellPosed: false`, the cut-off `rcond`.
   * @throws TypeError for an unknown setting or a value of the wrong type.
   * @example
   * ```ts
   * import { Diagonal, DiagonalOperator, linearSolve } from 'spsolve';
   *
   * const D = new DiagonalOperator(new Float64Array([2, 0]));
   * console.log(linearSolve(D, new Float64Array([1, 1]), new Diagonal({ wellPosed: false })).value); // → Float64Array(2) [ 0.5, 0 ]
   * ```
   */
  constructor(settings: { wellPosed?: boolean; rcond?: number } = {}) {
    const checked = checkOptions(settings, ['wellPosed', 'rcond'], 'Diagonal: settings');
    this.wellPosed = checkBoolean(checked.wellPosed ?? true, 'Diagonal: settings.wellPosed');
    if (checked.rcond !== undefined) this.rcond = checkFiniteNumber(checked.rcond, 'Diagonal: settings.rcond');
  }

  /** Reads the diagonal. @throws {@link MissingTagError} unless the operator is tagged diagonal. */
  init(op: LinearOperator, _options?: SolveOptions): DiagonalState {
    requireTags(op, this.name, [diagonal]);
    const d = diagonalOf(op);
    if (d.some((v) => !Number.isFinite(v))) return { diagonal: d, failure: Result.nonfiniteInput };
    if (this.wellPosed) return { diagonal: d, failure: d.includes(0) ? Result.singular : undefined };
    const rcond = this.rcond === undefined ? Number.EPSILON * d.length : this.rcond < 0 ? Number.EPSILON : this.rcond;
    const cut = rcond * d.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    // Pseudo-inverse: a negligible entry's reciprocal is 0 (stored as Infinity, so b / d gives 0).
    return { diagonal: d.map((v) => (Math.abs(v) > cut ? v : Infinity)) };
  }

  /** x = b / d (0 for a negligible d_i in pseudo-inverse mode). */
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

  /** `wellPosed`: false in pseudo-inverse mode, so derivatives include the pseudo-inverse terms. */
  assumeFullRank(): boolean {
    return this.wellPosed;
  }
}
