/** The linear tetrahedron on (0,0,0), (1,0,0), (0,1,0), (0,0,1), 4-point degree-2 quadrature. */
import type { ElementShape } from './shape';
import { triangle3 } from './triangle';

const B = (5 - Math.sqrt(5)) / 20;
const A = (5 + 3 * Math.sqrt(5)) / 20;

/**
 * The four-node (P1, constant-strain) tetrahedron: N = (1 − ξ − η − ζ, ξ, η, ζ). Faces
 * [0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3] ({@link triangle3}), numbered so that their
 * normals point outwards when the element has positive volume.
 *
 * @example
 * ```ts
 * import { massMatrix, tetra4 } from 'spsolve';
 *
 * // The unit-corner tetrahedron has volume 1/6; its consistent mass has (1 + δₐᵦ)·V/20.
 * const M = massMatrix(tetra4, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
 * console.log(+(M[0] * 120).toFixed(12), +(M[1] * 120).toFixed(12)); // → 2 1
 * ```
 */
export const tetra4: ElementShape = {
  name: 'tetra4',
  dim: 3,
  nodes: 4,
  corners: 4,
  referenceNodes: Float64Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1),
  quadrature: {
    points: Float64Array.of(B, B, B, A, B, B, B, A, B, B, B, A),
    weights: Float64Array.of(1 / 24, 1 / 24, 1 / 24, 1 / 24),
  },
  facets: [
    [0, 2, 1],
    [0, 1, 3],
    [0, 3, 2],
    [1, 2, 3],
  ],
  facet: triangle3,
  evaluate(xi, N, dN) {
    N[0] = 1 - xi[0] - xi[1] - xi[2];
    N[1] = xi[0];
    N[2] = xi[1];
    N[3] = xi[2];
    dN.set([-1, -1, -1, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  },
};
