/**
 * Tags: structural promises an operator makes about itself (Lineax's tags). Solvers
 * trust them instead of inspecting entries, so a wrong tag gives a wrong answer, not
 * an error. Tags are strings so a missing one can be named in an error message.
 */

/**
 * Tag: A = Aᵀ. Needed by {@link LDLt} and {@link MINRES}; implied by `diagonal`,
 * `positiveSemidefinite` and `negativeSemidefinite`. A SparseOperator on a stored
 * triangle ('lower' / 'upper') carries it automatically.
 *
 * @example
 * ```ts
 * import { CscMatrix, SparseOperator, isSymmetric, symmetric } from 'spsolve';
 *
 * const A = CscMatrix.fromDense(2, 2, [0, 1, 1, 0]); // [[0, 1], [1, 0]], indefinite
 * console.log(isSymmetric(new SparseOperator(A, [symmetric]))); // → true
 * ```
 */
export const symmetric = 'symmetric';
/**
 * Tag: A is symmetric and xᵀ A x >= 0 for all x (implies `symmetric`). Needed by
 * {@link Cholesky}, {@link DenseCholesky} and {@link CG}; {@link AutoSolver} picks
 * Cholesky for a sparse operator with this tag. A factorisation fails with
 * `notPositiveDefinite` when the matrix is only semidefinite (singular).
 *
 * @example
 * ```ts
 * import { SparseOperator, linearSolve, poisson2d, positiveSemidefinite } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(5), [positiveSemidefinite]);
 * console.log(linearSolve(op, new Float64Array(25).fill(1)).result); // → successful
 * ```
 */
export const positiveSemidefinite = 'positiveSemidefinite';
/**
 * Tag: A is symmetric and xᵀ A x <= 0 for all x (implies `symmetric`). {@link CG}
 * accepts it (it solves with -A); scaling a positiveSemidefinite operator by a
 * negative number gives it.
 *
 * @example
 * ```ts
 * import { SparseOperator, isNegativeSemidefinite, neg, poisson2d, positiveSemidefinite } from 'spsolve';
 *
 * const op = neg(new SparseOperator(poisson2d(3), [positiveSemidefinite]));
 * console.log(isNegativeSemidefinite(op)); // → true
 * ```
 */
export const negativeSemidefinite = 'negativeSemidefinite';
/**
 * Tag: A is diagonal (implies symmetric, tridiagonal, lowerTriangular and
 * upperTriangular). Solved by {@link Diagonal} from one matvec.
 *
 * @example
 * ```ts
 * import { FunctionOperator, diagonal, linearSolve } from 'spsolve';
 *
 * const op = new FunctionOperator((x) => x.map((v, i) => (i + 1) * v), 3, { tags: [diagonal] });
 * console.log(linearSolve(op, new Float64Array([1, 2, 3])).value); // → Float64Array(3) [ 1, 1, 1 ]
 * ```
 */
export const diagonal = 'diagonal';
/**
 * Tag: A[i, j] = 0 when |i - j| > 1. Solved by {@link Tridiagonal} in O(n) from three matvecs.
 *
 * @example
 * ```ts
 * import { TridiagonalOperator, isTridiagonal } from 'spsolve';
 *
 * // TridiagonalOperator carries the tag itself.
 * const op = new TridiagonalOperator(new Float64Array([1]), new Float64Array([2, 2]), new Float64Array([1]));
 * console.log(isTridiagonal(op)); // → true
 * ```
 */
export const tridiagonal = 'tridiagonal';
/**
 * Tag: A[i, j] = 0 when j > i. Solved by {@link Triangular} (forward substitution).
 * Together with `upperTriangular` it implies `diagonal`.
 *
 * @example
 * ```ts
 * import { MatrixOperator, denseMatrix, linearSolve, lowerTriangular } from 'spsolve';
 *
 * const L = new MatrixOperator(denseMatrix(2, 2, [2, 1, 0, 1]), [lowerTriangular]); // [[2, 0], [1, 1]]
 * console.log(linearSolve(L, new Float64Array([2, 2])).value); // → Float64Array(2) [ 1, 1 ]
 * ```
 */
export const lowerTriangular = 'lowerTriangular';
/**
 * Tag: A[i, j] = 0 when i > j. Solved by {@link Triangular} (back substitution).
 *
 * @example
 * ```ts
 * import { MatrixOperator, denseMatrix, linearSolve, upperTriangular } from 'spsolve';
 *
 * const U = new MatrixOperator(denseMatrix(2, 2, [1, 0, 1, 2]), [upperTriangular]); // [[1, 1], [0, 2]]
 * console.log(linearSolve(U, new Float64Array([2, 2])).value); // → Float64Array(2) [ 1, 1 ]
 * ```
 */
export const upperTriangular = 'upperTriangular';
/**
 * Tag: every diagonal entry is 1. {@link Triangular} then takes the diagonal as 1
 * without reading it (as for the L of an LU factorisation).
 *
 * @example
 * ```ts
 * import { MatrixOperator, denseMatrix, linearSolve, lowerTriangular, unitDiagonal } from 'spsolve';
 *
 * const L = new MatrixOperator(denseMatrix(2, 2, [1, 3, 0, 1]), [lowerTriangular, unitDiagonal]);
 * console.log(linearSolve(L, new Float64Array([1, 4])).value); // → Float64Array(2) [ 1, 1 ]
 * ```
 */
export const unitDiagonal = 'unitDiagonal';

/**
 * A structural promise an operator makes about itself (Lineax's tags): one of
 * {@link symmetric}, {@link positiveSemidefinite}, {@link negativeSemidefinite},
 * {@link diagonal}, {@link tridiagonal}, {@link lowerTriangular},
 * {@link upperTriangular}, {@link unitDiagonal}. Solvers trust tags instead of
 * checking entries, so a wrong tag gives a wrong answer (CHOLMOD does check symmetry
 * of a 'general' matrix). Tags need a square operator.
 *
 * @example
 * ```ts
 * import { SparseOperator, type Tag, poisson2d } from 'spsolve';
 *
 * const tags: Tag[] = ['positiveSemidefinite'];
 * const op = new SparseOperator(poisson2d(4), tags);
 * console.log([...op.tags]); // → [ 'symmetric', 'positiveSemidefinite' ]
 * ```
 */
export type Tag =
  | typeof symmetric
  | typeof positiveSemidefinite
  | typeof negativeSemidefinite
  | typeof diagonal
  | typeof tridiagonal
  | typeof lowerTriangular
  | typeof upperTriangular
  | typeof unitDiagonal;

/**
 * Every known {@link Tag}, in a fixed order.
 *
 * @example
 * ```ts
 * import { allTags } from 'spsolve';
 *
 * console.log(allTags.length, allTags.includes('diagonal')); // → 8 true
 * ```
 */
export const allTags: readonly Tag[] = [
  symmetric,
  positiveSemidefinite,
  negativeSemidefinite,
  diagonal,
  tridiagonal,
  lowerTriangular,
  upperTriangular,
  unitDiagonal,
];

/**
 * Anything carrying tags; the tag queries ({@link isSymmetric}, ...) accept any
 * {@link LinearOperator} or a plain `{ tags }` object.
 *
 * @example
 * ```ts
 * import { type Tagged, isSymmetric } from 'spsolve';
 *
 * const t: Tagged = { tags: new Set(['diagonal'] as const) };
 * // diagonal implies symmetric:
 * console.log(isSymmetric(t)); // → true
 * ```
 */
export interface Tagged {
  /** The tags; the queries close them under implication before testing. */
  readonly tags: ReadonlySet<Tag>;
}

/**
 * Adds every tag the given ones imply (all values are real): diagonal ⇒ symmetric,
 * tridiagonal, lower and upper triangular; PSD or NSD ⇒ symmetric; lower and upper
 * triangular together ⇒ diagonal.
 *
 * @throws TypeError for a string that is not a known tag.
 *
 * @example
 * ```ts
 * import { closeTags } from 'spsolve';
 *
 * console.log([...closeTags(['diagonal'])].join(' '));
 * // → diagonal symmetric tridiagonal lowerTriangular upperTriangular
 * ```
 */
export function closeTags(tags: Iterable<Tag>): ReadonlySet<Tag> {
  const set = new Set<Tag>(tags);
  for (const tag of set) {
    if (!allTags.includes(tag)) throw new TypeError(`unknown tag ${JSON.stringify(tag)}; known tags: ${allTags.join(', ')}`);
  }
  if (set.has(lowerTriangular) && set.has(upperTriangular)) set.add(diagonal);
  if (set.has(diagonal)) ([symmetric, tridiagonal, lowerTriangular, upperTriangular] as const).forEach((t) => set.add(t));
  if (set.has(positiveSemidefinite) || set.has(negativeSemidefinite)) set.add(symmetric);
  return set;
}

const has = (op: Tagged, tag: Tag) => closeTags(op.tags).has(tag);
/**
 * True when the operator is tagged {@link symmetric}, directly or by implication.
 *
 * @example
 * ```ts
 * import { SparseOperator, isSymmetric, poisson2d } from 'spsolve';
 *
 * // A stored triangle ('lower') makes a SparseOperator symmetric; full storage needs the tag.
 * console.log(isSymmetric(new SparseOperator(poisson2d(3)))); // → true
 * console.log(isSymmetric(new SparseOperator(poisson2d(3).toGeneral()))); // → false
 * ```
 */
export const isSymmetric = (op: Tagged): boolean => has(op, symmetric);
/**
 * True when the operator is tagged {@link positiveSemidefinite}.
 *
 * @example
 * ```ts
 * import { IdentityOperator, isPositiveSemidefinite } from 'spsolve';
 *
 * console.log(isPositiveSemidefinite(new IdentityOperator(3))); // → true
 * ```
 */
export const isPositiveSemidefinite = (op: Tagged): boolean => has(op, positiveSemidefinite);
/**
 * True when the operator is tagged {@link negativeSemidefinite}.
 *
 * @example
 * ```ts
 * import { IdentityOperator, isNegativeSemidefinite, neg } from 'spsolve';
 *
 * console.log(isNegativeSemidefinite(neg(new IdentityOperator(3)))); // → true
 * ```
 */
export const isNegativeSemidefinite = (op: Tagged): boolean => has(op, negativeSemidefinite);
/**
 * True when the operator is tagged {@link diagonal} (or both triangular tags).
 *
 * @example
 * ```ts
 * import { DiagonalOperator, isDiagonal } from 'spsolve';
 *
 * console.log(isDiagonal(new DiagonalOperator(new Float64Array([1, 2])))); // → true
 * ```
 */
export const isDiagonal = (op: Tagged): boolean => has(op, diagonal);
/**
 * True when the operator is tagged {@link tridiagonal} (or diagonal).
 *
 * @example
 * ```ts
 * import { DiagonalOperator, isTridiagonal } from 'spsolve';
 *
 * console.log(isTridiagonal(new DiagonalOperator(new Float64Array([1, 2])))); // → true
 * ```
 */
export const isTridiagonal = (op: Tagged): boolean => has(op, tridiagonal);
/**
 * True when the operator is tagged {@link lowerTriangular} (or diagonal).
 *
 * @example
 * ```ts
 * import { isLowerTriangular } from 'spsolve';
 *
 * console.log(isLowerTriangular({ tags: new Set(['lowerTriangular'] as const) })); // → true
 * ```
 */
export const isLowerTriangular = (op: Tagged): boolean => has(op, lowerTriangular);
/**
 * True when the operator is tagged {@link upperTriangular} (or diagonal).
 *
 * @example
 * ```ts
 * import { MatrixOperator, denseMatrix, isUpperTriangular, lowerTriangular } from 'spsolve';
 *
 * const L = new MatrixOperator(denseMatrix(2, 2, [1, 1, 0, 1]), [lowerTriangular]);
 * // Transposing swaps the triangles.
 * console.log(isUpperTriangular(L.transpose())); // → true
 * ```
 */
export const isUpperTriangular = (op: Tagged): boolean => has(op, upperTriangular);
/**
 * True when the operator is tagged {@link unitDiagonal}.
 *
 * @example
 * ```ts
 * import { IdentityOperator, hasUnitDiagonal } from 'spsolve';
 *
 * console.log(hasUnitDiagonal(new IdentityOperator(2))); // → true
 * ```
 */
export const hasUnitDiagonal = (op: Tagged): boolean => has(op, unitDiagonal);

/**
 * Tags of Aᵀ: lower and upper triangular swap, everything else holds. For the
 * `transposed()` of a custom operator.
 *
 * @example
 * ```ts
 * import { transposeTags } from 'spsolve';
 *
 * console.log([...transposeTags(['lowerTriangular', 'unitDiagonal'])]); // → [ 'upperTriangular', 'unitDiagonal' ]
 * ```
 */
export function transposeTags(tags: Iterable<Tag>): ReadonlySet<Tag> {
  const swap: Partial<Record<Tag, Tag>> = { lowerTriangular: upperTriangular, upperTriangular: lowerTriangular };
  return closeTags([...tags].map((t) => swap[t] ?? t));
}

/**
 * Tags of c·A: a negative c swaps PSD and NSD; only c = 1 keeps a unit diagonal.
 *
 * @example
 * ```ts
 * import { scaleTags } from 'spsolve';
 *
 * console.log([...scaleTags(['positiveSemidefinite'], -2)]); // → [ 'negativeSemidefinite', 'symmetric' ]
 * ```
 */
export function scaleTags(tags: Iterable<Tag>, c: number): ReadonlySet<Tag> {
  const swap: Partial<Record<Tag, Tag>> =
    c < 0 ? { positiveSemidefinite: negativeSemidefinite, negativeSemidefinite: positiveSemidefinite } : {};
  return closeTags([...closeTags(tags)].filter((t) => t !== unitDiagonal || c === 1).map((t) => swap[t] ?? t));
}

/**
 * Tags of A + B: what both share, except a unit diagonal (1 + 1 ≠ 1).
 *
 * @example
 * ```ts
 * import { sumTags } from 'spsolve';
 *
 * console.log([...sumTags(['positiveSemidefinite'], ['diagonal', 'positiveSemidefinite'])]);
 * // → [ 'positiveSemidefinite', 'symmetric' ]
 * ```
 */
export function sumTags(a: Iterable<Tag>, b: Iterable<Tag>): ReadonlySet<Tag> {
  const right = closeTags(b);
  return closeTags([...closeTags(a)].filter((t) => right.has(t) && t !== unitDiagonal));
}

/**
 * Tags of A B: products keep diagonal and triangular structure (and a unit diagonal
 * with it); symmetry survives only when both factors are diagonal, where it commutes.
 *
 * @param a Tags of the outer (left) factor A.
 * @param b Tags of the inner (right) factor B.
 *
 * @example
 * ```ts
 * import { composeTags } from 'spsolve';
 *
 * console.log([...composeTags(['lowerTriangular'], ['lowerTriangular'])]); // → [ 'lowerTriangular' ]
 * console.log([...composeTags(['symmetric'], ['symmetric'])]); // → []
 * ```
 */
export function composeTags(a: Iterable<Tag>, b: Iterable<Tag>): ReadonlySet<Tag> {
  const left = closeTags(a);
  const right = closeTags(b);
  const both = (t: Tag) => left.has(t) && right.has(t);
  const out: Tag[] = [];
  for (const t of [diagonal, lowerTriangular, upperTriangular] as const) if (both(t)) out.push(t);
  const triangularAlike = both(lowerTriangular) || both(upperTriangular);
  if (both(unitDiagonal) && triangularAlike) out.push(unitDiagonal);
  if (both(diagonal)) {
    // Diagonal matrices commute: the product of two PSD (or two NSD) ones is PSD.
    if (both(positiveSemidefinite) || both(negativeSemidefinite)) out.push(positiveSemidefinite);
    if ((left.has(positiveSemidefinite) && right.has(negativeSemidefinite)) ||
        (left.has(negativeSemidefinite) && right.has(positiveSemidefinite))) out.push(negativeSemidefinite);
  }
  if ((left.has(diagonal) && right.has(tridiagonal)) || (left.has(tridiagonal) && right.has(diagonal))) out.push(tridiagonal);
  return closeTags(out);
}

/**
 * Structural tags only make sense for square operators: throws a RangeError when
 * `tags` is not empty and inSize ≠ outSize. For the constructor of a custom operator.
 *
 * @example
 * ```ts
 * import { checkTagsFit, closeTags } from 'spsolve';
 *
 * checkTagsFit(closeTags(['symmetric']), 3, 3); // fine
 * try {
 *   checkTagsFit(closeTags(['symmetric']), 3, 2);
 * } catch (error) {
 *   console.log((error as Error).message); // → tags [symmetric] need a square operator, got 2 x 3
 * }
 * ```
 */
export function checkTagsFit(tags: ReadonlySet<Tag>, inSize: number, outSize: number): void {
  if (tags.size > 0 && inSize !== outSize) {
    throw new RangeError(`tags [${[...tags].join(', ')}] need a square operator, got ${outSize} x ${inSize}`);
  }
}
