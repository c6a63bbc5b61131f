/**
 * Reference elements: shape functions, their derivatives, a quadrature rule and the local
 * node lists of the facets (edges of 2-D elements, faces of 3-D ones), in Gmsh/VTK node order.
 */

/**
 * A reference element: its shape functions on reference coordinates ξ, a quadrature rule, and
 * its facets. The element families are {@link line2}, {@link line3}, {@link triangle3},
 * {@link triangle6}, {@link quad4}, {@link tetra4} and {@link hexa8}.
 *
 * @example
 * ```ts
 * import { triangle6 } from 'spsolve';
 *
 * console.log(triangle6.nodes, triangle6.dim, triangle6.facets[1]); // → 6 2 [ 1, 2, 4 ]
 * ```
 */
export interface ElementShape {
  /** A short name, e.g. 'triangle6' (the number is the node count). */
  readonly name: string;
  /** Dimension of the reference element: 1 (line), 2 (triangle, quadrilateral) or 3. */
  readonly dim: 1 | 2 | 3;
  /** Nodes per element. */
  readonly nodes: number;
  /** Corner (vertex) nodes: the first `corners` nodes; the rest are mid-edge nodes. */
  readonly corners: number;
  /** Reference coordinates of the nodes, node after node (nodes x dim). */
  readonly referenceNodes: Float64Array;
  /** The quadrature rule of the element functions. */
  readonly quadrature: Quadrature;
  /** Local node lists of the facets, oriented so that their normal points outwards. */
  readonly facets: readonly (readonly number[])[];
  /** The shape of the facets (undefined for a line). */
  readonly facet: ElementShape | undefined;
  /** Shape function values N (nodes) and reference derivatives dN (nodes x dim) at ξ. */
  evaluate(xi: ArrayLike<number>, N: Float64Array, dN: Float64Array): void;
}

/**
 * A quadrature rule on a reference element: Σ_q weights[q] f(points[q]) ≈ ∫ f.
 *
 * @example
 * ```ts
 * import { tetra4 } from 'spsolve';
 *
 * // The weights sum to the reference volume, 1/6.
 * console.log(+tetra4.quadrature.weights.reduce((a, b) => a + b).toFixed(15)); // → 0.166666666666667
 * ```
 */
export interface Quadrature {
  /** nPoints x dim reference coordinates. */
  readonly points: Float64Array;
  /** nPoints weights. */
  readonly weights: Float64Array;
}

/** Shape function values and reference derivatives at every quadrature point, computed once. */
export interface ShapeTable {
  /** nPoints x nodes */
  N: Float64Array;
  /** nPoints x nodes x dim */
  dN: Float64Array;
}

const tables = new WeakMap<ElementShape, ShapeTable>();

/** N and dN at the shape's quadrature points (cached per shape). */
export function shapeTable(shape: ElementShape): ShapeTable {
  let table = tables.get(shape);
  if (table === undefined) {
    const { points, weights } = shape.quadrature;
    const nq = weights.length;
    const N = new Float64Array(nq * shape.nodes);
    const dN = new Float64Array(nq * shape.nodes * shape.dim);
    for (let q = 0; q < nq; q++) {
      shape.evaluate(
        points.subarray(q * shape.dim, (q + 1) * shape.dim),
        N.subarray(q * shape.nodes, (q + 1) * shape.nodes),
        dN.subarray(q * shape.nodes * shape.dim, (q + 1) * shape.nodes * shape.dim),
      );
    }
    table = { N, dN };
    tables.set(shape, table);
  }
  return table;
}

/** Gauss–Legendre points and weights on [−1, 1]. */
export const GAUSS = {
  2: { x: [-1 / Math.sqrt(3), 1 / Math.sqrt(3)], w: [1, 1] },
  3: { x: [-Math.sqrt(3 / 5), 0, Math.sqrt(3 / 5)], w: [5 / 9, 8 / 9, 5 / 9] },
} as const;

/** The tensor product of an n-point Gauss rule in `dim` dimensions (ξ fastest). */
export function gaussProduct(n: 2 | 3, dim: 1 | 2 | 3): { points: Float64Array; weights: Float64Array } {
  const { x, w } = GAUSS[n];
  const count = n ** dim;
  const points = new Float64Array(count * dim);
  const weights = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    let weight = 1;
    for (let k = 0, rest = q; k < dim; k++, rest = Math.floor(rest / n)) {
      points[q * dim + k] = x[rest % n];
      weight *= w[rest % n];
    }
    weights[q] = weight;
  }
  return { points, weights };
}
