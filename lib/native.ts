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
import { setTimeout } from 'node:timers';
import { markAsUntransferable } from 'node:worker_threads';

import { CholmodError, NotPositiveDefiniteError, ZeroPivotError } from './cholmod/errors';
import { LuError, SingularMatrixError, type LuEngine } from './lu/errors';
import { QrError } from './qr/errors';
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
export type NativeBuildInfo = Record<string, string | number | boolean | null>;

/** The factor options as codes: ordering, mode and kind (cholmod/options.ts maps the names). */
export interface NativeFactorOptions {
  ordering: number;
  mode: number;
  kind: number;
}

export interface AnalyzeArgs extends NativeFactorOptions {
  /**
   * Symmetric: one triangle used (stype -1: lower, 1: upper); stype 0: any m × n A, and the
   * factor is of A Aᵀ (order m). Values null for a pattern only.
   */
  A: NativePattern;
  stype: -1 | 0 | 1;
  /** A is stored in full: the addon checks that it is symmetric (and checks every refactor's values). */
  general: boolean;
  /** A user permutation of 0..m−1 (used as given, not postordered), or null. */
  perm?: Int32Array | null;
  /** For stype 0: factorise A(:, fset) A(:, fset)ᵀ (distinct column indices), or null for all columns. */
  fset?: Int32Array | null;
}
export interface FactorizeArgs {
  handle: number;
  /** Aligned with the analysed pattern; they replace the stored values. null keeps them. */
  values: Float64Array | null;
  /** Factorises A + shift·I (A Aᵀ + shift·I for an A Aᵀ factor). */
  shift: number;
  /** Default true: not positive definite throws; false: factorize returns false instead. */
  check?: boolean;
}
/** A matrix for the symbolic tools: stype ±1 a symmetric A (that triangle read), 0 for A Aᵀ. */
export interface SymbolicArgs {
  A: NativePattern;
  stype: -1 | 0 | 1;
}
export interface OrderingArgs extends SymbolicArgs {
  /** 0 amd, 1 metis, 2 nesdis, 3 colamd (stype 0 only), 4 camd (ORDERING_METHOD_CODES in cholmod/orderings.ts). */
  method: number;
  /** stype 0: order A(:, fset) A(:, fset)ᵀ; null for all columns. */
  fset: Int32Array | null;
  /** camd: the constraint set (0..m−1) of each row; null for one set. */
  constraints: Int32Array | null;
  /** Receives the permutation (A.nrows entries). */
  out: Int32Array;
}
export interface EtreeArgs extends SymbolicArgs {
  /** The tree of P A Pᵀ for this permutation; null for the identity. */
  perm: Int32Array | null;
  /** Receive the parent of each node (−1 for a root) and the column counts of L (A.nrows entries each). */
  parent: Int32Array;
  colCount: Int32Array;
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
export interface ElementPatternArgs {
  n: number;
  /** nElements x dofsPerElement dofs in [−1, n): −1 eliminated. */
  elementDofs: Int32Array;
  dofsPerElement: number;
  /** 1: lower triangle, −1: upper, 0: both. */
  sign: number;
}
/** Compressed columns to check against CscMatrix's invariant (CscMatrix.fromArraysAsync). */
export interface CscColumnsCheckArgs {
  nrows: number;
  ncols: number;
  colPtr: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
  /** −1: only entries with row >= col allowed ('lower'), 1: row <= col ('upper'), 0: any. */
  triangle: -1 | 0 | 1;
}
export interface CscColumnsCheckResult {
  /** The first column the constructor's check throws in, or −1 when there is none. */
  firstInvalidColumn: number;
  /** Every column's rows strictly increase (no sorting, no duplicates to sum). */
  canonical: boolean;
}
/** lib/fem/pattern.ts describes the arrays (int32, as buffers for the caller's realm). */
export interface NativeElementPattern {
  /** Dofs per block: 3 or 2 when the dofs are numbered node by node, else 1. */
  c: number;
  colPtr: ArrayBuffer;
  rowIdx: ArrayBuffer;
  /** c = 1: the scatter map; c > 1: the block map's ranks. */
  map: ArrayBuffer;
  /** c > 1 only. */
  starts?: ArrayBuffer;
  colStart?: ArrayBuffer;
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

/** luAnalyze's arguments: the matrix and the options as codes (lib/lu/options.ts); -1 is the engine's default. */
export interface LuAnalyzeArgs {
  A: NativeCsc | NativePattern;
  /** 0 UMFPACK, 1 KLU. */
  engine: number;
  ordering: number;
  strategy: number;
  scaling: number;
  btf: number;
  refinementSteps: number;
  pivotTolerance: number;
  symPivotTolerance: number;
}

export interface LuSolveArgs {
  handle: number;
  transpose: boolean;
  B: Float64Array;
  nrhs: number;
  X: Float64Array;
}

/**
 * Statistics of an LU factorisation: exactly the fields of LUInfo (lib/lu/lu-factor.ts, where they
 * are documented; native/lu/operations.cc writes them).
 */
export type NativeLuInfo = Record<string, number | boolean | string>;

export interface NativeLuParts {
  L: { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array };
  U: { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array };
  F: { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array };
  p: Int32Array;
  q: Int32Array;
  rowScale: Float64Array;
}

export interface QrFactorizeArgs {
  /** m × n, general storage, with values. */
  A: NativeCsc;
  /** An SPQR_ORDERING_* code (qr/options.ts maps the names). */
  ordering: number;
  /** ≤ -2: SPQR's default; in (-2, 0): no rank detection; ≥ 0: the tolerance. */
  tolerance: number;
}
export interface QrSolveArgs {
  handle: number;
  /** Solve with Aᵀ (B has n rows, X m) instead of A (B has m rows, X n). */
  transpose: boolean;
  /** x = A⁺ b by the complete orthogonal decomposition (built on first use). */
  pseudoInverse: boolean;
  B: Float64Array;
  nrhs: number;
  /** Receives the solution (never B itself). */
  X: Float64Array;
}
/** Statistics of a QR factorisation: QRInfo's fields (lib/qr/factor.ts), the ordering as SPQR's code. */
export type NativeQrInfo = Record<string, number | boolean> & { ordering: number; rank: number };

/** BoomerAMG's options as codes (lib/amg/options.ts maps the names and documents them). */
export interface NativeAmgOptions {
  /** 0 HMIS, 1 PMIS, 2 Falgout. */
  coarsening: number;
  /** 0 extended+i, 1 classical. */
  interpolation: number;
  strongThreshold: number;
  /** 0 hybrid Gauss–Seidel, 1 l1-Jacobi, 2 Chebyshev. */
  smoother: number;
  /** 1 V, 2 W. */
  cycle: number;
  maxLevels: number;
  aggressiveLevels: number;
  numFunctions: number;
  /** HYPRE's nodal option (0 off). */
  nodal: number;
  sweeps: number;
}
export interface AmgSetupArgs extends NativeAmgOptions {
  A: NativeCsc;
  /** 0: stored in full; 1 / 2: the lower / upper triangle of a symmetric matrix. */
  triangle: 0 | 1 | 2;
  /** Near-null-space vectors, n · nvectors values column-major, or null. */
  vectors: Float64Array | null;
  nvectors: number;
}
export interface AmgSolveArgs extends HandleArgs {
  b: Float64Array;
  /** The initial guess; receives the solution. */
  x: Float64Array;
  /** 0 none (AMG alone), 1 PCG, 2 GMRES. */
  krylov: number;
  rtol: number;
  atol: number;
  maxIterations: number;
  restart: number;
}
/** What a solve reports (HYPRE's iteration count; the relative residual recomputed natively). */
export interface NativeAmgReport {
  iterations: number;
  relativeResidual: number;
  converged: boolean;
  breakdown: boolean;
  seconds: number;
}
/** A hierarchy's statistics (lib/amg/multigrid.ts documents them). */
export interface NativeAmgInfo {
  n: number;
  levels: { rows: number; nnz: number }[];
  operatorComplexity: number;
  gridComplexity: number;
  setupSeconds: number;
  setups: number;
  memoryBytes: number;
}

/** The classes native failures are raised as (handed to the addon once, at load). */
export interface NativeErrorClasses {
  EngineError: new (message: string, code: string, status: number) => Error;
  NotPositiveDefiniteError: new (message: string, column: number, step: number) => Error;
  ZeroPivotError: new (message: string, column: number, step: number) => Error;
  LuError: new (message: string, code: string, status: number, engine: LuEngine) => Error;
  SingularMatrixError: new (message: string, code: string, status: number, engine: LuEngine, column: number) => Error;
  QrError: new (message: string, code: string, status: number) => Error;
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
  /** Numeric factorisation; false when A is not positive definite and `check` is false. */
  factorize(args: FactorizeArgs): boolean;
  factorizeAsync(args: FactorizeArgs): Promise<boolean>;
  /** Solves for nrhs column-major right-hand sides into X (the async form writes X from its worker). */
  solve(args: SolveArgs): void;
  solveAsync(args: SolveArgs): Promise<void>;
  /** A new handle with a copy of the analysed matrix and the symbolic analysis only (factorize it next). */
  cloneSymbolic(args: HandleArgs): number;
  /** A new handle with an independent copy of the whole factor (cholmod_copy_factor) and its matrix. */
  copyFactor(args: HandleArgs): number;
  /** Converts a numeric factor to LLᵀ (kind 0) or LDLᵀ (kind 1, simplicial) (cholmod_change_factor). */
  changeKind(args: HandleArgs & { kind: number }): void;

  /** A fill-reducing permutation by one method into `out`. */
  ordering(args: OrderingArgs): void;
  orderingAsync(args: OrderingArgs): Promise<void>;
  /** The elimination tree and the column counts of L. */
  etree(args: EtreeArgs): void;
  etreeAsync(args: EtreeArgs): Promise<void>;

  /**
   * L D Lᵀ ± C Cᵀ (cholmod_updown). The factor becomes simplicial LDLᵀ; the next factorize
   * starts again from the analysis and the stored values.
   */
  update(args: UpdateArgs): void;
  updateAsync(args: UpdateArgs): Promise<void>;
  /** Row and column k (user's numbering) become the identity's (cholmod_rowdel). */
  rowDelete(args: HandleArgs & { k: number }): void;
  /** A deleted row and column k, or one equal to the identity's, get `column` (n values, diagonal included; cholmod_rowadd). */
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

  /** LU (UMFPACK or KLU): symbolic analysis of a square matrix. Returns an 'lu' handle. */
  luAnalyze(args: LuAnalyzeArgs): number;
  luAnalyzeAsync(args: LuAnalyzeArgs): Promise<number>;
  /** Numeric LU factorisation (new values, when given, on the analysed pattern). */
  luFactorize(args: HandleArgs & { values: Float64Array | null }): void;
  luFactorizeAsync(args: HandleArgs & { values: Float64Array | null }): Promise<void>;
  /** X = A⁻¹B (or A⁻ᵀB) for nrhs column-major right-hand sides. */
  luSolve(args: LuSolveArgs): void;
  luSolveAsync(args: LuSolveArgs): Promise<void>;
  luLogDet(args: HandleArgs): { logAbsDet: number; sign: number };
  luRcond(args: HandleArgs): number;
  luInfo(args: HandleArgs): NativeLuInfo;
  /** (diag(rowScale)⁻¹ A)[p, q] = L U + F; arrays allocated natively (main realm). */
  luExtract(args: HandleArgs): NativeLuParts;

  /**
   * out[q] = scale · Σ_c left[i, c] · right[j, c] at each stored entry q = (i, j) of the pattern;
   * with `triangle` an entry stands for A_ij and A_ji and gets both products (once on the diagonal).
   */
  outerOnPattern(args: OuterOnPatternArgs): void;
  /** An assembled finite-element matrix's pattern and scatter map (lib/fem/pattern.ts). */
  elementPattern(args: ElementPatternArgs): NativeElementPattern;
  /** Where compressed columns break CscMatrix's invariant; the O(1) checks must have passed. */
  cscColumnsCheck(args: CscColumnsCheckArgs): CscColumnsCheckResult;
  cscColumnsCheckAsync(args: CscColumnsCheckArgs): Promise<CscColumnsCheckResult>;

  /** SuiteSparseQR of A (of Aᵀ when A is wide): analysis and numeric factorisation. Returns a QR handle. */
  qrFactorize(args: QrFactorizeArgs): number;
  qrFactorizeAsync(args: QrFactorizeArgs): Promise<number>;
  /** New values (A's entry order) on the analysed pattern, reusing the analysis. */
  qrRefactor(args: HandleArgs & { values: Float64Array }): void;
  qrRefactorAsync(args: HandleArgs & { values: Float64Array }): Promise<void>;
  /** Least-squares / minimum-norm (or pseudo-inverse) solves for nrhs column-major right-hand sides into X. */
  qrSolve(args: QrSolveArgs): void;
  qrSolveAsync(args: QrSolveArgs): Promise<void>;
  /** R (rank rows) of the factorised matrix's complete decomposition; arrays allocated natively. */
  qrR(args: HandleArgs): { colPtr: Int32Array; rowIdx: Int32Array; values: Float64Array; nrows: number };
  /** E of that decomposition (min(m, n) entries). */
  qrColumnPermutation(args: OutputArgs<Int32Array>): void;
  qrInfo(args: HandleArgs): NativeQrInfo;

  /** BoomerAMG setup (HYPRE). Only in builds with `buildInfo.amg`. Returns a hierarchy handle. */
  amgSetup(args: AmgSetupArgs): number;
  amgSetupAsync(args: AmgSetupArgs): Promise<number>;
  /** New values on the pattern of the setup's A; the hierarchy is built again. */
  amgRefresh(args: HandleArgs & { values: Float64Array }): void;
  amgRefreshAsync(args: HandleArgs & { values: Float64Array }): Promise<void>;
  /** z = one cycle on r (zero initial guess). */
  amgCycle(args: HandleArgs & { r: Float64Array; z: Float64Array }): void;
  /** Solves into x (which holds the initial guess). */
  amgSolve(args: AmgSolveArgs): NativeAmgReport;
  amgSolveAsync(args: AmgSolveArgs): Promise<NativeAmgReport>;
  amgInfo(args: HandleArgs): NativeAmgInfo;

  /** Frees a native object (deferred while an async job uses it). Returns whether the handle was live. */
  free(handle: number): boolean;
  /** Native objects alive in this addon instance, including ones kept alive by running jobs. */
  liveHandles(): number;
  /** V8's external-memory count as adjusted by the addon (factor memory is reported to V8 so GC pressure sees it). */
  externalMemory(): number;
  /**
   * schedule(ms) must call flushMemoryReports() after ms milliseconds: an async job's new native
   * memory is reported to V8 after that grace period, if still alive (native/core/memory_reports.h).
   */
  setMemoryReportScheduler(schedule: (ms: number) => void): void;
  flushMemoryReports(): void;
  /** Whether growth of native memory is reported to V8 (native/core/memory_reports.h). */
  setMemoryReports(enabled: boolean): void;
  /** The BLAS thread policy: 0 for 'auto', else a fixed count. */
  setThreads(threads: number): void;
  getThreads(): number;
  /**
   * The async jobs' priority (native/blas/job_priority.h): 0 normal, 1 background; the background
   * threads started so far and the jobs they ran.
   */
  setJobPriority(priority: 0 | 1): void;
  getJobPriority(): { priority: 0 | 1; backgroundThreads: number; backgroundJobs: number };
  /**
   * The tile team's work so far (native/blas/tile_team.h): BLAS calls cut into tiles, their tiles,
   * those run on a helper, and the calls made from background threads (blas/job_priority.h).
   */
  tileCounts(): { tiledCalls: number; tiles: number; helperTiles: number; backgroundCalls: number };
  /** The calling thread's CPU time, ms (CLOCK_THREAD_CPUTIME_ID): for measurements of the main thread's work. */
  threadCpuMs(): number;
  /**
   * The main thread's CPU time spent completing async jobs so far, ms: building each result,
   * settling its promise and freeing the job. What an async call costs the event loop after it returns.
   */
  completionCpuMs(): number;
  /**
   * A native 1 ms timer on this thread's event loop (native/core/loop_probe.h), which makes no
   * JavaScript garbage: records at most `capacity` ticks; returns the tick clock's time now, ms.
   */
  startLoopProbe(capacity: number): number;
  /** Stops the probe: [CPU ms since the previous tick, tick end ms (the start's clock)] per tick. */
  stopLoopProbe(): Float64Array;
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
  addon.init({
    EngineError: CholmodError, NotPositiveDefiniteError, ZeroPivotError, LuError, SingularMatrixError, QrError, DisposedError,
    TypeError, RangeError,
  });
  addon.setMemoryReportScheduler(scheduleMemoryReports);
  loaded = withHeldArrays(addon);
  return loaded;
}

/**
 * The grace period of native/core/memory_reports.h: a timer that does not keep the process alive
 * (node:timers, not the global, so that a test's fake timers leave it alone).
 */
export function scheduleMemoryReports(ms: number): void {
  setTimeout(() => loaded?.flushMemoryReports(), ms).unref();
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
