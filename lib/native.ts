/**
 * The one typed description of what the native addon (`spsolve.node`) exports, and its one
 * loader. Everything above this file reaches the addon only through {@link native}.
 *
 * Conventions of the native surface (native/core/operation.h is the C++ side):
 * - every operation takes one arguments object, read once by name;
 * - native objects are integer handles (slot index + generation); a stale handle raises
 *   DisposedError, a number that was never a handle (or a handle of another kind) TypeError;
 * - a sparse matrix passes as { nrows, ncols, colPtr: Int32Array, rowIdx: Int32Array, values },
 *   rows strictly increasing within each column (CscMatrix's layout);
 * - dense blocks are column-major Float64Arrays with `n * nrhs` entries; outputs are allocated
 *   by the caller, so that they belong to the caller's realm (a vm context such as a jest test
 *   has its own Float64Array);
 * - options are small integer codes, mapped from their names next to the names' definitions
 *   (cholmod/options.ts, cholmod/factor.ts).
 *
 * This file is the bottom layer: it imports nothing from lib/ but the error classes C++ raises,
 * which it hands to the addon when it loads it.
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markAsUntransferable } from 'node:worker_threads';

import { CholmodError, NotPositiveDefiniteError } from './cholmod/errors';
import { DisposedError } from './handles/disposed-error';

/** A sparse matrix in compressed columns, as the addon reads it (a CscMatrix has these fields). */
export interface NativeCsc {
  nrows: number;
  ncols: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
}

/** A sparse matrix whose values may be left out (a pattern). */
export interface NativePattern extends Omit<NativeCsc, 'values'> {
  values: Float64Array | null;
}

/**
 * Statistics of a factorisation: the numbers and flags of FactorInfo (lib/cholmod/factor.ts, where
 * they are documented), with the ordering as CHOLMOD's code (CHOLMOD_NATURAL = 0 … CHOLMOD_POSTORDERED = 6).
 */
export type NativeFactorInfo = Record<string, number | boolean> & { ordering: number };

/** How the addon was built: BuildInfo's fields (lib/cholmod, where they are documented). */
export type NativeBuildInfo = Record<string, string | number | boolean>;

/** The factor options as codes: ordering, mode and kind (cholmod/options.ts maps the names). */
export interface NativeFactorOptions {
  ordering: number;
  mode: number;
  kind: number;
}

export interface AnalyzeArgs extends NativeFactorOptions {
  /** Symmetric: one triangle used (stype -1: lower, 1: upper); values null for a pattern only. */
  A: NativePattern;
  stype: -1 | 1;
  /** A is stored in full: the addon checks that it is symmetric (and checks every refactor's values). */
  general: boolean;
}
export interface FactorizeArgs {
  handle: number;
  /** Aligned with the analysed pattern; they replace the stored values. null keeps them. */
  values: Float64Array | null;
  /** Factorises A + shift·I. */
  shift: number;
}
export interface SolveArgs {
  handle: number;
  /** A solve system code (SOLVE_SYSTEM_CODES in cholmod/factor.ts). */
  system: number;
  B: Float64Array;
  nrhs: number;
  /** Receives the solution (same length as B; never B itself). */
  X: Float64Array;
}
export interface UpdateArgs {
  handle: number;
  /** n rows, rows strictly increasing within a column. */
  C: NativeCsc;
  downdate: boolean;
}
export interface HandleArgs {
  handle: number;
}
export interface OutputArgs<T> extends HandleArgs {
  out: T;
}
export interface OuterOnPatternArgs {
  ncols: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  /** Each stored entry stands for A_ij and A_ji (one triangle of a symmetric matrix). */
  triangle: boolean;
  /** m × k, column-major. */
  left: Float64Array;
  m: number;
  /** n × k, column-major. */
  right: Float64Array;
  n: number;
  k: number;
  scale: number;
  out: Float64Array;
  /** For k > 1: room for (triangle ? 4n : m + n) · k values, or empty to read the blocks in place. */
  scratch: Float64Array;
}

/** The classes native failures are raised as (handed to the addon once, at load). */
export interface NativeErrorClasses {
  EngineError: new (message: string, code: string, status: number) => Error;
  NotPositiveDefiniteError: new (message: string, column: number, step: number) => Error;
  DisposedError: new (message: string) => Error;
  /** The caller's own TypeError and RangeError, so native errors belong to the caller's realm. */
  TypeError: new (message: string) => Error;
  RangeError: new (message: string) => Error;
}

export interface NativeAddon {
  init(classes: NativeErrorClasses): void;

  /** Symbolic analysis. Returns a factor handle. */
  analyze(args: AnalyzeArgs): number;
  analyzeAsync(args: AnalyzeArgs): Promise<number>;
  /** Numeric factorisation. */
  factorize(args: FactorizeArgs): void;
  factorizeAsync(args: FactorizeArgs): Promise<void>;
  /** Solves for nrhs column-major right-hand sides into X (the async form writes X from its worker). */
  solve(args: SolveArgs): void;
  solveAsync(args: SolveArgs): Promise<void>;
  /** A new handle with a copy of the analysed matrix and the symbolic analysis only (factorize it next). */
  cloneSymbolic(args: HandleArgs): number;

  /**
   * L D Lᵀ ± C Cᵀ (cholmod_updown). The factor becomes simplicial LDLᵀ; the next factorize
   * starts again from the analysis and the stored values.
   */
  update(args: UpdateArgs): void;
  updateAsync(args: UpdateArgs): Promise<void>;
  /** Row and column k (user's numbering) become the identity's (cholmod_rowdel). */
  rowDelete(args: HandleArgs & { k: number }): void;
  /** A deleted row and column k get `column` (n values, diagonal included; cholmod_rowadd). */
  rowAdd(args: HandleArgs & { k: number; column: Float64Array }): void;
  /** X = solve(system, B) for a sparse B; the arrays are allocated natively (main realm). */
  solveSparse(args: HandleArgs & { system: number; B: NativeCsc }): { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array };

  logdet(args: HandleArgs): { logAbsDet: number; sign: number };
  rcond(args: HandleArgs): number;
  permutation(args: OutputArgs<Int32Array>): void;
  /** L as compressed columns; the arrays are allocated natively (main realm). */
  factorL(args: HandleArgs): { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array };
  factorD(args: OutputArgs<Float64Array>): void;
  factorInfo(args: HandleArgs): NativeFactorInfo;
  /** out[k] = (A + shift·I)⁻¹ at the k-th entry of the pattern (entries must lie on the pattern of L + Lᵀ). */
  inverseOnPattern(args: OutputArgs<Float64Array> & { pattern: NativePattern }): void;

  /**
   * out[q] = scale · Σ_c left[i, c] · right[j, c] at each stored entry q = (i, j) of the pattern;
   * with `triangle` an entry stands for A_ij and A_ji and gets both products (once on the diagonal).
   */
  outerOnPattern(args: OuterOnPatternArgs): void;

  /** Frees a native object (deferred while an async job uses it). Returns whether the handle was live. */
  free(handle: number): boolean;
  /** Native objects alive in this addon instance, including ones kept alive by running jobs. */
  liveHandles(): number;
  /** V8's external-memory count as adjusted by the addon (factor memory is reported to V8 so GC pressure sees it). */
  externalMemory(): number;
  /** The BLAS thread policy: 0 for 'auto', else a fixed count. */
  setThreads(threads: number): void;
  getThreads(): number;
  /** The count OpenBLAS is set to at this moment (what the policy chose last). */
  blasThreadsNow(): number;
  readonly buildInfo: NativeBuildInfo;
}

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

/**
 * The addon, loaded once per module registry (each worker_thread gets its own instance) and
 * told about spsolve's error classes.
 */
export function native(): NativeAddon {
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
  let addon: NativeAddon;
  try {
    addon = require(found) as NativeAddon;
  } catch (cause) {
    // Only a library that does not load (another glibc, a missing symbol) is a build problem; an
    // error the addon raises while it initialises (a malformed SPSOLVE_THREADS) is the user's.
    if ((cause as { code?: string }).code !== 'ERR_DLOPEN_FAILED') throw cause;
    throw new Error(
      `spsolve: the native addon ${found} does not load here: ${(cause as Error).message}. ` +
        'SPSOLVE_BUILD_FROM_SOURCE=1 npm rebuild spsolve builds one for this machine (see docs/building.md).',
      { cause },
    );
  }
  addon.init({ EngineError: CholmodError, NotPositiveDefiniteError, DisposedError, TypeError, RangeError });
  loaded = withHeldArrays(addon);
  return loaded;
}

/**
 * The addon with every `…Async` function handing its job arrays that stay put: an async job reads
 * and writes the caller's typed arrays in place, from a worker thread, without a copy on the
 * main thread (native/core/arrays.h). So each array it gets is marked untransferable (no
 * postMessage or structuredClone can detach it from under the job; a transfer list then copies
 * it instead), and one on a resizable buffer, which could shrink under the job, is copied.
 */
function withHeldArrays(addon: NativeAddon): NativeAddon {
  const held = Object.create(addon) as Record<string, unknown>;
  for (const name of Object.keys(addon)) {
    const fn = (addon as unknown as Record<string, unknown>)[name];
    if (!name.endsWith('Async') || typeof fn !== 'function') continue;
    held[name] = (args: unknown) => fn.call(addon, holdArrays(args));
  }
  return held as unknown as NativeAddon;
}

type MaybeResizable = ArrayBufferLike & { resizable?: boolean; growable?: boolean };

/** An operation's arguments with its typed arrays (top level and in nested matrices) held for a job. */
function holdArrays(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer as MaybeResizable;
    if (buffer.resizable === true || buffer.growable === true) return (value as Float64Array).slice();
    if (!(buffer instanceof SharedArrayBuffer)) markAsUntransferable(buffer);
    return value;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const held: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) held[key] = holdArrays(field);
  return held;
}
