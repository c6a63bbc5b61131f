/** Line elements on ξ ∈ [−1, 1]: the edges of 2-D elements, for boundary loads. */
import { type ElementShape, gaussProduct } from './shape';

/**
 * The two-node line: N = ((1 − ξ)/2, (1 + ξ)/2), 3-point Gauss quadrature. The facet of
 * {@link triangle3} and {@link quad4}.
 *
 * @example
 * ```ts
 * import { line2 } from 'spsolve';
 *
 * console.log(line2.nodes, line2.quadrature.weights.reduce((a, b) => a + b)); // → 2 2
 * ```
 */
export const line2: ElementShape = {
  name: 'line2',
  dim: 1,
  nodes: 2,
  corners: 2,
  referenceNodes: Float64Array.of(-1, 1),
  quadrature: gaussProduct(3, 1),
  facets: [[0], [1]],
  facet: undefined,
  evaluate(xi, N, dN) {
    const x = xi[0];
    N[0] = (1 - x) / 2;
    N[1] = (1 + x) / 2;
    dN[0] = -0.5;
    dN[1] = 0.5;
  },
};

/**
 * The three-node quadratic line, nodes at ξ = −1, 1, 0 (ends first, as Gmsh numbers them):
 * the facet of {@link triangle6}.
 *
 * @example
 * ```ts
 * import { line3 } from 'spsolve';
 *
 * const N = new Float64Array(3);
 * line3.evaluate([0.5], N, new Float64Array(3));
 * console.log(N); // → Float64Array(3) [ -0.125, 0.375, 0.75 ]
 * ```
 */
export const line3: ElementShape = {
  name: 'line3',
  dim: 1,
  nodes: 3,
  corners: 2,
  referenceNodes: Float64Array.of(-1, 1, 0),
  quadrature: gaussProduct(3, 1),
  facets: [[0], [1]],
  facet: undefined,
  evaluate(xi, N, dN) {
    const x = xi[0];
    N[0] = (x * (x - 1)) / 2;
    N[1] = (x * (x + 1)) / 2;
    N[2] = 1 - x * x;
    dN[0] = x - 0.5;
    dN[1] = x + 0.5;
    dN[2] = -2 * x;
  },
};
