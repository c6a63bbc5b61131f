/**
 * `npm run example:poisson3d [-- n]`: −Δu = f on the unit cube with u = 0 on the boundary,
 * trilinear bricks on an n × n × n mesh, factorised with CHOLMOD. The source is chosen so that
 * the exact solution is u = sin πx sin πy sin πz, and the example prints the nodal error, which
 * falls like h² as n grows.
 */
import { cholesky, CscMatrix } from '../lib';
import { BoxMesh, elementCoordinates, GAUSS_POINTS, LowerTriplets, shapeGradients, shapeValues } from './fem/hex8';

export interface Poisson3dProblem {
  mesh: BoxMesh;
  /** Stiffness matrix of the interior nodes, lower triangle stored. */
  A: CscMatrix;
  b: Float64Array;
  /** Unknown number of each mesh node, −1 for a boundary node. */
  unknownOf: Int32Array;
}

/** The exact solution the default source produces. */
export function exactSolution(x: number, y: number, z: number): number {
  return Math.sin(Math.PI * x) * Math.sin(Math.PI * y) * Math.sin(Math.PI * z);
}

const defaultSource = (x: number, y: number, z: number) => 3 * Math.PI ** 2 * exactSolution(x, y, z);

/** Assembles the Q1 finite-element system for −Δu = source on an n × n × n mesh of the unit cube. */
export function femPoisson3d(n: number, source: (x: number, y: number, z: number) => number = defaultSource): Poisson3dProblem {
  const mesh = new BoxMesh(n, n, n);
  const unknownOf = new Int32Array(mesh.nodeCount).fill(-1);
  let unknowns = 0;
  for (let node = 0; node < mesh.nodeCount; node++) {
    const onBoundary = mesh.gridOf(node).some((g) => g === 0 || g === n);
    if (!onBoundary) unknownOf[node] = unknowns++;
  }
  const triplets = new LowerTriplets(mesh.elementCount * 36);
  const b = new Float64Array(unknowns);
  const Ke = new Float64Array(64);
  for (let e = 0; e < mesh.elementCount; e++) {
    const xyz = elementCoordinates(mesh, e);
    const dofs = mesh.elementNodes(e).map((node) => unknownOf[node]);
    Ke.fill(0);
    for (const point of GAUSS_POINTS) {
      const { grad, detJ } = shapeGradients(xyz, point);
      const N = shapeValues(point);
      for (let a = 0; a < 8; a++) {
        for (let c = 0; c < 8; c++) {
          Ke[8 * a + c] += detJ * (grad[3 * a] * grad[3 * c] + grad[3 * a + 1] * grad[3 * c + 1] + grad[3 * a + 2] * grad[3 * c + 2]);
        }
      }
      // The source at the Gauss point, interpolated position Σ N_a x_a.
      let x = 0, y = 0, z = 0;
      for (let a = 0; a < 8; a++) {
        x += N[a] * xyz[3 * a];
        y += N[a] * xyz[3 * a + 1];
        z += N[a] * xyz[3 * a + 2];
      }
      const f = source(x, y, z) * detJ;
      for (let a = 0; a < 8; a++) if (dofs[a] >= 0) b[dofs[a]] += f * N[a];
    }
    triplets.addElement(Ke, dofs);
  }
  const { rows, cols, values } = triplets.filled();
  const A = CscMatrix.fromTriplets(unknowns, unknowns, rows, cols, values, { symmetry: 'lower' });
  return { mesh, A, b, unknownOf };
}

/** Largest |u_h − u| over the interior nodes. */
export function nodalError(problem: Poisson3dProblem, u: Float64Array): number {
  let worst = 0;
  problem.unknownOf.forEach((k, node) => {
    if (k >= 0) worst = Math.max(worst, Math.abs(u[k] - exactSolution(...problem.mesh.coordinates(node))));
  });
  return worst;
}

/** ‖b − A x‖₂ / ‖b‖₂ */
export function relativeResidual(A: CscMatrix, x: Float64Array, b: Float64Array): number {
  const r = A.matvec(x);
  let rr = 0, bb = 0;
  for (let i = 0; i < b.length; i++) {
    rr += (b[i] - r[i]) ** 2;
    bb += b[i] ** 2;
  }
  return Math.sqrt(rr / bb);
}

function main(): void {
  const n = Number(process.argv[2] ?? 30);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`usage: poisson3d [n ≥ 2], got ${process.argv[2]}`);
  const t0 = performance.now();
  const problem = femPoisson3d(n);
  const assembleMs = performance.now() - t0;
  const factor = cholesky(problem.A);
  try {
    const t1 = performance.now();
    const u = factor.solve(problem.b);
    const solveMs = performance.now() - t1;
    const info = factor.info;
    const row = (label: string, value: string) => console.log(`${label.padEnd(20)} ${value}`);
    console.log(`Q1 finite elements, −Δu = 3π² sin πx sin πy sin πz on the unit cube, ${n}³ bricks`);
    row('unknowns', problem.A.nrows.toLocaleString('en-US'));
    row('nnz(A) (lower)', problem.A.nnz.toLocaleString('en-US'));
    row('ordering', info.ordering);
    row('nnz(L)', info.nnzL.toLocaleString('en-US'));
    row('assemble', `${assembleMs.toFixed(0)} ms`);
    row('factorize', `${((info.analyzeSeconds + info.factorSeconds) * 1e3).toFixed(0)} ms`);
    row('solve', `${solveMs.toFixed(1)} ms`);
    row('relative residual', relativeResidual(problem.A, u, problem.b).toExponential(2));
    row('max nodal error', nodalError(problem, u).toExponential(3));
  } finally {
    factor.dispose();
  }
}

if (require.main === module) main();
