/**
 * Options of a CHOLMOD factorisation, validated and mapped to the addon's integer codes.
 * @module
 */

/**
 * Fill-reducing ordering, chosen at analysis and kept by every refactor:
 * - 'default': CHOLMOD's own strategy (AMD, and METIS when AMD gives much fill);
 * - 'best': tries them all and keeps the least fill (slowest analysis);
 * - 'amd': approximate minimum degree;
 * - 'metis': METIS nested dissection (large 2D/3D meshes);
 * - 'nesdis': CHOLMOD's nested dissection (METIS plus constrained minimum degree);
 * - 'colamd': applies to A·Aᵀ, so it means AMD for the symmetric matrices factorised here;
 * - 'natural': keeps the given order (no permutation).
 *
 * Which one CHOLMOD ended up using is in {@link FactorInfo.ordering}.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(30), { ordering: 'natural' });
 * console.log(factor.info.ordering, factor.permutation[5]); // → natural 5
 * factor.dispose();
 * ```
 */
// Must name exactly the keys of ORDERING_CODES below (`satisfies` checks it); likewise for the others.
export type Ordering = 'default' | 'best' | 'amd' | 'metis' | 'nesdis' | 'colamd' | 'natural';

/**
 * How the numeric factorisation is organised: 'simplicial' (column by column; best for very
 * sparse factors, and the form update/downdate works on), 'supernodal' (dense blocks handed to
 * the BLAS; best when L has dense columns, as for 3D meshes), or 'auto' (CHOLMOD picks from the
 * flop count per nonzero of L).
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(30), { mode: 'supernodal' });
 * console.log(factor.info.isSupernodal); // → true
 * factor.dispose();
 * ```
 */
export type FactorMode = 'auto' | 'simplicial' | 'supernodal';

/**
 * 'LLt': Cholesky, A = L Lᵀ. 'LDLt': A = L D Lᵀ with unit-diagonal L (no square roots; also
 * factorises some indefinite matrices, e.g. quasi-definite ones). Supernodal factors are always
 * LLᵀ, so 'LDLt' needs mode 'simplicial' or 'auto'.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * const factor = cholesky(poisson2d(10), { kind: 'LDLt' });
 * console.log(factor.kind, factor.info.isLL, factor.D()[0]); // → LDLt false 4
 * factor.dispose();
 * ```
 */
export type FactorKind = 'LLt' | 'LDLt';

// The addon's integer codes for these names (native/cholmod/factor.h, enum Ordering, Mode, Kind).
// `satisfies` keeps each table and its union identical: a missing or extra name is a compile error.

/** @internal Integer codes of the {@link Ordering} names, as the addon takes them. */
export const ORDERING_CODES = {
  default: 0, best: 1, amd: 2, metis: 3, nesdis: 4, colamd: 5, natural: 6,
} as const satisfies Record<Ordering, number>;
/** @internal Integer codes of the {@link FactorMode} names. */
export const MODE_CODES = { auto: 0, simplicial: 1, supernodal: 2 } as const satisfies Record<FactorMode, number>;
/** @internal Integer codes of the {@link FactorKind} names. */
export const KIND_CODES = { LLt: 0, LDLt: 1 } as const satisfies Record<FactorKind, number>;

/**
 * Options of {@link cholesky}, {@link analyze}, {@link factorBatch} and their async versions:
 * how CHOLMOD orders and factorises A.
 *
 * @example
 * ```ts
 * import { cholesky, poisson2d } from 'spsolve';
 *
 * // A shifted simplicial LDLᵀ factorisation of A + 0.5 I with a METIS ordering.
 * const factor = cholesky(poisson2d(20), { ordering: 'metis', mode: 'simplicial', kind: 'LDLt', shift: 0.5 });
 * console.log(factor.kind, factor.info.ordering); // → LDLt metis
 * factor.dispose();
 * ```
 */
export interface FactorOptions {
  /** Fill-reducing ordering (default 'default'). */
  ordering?: Ordering;
  /** Simplicial, supernodal or automatic (default 'auto'). With kind 'LDLt', 'auto' means simplicial. */
  mode?: FactorMode;
  /** LLᵀ or LDLᵀ (default 'LLt'). 'LDLt' with mode 'supernodal' raises RangeError. */
  kind?: FactorKind;
  /** Factorise A + shift·I instead of A (default 0; finite). */
  shift?: number;
}

export interface ResolvedOptions {
  ordering: number;
  mode: number;
  kind: number;
  shift: number;
  kindName: FactorKind;
}

function pick<T extends Record<string, number>>(table: T, name: string, value: unknown, fallback: keyof T): number {
  if (value === undefined) return table[fallback];
  if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(table, value)) {
    throw new RangeError(`${name} must be one of ${Object.keys(table).map((k) => `'${k}'`).join(', ')}; got ${String(value)}`);
  }
  return table[value as keyof T];
}

export function checkShift(shift: unknown, name = 'shift'): number {
  if (shift === undefined) return 0;
  if (typeof shift !== 'number') throw new TypeError(`${name} must be a number`);
  if (!Number.isFinite(shift)) throw new RangeError(`${name} must be finite, got ${shift}`);
  return shift;
}

export function resolveOptions(opts: FactorOptions | undefined): ResolvedOptions {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) throw new TypeError('options must be an object');
  const o = opts ?? {};
  const ordering = pick(ORDERING_CODES, 'ordering', o.ordering, 'default');
  const mode = pick(MODE_CODES, 'mode', o.mode, 'auto');
  const kind = pick(KIND_CODES, 'kind', o.kind, 'LLt');
  if (kind === KIND_CODES.LDLt && mode === MODE_CODES.supernodal) {
    throw new RangeError("CHOLMOD's supernodal factors are always LLt: use kind 'LLt' or mode 'simplicial'");
  }
  return { ordering, mode, kind, shift: checkShift(o.shift), kindName: o.kind ?? 'LLt' };
}
