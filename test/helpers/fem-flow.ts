/**
 * Small finite-element assemblers for the LU tests: unsymmetric and indefinite systems of the kind
 * FEM pipelines produce, assembled with lib/fem's Assembly on uniform Q1 meshes of the unit square
 * (bilinear quads) or cube (trilinear hexes), zero Dirichlet boundary.
 *
 * - convectionDiffusionSupg: −Δu + Pe·(w·∇u) = f with SUPG stabilisation (test functions
 *   N + τ·Pe·w·∇N, τ from the element Péclet number), unsymmetric.
 * - stokesQ1Q1: Stokes with equal-order Q1 velocity and pressure, Brezzi–Pitkäranta pressure
 *   stabilisation: [[A, Bᵀ], [B, −C]], symmetric indefinite (a saddle point). One pressure is
 *   pinned to remove the constant pressure mode.
 */
import { Assembly, type CscMatrix } from '../../lib';

const GAUSS = [-1 / Math.sqrt(3), 1 / Math.sqrt(3)];

/** Corner signs of the reference element in the local order the assemblers use (counter-clockwise, then up). */
function corners(dim: 2 | 3): number[][] {
  const square = [[-1, -1], [1, -1], [1, 1], [-1, 1]];
  return dim === 2 ? square : [...square.map((c) => [...c, -1]), ...square.map((c) => [...c, 1])];
}

/** Shape values and physical gradients at each Gauss point of a cube element of side h, with weights. */
function q1Points(dim: 2 | 3, h: number): Array<{ N: number[]; grad: number[][]; weight: number }> {
  const cs = corners(dim);
  const points: number[][] = dim === 2 ? GAUSS.flatMap((x) => GAUSS.map((y) => [x, y])) : GAUSS.flatMap((x) => GAUSS.flatMap((y) => GAUSS.map((z) => [x, y, z])));
  const weight = (h / 2) ** dim;
  return points.map((xi) => {
    const N = cs.map((c) => c.reduce((p, ci, i) => p * (1 + ci * xi[i]) / 2, 1));
    const grad = cs.map((c) => c.map((_, d) => c.reduce((p, ci, i) => p * (i === d ? ci / 2 : (1 + ci * xi[i]) / 2), 1) * (2 / h)));
    return { N, grad, weight };
  });
}

interface Mesh {
  /** Node number of grid point (ix, iy[, iz]), 0 ≤ i ≤ ne. */
  node: (ix: number, iy: number, iz: number) => number;
  nNodes: number;
  onBoundary: (node: number) => boolean;
  /** The nodes of every element, element after element, in corners() order. */
  elementNodes: number[][];
}

function mesh(dim: 2 | 3, ne: number): Mesh {
  const m = ne + 1;
  const node = (ix: number, iy: number, iz: number) => ix + m * (iy + m * iz);
  const nNodes = m ** dim;
  const onBoundary = (nd: number) => {
    const c = [nd % m, Math.floor(nd / m) % m, Math.floor(nd / (m * m))].slice(0, dim);
    return c.some((v) => v === 0 || v === ne);
  };
  const elementNodes: number[][] = [];
  const offsets = corners(dim).map((c) => c.map((s) => (s + 1) / 2));
  for (let ez = 0; ez < (dim === 3 ? ne : 1); ez++) {
    for (let ey = 0; ey < ne; ey++) {
      for (let ex = 0; ex < ne; ex++) {
        elementNodes.push(offsets.map((o) => node(ex + o[0], ey + o[1], dim === 3 ? ez + o[2] : 0)));
      }
    }
  }
  return { node, nNodes, onBoundary, elementNodes };
}

/** SUPG convection–diffusion on ne^dim Q1 elements; n = (ne − 1)^dim interior nodes. */
export function convectionDiffusionSupg(dim: 2 | 3, ne: number, peclet: number, wind: number[] = dim === 2 ? [1, 0.5] : [1, 0.5, 0.25]): CscMatrix {
  const h = 1 / ne;
  const { nNodes, onBoundary, elementNodes } = mesh(dim, ne);
  const dofOf = new Int32Array(nNodes).fill(-1);
  let n = 0;
  for (let nd = 0; nd < nNodes; nd++) if (!onBoundary(nd)) dofOf[nd] = n++;
  const d = 2 ** dim;
  const speed = Math.hypot(...wind);
  const peH = (peclet * speed * h) / 2;
  // τ·Pe, the optimal 1-D upwinding parameter (coth(Pe_h) − 1/Pe_h)·h / (2|w|).
  const tauPe = peH > 1e-8 ? ((1 / Math.tanh(peH) - 1 / peH) * h) / (2 * speed) : 0;
  const Ke = new Float64Array(d * d);
  for (const { N, grad, weight } of q1Points(dim, h)) {
    const wGrad = grad.map((g) => g.reduce((s, gi, i) => s + gi * wind[i], 0));
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const diffusion = grad[a].reduce((s, ga, i) => s + ga * grad[b][i], 0);
        Ke[a + b * d] += weight * (diffusion + peclet * (N[a] + tauPe * wGrad[a]) * wGrad[b]);
      }
    }
  }
  const dofs = Int32Array.from(elementNodes.flat(), (nd) => dofOf[nd]);
  const asm = new Assembly(n, dofs, d, { symmetry: 'general' });
  const nElements = elementNodes.length;
  return asm.pattern.withValues(asm.assembleScaled(Ke, new Float64Array(nElements).fill(1)));
}

/** Q1–Q1 Stokes on ne × ne quads with Brezzi–Pitkäranta stabilisation (β = 1/12 by default). */
export function stokesQ1Q1(ne: number, beta = 1 / 12): CscMatrix {
  const h = 1 / ne;
  const { nNodes, onBoundary, elementNodes } = mesh(2, ne);
  // Per node: u, v (fixed on the boundary), p (pinned at node 0).
  const dofOf = new Int32Array(3 * nNodes).fill(-1);
  let n = 0;
  for (let nd = 0; nd < nNodes; nd++) {
    if (!onBoundary(nd)) { dofOf[3 * nd] = n++; dofOf[3 * nd + 1] = n++; }
    if (nd !== 0) dofOf[3 * nd + 2] = n++;
  }
  const d = 12;
  const Ke = new Float64Array(d * d);
  const at = (a: number, b: number, v: number) => { Ke[a + b * d] += v; };
  for (const { N, grad, weight } of q1Points(2, h)) {
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        const lap = grad[a][0] * grad[b][0] + grad[a][1] * grad[b][1];
        at(3 * a, 3 * b, weight * lap);
        at(3 * a + 1, 3 * b + 1, weight * lap);
        // B: −∫ q div u, and its transpose.
        at(3 * a + 2, 3 * b, -weight * N[a] * grad[b][0]);
        at(3 * a + 2, 3 * b + 1, -weight * N[a] * grad[b][1]);
        at(3 * b, 3 * a + 2, -weight * N[a] * grad[b][0]);
        at(3 * b + 1, 3 * a + 2, -weight * N[a] * grad[b][1]);
        at(3 * a + 2, 3 * b + 2, -weight * beta * h * h * lap);
      }
    }
  }
  const dofs = Int32Array.from(elementNodes.flatMap((nodes) => nodes.flatMap((nd) => [0, 1, 2].map((c) => dofOf[3 * nd + c]))));
  const asm = new Assembly(n, dofs, d, { symmetry: 'general' });
  return asm.pattern.withValues(asm.assembleScaled(Ke, new Float64Array(elementNodes.length).fill(1)));
}
