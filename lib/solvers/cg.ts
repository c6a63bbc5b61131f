/**
 * Preconditioned conjugate gradients, for symmetric positive (or negative, by solving
 * with -A) semidefinite operators. The preconditioner must be symmetric positive definite.
 */
import { MissingTagError } from '../errors';
import { LinearOperator, isNegativeSemidefinite, isPositiveSemidefinite, neg, positiveSemidefinite } from '../operators';
import { checkSettings, initIterative, InnerOutcome, InnerProblem, IterativeSettings, IterativeSolver, IterativeState, precondition } from './iterative';
import { SolveOptions } from './solver';
import { axpy, dot, norm } from './vector';

/**
 * Preconditioned conjugate gradients for an operator tagged positiveSemidefinite (or
 * negativeSemidefinite: it then solves with -A). One matvec per step, O(n) memory;
 * matrix-free operators are fine. The preconditioner must be symmetric positive definite.
 * A `breakdown` result means A (or the preconditioner) was not positive definite.
 *
 * @example
 * ```ts
 * import { CG, SparseOperator, linearSolve, poisson2d } from 'spsolve';
 *
 * const op = new SparseOperator(poisson2d(30), ['positiveSemidefinite']);
 * const { value, stats } = linearSolve(op, new Float64Array(900).fill(1), new CG({ rtol: 1e-10 }));
 * console.log(value.length, stats.steps, stats.residualNorm < 1e-8); // → 900 62 true
 * ```
 */
export class CG extends IterativeSolver {
  readonly name = 'CG';

  /**
   * @param settings Tolerances, step budget and preconditioner (see {@link IterativeSettings}).
   * @throws RangeError for a negative or non-finite tolerance or a bad maxSteps.
   */
  constructor(settings: IterativeSettings = {}) {
    super(settings);
    checkSettings(this.name, settings);
  }

  /**
   * Checks the tags and keeps the operator (negated when negative semidefinite).
   * @throws {@link MissingTagError} unless the operator is tagged positiveSemidefinite or negativeSemidefinite.
   */
  override init(op: LinearOperator, _options?: SolveOptions): IterativeState {
    if (isPositiveSemidefinite(op)) return initIterative(this.name, op, this.settings);
    if (isNegativeSemidefinite(op)) return initIterative(this.name, neg(op), this.settings, -1);
    throw new MissingTagError(this.name, [positiveSemidefinite], "('negativeSemidefinite' works too); use MINRES for a symmetric indefinite operator");
  }

  /** @internal */
  protected run(problem: InnerProblem): InnerOutcome {
    return cgRun(problem);
  }
}

function cgRun({ op, preconditioner, rhs, target, budget }: InnerProblem): InnerOutcome {
  const dx = new Float64Array(rhs.length);
  const r = rhs.slice();
  let z: Float64Array = precondition(preconditioner, r).slice();
  const p = z.slice();
  let rz = dot(r, z);
  let steps = 0;
  while (steps < budget) {
    const q = op.mv(p);
    const curvature = dot(p, q);
    // pᵀAp ≤ 0: A is not positive definite on p (or a NaN crept in).
    if (!(curvature > 0) || !(rz > 0)) return { dx, steps, breakdown: true };
    const alpha = rz / curvature;
    axpy(alpha, p, dx);
    axpy(-alpha, q, r);
    steps++;
    if (norm(r) <= target) break;
    z = precondition(preconditioner, r);
    const rzNext = dot(r, z);
    const beta = rzNext / rz;
    rz = rzNext;
    for (let i = 0; i < p.length; i++) p[i] = z[i] + beta * p[i];
  }
  return { dx, steps, breakdown: false };
}
