/**
 * Triangles on the reference triangle (0, 0), (1, 0), (0, 1), with the barycentric coordinates
 * L0 = 1 − ξ − η, L1 = ξ, L2 = η. Quadrature: the P1 triangle's integrands (stiffness degree 0,
 * mass degree 2) are exact with the 3-point degree-2 rule; the P2 triangle's mass (degree 4) needs
 * the 6-point degree-4 rule of Dunavant (1985).
 */
import { line2, line3 } from './line';
import type { ElementShape } from './shape';

const A1 = 0.44594849091596488632;
const W1 = 0.22338158967801146570 / 2; // Dunavant's weights sum to 1; the reference area is 1/2
const A2 = 0.091576213509770743460;
const W2 = 0.10995174365532186764 / 2;
const MIDPOINTS2 = {
  points: Float64Array.of(1 / 6, 1 / 6, 2 / 3, 1 / 6, 1 / 6, 2 / 3),
  weights: Float64Array.of(1 / 6, 1 / 6, 1 / 6),
};
const DUNAVANT4 = {
  points: Float64Array.of(A1, A1, 1 - 2 * A1, A1, A1, 1 - 2 * A1, A2, A2, 1 - 2 * A2, A2, A2, 1 - 2 * A2),
  weights: Float64Array.of(W1, W1, W1, W2, W2, W2),
};

/**
 * The linear (P1, constant-strain) triangle: N = (L0, L1, L2). Nodes counter-clockwise, edges
 * [0, 1], [1, 2], [2, 0].
 *
 * @example
 * ```ts
 * import { diffusionStiffness, triangle3 } from 'spsolve';
 *
 * // The right triangle (0,0), (1,0), (0,1): the closed form is [[1, −½, −½], [−½, ½, 0], [−½, 0, ½]].
 * console.log(diffusionStiffness(triangle3, [0, 0, 1, 0, 0, 1]).map((v) => +v.toFixed(12)).join(' ')); // → 1 -0.5 -0.5 -0.5 0.5 0 -0.5 0 0.5
 * ```
 */
export const triangle3: ElementShape = {
  name: 'triangle3',
  dim: 2,
  nodes: 3,
  corners: 3,
  referenceNodes: Float64Array.of(0, 0, 1, 0, 0, 1),
  quadrature: MIDPOINTS2,
  facets: [
    [0, 1],
    [1, 2],
    [2, 0],
  ],
  facet: line2,
  evaluate(xi, N, dN) {
    N[0] = 1 - xi[0] - xi[1];
    N[1] = xi[0];
    N[2] = xi[1];
    dN.set([-1, -1, 1, 0, 0, 1]);
  },
};

/**
 * The quadratic (P2) triangle: corners 0, 1, 2 then the midpoints of edges 0–1, 1–2 and 2–0
 * (Gmsh's order); Nᵢ = Lᵢ(2Lᵢ − 1) at corners, 4LᵢLⱼ at midpoints. Edges [0, 1, 3], [1, 2, 4],
 * [2, 0, 5] ({@link line3}).
 *
 * @example
 * ```ts
 * import { massMatrix, triangle6 } from 'spsolve';
 *
 * // The entries of a consistent mass matrix sum to ρ·area (here 3 · 1).
 * const M = massMatrix(triangle6, [0, 0, 2, 0, 0, 1, 1, 0, 1, 0.5, 0, 0.5], { rho: 3 });
 * console.log(+M.reduce((a, b) => a + b).toFixed(12)); // → 3
 * ```
 */
export const triangle6: ElementShape = {
  name: 'triangle6',
  dim: 2,
  nodes: 6,
  corners: 3,
  referenceNodes: Float64Array.of(0, 0, 1, 0, 0, 1, 0.5, 0, 0.5, 0.5, 0, 0.5),
  quadrature: DUNAVANT4,
  facets: [
    [0, 1, 3],
    [1, 2, 4],
    [2, 0, 5],
  ],
  facet: line3,
  evaluate(xi, N, dN) {
    const L1 = xi[0];
    const L2 = xi[1];
    const L0 = 1 - L1 - L2;
    N[0] = L0 * (2 * L0 - 1);
    N[1] = L1 * (2 * L1 - 1);
    N[2] = L2 * (2 * L2 - 1);
    N[3] = 4 * L0 * L1;
    N[4] = 4 * L1 * L2;
    N[5] = 4 * L2 * L0;
    // d/dξ and d/dη, with dL0 = (−1, −1), dL1 = (1, 0), dL2 = (0, 1).
    dN.set([
      -(4 * L0 - 1), -(4 * L0 - 1),
      4 * L1 - 1, 0,
      0, 4 * L2 - 1,
      4 * (L0 - L1), -4 * L1,
      4 * L2, 4 * L1,
      -4 * L2, 4 * (L0 - L2),
    ]);
  },
};
