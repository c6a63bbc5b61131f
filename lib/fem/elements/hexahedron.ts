/** The isoparametric trilinear brick on [−1, 1]³, 2 x 2 x 2 Gauss quadrature. */
import { quad4 } from './quadrilateral';
import { type ElementShape, gaussProduct } from './shape';

const CORNERS = [-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1];

/**
 * The eight-node isoparametric brick (Q1): N = (1 + ξξₐ)(1 + ηηₐ)(1 + ζζₐ)/8; nodes 0–3 the
 * face ζ = −1 counter-clockwise seen from above, 4–7 the face ζ = 1 (Gmsh/VTK order). Faces
 * ({@link quad4}) numbered with outward normals.
 *
 * @example
 * ```ts
 * import { hexa8, massMatrix } from 'spsolve';
 *
 * const cube = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1];
 * const M = massMatrix(hexa8, cube, { rho: 2 });
 * console.log(+M.reduce((a, b) => a + b).toFixed(12)); // → 2
 * ```
 */
export const hexa8: ElementShape = {
  name: 'hexa8',
  dim: 3,
  nodes: 8,
  corners: 8,
  referenceNodes: Float64Array.from(CORNERS),
  quadrature: gaussProduct(2, 3),
  facets: [
    [0, 3, 2, 1],
    [4, 5, 6, 7],
    [0, 1, 5, 4],
    [1, 2, 6, 5],
    [2, 3, 7, 6],
    [3, 0, 4, 7],
  ],
  facet: quad4,
  evaluate(xi, N, dN) {
    for (let a = 0; a < 8; a++) {
      const xa = CORNERS[3 * a];
      const ya = CORNERS[3 * a + 1];
      const za = CORNERS[3 * a + 2];
      const fx = 1 + xi[0] * xa;
      const fy = 1 + xi[1] * ya;
      const fz = 1 + xi[2] * za;
      N[a] = (fx * fy * fz) / 8;
      dN[3 * a] = (xa * fy * fz) / 8;
      dN[3 * a + 1] = (fx * ya * fz) / 8;
      dN[3 * a + 2] = (fx * fy * za) / 8;
    }
  },
};
