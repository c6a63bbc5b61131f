/**
 * BoomerAMG's options: names, defaults and the codes the addon takes.
 * @module
 */
import type { NativeAmgOptions } from '../native';
import { checkOptions } from '../sparse/validate-options';
import { checkChoice, checkInteger, describe } from '../sparse/validate';

/** Coarsening: HMIS (default) and PMIS are parallel-style, aggressive-free; Falgout is classical Ruge–Stüben-like. */
export const COARSENINGS = ['hmis', 'pmis', 'falgout'] as const;
/** Interpolation: 'extended+i' (default; long-range, for HMIS/PMIS) or 'classical'. */
export const INTERPOLATIONS = ['extended+i', 'classical'] as const;
/** Smoothers: hybrid Gauss–Seidel (forward down, backward up: symmetric), l1-Jacobi, Chebyshev. */
export const SMOOTHERS = ['gauss-seidel', 'l1-jacobi', 'chebyshev'] as const;

/**
 * How {@link amg} builds a hierarchy (HYPRE BoomerAMG). Every key is optional.
 *
 * @example
 * ```ts
 * import { amg, poisson3d } from 'spsolve';
 *
 * const mg = amg(poisson3d(12), { dimension: 3, coarsening: 'pmis', smoother: 'l1-jacobi' });
 * console.log(mg.info.levels.length > 1); // → true
 * mg.dispose();
 * ```
 */
export interface AmgOptions {
  /** 'hmis' (default), 'pmis' or 'falgout'. */
  coarsening?: (typeof COARSENINGS)[number];
  /** 'extended+i' (default) or 'classical'. */
  interpolation?: (typeof INTERPOLATIONS)[number];
  /**
   * The strength threshold θ: a connection a_ij is strong when −a_ij ≥ θ · max_k(−a_ik). Default by
   * `dimension`: 0.25 for 2-D problems, 0.5 for 3-D (HYPRE's guidance: larger θ for 3-D keeps the
   * operator complexity down). In [0, 1).
   */
  strongThreshold?: number;
  /**
   * The problem's dimension, 2 (default) or 3: chooses the defaults of `strongThreshold` (0.25 /
   * 0.5) and `aggressiveLevels` (0 / 1).
   */
  dimension?: 2 | 3;
  /** 'gauss-seidel' (default; hybrid, a symmetric pair per level), 'l1-jacobi' or 'chebyshev'. */
  smoother?: (typeof SMOOTHERS)[number];
  /** Smoothing sweeps down and up per level; default 1. */
  sweeps?: number;
  /** 'V' (default) or 'W'. */
  cycle?: 'V' | 'W';
  /** At most this many levels; default 25. */
  maxLevels?: number;
  /**
   * Levels of aggressive coarsening, from the finest (fewer, smaller coarse levels: cheaper setup
   * and cycles, a few more iterations). Default by `dimension`: 0 for 2-D, 1 for 3-D, where HMIS
   * with extended+i interpolation otherwise gives operator complexities near 6 on a 7-point
   * Laplacian (1.6 with one aggressive level; bench/README.md, "Algebraic multigrid").
   */
  aggressiveLevels?: number;
  /**
   * Systems (elasticity): unknowns per node, interleaved (node 0's u, v, w, then node 1's …); default 1.
   * BoomerAMG then only connects unknowns of the same kind (the "unknown approach").
   */
  numFunctions?: number;
  /** Systems: coarsen nodes, not unknowns, with HYPRE's nodal option 1–6 (1: Frobenius norm of each node block); 0 (default) off. */
  nodal?: number;
  /**
   * Systems: near-null-space vectors (the rigid-body modes for elasticity), each of length n,
   * used by the interpolation (HYPRE's interpolation vectors, GM variant). Needs `numFunctions` ≥ 2
   * and `nodal` ≥ 1 (a RangeError otherwise: HYPRE's code for them assumes both).
   */
  nearNullSpace?: readonly Float64Array[];
}

const KEYS = [
  'coarsening',
  'interpolation',
  'strongThreshold',
  'dimension',
  'smoother',
  'sweeps',
  'cycle',
  'maxLevels',
  'aggressiveLevels',
  'numFunctions',
  'nodal',
  'nearNullSpace',
] as const;

/** The options checked and turned into the addon's codes, plus the vectors as one column-major array. @internal */
export function amgOptionCodes(opts: unknown, n: number, fn: string): { codes: NativeAmgOptions; vectors: Float64Array | null; nvectors: number } {
  const o = checkOptions(opts, KEYS, `${fn}: opts`);
  const dimension = o.dimension === undefined ? 2 : checkInteger(o.dimension, 2, 3, `${fn}: opts.dimension`);
  let strongThreshold = dimension === 3 ? 0.5 : 0.25;
  if (o.strongThreshold !== undefined) {
    const t = o.strongThreshold;
    if (typeof t !== 'number' || !(t >= 0 && t < 1)) throw new RangeError(`${fn}: opts.strongThreshold must be a number in [0, 1), got ${describe(t)}`);
    strongThreshold = t;
  }
  const cycle = checkChoice(o.cycle ?? 'V', ['V', 'W'] as const, `${fn}: opts.cycle`);
  const numFunctions = o.numFunctions === undefined ? 1 : checkInteger(o.numFunctions, 1, 64, `${fn}: opts.numFunctions`);
  if (n % numFunctions !== 0) throw new RangeError(`${fn}: opts.numFunctions must divide n = ${n}, got ${numFunctions}`);
  let vectors: Float64Array | null = null;
  let nvectors = 0;
  if (o.nearNullSpace !== undefined) {
    const list = o.nearNullSpace;
    if (!Array.isArray(list) || list.length > 64) throw new TypeError(`${fn}: opts.nearNullSpace must be an array of at most 64 Float64Arrays, got ${describe(list)}`);
    nvectors = list.length;
    vectors = new Float64Array(n * nvectors);
    list.forEach((v: unknown, k: number) => {
      if (!(v instanceof Float64Array) || v.length !== n) {
        throw new RangeError(`${fn}: opts.nearNullSpace[${k}] must be a Float64Array of length n = ${n}, got ${describe(v)}`);
      }
      vectors!.set(v, k * n);
    });
    if (nvectors === 0) vectors = null;
  }
  const nodal = o.nodal === undefined ? 0 : checkInteger(o.nodal, 0, 6, `${fn}: opts.nodal`);
  // HYPRE's interpolation vectors (GM variant) work on systems with nodal coarsening only (and crash otherwise).
  if (nvectors > 0 && (numFunctions < 2 || nodal < 1)) {
    throw new RangeError(`${fn}: opts.nearNullSpace needs a system with nodal coarsening (numFunctions >= 2 and nodal >= 1), got numFunctions ${numFunctions}, nodal ${nodal}`);
  }
  return {
    codes: {
      coarsening: COARSENINGS.indexOf(checkChoice(o.coarsening ?? 'hmis', COARSENINGS, `${fn}: opts.coarsening`)),
      interpolation: INTERPOLATIONS.indexOf(checkChoice(o.interpolation ?? 'extended+i', INTERPOLATIONS, `${fn}: opts.interpolation`)),
      strongThreshold,
      smoother: SMOOTHERS.indexOf(checkChoice(o.smoother ?? 'gauss-seidel', SMOOTHERS, `${fn}: opts.smoother`)),
      cycle: cycle === 'V' ? 1 : 2,
      maxLevels: o.maxLevels === undefined ? 25 : checkInteger(o.maxLevels, 1, 100, `${fn}: opts.maxLevels`),
      aggressiveLevels: o.aggressiveLevels === undefined ? (dimension === 3 ? 1 : 0) : checkInteger(o.aggressiveLevels, 0, 100, `${fn}: opts.aggressiveLevels`),
      numFunctions,
      nodal,
      sweeps: o.sweeps === undefined ? 1 : checkInteger(o.sweeps, 1, 100, `${fn}: opts.sweeps`),
    },
    vectors,
    nvectors,
  };
}
