/**
 * Restarted GMRES(m) with right preconditioning, for general square operators. One
 * inner run is one restart cycle; the driver recomputes the true residual between
 * cycles, so a cycle that gains nothing ends the solve as stagnation.
 */
import { checkInteger } from '../sparse/validate';
import { checkSettings, InnerOutcome, InnerProblem, IterativeSettings, IterativeSolver, precondition } from './iterative';
import { axpy, dot, norm } from './vector';

/**
 * Settings of {@link GMRES}: those of every Krylov solver plus the restart length.
 *
 * @example
 * ```ts
 * import { GMRES } from 'spsolve';
 *
 * const gmres = new GMRES({ restart: 50, rtol: 1e-10, maxSteps: 2000 });
 * console.log(gmres.settings.restart); // → 50
 * ```
 */
export interface GMRESSettings extends IterativeSettings {
  /** Krylov vectors kept before restarting (default 30): memory n * restart. */
  restart?: number;
}

/**
 * Restarted GMRES(m) with right preconditioning, for any square operator (no tags
 * needed). One matvec per step; memory n · restart. The residual never increases
 * within a cycle; a cycle that gains nothing ends the solve as `stagnation`.
 *
 * @example
 * ```ts
 * import { GMRES, MatrixOperator, denseMatrix, linearSolve } from 'spsolve';
 *
 * const op = new MatrixOperator(denseMatrix(3, 3, [4, 1, 0, -1, 4, 1, 0, -1, 4])); // unsymmetric
 * const { value, stats } = linearSolve(op, new Float64Array([1, 2, 3]), new GMRES({ restart: 3 }));
 * // x = (7, 10, 11) / 18, after at most n = 3 steps.
 * console.log(value.map((v) => +v.toFixed(4)), stats.steps); // → Float64Array(3) [ 0.3889, 0.5556, 0.6111 ] 3
 * ```
 */
export class GMRES extends IterativeSolver {
  readonly name = 'GMRES';
  readonly #run: (problem: InnerProblem) => InnerOutcome;

  /**
   * @param settings Restart length, tolerances, step budget and preconditioner.
   * @throws RangeError for a bad tolerance, maxSteps, or a restart that is not a positive integer.
   */
  constructor(
    /** The settings given to the constructor. */
    override readonly settings: GMRESSettings = {},
  ) {
    super(settings);
    const { restart = 30 } = checkSettings(this.name, settings, ['restart']);
    const cycle = checkInteger(restart, 1, Infinity, 'GMRES: settings.restart');
    this.#run = (problem) => gmresCycle(problem, cycle);
  }

  /** @internal */
  protected run(problem: InnerProblem): InnerOutcome {
    return this.#run(problem);
  }
}

/**
 * Arnoldi (modified Gram-Schmidt) on A M, Givens rotations keeping the Hessenberg
 * matrix triangular, so |g[j+1]| is the residual norm after j + 1 steps for free.
 */
function gmresCycle({ op, preconditioner, rhs, target, budget }: InnerProblem, restart: number): InnerOutcome {
  const n = rhs.length;
  const size = Math.min(restart, budget, n);
  const beta = norm(rhs);
  const basis = [rhs.map((v) => v / beta)];
  const columns: Float64Array[] = []; // rotated Hessenberg columns: columns[j][0..j] is column j of R
  const cs = new Float64Array(size);
  const sn = new Float64Array(size);
  const g = new Float64Array(size + 1);
  g[0] = beta;
  let breakdown = false;
  for (let j = 0; j < size; j++) {
    const w = op.mv(precondition(preconditioner, basis[j]));
    const h = new Float64Array(j + 2);
    for (let i = 0; i <= j; i++) {
      h[i] = dot(w, basis[i]);
      axpy(-h[i], basis[i], w);
    }
    const subdiagonal = norm(w);
    h[j + 1] = subdiagonal;
    for (let i = 0; i < j; i++) [h[i], h[i + 1]] = [cs[i] * h[i] + sn[i] * h[i + 1], -sn[i] * h[i] + cs[i] * h[i + 1]];
    const rho = Math.hypot(h[j], h[j + 1]);
    // A zero column of the rotated Hessenberg matrix: A M is singular on the Krylov space.
    if (!(rho > 0)) {
      breakdown = true;
      break;
    }
    cs[j] = h[j] / rho;
    sn[j] = h[j + 1] / rho;
    h[j] = rho;
    g[j + 1] = -sn[j] * g[j];
    g[j] *= cs[j];
    columns.push(h);
    // subdiagonal = 0 is the "happy" breakdown: the Krylov space is invariant and the solution exact.
    if (Math.abs(g[j + 1]) <= target || subdiagonal === 0) break;
    basis.push(w.map((v) => v / subdiagonal));
  }
  const k = columns.length;
  const y = g.slice(0, k);
  for (let j = k - 1; j >= 0; j--) {
    y[j] /= columns[j][j];
    for (let i = 0; i < j; i++) y[i] -= columns[j][i] * y[j];
  }
  const u = new Float64Array(n);
  for (let j = 0; j < k; j++) axpy(y[j], basis[j], u);
  return { dx: k > 0 ? precondition(preconditioner, u) : u, steps: k + (breakdown ? 1 : 0), breakdown };
}
