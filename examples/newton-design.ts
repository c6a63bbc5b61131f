/**
 * `npm run example:newton [-- nelx nely]`: a PDE-constrained design problem solved by Newton–CG
 * with exact second derivatives through the solve. On the heated plate of
 * examples/fem-gradient.ts (−∇·(κ∇T) = 1, T = 0 on the left edge, one conductivity κₑ per
 * element), choose the conductivities that minimise the thermal compliance (the load-weighted
 * temperature) plus a quadratic material cost:
 *
 *   J(κ) = loadᵀ T(κ) + (α/2) ‖κ − 1‖²,    K(κ) T = load.
 *
 * The compliance is convex in κ (K is affine in κ with positive semidefinite pieces), so the
 * reduced Hessian is positive definite and Newton from κ = 1 converges, quadratically at the end.
 * Each Newton step solves H p = −∇J with spsolve's CG on a matrix-free operator whose matvec is a
 * Hessian-vector product of linearSolveHessian: two solves with the step's one CHOLMOD factor per
 * CG step (K is refactorised once per evaluation, never re-analysed). K being affine in κ, those
 * products are the exact Hessian.
 */
import {
  CG,
  Cholesky,
  type CholmodState,
  type Factor,
  FunctionOperator,
  SparseOperator,
  cholesky,
  linearSolve,
  linearSolveHessian,
} from '../lib';
import { heatPlate, type HeatPlate } from './fem-gradient';

export interface NewtonOptions {
  nelx?: number;
  nely?: number;
  /** Weight α of the material cost (default 0.05). */
  alpha?: number;
  /** Newton steps at most (default 12). */
  maxSteps?: number;
  /** Stop when ‖∇J‖ falls below this times its first value (default 1e-11). */
  tolerance?: number;
  log?: (line: string) => void;
}

export interface NewtonStep {
  /** J at the start of the step. */
  objective: number;
  /** ‖∇J‖ at the start of the step. */
  gradientNorm: number;
  /** CG steps (Hessian-vector products) spent on the Newton system. */
  cgSteps: number;
  /** Step length taken by the backtracking line search (1: the full Newton step). */
  stepLength: number;
}

export interface NewtonResult {
  plate: HeatPlate;
  /** The optimal conductivities. */
  kappa: Float64Array;
  steps: NewtonStep[];
  /** ‖∇J‖ at the end. */
  finalGradientNorm: number;
  /** Numeric factorisations of K (one per evaluation of J; one symbolic analysis in all). */
  factorizations: number;
  /** Linear solves spent by the Hessian-vector products (two per product). */
  hessianSolves: number;
}

/** The problem on one CHOLMOD factor: J, ∇J, and Hessian-vector products at κ. */
export class DesignProblem implements Disposable {
  readonly plate: HeatPlate;
  readonly alpha: number;
  readonly #factor: Factor;
  readonly #values: Float64Array;
  hessianSolves = 0;

  constructor(plate: HeatPlate, alpha: number) {
    this.plate = plate;
    this.alpha = alpha;
    const nElements = plate.nelx * plate.nely;
    this.#values = plate.assembly.assembleScaled(plate.Ke, new Float64Array(nElements).fill(1));
    this.#factor = cholesky(plate.assembly.pattern.withValues(this.#values));
  }

  get factorizations(): number {
    return this.#factor.info.factorizations;
  }

  /** J(κ) (refactorises K for κ). */
  objective(kappa: Float64Array): number {
    return this.#cost(this.#solveAt(kappa), kappa);
  }

  /**
   * J, ∇J and v ↦ ∇²J v at κ, on one refactorisation: the solve's value, gradient and hvp map
   * back to elements with the assembly's transpose (gatherScaled); K's direction for v is the
   * assembly of v itself (K is linear in κ).
   */
  derivatives(kappa: Float64Array): { objective: number; gradient: Float64Array; hessianVector(v: Float64Array): Float64Array; dispose(): void } {
    const { assembly, Ke, load } = this.plate;
    const K = this.#operator(kappa);
    const state: CholmodState = { n: this.#factor.n, factor: this.#factor };
    // The compliance loadᵀT is linear in T: its gradient is the load, its Hessian in T zero.
    const hessian = linearSolveHessian(K, load, { gradient: () => load }, new Cholesky(), { state });
    const gatherValues = (cot: { kind: string; values?: Float64Array }) => {
      if (cot.kind !== 'sparse' || !cot.values) throw new Error('a SparseOperator has a cotangent on its stored values');
      return assembly.gatherScaled(cot.values, Ke);
    };
    const objective = this.#cost(hessian.value, kappa);
    const gradient = gatherValues(hessian.gradient.op).map((g, e) => g + this.alpha * (kappa[e] - 1));
    const hessianVector = (v: Float64Array) => {
      const dK = new SparseOperator(assembly.pattern.withValues(assembly.assembleScaled(Ke, v)));
      const before = hessian.solves;
      const product = gatherValues(hessian.hvp({ op: dK }).op);
      this.hessianSolves += hessian.solves - before;
      return product.map((h, e) => h + this.alpha * v[e]);
    };
    return { objective, gradient, hessianVector, dispose: () => hessian.dispose() };
  }

  #cost(T: Float64Array, kappa: Float64Array): number {
    const compliance = T.reduce((s, t, i) => s + t * this.plate.load[i], 0);
    return compliance + (this.alpha / 2) * kappa.reduce((s, k) => s + (k - 1) ** 2, 0);
  }

  [Symbol.dispose](): void {
    this.#factor.dispose();
  }

  #operator(kappa: Float64Array): SparseOperator {
    const { assembly, Ke } = this.plate;
    assembly.assembleScaled(Ke, kappa, this.#values);
    this.#factor.refactor(this.#values);
    return new SparseOperator(assembly.pattern.withValues(this.#values), ['positiveSemidefinite']);
  }

  #solveAt(kappa: Float64Array): Float64Array {
    const K = this.#operator(kappa);
    return linearSolve(K, this.plate.load, new Cholesky(), { state: { n: this.#factor.n, factor: this.#factor } }).value;
  }
}

const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** Newton–CG from κ = 1 with a backtracking (Armijo) line search that keeps κ > 0. */
export function runNewton(opts: NewtonOptions = {}): NewtonResult {
  const { nelx = 20, nely = 10, alpha = 0.05, maxSteps = 12, tolerance = 1e-11, log = () => {} } = opts;
  const plate = heatPlate(nelx, nely);
  const nElements = nelx * nely;
  let kappa = new Float64Array(nElements).fill(1);
  using inverse = new DesignProblem(plate, alpha);
  const steps: NewtonStep[] = [];
  let first = NaN;
  let finalGradientNorm = NaN;
  for (let k = 0; ; k++) {
    const d = inverse.derivatives(kappa);
    try {
      const gradientNorm = norm(d.gradient);
      first = Number.isNaN(first) ? gradientNorm : first;
      finalGradientNorm = gradientNorm;
      if (gradientNorm <= tolerance * first || k >= maxSteps) break;
      // The Newton system H p = −∇J, matrix-free: each CG step is one Hessian-vector product.
      const hessian = new FunctionOperator(d.hessianVector, nElements, { tags: ['positiveSemidefinite'] });
      // Inexact Newton (Eisenstat–Walker-like forcing): solve more accurately as ∇J falls.
      const rtol = Math.min(0.5, Math.sqrt(gradientNorm / first)) * 1e-2;
      const { value: p, stats } = linearSolve(hessian, d.gradient.map((g) => -g), new CG({ rtol, maxSteps: 4 * nElements }), { throw: false });
      const slope = p.reduce((s, v, e) => s + v * d.gradient[e], 0);
      let t = 1;
      let trial = kappa.map((v, e) => v + t * p[e]);
      while (trial.some((v) => !(v > 0)) || inverse.objective(trial) > d.objective + 1e-4 * t * slope) {
        t /= 2;
        trial = kappa.map((v, e) => v + t * p[e]);
        if (t < 1e-8) throw new Error('the line search failed');
      }
      steps.push({ objective: d.objective, gradientNorm, cgSteps: stats.steps ?? 0, stepLength: t });
      log(`step ${k}: J = ${d.objective.toExponential(6)}, |grad J| = ${gradientNorm.toExponential(3)}, CG steps ${stats.steps}, step length ${t}`);
      kappa = trial;
    } finally {
      d.dispose();
    }
  }
  return { plate, kappa, steps, finalGradientNorm, factorizations: inverse.factorizations, hessianSolves: inverse.hessianSolves };
}

function main(): void {
  const [nelx, nely] = [process.argv[2] ?? '20', process.argv[3] ?? '10'].map(Number);
  const started = performance.now();
  console.log(`Designing ${nelx * nely} element conductivities of the heated plate: min loadᵀT + (α/2)‖κ − 1‖² (Newton–CG)`);
  console.log('');
  console.log('| step | J | ‖∇J‖ | CG steps (Hessian-vector products) | step length |');
  console.log('| --- | --- | --- | --- | --- |');
  const result = runNewton({ nelx, nely });
  result.steps.forEach((s, k) =>
    console.log(`| ${k} | ${s.objective.toExponential(6)} | ${s.gradientNorm.toExponential(3)} | ${s.cgSteps} | ${s.stepLength} |`),
  );
  console.log('');
  console.log(`final ‖∇J‖                       ${result.finalGradientNorm.toExponential(3)}`);
  console.log(`κ range                          ${Math.min(...result.kappa).toFixed(4)} … ${Math.max(...result.kappa).toFixed(4)}`);
  console.log(`factorisations                   ${result.factorizations} numeric after one analysis`);
  console.log(`solves in Hessian-vector products ${result.hessianSolves} (two per product, on each step's factor)`);
  console.log(`total                            ${(performance.now() - started).toFixed(0)} ms`);
}

if (require.main === module) main();
