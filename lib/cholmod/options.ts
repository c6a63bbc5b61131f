/**
 * Options of a CHOLMOD factorisation, validated and mapped to the addon's integer codes.
 * @module
 */
import { KIND_CODES, MODE_CODES, ORDERING_CODES } from '../native';

/**
 * Fill-reducing ordering. 'default' is CHOLMOD's own strategy (AMD, and METIS when AMD gives
 * much fill); 'best' tries them all and keeps the least fill. 'colamd' applies to A·Aᵀ and means
 * AMD for the symmetric matrices factorised here. 'natural' keeps the given order.
 */
export type Ordering = keyof typeof ORDERING_CODES;
/** 'simplicial' (column by column), 'supernodal' (dense BLAS blocks), or 'auto' (CHOLMOD picks by flop density). */
export type FactorMode = keyof typeof MODE_CODES;
/** LLᵀ (Cholesky) or LDLᵀ (no square roots; also works for quasi-definite matrices). Supernodal factors are always LLᵀ. */
export type FactorKind = keyof typeof KIND_CODES;

export interface FactorOptions {
  /** Default 'default'. */
  ordering?: Ordering;
  /** Default 'auto'. With kind 'LDLt', 'auto' means simplicial. */
  mode?: FactorMode;
  /** Default 'LLt'. */
  kind?: FactorKind;
  /** Factorise A + shift·I instead of A (default 0). */
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
