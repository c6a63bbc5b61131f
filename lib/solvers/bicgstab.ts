/** BiCGStab (van der Vorst) with right preconditioning, for general square operators. */
import { checkSettings, InnerOutcome, InnerProblem, IterativeSettings, IterativeSolver, precondition } from './iterative';
import { axpy, dot, norm } from './vector';

export class BiCGStab extends IterativeSolver {
  readonly name = 'BiCGStab';

  constructor(settings: IterativeSettings = {}) {
    super(settings);
    checkSettings(this.name, settings);
  }

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
