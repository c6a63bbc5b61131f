/** BiCGStab (van der Vorst) with right preconditioning, for general square operators. */
import { checkSettings, InnerOutcome, InnerProblem, IterativeSettings, IterativeSolver, precondition } from './iterative';
import { axpy, dot, norm } from './vector';

/**
 * BiCGStab (van der Vorst) with right preconditioning, for any square operator
 * (no tags needed). Two matvecs per step, O(n) memory; convergence is irregular and it
 * can break down (result `breakdown`), where {@link GMRES} would not.
 *
 * @example
 * ```ts
 * import { BiCGStab, CscMatrix, SparseOperator, linearSolve } from 'spsolve';
 *
 * // An unsymmetric tridiagonal matrix (convection-diffusion), stored sparse.
 * const n = 50;
 * const rows: number[] = [], cols: number[] = [], vals: number[] = [];
 * for (let i = 0; i < n; i++) {
 *   rows.push(i); cols.push(i); vals.push(3);
 *   if (i > 0) { rows.push(i); cols.push(i - 1); vals.push(-1.5); }
 *   if (i < n - 1) { rows.push(i); cols.push(i + 1); vals.push(-0.5); }
 * }
 * const op = new SparseOperator(CscMatrix.fromTriplets(n, n, rows, cols, vals));
 * console.log(linearSolve(op, new Float64Array(n).fill(1), new BiCGStab()).result); // → successful
 * ```
 */
export class BiCGStab extends IterativeSolver {
  readonly name = 'BiCGStab';

  /**
   * @param settings Tolerances, step budget and preconditioner (see {@link IterativeSettings}).
   * @throws RangeError for a negative or non-finite tolerance or a bad maxSteps.
   */
  constructor(settings: IterativeSettings = {}) {
    super(settings);
    checkSettings(this.name, settings);
  }

  /** @internal */
  protected run(problem: InnerProblem): InnerOutcome {
    return bicgstabRun(problem);
  }
}

/** Each step costs two matvecs; a zero (or non-finite) rho, rhat·v or tᵀt is a breakdown. */
function bicgstabRun({ op, preconditioner, rhs, target, budget }: InnerProblem): InnerOutcome {
  const n = rhs.length;
  const dx = new Float64Array(n);
  let r: Float64Array = rhs.slice();
  const shadow = rhs.slice();
  let p: Float64Array = new Float64Array(n);
  let v: Float64Array = new Float64Array(n);
  let rho = 1;
  let alpha = 1;
  let omega = 1;
  let steps = 0;
  const broken = (x: number) => x === 0 || !Number.isFinite(x);
  while (steps < budget) {
    const rhoNext = dot(shadow, r);
    if (broken(rhoNext)) return { dx, steps, breakdown: true };
    const beta = (rhoNext / rho) * (alpha / omega);
    rho = rhoNext;
    p = r.map((ri, i) => ri + beta * (p[i] - omega * v[i]));
    const pHat = precondition(preconditioner, p);
    v = op.mv(pHat);
    const shadowV = dot(shadow, v);
    if (broken(shadowV)) return { dx, steps, breakdown: true };
    alpha = rho / shadowV;
    const s = r.map((ri, i) => ri - alpha * v[i]);
    steps++;
    axpy(alpha, pHat, dx);
    if (norm(s) <= target) break;
    const sHat = precondition(preconditioner, s);
    const t = op.mv(sHat);
    const tt = dot(t, t);
    if (broken(tt)) return { dx, steps, breakdown: true };
    omega = dot(t, s) / tt;
    axpy(omega, sHat, dx);
    r = s.map((si, i) => si - omega * t[i]);
    if (norm(r) <= target) break;
    if (broken(omega)) return { dx, steps, breakdown: true };
  }
  return { dx, steps, breakdown: false };
}
