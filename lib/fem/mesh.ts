/** Small helpers between a mesh (node coordinates, element node lists) and the element functions. */
import { MAX_INDEX, checkInteger, describe, isNumericArrayLike, toFloat64Array, toInt32Array } from '../sparse/validate';

/**
 * Element e's node coordinates (nodesPerElement x dim, node after node), ready for the element
 * functions, from the mesh's coordinates (nNodes x dim) and element nodes (nElements x
 * nodesPerElement). With `out` nothing is allocated (the per-element callback case).
 *
 * @example
 * ```ts
 * import { elementCoords } from 'spsolve';
 *
 * const coords = [0, 0, 1, 0, 1, 1, 0, 1];
 * console.log(elementCoords(coords, 2, [0, 1, 2, 0, 2, 3], 3, 1)); // → Float64Array(6) [ 0, 0, 1, 1, 0, 1 ]
 * ```
 */
export function elementCoords(coords: ArrayLike<number>, dim: number, elementNodes: ArrayLike<number>, nodesPerElement: number, e: number, out?: Float64Array): Float64Array {
  // Checked cheaply: this runs once per element inside assembly callbacks.
  if (!isNumericArrayLike(coords) || !isNumericArrayLike(elementNodes)) {
    throw new TypeError(`elementCoords: coords and elementNodes must be arrays of numbers, got ${describe(coords)} and ${describe(elementNodes)}`);
  }
  if (!(dim === 1 || dim === 2 || dim === 3)) checkInteger(dim, 1, 3, 'elementCoords: dim');
  if (!(Number.isInteger(nodesPerElement) && nodesPerElement > 0 && nodesPerElement <= 27)) checkInteger(nodesPerElement, 1, 27, 'elementCoords: nodesPerElement');
  if (!(Number.isInteger(e) && e >= 0 && (e + 1) * nodesPerElement <= elementNodes.length)) {
    checkInteger(e, 0, Math.floor(elementNodes.length / nodesPerElement) - 1, 'elementCoords: e');
  }
  if (out !== undefined && !(out instanceof Float64Array)) throw new TypeError(`elementCoords: out must be a Float64Array, got ${describe(out)}`);
  const result = out ?? new Float64Array(nodesPerElement * dim);
  if (result.length !== nodesPerElement * dim) throw new RangeError(`elementCoords: out must have length ${nodesPerElement * dim}, got ${result.length}`);
  for (let a = 0; a < nodesPerElement; a++) {
    const node = elementNodes[e * nodesPerElement + a];
    if (!(node >= 0 && (node + 1) * dim <= coords.length)) {
      throw new RangeError(`elementCoords: element ${e} node ${a} is ${node}, not a node of the ${coords.length / dim} in coords`);
    }
    for (let i = 0; i < dim; i++) result[a * dim + i] = coords[node * dim + i];
  }
  return result;
}

/**
 * Element dofs for a vector problem with `components` unknowns per node, node n owning dofs
 * n·components … n·components + components − 1 (the numbering {@link quadGrid} and the element
 * functions use: [u0, v0, u1, v1, …]). A negative node maps to −1 dofs.
 *
 * @example
 * ```ts
 * import { vectorDofs } from 'spsolve';
 *
 * console.log(vectorDofs([0, 2, 3], 2)); // → Int32Array(6) [ 0, 1, 4, 5, 6, 7 ]
 * ```
 */
export function vectorDofs(elementNodes: ArrayLike<number>, components: number): Int32Array {
  checkInteger(components, 1, MAX_INDEX, 'vectorDofs: components');
  const nodes = toInt32Array(elementNodes, 'vectorDofs: elementNodes');
  const dofs = new Int32Array(nodes.length * components);
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    if (node >= 0 && node * components + components - 1 > MAX_INDEX) {
      throw new RangeError(`vectorDofs: node ${node} times ${components} components exceeds the largest index ${MAX_INDEX}`);
    }
    for (let c = 0; c < components; c++) dofs[k * components + c] = node < 0 ? -1 : node * components + c;
  }
  return dofs;
}

/**
 * The dofs of the given nodes for the chosen components (default all): e.g. the x and y
 * displacements of clamped nodes, to pass to {@link eliminateDofs}.
 *
 * @example
 * ```ts
 * import { nodeDofs } from 'spsolve';
 *
 * console.log(nodeDofs([4, 7], 2), nodeDofs([4, 7], 2, [1])); // → Int32Array(4) [ 8, 9, 14, 15 ] Int32Array(2) [ 9, 15 ]
 * ```
 */
export function nodeDofs(nodes: ArrayLike<number>, components: number, which?: ArrayLike<number>): Int32Array {
  checkInteger(components, 1, MAX_INDEX, 'nodeDofs: components');
  const list = toInt32Array(nodes, 'nodeDofs: nodes');
  const chosen = which === undefined ? Int32Array.from({ length: components }, (_, c) => c) : toInt32Array(which, 'nodeDofs: which');
  chosen.forEach((c, k) => checkInteger(c, 0, components - 1, `nodeDofs: which[${k}]`));
  const dofs = new Int32Array(list.length * chosen.length);
  list.forEach((node, k) => {
    checkInteger(node, 0, Math.floor(MAX_INDEX / components) - 1, `nodeDofs: nodes[${k}]`);
    chosen.forEach((c, m) => (dofs[k * chosen.length + m] = node * components + c));
  });
  return dofs;
}

/** Coordinates as a Float64Array, with their count checked against dim. */
export function meshCoordinates(coords: unknown, dim: number, fn: string): Float64Array {
  const X = toFloat64Array(coords, `${fn}: coords`);
  if (X.length % dim !== 0) throw new RangeError(`${fn}: coords has ${X.length} entries, not a multiple of dim = ${dim}`);
  return X;
}
