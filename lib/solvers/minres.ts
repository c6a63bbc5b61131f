/**
 * MINRES (Paige & Saunders) for symmetric, possibly indefinite operators; the optional
 * preconditioner must be symmetric positive definite. Short recurrences like CG, but
 * it minimises the residual, so indefinite A is fine.
 */
import { LinearOperator, symmetric } from '../operators';
import { checkSettings, InnerOutcome, InnerProblem, IterativeSettings, IterativeSolver, IterativeState, precondition } from './iterative';
import { requireTags, SolveOptions } from './solver';
import { axpy, dot, norm } from './vector';

/**
 * MINRES (Paige & Saunders) for an operator tagged symmetric, possibly indefinite
 * (saddle-point systems, shifted operators). Short recurrences: one matvec per step,
 * O(n) memory. The optional preconditioner must be symmetric positive definite.
 *
 * @example
 * ```ts
 * import { IdentityOperator, MINRES, SparseOperator, add, linearSolve, poisson2d, scale } from 'spsolve';
 *
 * // A - 3 I is symmetric but indefinite: CG would fail, MINRES does not.
 * const op = add(new SparseOperator(poisson2d(10)), scale(new IdentityOperator(100), -3));
 * const { result } = linearSolve(op, new Float64Array(100).fill(1), new MINRES({ rtol: 1e-10 }));
 * console.log(result); // → successful
 * ```
 */
export class MINRES extends IterativeSolver {
  readonly name = 'MINRES';

  /**
   * @param settings Tolerances, step budget and preconditioner (see {@link IterativeSettings}).
   * @throws RangeError for a negative or non-finite tolerance or a bad maxSteps.
   */
  constructor(settings: IterativeSettings = {}) {
    super(settings);
    checkSettings(this.name, settings);
  }

  /**
   * Checks the tags and keeps the operator.
   * @throws {@link MissingTagError} unless the operator is tagged symmetric.
   */
  override init(op: LinearOperator, _options?: SolveOptions): IterativeState {
    requireTags(op, this.name, [symmetric], 'use GMRES or BiCGStab for an unsymmetric operator');
    return super.init(op);
  }

  /** @internal */
  protected run(problem: InnerProblem): InnerOutcome {
    return minresRun(problem);
  }
}

function minresRun({ op, preconditioner, rhs, target, budget }: InnerProblem): InnerOutcome {
  const n = rhs.length;
  const dx = new Float64Array(n);
  let r1: Float64Array = rhs.slice();
  let r2: Float64Array = rhs.slice();
  let y: Float64Array = precondition(preconditioner, r1).slice();
  const beta1Squared = dot(r1, y);
  if (!(beta1Squared > 0)) return { dx, steps: 0, breakdown: true };
  const beta1 = Math.sqrt(beta1Squared);
  // phibar estimates the residual in the preconditioner's norm: compare it relatively.
  const estimateTarget = (target / norm(rhs)) * beta1;
  let beta = beta1;
  let oldBeta = 0;
  let phibar = beta1;
  let dbar = 0;
  let epsilon = 0;
  let cs = -1;
  let sn = 0;
  let w = new Float64Array(n);
  let w2 = new Float64Array(n);
  let steps = 0;
  while (steps < budget) {
    // Lanczos step: v = y / beta, then the next r2, y = M r2 and beta.
    const v = y.map((yi) => yi / beta);
    y = op.mv(v);
    if (steps > 0) axpy(-beta / oldBeta, r1, y);
    const alpha = dot(v, y);
    axpy(-alpha / beta, r2, y);
    r1 = r2;
    r2 = y;
    y = precondition(preconditioner, r2).slice();
    oldBeta = beta;
    const betaSquared = dot(r2, y);
    if (!(betaSquared >= 0)) return { dx, steps, breakdown: true };
    beta = Math.sqrt(betaSquared);
    // Apply the previous rotation, then make the one that zeroes beta.
    const oldEpsilon = epsilon;
    const delta = cs * dbar + sn * alpha;
    const gbar = sn * dbar - cs * alpha;
    epsilon = sn * beta;
    dbar = -cs * beta;
    const gamma = Math.hypot(gbar, beta);
    if (!(gamma > 0)) return { dx, steps, breakdown: true };
    cs = gbar / gamma;
    sn = beta / gamma;
    const phi = cs * phibar;
    phibar *= sn;
    const w1 = w2;
    w2 = w;
    w = v.map((vi, i) => (vi - oldEpsilon * w1[i] - delta * w2[i]) / gamma);
    axpy(phi, w, dx);
    steps++;
    // beta = 0: the Krylov space is invariant, the solution in it is exact.
    if (Math.abs(phibar) <= estimateTarget || beta === 0) break;
  }
  return { dx, steps, breakdown: false };
}
