/**
 * examples/newton-design.ts: Newton–CG on a PDE-constrained design problem with
 * Hessian-vector products through the solve. Checked here: the Hessian-vector products
 * against central differences of the gradient, the gradient against central differences of
 * J, quadratic convergence of the Newton steps, and stationarity of the result by finite
 * differences of J alone (independent of every derivative rule).
 */
import { liveHandles } from '../lib/handles';
import { DesignProblem, runNewton, type NewtonResult } from '../examples/newton-design';
import { heatPlate } from '../examples/fem-gradient';
import { randomVector, relErr, rng } from './helpers/dense';

const rand = rng(99);
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

afterAll(() => expect(liveHandles()).toBe(0));

describe('the derivatives of the design problem', () => {
  const plate = heatPlate(8, 4);
  const kappa = randomVector(rand, 32, 0.5, 2);

  test('∇J matches central differences of J; ∇²J v matches central differences of ∇J', () => {
    using problem = new DesignProblem(plate, 0.05);
    const v = randomVector(rand, 32);
    const h = 1e-5;
    const shifted = (s: number) => kappa.map((k, e) => k + s * v[e]);
    const d = problem.derivatives(kappa);
    const gradient = d.gradient.slice();
    const hv = d.hessianVector(v);
    d.dispose();
    const fdJ = (problem.objective(shifted(h)) - problem.objective(shifted(-h))) / (2 * h);
    expect(Math.abs(dot(gradient, v) - fdJ)).toBeLessThan(1e-8 * Math.abs(fdJ));
    const at = (s: number) => {
      const ds = problem.derivatives(shifted(s));
      const g = ds.gradient.slice();
      ds.dispose();
      return g;
    };
    const [plus, minus] = [at(h), at(-h)];
    expect(relErr(hv, plus.map((g, e) => (g - minus[e]) / (2 * h)))).toBeLessThan(1e-7);
  });
});

describe('Newton–CG (20 x 10 plate)', () => {
  let result: NewtonResult;
  beforeAll(() => {
    result = runNewton({ nelx: 20, nely: 10 });
  });

  test('converges quadratically: ‖∇J_{k+1}‖ ≤ C ‖∇J_k‖² once close, full steps at the end', () => {
    const g = [...result.steps.map((s) => s.gradientNorm), result.finalGradientNorm];
    expect(result.finalGradientNorm).toBeLessThan(1e-11 * g[0]);
    expect(result.steps.length).toBeLessThanOrEqual(8);
    for (let k = 0; k + 1 < g.length; k++) {
      if (g[k] < 1e-2 && g[k + 1] > 1e-13) expect(g[k + 1]).toBeLessThan(10 * g[k] ** 2);
    }
    expect(result.steps.at(-1)!.stepLength).toBe(1);
  });

  test('the result is stationary by finite differences of J alone, and not the starting point', () => {
    using problem = new DesignProblem(result.plate, 0.05);
    const h = 1e-4;
    for (const e of [0, 57, 105, 199]) {
      const at = (s: number) => problem.objective(result.kappa.map((k, i) => (i === e ? k + s : k)));
      expect(Math.abs((at(h) - at(-h)) / (2 * h))).toBeLessThan(1e-8);
    }
    expect(Math.max(...result.kappa)).toBeGreaterThan(1.2);
  });

  test('cost: two solves per Hessian-vector product, one numeric factorisation per evaluation of J', () => {
    const products = result.steps.reduce((s, step) => s + step.cgSteps, 0);
    // CG's step count is the matvecs of its Krylov iterations; its driver adds one matvec per run for the true residual.
    expect(result.hessianSolves).toBeGreaterThanOrEqual(2 * products);
    expect(result.hessianSolves).toBeLessThanOrEqual(2 * (products + 2 * result.steps.length));
    expect(result.factorizations).toBeGreaterThan(result.steps.length);
  });
});
