/**
 * Options of a CHOLMOD factorisation, validated and mapped to the addon's integer codes.
 * @module
 */
import { checkBoolean, checkChoice, checkFiniteNumber, isNumericArrayLike } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';

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
  /**
   * Fill-reducing ordering (default 'default'), or your own permutation (CHOLMOD's user ordering,
   * Julia's `perm=`): an Int32Array (or array) permutation of 0..n−1, step k eliminating column
   * `ordering[k]`. A permutation is used exactly as given (not postordered), so
   * {@link Factor.permutation} equals it, simplicial or supernodal, and `info.ordering` is 'given'.
   * A bad one raises RangeError naming the offending index.
   */
  ordering?: Ordering | Int32Array | readonly number[];
  /** Simplicial, supernodal or automatic (default 'auto'). With kind 'LDLt', 'auto' means simplicial. */
  mode?: FactorMode;
  /** LLᵀ or LDLᵀ (default 'LLt'). 'LDLt' with mode 'supernodal' raises RangeError. */
  kind?: FactorKind;
  /** Factorise A + shift·I instead of A (default 0; finite). */
  shift?: number;
  /**
   * Factorise A Aᵀ + β I instead of A, without forming A Aᵀ (CHOLMOD's A Aᵀ path, scikit-sparse's
   * `cholesky_AAt`): A is then any m × n matrix in 'general' storage, and the factor is of order
   * m. Least squares through the normal equations factorises Aᵀ A this way, passing Aᵀ.
   * Default false.
   */
  aat?: boolean;
  /** The shift under its scikit-sparse name: the same as `shift` (give one of the two). */
  beta?: number;
  /**
   * With `aat`: factorise A(:, f) A(:, f)ᵀ + β I for the distinct column indices f (CHOLMOD's
   * `fset`), e.g. the active set of an interior-point or active-set method. Default: all columns.
   */
  columns?: Int32Array | readonly number[];
  /**
   * Default true: a matrix that is not positive definite raises NotPositiveDefiniteError. With
   * false (Julia's `check=false`) the factor is returned anyway, with `isSuccess` false and
   * `failedColumn` set; it cannot solve until a refactor succeeds.
   */
  check?: boolean;
}

export interface ResolvedOptions {
  ordering: number;
  mode: number;
  kind: number;
  shift: number;
  kindName: FactorKind;
  /** The user's permutation as given (checked against n by the caller), or undefined. */
  userOrdering?: unknown;
  aat: boolean;
  /** The column subset as given (checked against A by the caller), or undefined. */
  columns?: unknown;
  check: boolean;
}

/** The choices of each option, in the addon's order. @internal */
export const ORDERINGS = Object.keys(ORDERING_CODES) as Ordering[];
/** @internal */
export const MODES = Object.keys(MODE_CODES) as FactorMode[];
/** @internal */
export const KINDS = Object.keys(KIND_CODES) as FactorKind[];

/** The keys of {@link FactorOptions}. @internal */
export const FACTOR_OPTION_KEYS = ['ordering', 'mode', 'kind', 'shift', 'aat', 'beta', 'columns', 'check'] as const;

/**
 * RangeError for kind 'LDLt' with mode 'supernodal', which CHOLMOD cannot do. The names say how
 * the caller spells the two options ('cholesky: opts.kind', or '--kind' on the command line).
 * @internal
 */
export function checkKindFitsMode(kind: FactorKind, mode: FactorMode, kindName: string, modeName: string): void {
  if (kind === 'LDLt' && mode === 'supernodal') {
    throw new RangeError(`${kindName} 'LDLt' needs ${modeName} 'simplicial' or 'auto': CHOLMOD's supernodal factors are always LLt`);
  }
}

/**
 * Checks `opts` (a {@link FactorOptions}, or the part of it `keys` allows) and maps it to the
 * addon's codes. `fn` names the function in messages, `argument` the options argument.
 * @internal
 */
export function resolveOptions(
  opts: unknown,
  fn: string,
  keys: readonly (typeof FACTOR_OPTION_KEYS)[number][] = FACTOR_OPTION_KEYS,
  argument = 'opts',
): ResolvedOptions {
  const o = checkOptions(opts, keys, `${fn}: ${argument}`);
  const userOrdering = isNumericArrayLike(o.ordering) ? o.ordering : undefined;
  const ordering = userOrdering ? 'default' : checkChoice(o.ordering ?? 'default', ORDERINGS, `${fn}: ${argument}.ordering`);
  const mode = checkChoice(o.mode ?? 'auto', MODES, `${fn}: ${argument}.mode`);
  const kind = checkChoice(o.kind ?? 'LLt', KINDS, `${fn}: ${argument}.kind`);
  checkKindFitsMode(kind, mode, `${fn}: ${argument}.kind`, `${argument}.mode`);
  if (o.shift !== undefined && o.beta !== undefined) {
    throw new RangeError(`${fn}: ${argument}.beta and ${argument}.shift are the same option: give one, got both`);
  }
  const shiftName = o.beta !== undefined ? 'beta' : 'shift';
  const shiftValue = o.beta ?? o.shift;
  const shift = shiftValue === undefined ? 0 : checkFiniteNumber(shiftValue, `${fn}: ${argument}.${shiftName}`);
  const aat = o.aat === undefined ? false : checkBoolean(o.aat, `${fn}: ${argument}.aat`);
  if (o.columns !== undefined && !aat) throw new RangeError(`${fn}: ${argument}.columns needs ${argument}.aat: true, got aat false`);
  const check = o.check === undefined ? true : checkBoolean(o.check, `${fn}: ${argument}.check`);
  return {
    ordering: ORDERING_CODES[ordering], mode: MODE_CODES[mode], kind: KIND_CODES[kind], shift, kindName: kind,
    userOrdering, aat, columns: o.columns, check,
  };
}
