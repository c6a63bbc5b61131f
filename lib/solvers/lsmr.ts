/**
 * LSMR (Fong & Saunders, 2011): iterative least squares min ‖A x − b‖² + damp² ‖x‖² for
 * any operator with a transpose (square or not, singular or not), by Golub–Kahan
 * bidiagonalisation; MINRES applied to the normal equations without forming them.
 * The recurrences follow SciPy's `lsmr` (and Lineax's port of it); the stopping rules
 * are Lineax's, which are SciPy's with atol = btol = rtol plus an absolute tolerance.
 */
import { Result, Stats } from '../errors';
import type { LinearOperator } from '../operators';
import { DenseMatrix, isDenseMatrix } from '../sparse';
import { allFinite, checkInteger, checkNonNegative } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { checkVectorOrColumns } from '../sparse/vector-or-columns';
import { Computed, LinearSolver, Rhs, SolveOptions, mapColumns } from './solver';
import { axpy, norm } from './vector';

/**
 * Settings of {@link LSMR}.
 *
 * @example
 * ```ts
 * import { LSMR } from 'spsolve';
 *
 * console.log(new LSMR({ rtol: 1e-10, damp: 0.5 }).settings); // → { rtol: 1e-10, damp: 0.5 }
 * ```
 */
export interface LSMRSettings {
  /** Relative tolerance (default 1e-8); with atol 0, fixed-step mode (exactly maxSteps steps, success). */
  rtol?: number;
  /** Absolute tolerance (default 0). */
  atol?: number;
  /**
   * Steps (one A and one Aᵀ matvec each) per right-hand side before giving up: result
   * `maxStepsReached`. Default 10 min(m, n), and running out of that default is reported as
   * `singular`, as Lineax does.
   */
  maxSteps?: number;
  /** Stop with result `conlim` when the estimate of cond(A) exceeds this (default 1e8; Infinity: never). */
  conlim?: number;
  /** Tikhonov damping d ≥ 0: minimises ‖A x − b‖² + d² ‖x‖² (default 0). */
  damp?: number;
}

/**
 * The state of {@link LSMR}: the operator (transposed by `transpose`). Nothing to dispose.
 *
 * @example
 * ```ts
 * import { LSMR, MatrixOperator, denseMatrix } from 'spsolve';
 *
 * const state = new LSMR().init(new MatrixOperator(denseMatrix(3, 2)), {});
 * console.log(state.op.outSize, state.op.inSize); // → 3 2
 * ```
 */
export interface LSMRState {
  /** The operator A (only `mv` and `transpose().mv` are used). */
  readonly op: LinearOperator;
  /** Aᵀ, kept so each step does not rebuild it. */
  readonly opT: LinearOperator;
}

/**
 * LSMR: iterative least squares for any operator with a transpose (Lineax's LSMR, SciPy's
 * `lsmr`), with optional Tikhonov damping. Without damping it converges to the
 * minimum-norm least-squares solution A⁺ b from a zero initial guess; with damping d to
 * (AᵀA + d² I)⁻¹ Aᵀ b. Each step costs one matvec with A and one with Aᵀ; O(m + n) memory.
 *
 * Stops with `successful` when ‖r‖ < atol + rtol (‖A‖ ‖x‖ + ‖b‖) (a compatible system) or
 * ‖Aᵀ r‖ < atol + rtol ‖A‖ ‖r‖ (a least-squares solution), with `conlim` when the estimate of
 * cond(A) exceeds `conlim`, with `maxStepsReached` after maxSteps steps (`singular` after the
 * default 10 min(m, n), as Lineax); rtol = atol = 0 is fixed-step mode. `stats`: steps, residualNorm (‖r‖), normAr (‖Aᵀ r‖), normA, condA, normX,
 * istop (SciPy's code: 1 compatible, 2 least squares, 3 conlim, 4 maxSteps).
 * Options: `y0`, an initial guess. `assumeFullRank()` is false (the solution is a
 * pseudo-inverse one), so derivatives include the pseudo-inverse terms; with damping > 0 the
 * solution is (AᵀA + d² I)⁻¹ Aᵀ b, not A⁺ b, and derivatives use that formula instead.
 *
 * @example
 * ```ts
 * import { LSMR, MatrixOperator, denseMatrix, linearSolve } from 'spsolve';
 *
 * // Fit y = c0 + c1 t to three points (t = 0, 1, 2; y = 1, 2, 4).
 * const A = new MatrixOperator(denseMatrix(3, 2, [1, 1, 1, 0, 1, 2]));
 * const { value: c } = linearSolve(A, new Float64Array([1, 2, 4]), new LSMR({ rtol: 1e-12 }));
 * console.log(c.map((v) => +v.toFixed(6))); // → Float64Array(2) [ 0.833333, 1.5 ]
 * ```
 */
export class LSMR implements LinearSolver<LSMRState> {
  readonly name = 'LSMR';
  /** The damping d (0 unless set). */
  readonly damp: number;

  /** @throws TypeError / RangeError for an unknown setting, a negative tolerance, conlim or damp, or a bad maxSteps. */
  constructor(
    /** The settings given to the constructor. */
    readonly settings: LSMRSettings = {},
  ) {
    const checked = checkOptions(settings, ['rtol', 'atol', 'maxSteps', 'conlim', 'damp'], 'LSMR: settings');
    for (const key of ['rtol', 'atol', 'damp'] as const) if (checked[key] !== undefined) checkNonNegative(checked[key], `LSMR: settings.${key}`);
    if (checked.conlim !== undefined && !(typeof checked.conlim === 'number' && checked.conlim >= 0)) {
      throw new RangeError(`LSMR: settings.conlim must be a non-negative number (Infinity allowed), got ${String(checked.conlim)}`);
    }
    if (checked.maxSteps !== undefined) checkInteger(checked.maxSteps, 0, Infinity, 'LSMR: settings.maxSteps');
    this.damp = settings.damp ?? 0;
  }

  /** Keeps the operator and its transpose; any shape. */
  init(op: LinearOperator, _options?: SolveOptions): LSMRState {
    return { op, opT: op.transpose() };
  }

  /**
   * Iterates on each column of b. `stats.steps` is the largest over the columns, the other
   * statistics are the last column's; `result` is the first failure.
   * @throws RangeError when b or `options.y0` has the wrong shape.
   */
  compute<V extends Rhs>(state: LSMRState, b: V, options: SolveOptions = {}): Computed<V> {
    const { op } = state;
    checkVectorOrColumns(b, op.outSize, `${this.name}.compute: b`);
    const y0 = options.y0;
    if (y0 !== undefined) {
      checkVectorOrColumns(y0, op.inSize, `${this.name}.compute: options.y0`);
      if (isDenseMatrix(y0) !== isDenseMatrix(b) || (isDenseMatrix(y0) && y0.ncols !== (b as DenseMatrix).ncols)) {
        throw new RangeError(`${this.name}.compute: options.y0 must have the shape of the solution`);
      }
    }
    let result: Result = Result.successful;
    let stats: Stats = {};
    let steps = 0;
    const value = mapColumns(b, op.inSize, (column, j) => {
      const guess = y0 === undefined ? undefined : isDenseMatrix(y0) ? y0.data.subarray(j * op.inSize, (j + 1) * op.inSize) : y0;
      if (!allFinite(column) || (guess && !allFinite(guess))) {
        if (result === Result.successful) result = Result.nonfiniteInput;
        return new Float64Array(op.inSize).fill(NaN);
      }
      const out = lsmr(state, column, guess, this.settings, this.damp);
      if (result === Result.successful) result = out.result;
      steps = Math.max(steps, out.stats.steps);
      stats = out.stats;
      return out.x;
    });
    return { value: value as V, result, stats: { ...stats, steps } };
  }

  /** The state for Aᵀ (the initial guess `y0` does not carry over). */
  transpose(state: LSMRState, options: SolveOptions): [LSMRState, SolveOptions] {
    const transposed = { ...options };
    delete transposed.y0;
    return [{ op: state.opT, opT: state.op }, transposed];
  }

  /** The state itself (everything is real). */
  conj(state: LSMRState, options: SolveOptions): [LSMRState, SolveOptions] {
    return [state, options];
  }

  /** False: LSMR returns the pseudo-inverse solution of a rank-deficient operator. */
  assumeFullRank(): boolean {
    return false;
  }
}

/** Choi's stable Givens rotation (SciPy's _sym_ortho): c, s, r with c a + s b = r, −s a + c b = 0, r = hypot(a, b) ≥ 0. */
function givens(a: number, b: number): [number, number, number] {
  if (b === 0) return [Math.sign(a), 0, Math.abs(a)];
  if (a === 0) return [0, Math.sign(b), Math.abs(b)];
  if (Math.abs(b) > Math.abs(a)) {
    const tau = a / b;
    const s = Math.sign(b) / Math.sqrt(1 + tau * tau);
    return [s * tau, s, b / s];
  }
  const tau = b / a;
  const c = Math.sign(a) / Math.sqrt(1 + tau * tau);
  return [c, c * tau, a / c];
}

function scaleInPlace(x: Float64Array, c: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= c;
}

function lsmr({ op, opT }: LSMRState, b: Float64Array, guess: Float64Array | undefined, settings: LSMRSettings, damp: number) {
  const [m, n] = [op.outSize, op.inSize];
  const rtol = settings.rtol ?? 1e-8;
  const atol = settings.atol ?? 0;
  const fixedStep = rtol === 0 && atol === 0;
  const conlim = settings.conlim ?? 1e8;
  const maxSteps = settings.maxSteps ?? 10 * Math.min(m, n);
  const x = guess ? guess.slice() : new Float64Array(n);
  const u = b.slice();
  if (guess) axpy(-1, op.mv(x), u);
  const normb = norm(b);
  let beta = norm(u);
  let v: Float64Array = new Float64Array(n);
  let alpha = 0;
  if (beta > 0) {
    scaleInPlace(u, 1 / beta);
    v = opT.mv(u);
    alpha = norm(v);
  }
  if (alpha > 0) scaleInPlace(v, 1 / alpha);

  let zetabar = alpha * beta;
  let alphabar = alpha;
  let rho = 1;
  let rhobar = 1;
  let cbar = 1;
  let sbar = 0;
  const h = v.slice();
  const hbar = new Float64Array(n);
  let betadd = beta;
  let betad = 0;
  let rhodold = 1;
  let tautildeold = 0;
  let thetatilde = 0;
  let zeta = 0;
  let delta = 0;
  let normA2 = alpha * alpha;
  let maxrbar = 0;
  let minrbar = Number.MAX_VALUE;
  let condA = 1;
  let normr = beta;
  let normAr = alpha * beta;
  let normA = Math.sqrt(normA2);
  // SciPy's istop: 0 running, 1 compatible, 2 least squares, 3 conlim, 4 maxSteps.
  let istop = beta === 0 ? 1 : alpha === 0 ? 2 : 0;
  let itn = 0;
  if (istop === 0 && maxSteps === 0) istop = 4;
  while (istop === 0) {
    itn++;
    // Next step of the bidiagonalisation: β u = A v − α u, α v = Aᵀ u − β v.
    const av = op.mv(v);
    for (let i = 0; i < m; i++) u[i] = av[i] - alpha * u[i];
    beta = norm(u);
    if (beta > 0) {
      scaleInPlace(u, 1 / beta);
      const atu = opT.mv(u);
      for (let i = 0; i < n; i++) v[i] = atu[i] - beta * v[i];
      alpha = norm(v);
      if (alpha > 0) scaleInPlace(v, 1 / alpha);
    }
    // Rotations: the damping into the bidiagonal, then the QR of the bidiagonal, then of R̄ᵀ.
    const [chat, shat, alphahat] = givens(alphabar, damp);
    const rhoold = rho;
    let c: number;
    let s: number;
    [c, s, rho] = givens(alphahat, beta);
    const thetanew = s * alpha;
    alphabar = c * alpha;
    const rhobarold = rhobar;
    const zetaold = zeta;
    const thetabar = sbar * rho;
    const rhotemp = cbar * rho;
    [cbar, sbar, rhobar] = givens(cbar * rho, thetanew);
    zeta = cbar * zetabar;
    zetabar = -sbar * zetabar;
    // rho or rhobar zero: the bidiagonalisation ended on an exact solution; x is final.
    if (rho === 0 || rhobar === 0) {
      istop = normr === 0 || beta === 0 ? 1 : 2;
      break;
    }
    // Update h̄, x, h.
    const hbarScale = (thetabar * rho) / (rhoold * rhobarold);
    for (let i = 0; i < n; i++) hbar[i] = h[i] - hbarScale * hbar[i];
    axpy(zeta / (rho * rhobar), hbar, x);
    const hScale = thetanew / rho;
    for (let i = 0; i < n; i++) h[i] = v[i] - hScale * h[i];
    // Estimate ‖r‖.
    const betaacute = chat * betadd;
    const betacheck = -shat * betadd;
    const betahat = c * betaacute;
    betadd = -s * betaacute;
    const thetatildeold = thetatilde;
    const [ctildeold, stildeold, rhotildeold] = givens(rhodold, thetabar);
    thetatilde = stildeold * rhobar;
    rhodold = ctildeold * rhobar;
    betad = -stildeold * betad + ctildeold * betahat;
    tautildeold = (zetaold - thetatildeold * tautildeold) / rhotildeold;
    const taud = (zeta - thetatilde * tautildeold) / rhodold;
    delta += betacheck * betacheck;
    normr = Math.sqrt(delta + (betad - taud) ** 2 + betadd * betadd);
    // Estimate ‖A‖ and cond(A).
    normA2 += beta * beta;
    normA = Math.sqrt(normA2);
    normA2 += alpha * alpha;
    maxrbar = Math.max(maxrbar, rhobarold);
    if (itn > 1) minrbar = Math.min(minrbar, rhobarold);
    condA = Math.max(maxrbar, rhotemp) / Math.min(minrbar, rhotemp);
    normAr = Math.abs(zetabar);
    const normx = norm(x);
    if (!Number.isFinite(normr) || !Number.isFinite(normAr)) {
      return { x, result: Result.breakdown, stats: { steps: itn, residualNorm: normr, normAr, normA, condA, normX: normx, istop: 0 } };
    }
    if (itn >= maxSteps) istop = 4;
    if (condA > conlim) istop = 3;
    if (normAr < atol + rtol * normA * normr) istop = 2;
    if (normr < atol + rtol * (normA * normx + normb)) istop = 1;
    if (normAr === 0) istop = 2;
    if (normr === 0) istop = 1;
  }
  // Lineax: running out of the default budget (10 min(m, n)) means the problem is too ill-posed for it: singular.
  const outOfSteps = fixedStep ? Result.successful : settings.maxSteps === undefined ? Result.singular : Result.maxStepsReached;
  const result = istop <= 2 ? Result.successful : istop === 3 ? Result.conlim : outOfSteps;
  return { x, result, stats: { steps: itn, residualNorm: normr, normAr, normA, condA, normX: norm(x), istop } };
}
