/**
 * Tags: structural promises an operator makes about itself (Lineax's tags). Solvers
 * trust them instead of inspecting entries, so a wrong tag gives a wrong answer, not
 * an error. Tags are strings so a missing one can be named in an error message.
 */

export const symmetric = 'symmetric';
export const positiveSemidefinite = 'positiveSemidefinite';
export const negativeSemidefinite = 'negativeSemidefinite';
export const diagonal = 'diagonal';
export const tridiagonal = 'tridiagonal';
export const lowerTriangular = 'lowerTriangular';
export const upperTriangular = 'upperTriangular';
export const unitDiagonal = 'unitDiagonal';

export type Tag =
  | typeof symmetric
  | typeof positiveSemidefinite
  | typeof negativeSemidefinite
  | typeof diagonal
  | typeof tridiagonal
  | typeof lowerTriangular
  | typeof upperTriangular
  | typeof unitDiagonal;

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

/** Anything carrying tags; the queries below accept any LinearOperator. */
export interface Tagged {
  readonly tags: ReadonlySet<Tag>;
}

/**
 * Adds every tag the given ones imply (all values are real): diagonal ⇒ symmetric,
 * tridiagonal, lower and upper triangular; PSD or NSD ⇒ symmetric; lower and upper
 * triangular together ⇒ diagonal.
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
export const isSymmetric = (op: Tagged): boolean => has(op, symmetric);
export const isPositiveSemidefinite = (op: Tagged): boolean => has(op, positiveSemidefinite);
export const isNegativeSemidefinite = (op: Tagged): boolean => has(op, negativeSemidefinite);
export const isDiagonal = (op: Tagged): boolean => has(op, diagonal);
export const isTridiagonal = (op: Tagged): boolean => has(op, tridiagonal);
export const isLowerTriangular = (op: Tagged): boolean => has(op, lowerTriangular);
export const isUpperTriangular = (op: Tagged): boolean => has(op, upperTriangular);
export const hasUnitDiagonal = (op: Tagged): boolean => has(op, unitDiagonal);

/** Tags of Aᵀ: lower and upper triangular swap, everything else holds. */
export function transposeTags(tags: Iterable<Tag>): ReadonlySet<Tag> {
  const swap: Partial<Record<Tag, Tag>> = { lowerTriangular: upperTriangular, upperTriangular: lowerTriangular };
  return closeTags([...tags].map((t) => swap[t] ?? t));
}

/** Tags of c·A: a negative c swaps PSD and NSD; only c = 1 keeps a unit diagonal. */
export function scaleTags(tags: Iterable<Tag>, c: number): ReadonlySet<Tag> {
  const swap: Partial<Record<Tag, Tag>> =
    c < 0 ? { positiveSemidefinite: negativeSemidefinite, negativeSemidefinite: positiveSemidefinite } : {};
  return closeTags([...closeTags(tags)].filter((t) => t !== unitDiagonal || c === 1).map((t) => swap[t] ?? t));
}

/** Tags of A + B: what both share, except a unit diagonal (1 + 1 ≠ 1). */
export function sumTags(a: Iterable<Tag>, b: Iterable<Tag>): ReadonlySet<Tag> {
  const right = closeTags(b);
  return closeTags([...closeTags(a)].filter((t) => right.has(t) && t !== unitDiagonal));
}

/**
 * Tags of A B: products keep diagonal and triangular structure (and a unit diagonal
 * with it); symmetry survives only when both factors are diagonal, where it commutes.
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

/** Structural tags only make sense for square operators. */
export function checkTagsFit(tags: ReadonlySet<Tag>, inSize: number, outSize: number): void {
  if (tags.size > 0 && inSize !== outSize) {
    throw new RangeError(`tags [${[...tags].join(', ')}] need a square operator, got ${outSize} x ${inSize}`);
  }
}
