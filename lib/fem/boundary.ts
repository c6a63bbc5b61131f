/** The boundary of a mesh: the facets (edges in 2-D, faces in 3-D) that belong to one element only. */
import { checkFunction, checkInteger, describe, toInt32Array } from '../sparse/validate';
import { checkShape } from './elements/geometry';
import type { ElementShape } from './elements/shape';
import { meshCoordinates } from './mesh';

/**
 * Boundary facets from {@link boundaryFacets}: facet k has nodes
 * `nodes[k·shape.nodes …]` (oriented with outward normal for a positively oriented element),
 * and is facet `local[k]` of element `elements[k]`.
 *
 * @example
 * ```ts
 * import { boundaryFacets, triangle3 } from 'spsolve';
 *
 * const b = boundaryFacets(triangle3, [0, 1, 2, 0, 2, 3]); // a square, two triangles
 * console.log(b.count, b.shape.name, b.elements); // → 4 line2 Int32Array(4) [ 0, 0, 1, 1 ]
 * ```
 */
export interface BoundaryFacets {
  /** The facets' shape (line2, line3, triangle3 or quad4): pass it to {@link tractionLoad}. */
  shape: ElementShape;
  /** Number of facets. */
  count: number;
  /** count x shape.nodes node numbers. */
  nodes: Int32Array;
  /** The element each facet belongs to. */
  elements: Int32Array;
  /** Which facet of its element (an index into the element shape's `facets`). */
  local: Int32Array;
}

/**
 * The facets of a mesh of one element shape that no other element shares: the boundary edges of
 * a triangle or quadrilateral mesh, the boundary faces of a tetrahedral or brick mesh. Facets
 * are matched by their corner nodes, in element order.
 *
 * @throws RangeError for elementNodes whose length is not a multiple of shape.nodes, or a negative node.
 * @example
 * ```ts
 * import { boundaryFacets, facetNodes, quad4 } from 'spsolve';
 *
 * // 2 x 1 quads: nodes 0 1 2 along the bottom, 3 4 5 along the top; 6 boundary edges.
 * const b = boundaryFacets(quad4, [0, 1, 4, 3, 1, 2, 5, 4]);
 * console.log(b.count, facetNodes(b)); // → 6 Int32Array(6) [ 0, 1, 2, 3, 4, 5 ]
 * ```
 */
export function boundaryFacets(shape: ElementShape, elementNodes: ArrayLike<number>): BoundaryFacets {
  const fn = 'boundaryFacets';
  checkShape(shape, fn);
  const facetShape = shape.facet;
  if (facetShape === undefined) throw new RangeError(`${fn}: a ${shape.name} has no facets to extract`);
  const nodes = toInt32Array(elementNodes, `${fn}: elementNodes`);
  const npe = shape.nodes;
  if (nodes.length % npe !== 0) throw new RangeError(`${fn}: elementNodes has ${nodes.length} entries, not a multiple of ${npe} (${shape.name})`);
  const nElements = nodes.length / npe;
  const corners = facetShape.corners;
  // Key: the sorted corner nodes. Seen once → boundary; seen twice → interior (deleted).
  const seen = new Map<string, number>();
  const key = new Array<number>(corners);
  for (let e = 0; e < nElements; e++) {
    for (let f = 0; f < shape.facets.length; f++) {
      const local = shape.facets[f];
      for (let c = 0; c < corners; c++) {
        const node = nodes[e * npe + local[c]];
        if (node < 0) checkInteger(node, 0, Infinity, `${fn}: elementNodes[${e * npe + local[c]}]`);
        key[c] = node;
      }
      key.sort((a, b) => a - b);
      const k = key.join(',');
      if (seen.has(k)) seen.delete(k);
      else seen.set(k, e * shape.facets.length + f);
    }
  }
  const slots = Int32Array.from(seen.values()).sort();
  const count = slots.length;
  const out = new Int32Array(count * facetShape.nodes);
  const elements = new Int32Array(count);
  const local = new Int32Array(count);
  slots.forEach((slot, k) => {
    const e = Math.floor(slot / shape.facets.length);
    const f = slot - e * shape.facets.length;
    elements[k] = e;
    local[k] = f;
    shape.facets[f].forEach((a, m) => (out[k * facetShape.nodes + m] = nodes[e * npe + a]));
  });
  return { shape: facetShape, count, nodes: out, elements, local };
}

/**
 * The facets whose coordinates satisfy `predicate`, called with the facet's centroid (the mean
 * of its nodes) and its node coordinates (nodes x dim): e.g. the edge x = 0 of a plate.
 *
 * @example
 * ```ts
 * import { boundaryFacets, selectFacets, triangle3 } from 'spsolve';
 *
 * const coords = [0, 0, 1, 0, 1, 1, 0, 1];
 * const b = boundaryFacets(triangle3, [0, 1, 2, 0, 2, 3]);
 * const left = selectFacets(b, coords, 2, (c) => Math.abs(c[0]) < 1e-12);
 * console.log(left.count, left.nodes); // → 1 Int32Array(2) [ 3, 0 ]
 * ```
 */
export function selectFacets(
  facets: BoundaryFacets,
  coords: ArrayLike<number>,
  dim: number,
  predicate: (centroid: Float64Array, facetCoords: Float64Array) => boolean,
): BoundaryFacets {
  const fn = 'selectFacets';
  const f = facets as Partial<BoundaryFacets> | null;
  if (typeof f !== 'object' || f === null || !(f.nodes instanceof Int32Array) || !(f.elements instanceof Int32Array) || !(f.local instanceof Int32Array) || typeof f.count !== 'number') {
    throw new TypeError(`${fn}: facets must be what boundaryFacets returns, got ${describe(facets)}`);
  }
  checkShape(f.shape, `${fn}: facets`);
  checkInteger(dim, 1, 3, `${fn}: dim`);
  const X = meshCoordinates(coords, dim, fn);
  checkFunction(predicate, `${fn}: predicate`);
  const m = facets.shape.nodes;
  const kept: number[] = [];
  for (let k = 0; k < facets.count; k++) {
    const centroid = new Float64Array(dim);
    const facetCoords = new Float64Array(m * dim);
    for (let a = 0; a < m; a++) {
      const node = facets.nodes[k * m + a];
      if (node * dim >= X.length) throw new RangeError(`${fn}: node ${node} has no coordinates (coords holds ${X.length / dim} nodes)`);
      for (let i = 0; i < dim; i++) {
        facetCoords[a * dim + i] = X[node * dim + i];
        centroid[i] += X[node * dim + i] / m;
      }
    }
    if (predicate(centroid, facetCoords)) kept.push(k);
  }
  const nodes = new Int32Array(kept.length * m);
  kept.forEach((k, j) => nodes.set(facets.nodes.subarray(k * m, (k + 1) * m), j * m));
  return {
    shape: facets.shape,
    count: kept.length,
    nodes,
    elements: Int32Array.from(kept, (k) => facets.elements[k]),
    local: Int32Array.from(kept, (k) => facets.local[k]),
  };
}

/**
 * The distinct nodes of some facets, sorted: e.g. the nodes of a Dirichlet boundary.
 *
 * @example
 * ```ts
 * import { boundaryFacets, facetNodes, tetra4 } from 'spsolve';
 *
 * console.log(facetNodes(boundaryFacets(tetra4, [0, 1, 2, 3]))); // → Int32Array(4) [ 0, 1, 2, 3 ]
 * ```
 */
export function facetNodes(facets: BoundaryFacets): Int32Array {
  if (!(facets?.nodes instanceof Int32Array)) throw new TypeError(`facetNodes: facets must be what boundaryFacets returns, got ${describe(facets)}`);
  return Int32Array.from(new Set(facets.nodes)).sort();
}
