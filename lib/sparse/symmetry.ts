import { checkChoice } from './validate';
import { checkOptions } from './validate-options';

/**
 * How a CscMatrix's stored entries map to the matrix it represents.
 *
 * - 'general': the stored entries are the matrix.
 * - 'lower':   the matrix is symmetric and only its lower triangle (row >= col) is stored.
 * - 'upper':   the matrix is symmetric and only its upper triangle (row <= col) is stored.
 *
 * CHOLMOD calls this `stype` (-1 lower, 0 unsymmetric, +1 upper) and only ever reads
 * one triangle of a symmetric input, so storing one triangle halves memory and
 * transfer cost and makes "is this symmetric?" a property of the type, not of the
 * numbers.
 *
 * @example
 * ```ts
 * import { CscMatrix, type Symmetry } from 'spsolve';
 *
 * const storage: Symmetry = 'upper'; // the stored (0, 1) stands for its mirror (1, 0) too
 * const A = CscMatrix.fromTriplets(2, 2, [0, 0, 1], [0, 1, 1], [2, 1, 2], { symmetry: storage });
 * console.log(A.get(1, 0)); // → 1
 * ```
 */
export type Symmetry = 'general' | 'lower' | 'upper';

/**
 * True for the three legal {@link Symmetry} spellings ('general', 'lower', 'upper').
 *
 * @example
 * ```ts
 * import { isSymmetry } from 'spsolve';
 *
 * console.log(isSymmetry('lower'), isSymmetry('symmetric')); // → true false
 * ```
 */
export function isSymmetry(value: unknown): value is Symmetry {
  return value === 'general' || value === 'lower' || value === 'upper';
}

/** The legal {@link Symmetry} spellings. @internal */
export const SYMMETRIES: readonly Symmetry[] = ['general', 'lower', 'upper'];

/**
 * An options object whose only key is `symmetry` (CscOptions, GridOptions): its symmetry, with
 * the default `fallback`. `fn` names the function in messages.
 * @internal
 */
export function symmetryOption(opts: unknown, fn: string, fallback: Symmetry = 'general'): Symmetry {
  const { symmetry = fallback } = checkOptions(opts, ['symmetry'], `${fn}: opts`);
  return checkChoice(symmetry, SYMMETRIES, `${fn}: opts.symmetry`);
}

/**
 * Storage of the transpose: the transpose of a stored lower triangle is an upper
 * triangle of the same symmetric matrix ('lower' ↔ 'upper', 'general' stays).
 *
 * @example
 * ```ts
 * import { poisson2d, transposedSymmetry } from 'spsolve';
 *
 * const A = poisson2d(3);
 * console.log(transposedSymmetry(A.symmetry), A.transpose().symmetry); // → upper upper
 * ```
 */
export function transposedSymmetry(symmetry: Symmetry): Symmetry {
  return symmetry === 'lower' ? 'upper' : symmetry === 'upper' ? 'lower' : 'general';
}

/**
 * CHOLMOD's `stype` for a {@link Symmetry}: -1 'lower', 0 'general', +1 'upper'.
 *
 * @example
 * ```ts
 * import { stypeOf } from 'spsolve';
 *
 * console.log(stypeOf('lower'), stypeOf('general'), stypeOf('upper')); // → -1 0 1
 * ```
 */
export function stypeOf(symmetry: Symmetry): -1 | 0 | 1 {
  return symmetry === 'lower' ? -1 : symmetry === 'upper' ? 1 : 0;
}
