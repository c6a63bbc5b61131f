/**
 * What the Krylov solvers (CG, MINRES, BiCGStab, GMRES) share. Each provides an inner
 * run that improves x by solving A dx = r from dx = 0 until its own (recurrence)
 * residual estimate is small; the driver here owns the true residual b - A x, the
 * stopping rule ‖b - A x‖ ≤ atol + rtol ‖b‖, the step budget, and the failure modes.
 * Every pass of its loop either spends a step or ends, so it cannot loop forever.
 */
import { Result, Stats, UnsupportedOperatorError } from '../errors';
import type { LinearOperator } from '../operators';
import { checkOperator } from '../operators/operator';
import { DenseMatrix, isDenseMatrix } from '../sparse';
import { allFinite, checkInteger, checkNonNegative } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { Computed, LinearSolver, Rhs, SolveOptions, mapColumns } from './solver';
import { axpy, norm } from './vector';

/**
 * Settings of the Krylov solvers ({@link CG}, {@link MINRES}, {@link BiCGStab},
 * {@link GMRES}, {@link LSMR}). A solve succeeds when ‖b - A x‖₂ ≤ atol + rtol ‖b‖₂ for the true
 * residual (recomputed, not the recurrence's estimate).
 *
 * **Fixed-step mode** (Lineax's): with `rtol: 0, atol: 0` there is no tolerance, so the
 * solver takes exactly `maxSteps` steps and reports `successful` (it stops earlier only
 * when the residual is exactly zero or, at rounding level, the method has nothing left to
 * divide by). Useful to differentiate through a fixed amount of work, or to unroll a solver.
 *
 * @example
 * ```ts
 * import { CG, InverseOperator, SparseOperator, cholesky, linearSolve, poisson2d } from 'spsolve';
 *
 * const A = poisson2d(20);
 * const factor = cholesky(A); // an exact preconditioner, for the sake of the example
 * const cg = new CG({ rtol: 1e-10, maxSteps: 50, preconditioner: new InverseOperator(factor) });
 * console.log(linearSolve(new SparseOperator(A, ['positiveSemidefinite']), new Float64Array(400).fill(1), cg).stats.steps); // → 1
 * factor.dispose();
 * ```
 */
export interface IterativeSettings {
  /** Relative tolerance on ‖b - A x‖ / ‖b‖ (default 1e-8); 0 with atol 0 means fixed-step mode. */
  rtol?: number;
  /** Absolute tolerance on ‖b - A x‖ (default 0). */
  atol?: number;
  /** Matvec-bearing steps per right-hand side before giving up (default 10 n). */
  maxSteps?: number;
  /** ≈ A⁻¹, any LinearOperator (e.g. an InverseOperator around a CHOLMOD factor of a nearby matrix). */
  preconditioner?: LinearOperator;
}

/**
 * The state of a Krylov solver: no factorisation, just the operator (and the
 * preconditioner from the settings). Nothing to dispose.
 *
 * @example
 * ```ts
 * import { MINRES, SparseOperator, poisson2d } from 'spsolve';
 *
 * const minres = new MINRES();
 * const state = minres.init(new SparseOperator(poisson2d(4)), {});
 * console.log(state.op.inSize, state.rhsSign); // → 16 1
 * ```
 */
export interface IterativeState {
  /** The operator solved with (-A for CG on a negative semidefinite A). */
  readonly op: LinearOperator;
  /** The preconditioner from the settings; `options.preconditioner` overrides it per solve. */
  readonly preconditioner?: LinearOperator;
  /** -1 when the solver works on -A (CG with a negative semidefinite A), so b is negated too. */
  readonly rhsSign: 1 | -1;
}

/** One inner run's problem: solve A dx = rhs from dx = 0 within a step budget. @internal */
export interface InnerProblem {
  op: LinearOperator;
  preconditioner?: LinearOperator;
  /** The current residual: the inner run solves A dx = rhs. */
  rhs: Float64Array;
  /** Stop once the estimate of ‖rhs - A dx‖ is at most this. */
  target: number;
  /** Steps the run may still take. */
  budget: number;
}

/** What an inner run returns. @internal */
export interface InnerOutcome {
  dx: Float64Array;
  steps: number;
  /** A zero or non-finite quantity the method divides by: continuing is pointless. */
  breakdown: boolean;
}

export type InnerRun = (problem: InnerProblem) => InnerOutcome;

const SETTINGS_KEYS = ['rtol', 'atol', 'maxSteps', 'preconditioner'] as const;

/**
 * Checks the settings of a Krylov solver's constructor, those of {@link IterativeSettings} and the
 * solver's own `extraKeys`; returns them, keyed, for the caller to read its own.
 */
export function checkSettings<K extends string>(
  solver: string,
  settings: unknown,
  extraKeys: readonly K[] = [],
): Partial<Record<K | (typeof SETTINGS_KEYS)[number], unknown>> {
  const checked = checkOptions(settings, [...SETTINGS_KEYS, ...extraKeys], `${solver}: settings`);
  for (const key of ['rtol', 'atol'] as const) {
    if (checked[key] !== undefined) checkNonNegative(checked[key], `${solver}: settings.${key}`);
  }
  if (checked.maxSteps !== undefined) checkInteger(checked.maxSteps, 0, Infinity, `${solver}: settings.maxSteps`);
  if (checked.preconditioner !== undefined) checkOperator(checked.preconditioner, `${solver}: settings.preconditioner`);
  return checked;
}

export function initIterative(solver: string, op: LinearOperator, settings: IterativeSettings, rhsSign: 1 | -1 = 1): IterativeState {
  if (op.inSize !== op.outSize) {
    throw new UnsupportedOperatorError(solver, `needs a square operator, got ${op.outSize} x ${op.inSize}; use QR for least squares`);
  }
  return { op, preconditioner: settings.preconditioner, rhsSign };
}

/**
 * The shape every Krylov solver shares: settings checked once, `compute` through the common
 * driver, `transpose` by transposing the operator and preconditioner. A subclass gives its
 * name, its inner run, and (when it needs tags) its own `init`.
 */
export abstract class IterativeSolver implements LinearSolver<IterativeState> {
  /** The solver's name, used in messages. */
  abstract readonly name: string;

  constructor(
    /** The settings given to the constructor (tolerances, step budget, preconditioner). */
    readonly settings: IterativeSettings,
  ) {}

  /**
   * One inner run (a restart cycle for GMRES) on A dx = r from dx = 0.
   * @internal
   */
  protected abstract run(problem: InnerProblem): InnerOutcome;

  /**
   * Checks the operator (square; the tags this method needs) and keeps it with the preconditioner.
   * @throws {@link UnsupportedOperatorError} for a non-square operator; {@link MissingTagError} for a missing tag.
   */
  init(op: LinearOperator, _options?: SolveOptions): IterativeState {
    return initIterative(this.name, op, this.settings);
  }

  /**
   * Iterates on each column of b until ‖b - A x‖ ≤ atol + rtol ‖b‖ or the step budget
   * is spent. `stats.steps` and `stats.residualNorm` are the largest over the columns;
   * `result` is the first failure (maxStepsReached, breakdown, stagnation, nonfiniteInput).
   * @throws RangeError when b, `options.y0` or the preconditioner has the wrong size.
   */
  compute<V extends Rhs>(state: IterativeState, b: V, options: SolveOptions = {}): Computed<V> {
    return iterate(this.name, state, b, options, this.settings, (problem) => this.run(problem));
  }

  /** The state for Aᵀ: the operator and preconditioner transposed; an initial guess `y0` is dropped. */
  transpose(state: IterativeState, options: SolveOptions): [IterativeState, SolveOptions] {
    return transposeIterative(state, options);
  }

  /** The state itself (everything is real). */
  conj(state: IterativeState, options: SolveOptions): [IterativeState, SolveOptions] {
    return [state, options];
  }

  /** True: the Krylov solvers here look for an exact solution. */
  assumeFullRank(): boolean {
    return true;
  }
}

/** The transposed problem: Aᵀ and the transposed preconditioner; an initial guess for A does not carry over. */
export function transposeIterative(state: IterativeState, options: SolveOptions): [IterativeState, SolveOptions] {
  const transposedOptions: SolveOptions = { ...options, preconditioner: options.preconditioner?.transpose() };
  delete transposedOptions.y0;
  if (!options.preconditioner) delete transposedOptions.preconditioner;
  const transposed = { ...state, op: state.op.transpose(), preconditioner: state.preconditioner?.transpose() };
  return [transposed, transposedOptions];
}

function checkPreconditioner(solver: string, pc: LinearOperator | undefined, n: number): void {
  if (pc && (pc.inSize !== n || pc.outSize !== n)) {
    throw new RangeError(`${solver}: the preconditioner is ${pc.outSize} x ${pc.inSize}, the operator needs ${n} x ${n}`);
  }
}

/** Solves every column of b; the result is the first failure, steps and residualNorm the largest over columns. */
export function iterate<V extends Rhs>(
  solver: string,
  state: IterativeState,
  b: V,
  options: SolveOptions,
  settings: IterativeSettings,
  run: InnerRun,
): Computed<V> {
  const { op, rhsSign } = state;
  const n = op.inSize;
  checkVectorOrColumns(b, n, `${solver}.compute: b`);
  const preconditioner = options.preconditioner ?? state.preconditioner;
  checkPreconditioner(solver, preconditioner, n);
  const y0 = options.y0;
  if (y0 !== undefined) {
    checkVectorOrColumns(y0, n, `${solver}.compute: options.y0`);
    if (isDenseMatrix(y0) !== isDenseMatrix(b) || (isDenseMatrix(y0) && y0.ncols !== (b as DenseMatrix).ncols)) {
      throw new RangeError(`${solver}.compute: options.y0 must have the shape of the solution`);
    }
  }
  let result: Result = Result.successful;
  let steps = 0;
  let residualNorm = 0;
  const value = mapColumns(b, n, (column, j) => {
    const guess = y0 === undefined ? undefined : isDenseMatrix(y0) ? y0.data.subarray(j * n, (j + 1) * n) : y0;
    const rhs = rhsSign === 1 ? column : column.map((v) => -v);
    const out = solveOne({ op, preconditioner, rhs, guess, settings, run });
    if (result === Result.successful) result = out.result;
    steps = Math.max(steps, out.steps);
    residualNorm = Math.max(residualNorm, out.residualNorm);
    return out.x;
  });
  const stats: Stats = { steps, residualNorm };
  return { value, result, stats };
}

interface OneSolve {
  op: LinearOperator;
  preconditioner?: LinearOperator;
  rhs: Float64Array;
  guess?: Float64Array;
  settings: IterativeSettings;
  run: InnerRun;
}

/**
 * Lineax's fixed-step mode: with rtol = atol = 0 there is no tolerance to meet, so the
 * solver runs its whole step budget and the result is `successful` (not maxStepsReached).
 */
export const isFixedStep = (settings: IterativeSettings): boolean => settings.rtol === 0 && (settings.atol ?? 0) === 0;

/**
 * In fixed-step mode a Krylov method whose residual is already at rounding level can meet
 * an exactly zero inner product (a "lucky" breakdown): the solution is exact, so it ends there.
 */
const LUCKY_BREAKDOWN = Math.sqrt(Number.EPSILON);

function solveOne({ op, preconditioner, rhs, guess, settings, run }: OneSolve) {
  const n = op.inSize;
  if (!allFinite(rhs) || (guess && !allFinite(guess))) {
    return { x: new Float64Array(n).fill(NaN), result: Result.nonfiniteInput, steps: 0, residualNorm: NaN };
  }
  if (isFixedStep(settings)) return fixedSteps({ op, preconditioner, rhs, guess, settings, run });
  const tolerance = (settings.atol ?? 0) + (settings.rtol ?? 1e-8) * norm(rhs);
  const maxSteps = settings.maxSteps ?? 10 * n;
  const x = guess ? guess.slice() : new Float64Array(n);
  let steps = 0;
  const residualOf = (): Float64Array => {
    const r = rhs.slice();
    if (guess || steps > 0) axpy(-1, op.mv(x), r);
    return r;
  };
  let residual = residualOf();
  let residualNorm = norm(residual);
  let previous = Infinity;
  let result: Result;
  for (;;) {
    if (!Number.isFinite(residualNorm)) result = Result.breakdown;
    else if (residualNorm <= tolerance) result = Result.successful;
    else if (steps >= maxSteps) result = Result.maxStepsReached;
    // The recurrence said "converged" last time but the true residual did not improve.
    else if (residualNorm >= previous) result = Result.stagnation;
    else {
      previous = residualNorm;
      const inner = run({ op, preconditioner, rhs: residual, target: tolerance, budget: maxSteps - steps });
      steps += inner.steps;
      axpy(1, inner.dx, x);
      residual = residualOf();
      residualNorm = norm(residual);
      if (inner.breakdown && !(residualNorm <= tolerance)) result = Result.breakdown;
      else continue;
    }
    return { x, result, steps, residualNorm };
  }
}

/** Fixed-step mode: spend exactly maxSteps steps (restarting as needed); success unless the numbers break. */
function fixedSteps({ op, preconditioner, rhs, guess, settings, run }: OneSolve) {
  const n = op.inSize;
  const maxSteps = settings.maxSteps ?? 10 * n;
  const x = guess ? guess.slice() : new Float64Array(n);
  let steps = 0;
  const residualOf = (): Float64Array => {
    const r = rhs.slice();
    if (guess || steps > 0) axpy(-1, op.mv(x), r);
    return r;
  };
  let residual = residualOf();
  let residualNorm = norm(residual);
  const lucky = LUCKY_BREAKDOWN * norm(rhs);
  while (steps < maxSteps && residualNorm > 0 && Number.isFinite(residualNorm)) {
    const inner = run({ op, preconditioner, rhs: residual, target: 0, budget: maxSteps - steps });
    axpy(1, inner.dx, x);
    steps += inner.steps;
    residual = residualOf();
    residualNorm = norm(residual);
    // A run that took no step cannot make progress: stop rather than spin.
    if (inner.breakdown || inner.steps === 0) {
      const exact = residualNorm <= lucky;
      return { x, result: exact ? Result.successful : Result.breakdown, steps, residualNorm };
    }
  }
  const result = Number.isFinite(residualNorm) ? Result.successful : Result.breakdown;
  return { x, result, steps, residualNorm };
}

/** z = M r, or r itself without a preconditioner (callers never write into z). */
export const precondition = (preconditioner: LinearOperator | undefined, r: Float64Array): Float64Array =>
  preconditioner ? preconditioner.mv(r) : r;
