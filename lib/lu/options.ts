/**
 * Options of {@link lu} and {@link luAsync}, and their translation to the addon's codes.
 * @module
 */
import { native, type LuAnalyzeArgs } from '../native';
import { checkBoolean, checkChoice, checkInteger, quoteAll } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import type { LuEngine } from './errors';

/**
 * Fill-reducing column orderings. UMFPACK: 'default' (its AMD/COLAMD choice by strategy),
 * 'amd' (the same), 'cholmod' (AMD/COLAMD, then METIS when that is better), 'metis', 'best' (tries
 * several), 'natural'. KLU: 'default' (AMD), 'amd', 'colamd', 'natural'.
 */
export type LuOrdering = 'default' | 'amd' | 'colamd' | 'cholmod' | 'metis' | 'best' | 'natural';

/**
 * UMFPACK's strategy: 'symmetric' (AMD on A + Aᵀ, diagonal pivots preferred: for matrices with a
 * mostly symmetric pattern and a strong diagonal), 'unsymmetric' (COLAMD on A), 'auto' (default:
 * UMFPACK chooses from the pattern and the diagonal).
 */
export type LuStrategy = 'auto' | 'symmetric' | 'unsymmetric';

/** Row scaling before pivoting: each row divided by the sum or the max of its absolute values, or none. */
export type LuScaling = 'none' | 'sum' | 'max';

/**
 * Options of {@link lu}, {@link luAsync} and {@link luAnalyze}. Unknown keys, and options the
 * chosen engine does not have, raise a RangeError.
 *
 * @example
 * ```ts
 * import { convectionDiffusion2d, lu } from 'spsolve';
 *
 * const f = lu(convectionDiffusion2d(20, { peclet: 100 }), { engine: 'klu', ordering: 'colamd', scaling: 'max' });
 * console.log(f.info.engine, f.info.ordering); // → klu colamd
 * f.dispose();
 * ```
 */
export interface LuOptions {
  /**
   * 'umfpack' (default: multifrontal, BLAS-3; the choice for FEM-sized matrices) or 'klu'
   * (circuit-like, very sparse). The LGPL-only build has no UMFPACK: there the default is 'klu'.
   */
  engine?: LuEngine;
  /** The fill-reducing ordering (default 'default'). */
  ordering?: LuOrdering;
  /** UMFPACK only (default 'auto'). */
  strategy?: LuStrategy;
  /** Row scaling (default: 'sum' for UMFPACK, 'max' for KLU). */
  scaling?: LuScaling;
  /**
   * Partial pivoting threshold in [0, 1]: a pivot is accepted when at least this fraction of the
   * largest entry of its column (default 0.1 for UMFPACK, 0.001 for KLU, which prefers the diagonal).
   * 1 is strict partial pivoting; small values keep sparsity.
   */
  pivotTolerance?: number;
  /** UMFPACK only: the threshold for diagonal pivots under the symmetric strategy (default 0.001). */
  symmetricPivotTolerance?: number;
  /** KLU only: permute to block triangular form first (default true). */
  btf?: boolean;
  /** UMFPACK only: iterative refinement steps per solve, 0 to 100 (default 2). */
  refinementSteps?: number;
}

/** @internal */
export const LU_OPTION_KEYS = [
  'engine', 'ordering', 'strategy', 'scaling', 'pivotTolerance', 'symmetricPivotTolerance', 'btf', 'refinementSteps',
] as const;

const UMFPACK_ORDERINGS = { default: -1, cholmod: 0, amd: 1, metis: 3, best: 4, natural: 5 } as const;
const KLU_ORDERINGS = { default: -1, amd: 0, colamd: 1, natural: 2 } as const;
const STRATEGIES = { auto: 0, unsymmetric: 1, symmetric: 3 } as const satisfies Record<LuStrategy, number>;
const SCALINGS = { none: 0, sum: 1, max: 2 } as const satisfies Record<LuScaling, number>;
const ALL_ORDERINGS: LuOrdering[] = ['default', 'amd', 'colamd', 'cholmod', 'metis', 'best', 'natural'];

/** The options as the addon takes them (without the matrix). @internal */
export type ResolvedLuOptions = Omit<LuAnalyzeArgs, 'A'> & { engineName: LuEngine };

/** Checks `opts` for `fn` and maps it to the addon's codes. @internal */
export function resolveLuOptions(opts: LuOptions | undefined, fn: string): ResolvedLuOptions {
  const o = checkOptions(opts, LU_OPTION_KEYS, `${fn}: opts`);
  const engine = checkChoice(o.engine ?? defaultEngine(), ['umfpack', 'klu'] as const, `${fn}: opts.engine`);
  const umfpack = engine === 'umfpack';
  const only = (key: (typeof LU_OPTION_KEYS)[number], which: LuEngine) => {
    if (o[key] !== undefined && engine !== which) {
      throw new RangeError(`${fn}: opts.${key} is a ${which} option, not available with engine '${engine}'`);
    }
  };
  only('strategy', 'umfpack');
  only('symmetricPivotTolerance', 'umfpack');
  only('refinementSteps', 'umfpack');
  only('btf', 'klu');
  const orderingName = checkChoice(o.ordering ?? 'default', ALL_ORDERINGS, `${fn}: opts.ordering`);
  const codes: Record<string, number> = umfpack ? UMFPACK_ORDERINGS : KLU_ORDERINGS;
  if (!(orderingName in codes)) {
    throw new RangeError(
      `${fn}: opts.ordering must be one of ${quoteAll(Object.keys(codes))} with engine '${engine}', got '${orderingName}'`,
    );
  }
  const tolerance = (key: 'pivotTolerance' | 'symmetricPivotTolerance') => {
    const v = o[key];
    if (v === undefined) return -1;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new RangeError(`${fn}: opts.${key} must be a number in [0, 1], got ${String(v)}`);
    }
    return v;
  };
  return {
    engineName: engine,
    engine: umfpack ? 0 : 1,
    ordering: codes[orderingName],
    strategy: o.strategy === undefined ? -1 : STRATEGIES[checkChoice(o.strategy, Object.keys(STRATEGIES) as LuStrategy[], `${fn}: opts.strategy`)],
    scaling: o.scaling === undefined ? -1 : SCALINGS[checkChoice(o.scaling, Object.keys(SCALINGS) as LuScaling[], `${fn}: opts.scaling`)],
    btf: o.btf === undefined ? -1 : checkBoolean(o.btf, `${fn}: opts.btf`) ? 1 : 0,
    refinementSteps: o.refinementSteps === undefined ? -1 : checkInteger(o.refinementSteps, 0, 100, `${fn}: opts.refinementSteps`),
    pivotTolerance: tolerance('pivotTolerance'),
    symPivotTolerance: tolerance('symmetricPivotTolerance'),
  };
}

/** UMFPACK, unless this addon is the LGPL-only build, which leaves it out. */
function defaultEngine(): LuEngine {
  return native().buildInfo.umfpack === null ? 'klu' : 'umfpack';
}
