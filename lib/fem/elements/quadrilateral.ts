/** The isoparametric bilinear quadrilateral on [−1, 1]², 2 x 2 Gauss quadrature. */
import { line2 } from './line';
import { type ElementShape, gaussProduct } from './shape';

const CORNERS = [-1, -1, 1, -1, 1, 1, -1, 1];

/**
 * The four-node isoparametric quadrilateral (Q1): N = (1 + ξξₐ)(1 + ηηₐ)/4, corners
 * counter-clockwise from (−1, −1); edges [0, 1], [1, 2], [2, 3], [3, 0]. The same local order
 * as {@link planeStressQuadStiffness}; in 3-D, the facet of {@link hexa8}.
 *
 * @example
 * ```ts
 * import { elasticStiffness, planeStressQuadStiffness, quad4 } from 'spsolve';
 *
 * // On a 2 x 1 rectangle the isoparametric element is the closed-form one.
 * const Ke = elasticStiffness(quad4, [0, 0, 2, 0, 2, 1, 0, 1], { E: 1, nu: 0.3 });
 * const ref = planeStressQuadStiffness({ width: 2, height: 1 });
 * console.log(Ke.every((v, k) => Math.abs(v - ref[k]) < 1e-15)); // → true
 * ```
 */
export const quad4: ElementShape = {
  name: 'quad4',
  dim: 2,
  nodes: 4,
  corners: 4,
  referenceNodes: Float64Array.from(CORNERS),
  quadrature: gaussProduct(2, 2),
  facets: [
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 0],
  ],
  facet: line2,
  evaluate(xi, N, dN) {
    for (let a = 0; a < 4; a++) {
      const xa = CORNERS[2 * a];
      const ya = CORNERS[2 * a + 1];
      N[a] = ((1 + xi[0] * xa) * (1 + xi[1] * ya)) / 4;
      dN[2 * a] = (xa * (1 + xi[1] * ya)) / 4;
      dN[2 * a + 1] = (ya * (1 + xi[0] * xa)) / 4;
    }
  },
};
