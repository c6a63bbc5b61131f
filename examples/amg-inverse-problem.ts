/**
 * The seed's case made real: recover a diffusion coefficient field on a 3-D grid from
 * observations of the solution, with an algebraic multigrid hierarchy (HYPRE BoomerAMG) built
 * once and kept as opaque state behind an integer key.
 *
 *   −∇·(k ∇u) = 1 on the unit cube, u = 0 on its boundary; k = exp(θ) per cell.
 *   Find θ minimising J(θ) = ½ ‖u(θ) − u_obs‖² / ‖u_obs‖² + ½ α Σ_faces (θ_a − θ_b)².
 *
 * Each gradient step does a forward solve A(θ) u = f and an adjoint solve Aᵀ λ = ∂J/∂u through
 * the same AMG state (A is symmetric, so the transposed state is the state itself); when θ
 * changes, the values of A are refreshed on the same pattern. It prints the iterations per
 * solve, the objective, and a central finite-difference check of one gradient component, and
 * writes the recovered field's middle slice (z = ½) next to the true one as a PNG.
 *
 *   node dist/examples/amg-inverse-problem.js [--m 64] [--steps 8] [out/amg-inverse-problem.png]
 *
 * m = 64 gives n = 262,144 unknowns (and as many coefficients).
 */
import { writeFileSync } from 'node:fs';

import { AMG, CscMatrix, SparseOperator, type AmgState } from '../lib';
import { encodePng } from '../lib/plot/png';
import { outputPath } from './output';

/** The 7-point finite-volume matrix on an m³ grid: pattern once, values for any k. */
export class DiffusionGrid {
  readonly m: number;
  readonly n: number;
  readonly colPtr: Int32Array;
  readonly rowIdx: Int32Array;

  constructor(m: number) {
    this.m = m;
    this.n = m * m * m;
    // Lower triangle: column j holds (j, j), then its +x, +y, +z neighbours (rows increasing).
    const colPtr = new Int32Array(this.n + 1);
    const rows: number[] = [];
    for (let j = 0; j < this.n; j++) {
      rows.push(j);
      for (const [d, stride] of this.#axes()) if (this.#coord(j, d) + 1 < m) rows.push(j + stride);
      colPtr[j + 1] = rows.length;
    }
    this.colPtr = colPtr;
    this.rowIdx = Int32Array.from(rows);
  }

  /** A(k): face transmissibility (k_a + k_b)/2 between neighbours, 2 k_c towards a boundary face. */
  matrix(k: Float64Array): CscMatrix {
    const values = new Float64Array(this.rowIdx.length);
    const diag = new Float64Array(this.n);
    for (let c = 0; c < this.n; c++) {
      for (const [d, stride] of this.#axes()) {
        const x = this.#coord(c, d);
        if (x === 0) diag[c] += 2 * k[c];
        if (x + 1 === this.m) diag[c] += 2 * k[c];
        else {
          const t = (k[c] + k[c + stride]) / 2;
          diag[c] += t;
          diag[c + stride] += t;
        }
      }
    }
    for (let j = 0; j < this.n; j++) {
      let p = this.colPtr[j];
      values[p++] = diag[j];
      for (const [d, stride] of this.#axes()) if (this.#coord(j, d) + 1 < this.m) values[p++] = -(k[j] + k[j + stride]) / 2;
    }
    return new CscMatrix(this.n, this.n, this.colPtr, this.rowIdx, values, { symmetry: 'lower' });
  }

  /**
   * ∂/∂θ_c of λᵀ A(exp θ) u for every cell c: −(dJ/dθ) once λ solves the adjoint system.
   * A = Σ_faces T_f (e_a − e_b)(e_a − e_b)ᵀ + Σ_boundary 2 k_c e_c e_cᵀ, ∂T_f/∂k_a = ½, ∂k/∂θ = k.
   */
  sensitivity(k: Float64Array, u: Float64Array, lambda: Float64Array): Float64Array {
    const out = new Float64Array(this.n);
    for (let c = 0; c < this.n; c++) {
      for (const [d, stride] of this.#axes()) {
        const x = this.#coord(c, d);
        if (x === 0) out[c] += 2 * lambda[c] * u[c];
        if (x + 1 === this.m) out[c] += 2 * lambda[c] * u[c];
        else {
          const w = 0.5 * (lambda[c] - lambda[c + stride]) * (u[c] - u[c + stride]);
          out[c] += w;
          out[c + stride] += w;
        }
      }
    }
    for (let c = 0; c < this.n; c++) out[c] *= k[c];
    return out;
  }

  /** ½ Σ_faces (θ_a − θ_b)² and its gradient (added into `grad`, scaled by α). */
  smoothness(theta: Float64Array, alpha: number, grad?: Float64Array): number {
    let sum = 0;
    for (let c = 0; c < this.n; c++) {
      for (const [d, stride] of this.#axes()) {
        if (this.#coord(c, d) + 1 === this.m) continue;
        const diff = theta[c] - theta[c + stride];
        sum += diff * diff;
        if (grad) {
          grad[c] += alpha * diff;
          grad[c + stride] -= alpha * diff;
        }
      }
    }
    return 0.5 * alpha * sum;
  }

  centre(c: number): [number, number, number] {
    return [0, 1, 2].map((d) => (this.#coord(c, d) + 0.5) / this.m) as [number, number, number];
  }

  #coord(c: number, d: number): number {
    return Math.floor(c / this.m ** d) % this.m;
  }

  #axes(): [number, number][] {
    return [[0, 1], [1, this.m], [2, this.m * this.m]];
  }
}

/** The true log-coefficient: a conductive ball (k = 10) and a resistive one (k = 0.2) in the middle plane. */
export function trueTheta(grid: DiffusionGrid): Float64Array {
  const theta = new Float64Array(grid.n);
  for (let c = 0; c < grid.n; c++) {
    const [x, y, z] = grid.centre(c);
    if ((x - 0.33) ** 2 + (y - 0.5) ** 2 + (z - 0.5) ** 2 < 0.16 ** 2) theta[c] = Math.log(10);
    if ((x - 0.7) ** 2 + (y - 0.45) ** 2 + (z - 0.5) ** 2 < 0.13 ** 2) theta[c] = Math.log(0.2);
  }
  return theta;
}

export interface InverseOptions {
  m?: number;
  steps?: number;
  alpha?: number;
  rtol?: number;
  log?: (line: string) => void;
}

export interface InverseResult {
  grid: DiffusionGrid;
  theta: Float64Array;
  truth: Float64Array;
  objectives: number[];
  /** Krylov (PCG) iterations of each forward and adjoint solve. */
  iterations: { forward: number; adjoint: number }[];
  /** Hierarchies built (1: the one from the start, refreshed since) and refreshes made. */
  setups: number;
  refreshes: number;
  fdCheck: { cell: number; adjoint: number; finiteDifference: number; relativeDifference: number };
}

/** The solves of one objective evaluation, all through one AMG state. */
class Model {
  readonly solver: AMG;
  readonly state: AmgState;
  readonly f: Float64Array;
  refreshes = 0;
  constructor(readonly grid: DiffusionGrid, readonly uObs: Float64Array | undefined, readonly alpha: number, rtol: number, theta: Float64Array) {
    this.solver = new AMG({ rtol, krylov: 'cg', amg: { dimension: 3 } });
    this.state = this.solver.init(new SparseOperator(grid.matrix(theta.map(Math.exp)), ['positiveSemidefinite']), {});
    this.f = new Float64Array(grid.n).fill(1 / grid.m ** 2); // h² · 1
  }

  setTheta(theta: Float64Array): Float64Array {
    const k = theta.map(Math.exp);
    this.solver.refresh(this.state, this.grid.matrix(k));
    this.refreshes++;
    return k;
  }

  forward(): { u: Float64Array; iterations: number } {
    const out = this.solver.compute(this.state, this.f, {});
    if (out.result !== 'successful') throw new Error(`forward solve: ${out.result}`);
    return { u: out.value, iterations: out.stats.steps };
  }

  objective(theta: Float64Array, u: Float64Array): { J: number; residual: Float64Array } {
    const uObs = this.uObs!;
    const scale = uObs.reduce((s, v) => s + v * v, 0);
    const residual = new Float64Array(u.length);
    let misfit = 0;
    for (let i = 0; i < u.length; i++) {
      residual[i] = (u[i] - uObs[i]) / scale;
      misfit += (u[i] - uObs[i]) ** 2;
    }
    return { J: (0.5 * misfit) / scale + this.grid.smoothness(theta, this.alpha), residual };
  }

  /** J and dJ/dθ: one forward and one adjoint solve (the transposed state: the same hierarchy). */
  gradient(theta: Float64Array, k: Float64Array): { J: number; grad: Float64Array; forward: number; adjoint: number } {
    const { u, iterations: forward } = this.forward();
    const { J, residual } = this.objective(theta, u);
    const [adjointState] = this.solver.transpose(this.state, {});
    const adj = this.solver.compute(adjointState, residual, {});
    if (adj.result !== 'successful') throw new Error(`adjoint solve: ${adj.result}`);
    const grad = this.grid.sensitivity(k, u, adj.value).map((v) => -v);
    this.grid.smoothness(theta, this.alpha, grad);
    return { J, grad, forward, adjoint: adj.stats.steps };
  }

  dispose(): void {
    this.solver.dispose(this.state);
  }
}

/** Gradient descent with Barzilai–Borwein steps (safeguarded by halving until J decreases). */
export function recoverCoefficient(opts: InverseOptions = {}): InverseResult {
  const m = opts.m ?? 64;
  const steps = opts.steps ?? 8;
  const alpha = opts.alpha ?? 1e-6;
  const log = opts.log ?? (() => {});
  const grid = new DiffusionGrid(m);
  const truth = trueTheta(grid);

  // The observations: the solution for the true field, from its own hierarchy.
  const observer = new Model(grid, undefined, alpha, 1e-12, truth);
  const uObs = observer.forward().u;
  observer.dispose();

  let theta: Float64Array = new Float64Array(grid.n);
  const model = new Model(grid, uObs, alpha, opts.rtol ?? 1e-10, theta);
  try {
    let k: Float64Array = theta.map(Math.exp);
    let current = model.gradient(theta, k);
    const objectives = [current.J];
    const iterations = [{ forward: current.forward, adjoint: current.adjoint }];
    log(`step 0: J = ${current.J.toExponential(4)}  (PCG iterations: forward ${current.forward}, adjoint ${current.adjoint})`);
    let step = 1 / current.grad.reduce((mx, g) => Math.max(mx, Math.abs(g)), 0); // first step: θ moves by at most 1
    let previous: { theta: Float64Array; grad: Float64Array } | undefined;
    for (let s = 1; s <= steps; s++) {
      if (previous) {
        // Barzilai–Borwein: Δθᵀ Δθ / Δθᵀ Δg.
        let ss = 0, sy = 0;
        for (let c = 0; c < grid.n; c++) {
          const ds = theta[c] - previous.theta[c];
          ss += ds * ds;
          sy += ds * (current.grad[c] - previous.grad[c]);
        }
        if (sy > 0) step = ss / sy;
      }
      let trial: ReturnType<Model['gradient']> | undefined;
      let candidate: Float64Array = theta;
      for (let halvings = 0; halvings < 20; halvings++) {
        candidate = theta.map((t, c) => t - step * current.grad[c]);
        k = model.setTheta(candidate);
        trial = model.gradient(candidate, k);
        if (trial.J < current.J) break;
        step /= 2;
      }
      previous = { theta, grad: current.grad };
      theta = candidate;
      current = trial!;
      objectives.push(current.J);
      iterations.push({ forward: current.forward, adjoint: current.adjoint });
      log(`step ${s}: J = ${current.J.toExponential(4)}  (PCG iterations: forward ${current.forward}, adjoint ${current.adjoint})`);
    }

    // A central finite difference of one gradient component: a cell inside the conductive ball.
    const cell = Array.from({ length: grid.n }, (_, c) => c).reduce((best, c) => {
      const [x, y, z] = grid.centre(c);
      const [bx, by, bz] = grid.centre(best);
      const d = (x - 0.33) ** 2 + (y - 0.5) ** 2 + (z - 0.5) ** 2;
      return d < (bx - 0.33) ** 2 + (by - 0.5) ** 2 + (bz - 0.5) ** 2 ? c : best;
    }, 0);
    const epsilon = 1e-3;
    const J = (t: Float64Array) => {
      model.setTheta(t);
      return model.objective(t, model.forward().u).J;
    };
    const plus = theta.slice(), minus = theta.slice();
    plus[cell] += epsilon;
    minus[cell] -= epsilon;
    const finiteDifference = (J(plus) - J(minus)) / (2 * epsilon);
    const adjoint = current.grad[cell];
    const relativeDifference = Math.abs(finiteDifference - adjoint) / Math.abs(adjoint);
    log(`gradient check at cell ${cell}: adjoint ${adjoint.toExponential(6)}, finite difference ${finiteDifference.toExponential(6)} (relative difference ${relativeDifference.toExponential(1)})`);
    return { grid, theta, truth, objectives, iterations, setups: model.solver.setups, refreshes: model.refreshes, fdCheck: { cell, adjoint, finiteDifference, relativeDifference } };
  } finally {
    model.dispose();
  }
}

/**
 * The middle slice z = ½ of θ (left: recovered, right: true; darker = more conductive, each panel
 * scaled to its own range), drawn with lib/plot's PNG encoder. Its ink rises with the logarithm of a
 * cell's count, so a shade t ∈ [0, 1] is stored as the count 10⁶ᵗ to come out linear.
 */
export function slicePng(result: InverseResult, size = 600): Buffer {
  const { grid, theta, truth } = result;
  const m = grid.m;
  const z = Math.floor(m / 2);
  const top = 1e6;
  const counts = new Uint32Array(m * (2 * m + 1));
  const panel = (field: Float64Array, offset: number) => {
    const slice = Array.from({ length: m * m }, (_, i) => field[i + m * m * z]);
    const lo = slice.reduce((a, b) => Math.min(a, b)), hi = slice.reduce((a, b) => Math.max(a, b));
    for (let y = 0; y < m; y++) {
      for (let x = 0; x < m; x++) {
        const t = hi > lo ? (field[x + m * (y + m * z)] - lo) / (hi - lo) : 0.5;
        counts[(m - 1 - y) * (2 * m + 1) + offset + x] = Math.round(top ** t);
      }
    }
  };
  panel(theta, 0);
  panel(truth, m + 1);
  return encodePng({ nrows: m, ncols: 2 * m + 1, gridRows: m, gridCols: 2 * m + 1, counts, maxCount: top, entries: counts.length }, size);
}

function main(): void {
  const args = process.argv.slice(2);
  let m = 64, steps = 8;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--m') m = Number(args[++i]);
    else if (args[i] === '--steps') steps = Number(args[++i]);
    else out = args[i];
  }
  const start = Date.now();
  console.log(`recovering log k on a ${m}³ grid (n = ${m ** 3}) with AMG-PCG (HYPRE BoomerAMG)`);
  const result = recoverCoefficient({ m, steps, log: (line) => console.log(line) });
  const path = outputPath(out, 'amg-inverse-problem.png');
  writeFileSync(path, slicePng(result));
  console.log(`hierarchies built: ${result.setups}, refreshed ${result.refreshes} times; ${((Date.now() - start) / 1000).toFixed(1)} s; wrote ${path}`);
}

if (require.main === module) main();
