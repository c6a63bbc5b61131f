/** x = b / d for an operator tagged diagonal. Its own transpose. */
import { Result } from '../errors';
import { LinearOperator, diagonal, diagonalOf } from '../operators';
import { Computed, LinearSolver, Rhs, SolveOptions, directCompute, requireTags } from './solver';

export interface DiagonalState {
  readonly diagonal: Float64Array;
  readonly failure?: Result;
}

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
    return directCompute(b, { rows: d.length, cols: d.length }, state.failure, (column) => column.map((v, i) => v / d[i]));
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
