/**
 * The one typed description of what the native addon (`build/Release/spsolve.node`) exports,
 * and its loader. Everything above this file talks to CHOLMOD only through {@link NativeAddon}.
 *
 * Conventions of the native surface:
 * - factorisations are integer handles (slot index + generation); a stale handle raises
 *   DisposedError, a number that was never a handle raises TypeError;
 * - matrices arrive as compressed columns (Int32Array colPtr / rowIdx, Float64Array values);
 * - dense blocks are column-major Float64Arrays with `n * nrhs` entries;
 * - options are small integer codes (see {@link ORDERING_CODES} etc.), mapped from names here.
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { BuildInfo } from './cholmod/cholesky';
import type { FactorInfo, SolveSystem } from './cholmod/factor';
import type { FactorKind, FactorMode, Ordering } from './cholmod/options';

/**
 * What the addon reports about a factorisation: the public {@link FactorInfo}, with the ordering
 * as CHOLMOD's code (CHOLMOD_NATURAL = 0 … CHOLMOD_POSTORDERED = 6) rather than its name.
 */
export type NativeFactorInfo = Omit<FactorInfo, 'ordering'> & { ordering: number };

export interface NativeErrorClasses {
  CholmodError: new (message: string, code: string, status: number) => Error;
  NotPositiveDefiniteError: new (message: string, column: number, step: number) => Error;
  DisposedError: new (message: string) => Error;
  /** The caller's own TypeError and RangeError, so native errors belong to the caller's realm. */
  TypeError: new (message: string) => Error;
  RangeError: new (message: string) => Error;
}

export interface NativeAddon {
  /** Hands the JS error classes to C++ once, so native failures arrive already typed. */
  init(classes: NativeErrorClasses): void;
  /** Symbolic analysis of a symmetric matrix (stype -1: lower triangle used, 1: upper). Returns a handle. */
  analyze(nrows: number, ncols: number, colPtr: Int32Array, rowIdx: Int32Array, values: Float64Array | null,
          stype: -1 | 1, ordering: number, mode: number, kind: number): number;
  analyzeAsync(nrows: number, ncols: number, colPtr: Int32Array, rowIdx: Int32Array, values: Float64Array | null,
               stype: -1 | 1, ordering: number, mode: number, kind: number): Promise<number>;
  /** Numeric factorisation of A + shift·I; `values` (aligned with the analysed pattern) replace the stored ones. */
  factorize(handle: number, values: Float64Array | null, shift: number): void;
  factorizeAsync(handle: number, values: Float64Array | null, shift: number): Promise<void>;
  /**
   * Solves `system` (see {@link SOLVE_SYSTEM_CODES}) for `nrhs` column-major right-hand sides into
   * X (same length as B). Outputs are allocated by the caller, so that they belong to the
   * caller's realm (a vm context such as a jest test has its own Float64Array).
   */
  solve(handle: number, system: number, B: Float64Array, nrhs: number, X: Float64Array): void;
  /** As solve; X is written on the main thread when the job completes. */
  solveAsync(handle: number, system: number, B: Float64Array, nrhs: number, X: Float64Array): Promise<void>;
  /**
   * L D Lᵀ ± C Cᵀ (cholmod_updown) for C given as compressed columns with `nrows` = n rows
   * (rows strictly increasing within a column). The factor becomes simplicial LDLᵀ; the next
   * factorize starts again from the analysis and the stored values.
   */
  update(handle: number, nrows: number, ncols: number, colPtr: Int32Array, rowIdx: Int32Array, values: Float64Array,
         downdate: boolean): void;
  updateAsync(handle: number, nrows: number, ncols: number, colPtr: Int32Array, rowIdx: Int32Array, values: Float64Array,
              downdate: boolean): Promise<void>;
  /** Row and column k (user's numbering) become the identity's (cholmod_rowdel). */
  rowDelete(handle: number, k: number): void;
  /** A deleted row and column k get `column` (n values, diagonal included; cholmod_rowadd). */
  rowAdd(handle: number, k: number, column: Float64Array): void;
  /** X = solve(system, B) for a sparse B (general storage); the arrays are allocated natively (main realm). */
  solveSparse(handle: number, system: number, nrows: number, ncols: number, colPtr: Int32Array, rowIdx: Int32Array,
              values: Float64Array): { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array };
  /** A new handle with a copy of the analysed matrix and of the symbolic analysis only (factorize it next). */
  cloneSymbolic(handle: number): number;
  /** out[k] = (A + shift·I)⁻¹ at the k-th entry of the pattern (entries must lie on the pattern of L + Lᵀ). */
  inverseOnPattern(handle: number, colPtr: Int32Array, rowIdx: Int32Array, out: Float64Array): void;
  logdet(handle: number): { logAbsDet: number; sign: number };
  rcond(handle: number): number;
  permutation(handle: number, out: Int32Array): void;
  /** L as compressed columns; the arrays are allocated natively (main realm). */
  factorL(handle: number): { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array };
  factorD(handle: number, out: Float64Array): void;
  factorInfo(handle: number): NativeFactorInfo;
  /** Frees a factorisation (deferred while an async job uses it). Returns whether the handle was live. */
  free(handle: number): boolean;
  /** Factorisations alive in this addon instance, including ones kept alive by running jobs. */
  liveHandles(): number;
  /** V8's external-memory count as adjusted by the addon (factor memory is reported to V8 so GC pressure sees it). */
  externalMemory(): number;
  /** The BLAS thread policy: 0 for 'auto', else a fixed count (see setThreads in lib/cholmod/cholesky.ts). */
  setThreads(threads: number): void;
  getThreads(): number;
  /** The count OpenBLAS is set to at this moment (what the policy chose last). */
  blasThreadsNow(): number;
  /**
   * out[q] = scale · Σ_c left[i, c] · right[j, c] at each stored entry q = (i, j) of the pattern
   * (left m × k, right n × k, column-major); with `triangle` an entry stands for A_ij and A_ji
   * and gets both products (once on the diagonal). Row indices are checked as they are read.
   * For k > 1, `scratch` is room for (triangle ? 4n : m + n) · k values (overwritten), or empty
   * to read the blocks in place.
   */
  outerOnPattern(ncols: number, colPtr: Int32Array, rowIdx: Int32Array, triangle: boolean, left: Float64Array, m: number,
                 right: Float64Array, n: number, k: number, scale: number, out: Float64Array, scratch: Float64Array): void;
  /** How this addon was built (public as {@link BuildInfo}). */
  readonly buildInfo: BuildInfo;
}

// The public names of the options are spelled out as string-literal unions next to their
// documentation (lib/cholmod/options.ts, factor.ts); `satisfies` keeps each table and its union
// identical: a missing name or an extra one is a compile error.

/** Integer codes of the {@link Ordering} names, as the addon takes them. */
export const ORDERING_CODES = {
  default: 0, best: 1, amd: 2, metis: 3, nesdis: 4, colamd: 5, natural: 6,
} as const satisfies Record<Ordering, number>;
/** Integer codes of the {@link FactorMode} names. */
export const MODE_CODES = { auto: 0, simplicial: 1, supernodal: 2 } as const satisfies Record<FactorMode, number>;
/** Integer codes of the {@link FactorKind} names. */
export const KIND_CODES = { LLt: 0, LDLt: 1 } as const satisfies Record<FactorKind, number>;
/** CHOLMOD's solve systems, in CHOLMOD's numbering (CHOLMOD_A = 0 … CHOLMOD_Pt = 8); names as in {@link SolveSystem}. */
export const SOLVE_SYSTEM_CODES = {
  A: 0, LDLt: 1, LD: 2, DLt: 3, L: 4, Lt: 5, D: 6, P: 7, Pt: 8,
} as const satisfies Record<SolveSystem, number>;
/** CHOLMOD's ordering codes as stored in a factor, by name. */
export const USED_ORDERING_NAMES = ['natural', 'given', 'amd', 'metis', 'nesdis', 'colamd', 'postordered'] as const;

/**
 * Where the addon may be, in order: SPSOLVE_ADDON; build/Release of this package (a build from
 * source, from lib/ or dist/lib/); the prebuilt addon shipped in the package
 * (prebuilds/<platform>-<arch>/, prebuildify's layout).
 */
function candidatePaths(): string[] {
  const fromEnv = process.env.SPSOLVE_ADDON ? [path.resolve(process.env.SPSOLVE_ADDON)] : [];
  const roots = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')];
  const platform = `${process.platform}-${process.arch}`;
  return [
    ...fromEnv,
    ...roots.map((root) => path.join(root, 'build', 'Release', 'spsolve.node')),
    ...roots.map((root) => path.join(root, 'prebuilds', platform, 'spsolve.napi.glibc.node')),
  ];
}

let loaded: NativeAddon | undefined;

/** Loads the addon once per module registry (each worker_thread gets its own instance). */
export function loadAddon(): NativeAddon {
  if (loaded) return loaded;
  const tried = candidatePaths();
  const found = tried.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `spsolve: no native addon for ${process.platform}-${process.arch} (looked for ${tried.join(', ')}). ` +
        'In a project: SPSOLVE_BUILD_FROM_SOURCE=1 npm rebuild spsolve builds it (needs cmake, g++, OpenBLAS; ' +
        'see docs/building.md). In a checkout of spsolve: npm run setup.',
    );
  }
  try {
    loaded = require(found) as NativeAddon;
  } catch (cause) {
    throw new Error(
      `spsolve: the native addon ${found} does not load here: ${(cause as Error).message}. ` +
        'SPSOLVE_BUILD_FROM_SOURCE=1 npm rebuild spsolve builds one for this machine (see docs/building.md).',
      { cause },
    );
  }
  return loaded;
}
