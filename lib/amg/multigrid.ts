/**
 * BoomerAMG hierarchies (HYPRE) behind the handle table: {@link amg}, {@link amgAsync} and the
 * {@link Multigrid} they return.
 * @module
 */
import { Result } from '../errors';
import { NativeHandle } from '../handles/native-handle';
import { native, type AmgSolveArgs, type NativeAmgReport } from '../native';
import { FunctionOperator } from '../operators/function';
import type { LinearOperator } from '../operators/operator';
import { CscMatrix } from '../sparse/csc';
import { checkChoice, checkInteger, checkNonNegative, checkVector, describe, toFiniteVector } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { AmgError, amgCall, amgCallAsync } from './errors';
import { AmgOptions, amgOptionCodes } from './options';

/** One level of a hierarchy: its unknowns and the stored entries of its operator. */
export interface AmgLevel {
  /** Unknowns on this level. */
  rows: number;
  /** Stored entries of this level's operator. */
  nnz: number;
}

/**
 * What a hierarchy is: its levels (finest first), the operator complexity Σ nnz(A_l) / nnz(A_0)
 * and grid complexity Σ n_l / n_0, how long the last setup took, how many setups there were
 * (1 + successful refreshes), and the native memory it holds (matrices, interpolations, vectors;
 * an estimate from their sizes, reported to V8).
 */
export interface MultigridInfo {
  /** The size of A. */
  readonly n: number;
  /** The levels, finest (A itself, stored in full) first. */
  readonly levels: readonly AmgLevel[];
  /** Σ nnz(A_l) / nnz(A_0): the cost of a cycle relative to a matrix-vector product. */
  readonly operatorComplexity: number;
  /** Σ n_l / n_0. */
  readonly gridComplexity: number;
  /** Wall time of the last setup (the first, or the last refresh), in seconds. */
  readonly setupSeconds: number;
  /** Setups so far: 1 + successful refreshes. */
  readonly setups: number;
  /** Native memory held (an estimate from the sizes of the levels' matrices and vectors), as reported to V8. */
  readonly memoryBytes: number;
}

/** The Krylov method around the cycle: HYPRE's PCG (default; A symmetric positive definite), GMRES, or none (AMG iterations alone). */
export type AmgKrylov = 'cg' | 'gmres' | 'none';
const KRYLOV_CODES: Record<AmgKrylov, number> = { none: 0, cg: 1, gmres: 2 };

/** Options of {@link Multigrid.solve}. */
export interface AmgSolveOptions {
  /** Stop when ‖b − A x‖ ≤ max(rtol · ‖b‖, atol). Default 1e-8. */
  rtol?: number;
  /** Default 0. */
  atol?: number;
  /** Iterations (cycles, or Krylov steps with one cycle each) at most; default 200. */
  maxSteps?: number;
  /** 'cg' (default), 'gmres' or 'none'. */
  krylov?: AmgKrylov;
  /** GMRES's restart length; default 30. */
  restart?: number;
  /** An initial guess (default zero). */
  x0?: Float64Array;
}

/**
 * How a {@link Multigrid.solve} ended: `result` is 'successful', 'maxStepsReached' or 'breakdown'
 * (HYPRE failed mid-solve, or the iterate stopped being finite), never a silent wrong answer:
 * `relativeResidual` is ‖b − A x‖ / ‖b‖ recomputed from x after the solve.
 */
export interface AmgSolution {
  /** x (the last iterate when the solve did not succeed). */
  value: Float64Array;
  /** 'successful', 'maxStepsReached' or 'breakdown'. */
  result: Result;
  /** Krylov steps (one cycle each), or cycles for krylov 'none'. */
  iterations: number;
  /** ‖b − A x‖ / ‖b‖, recomputed from x. */
  relativeResidual: number;
  /** Wall time of the native solve, in seconds. */
  seconds: number;
}

const SOLVE_KEYS = ['rtol', 'atol', 'maxSteps', 'krylov', 'restart', 'x0'] as const;

/**
 * A BoomerAMG hierarchy for a square sparse matrix A, kept in native memory behind an integer
 * handle: built once by {@link amg}, then used for any number of solves, cycles (as a
 * preconditioner) and refreshes with new values on the same pattern. Dispose it when done (or
 * `using`); a hierarchy that is garbage-collected undisposed is freed then.
 *
 * @example
 * ```ts
 * import { amg, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(64);
 * const mg = amg(A);
 * const b = new Float64Array(A.nrows).fill(1);
 * const { result, iterations, relativeResidual } = mg.solve(b, { rtol: 1e-10 });
 * console.log(result, iterations < 15, relativeResidual < 1e-10); // → successful true true
 * mg.dispose();
 * ```
 */
export class Multigrid extends NativeHandle {
  /** The matrix size. */
  readonly n: number;
  /** True when A was given as one triangle of a symmetric matrix (so Aᵀ = A: transposed solves reuse this hierarchy). */
  readonly symmetric: boolean;
  /** nnz of A as given (the length refresh() takes). */
  readonly nnz: number;

  /** @internal Use {@link amg} or {@link amgAsync}. */
  constructor(handle: number, n: number, nnz: number, symmetric: boolean) {
    super(handle, 'multigrid hierarchy');
    this.n = n;
    this.nnz = nnz;
    this.symmetric = symmetric;
  }

  /** Levels, complexities, setup time and memory of the current hierarchy. */
  get info(): MultigridInfo {
    return native().amgInfo({ handle: this.handle });
  }

  /**
   * One cycle from a zero initial guess: z ≈ A⁻¹ r, the preconditioner BoomerAMG is.
   * @throws RangeError when r is not n finite numbers.
   */
  cycle(r: Float64Array): Float64Array {
    const rv = toFiniteVector(r, this.n, 'Multigrid.cycle: r');
    const z = new Float64Array(this.n);
    amgCall(() => native().amgCycle({ handle: this.handle, r: rv, z }));
    return z;
  }

  /**
   * Solves A x = b: HYPRE's PCG (default) or GMRES preconditioned by one cycle per step, or AMG
   * cycles alone ('none'). Not converging is a result ('maxStepsReached'), not an exception.
   * @throws RangeError when b (or x0) is not n finite numbers; {@link AmgError} when HYPRE fails outside the iteration.
   */
  solve(b: Float64Array, opts: AmgSolveOptions = {}): AmgSolution {
    const args = this.#solveArgs(b, opts, 'Multigrid.solve');
    const report = amgCall(() => native().amgSolve(args));
    return toSolution(args.x, report);
  }

  /** {@link Multigrid.solve} on the thread pool (HYPRE calls run one at a time per process). */
  async solveAsync(b: Float64Array, opts: AmgSolveOptions = {}): Promise<AmgSolution> {
    const args = this.#solveArgs(b, opts, 'Multigrid.solveAsync');
    const report = await amgCallAsync(() => native().amgSolveAsync(args));
    return toSolution(args.x, report);
  }

  /**
   * New values on the pattern A had (aligned with `A.values`, or a CscMatrix with the same
   * pattern). The assembled matrix, the solver's memory, the work vectors and the near-null-space
   * vectors are reused; the hierarchy (coarsening, interpolation, coarse operators) is built again
   * from the new values, as BoomerAMG 2.26 cannot keep a coarsening across value changes.
   * @throws RangeError for a wrong length or non-finite values; {@link AmgError} (e.g. a zero diagonal).
   */
  refresh(values: Float64Array | CscMatrix): void {
    const v = this.#values(values, 'Multigrid.refresh');
    amgCall(() => native().amgRefresh({ handle: this.handle, values: v }));
  }

  /** {@link Multigrid.refresh} on the thread pool. */
  async refreshAsync(values: Float64Array | CscMatrix): Promise<void> {
    const v = this.#values(values, 'Multigrid.refreshAsync');
    await amgCallAsync(() => native().amgRefreshAsync({ handle: this.handle, values: v }));
  }

  /**
   * This hierarchy as a LinearOperator doing one cycle per product (`mv(r)` = {@link Multigrid.cycle}),
   * to precondition CG, MINRES, BiCGStab or GMRES. Tagged symmetric when A was given as a
   * symmetric triangle (the cycle then is symmetric: forward sweeps down, backward up).
   */
  asOperator(): LinearOperator {
    return new FunctionOperator((r) => this.cycle(r), this.n, this.symmetric ? { tags: ['symmetric'] } : {});
  }

  #values(values: Float64Array | CscMatrix, fn: string): Float64Array {
    const v = values instanceof CscMatrix ? values.values : values;
    if (!(v instanceof Float64Array)) throw new TypeError(`${fn}: values must be a Float64Array or a CscMatrix, got ${describe(values)}`);
    if (v.length !== this.nnz) throw new RangeError(`${fn}: values must hold nnz(A) = ${this.nnz} numbers, got ${v.length}`);
    return toFiniteVector(v, this.nnz, `${fn}: values`);
  }

  #solveArgs(b: Float64Array, opts: AmgSolveOptions, fn: string): AmgSolveArgs {
    const o = checkOptions(opts, SOLVE_KEYS, `${fn}: opts`);
    const bv = toFiniteVector(b, this.n, `${fn}: b`);
    const x = o.x0 === undefined ? new Float64Array(this.n) : toFiniteVector(o.x0, this.n, `${fn}: opts.x0`).slice();
    return {
      handle: this.handle,
      b: bv,
      x,
      krylov: KRYLOV_CODES[checkChoice(o.krylov ?? 'cg', ['cg', 'gmres', 'none'] as const, `${fn}: opts.krylov`)],
      rtol: o.rtol === undefined ? 1e-8 : checkNonNegative(o.rtol, `${fn}: opts.rtol`),
      atol: o.atol === undefined ? 0 : checkNonNegative(o.atol, `${fn}: opts.atol`),
      maxIterations: o.maxSteps === undefined ? 200 : checkInteger(o.maxSteps, 0, 2 ** 30, `${fn}: opts.maxSteps`),
      restart: o.restart === undefined ? 30 : checkInteger(o.restart, 1, 10000, `${fn}: opts.restart`),
    };
  }
}

function toSolution(x: Float64Array, report: NativeAmgReport): AmgSolution {
  const result = report.breakdown ? Result.breakdown : report.converged ? Result.successful : Result.maxStepsReached;
  return { value: x, result, iterations: report.iterations, relativeResidual: report.relativeResidual, seconds: report.seconds };
}

// `onWorker`: the values' finiteness is left to the addon, which checks it where the job runs (an
// async call does no work on the main thread that grows with the data).
function setupArgs(A: unknown, opts: AmgOptions | undefined, fn: string, onWorker = false) {
  if (!(A instanceof CscMatrix)) throw new TypeError(`${fn}: A must be a CscMatrix, got ${describe(A)}`);
  if (A.nrows !== A.ncols) throw new RangeError(`${fn}: A must be square, got ${A.nrows} x ${A.ncols}`);
  if (!native().buildInfo.amg) {
    throw new AmgError(`${fn}: this build of spsolve has no AMG (buildInfo().amg is false: the system-library build; see docs/building.md)`, 'AMG_UNAVAILABLE', -1);
  }
  const { codes, vectors, nvectors } = amgOptionCodes(opts, A.nrows, fn);
  if (!onWorker) toFiniteVector(A.values, A.nnz, `${fn}: A.values`);
  const triangle: 0 | 1 | 2 = A.symmetry === 'lower' ? 1 : A.symmetry === 'upper' ? 2 : 0;
  return { A, triangle, vectors, nvectors, ...codes };
}

/**
 * Builds a BoomerAMG hierarchy for the square matrix A (HYPRE 2.26, sequential): a matrix stored
 * as one triangle (`symmetry: 'lower'` or `'upper'`) is expanded to both. See {@link AmgOptions}
 * for coarsening, interpolation, strength threshold, smoother, cycle and systems options.
 *
 * @throws TypeError / RangeError for a non-square A, non-finite values or bad options;
 *   {@link AmgError} for a zero diagonal, a HYPRE failure, or a build without AMG.
 * @example
 * ```ts
 * import { amg, poisson3d } from 'spsolve';
 *
 * const mg = amg(poisson3d(16), { dimension: 3 });
 * const { levels, operatorComplexity } = mg.info;
 * console.log(levels[0].rows, operatorComplexity < 3); // → 4096 true
 * mg.dispose();
 * ```
 */
export function amg(A: CscMatrix, opts?: AmgOptions): Multigrid {
  const args = setupArgs(A, opts, 'amg');
  const handle = amgCall(() => native().amgSetup(args));
  return new Multigrid(handle, A.nrows, A.nnz, args.triangle !== 0);
}

/** {@link amg} with the setup on the thread pool (HYPRE calls run one at a time per process). */
export async function amgAsync(A: CscMatrix, opts?: AmgOptions): Promise<Multigrid> {
  const args = setupArgs(A, opts, 'amgAsync', true);
  const handle = await amgCallAsync(() => native().amgSetupAsync(args));
  return new Multigrid(handle, A.nrows, A.nnz, args.triangle !== 0);
}
