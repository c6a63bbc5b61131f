/** Stresses and fluxes from a solution, element by element, and their average at the nodes. */
import { MAX_INDEX, checkInteger, toFloat64Array, toInt32Array } from '../../sparse/validate';
import { checkOptions } from '../../sparse/validate-options';
import { type DiffusionOptions } from './diffusion';
import { type ElasticityOptions, elasticMaterial, strainDisplacement } from './elasticity';
import { checkShape, elementCoordinates, mapPoint, positive } from './geometry';
import type { ElementShape } from './shape';

function atNodes(shape: ElementShape, X: Float64Array, sdim: number, fn: string, visit: (node: number, grad: Float64Array) => void): void {
  const n = shape.nodes;
  const N = new Float64Array(n);
  const dN = new Float64Array(n * shape.dim);
  const grad = new Float64Array(n * sdim);
  for (let node = 0; node < n; node++) {
    shape.evaluate(shape.referenceNodes.subarray(node * shape.dim, (node + 1) * shape.dim), N, dN);
    mapPoint(shape, N, dN, 0, X, sdim, grad, undefined, fn);
    visit(node, grad);
  }
}

function elementValues(values: unknown, length: number, fn: string, what: string): Float64Array {
  const v = toFloat64Array(values, `${fn}: ${what}`);
  if (v.length !== length) throw new RangeError(`${fn}: ${what} must have length ${length}, got ${v.length}`);
  return v;
}

/**
 * Stresses σ = D B uₑ at the element's nodes (nodes x 3 in 2-D: [σxx, σyy, σxy]; nodes x 6 in
 * 3-D: [σxx, σyy, σzz, σyz, σxz, σxy]), from its nodal displacements uₑ (node after node).
 * Constant over P1 elements; {@link nodalAverage} smooths them into a nodal field.
 *
 * @example
 * ```ts
 * import { elementStress, triangle3 } from 'spsolve';
 *
 * // A uniaxial stretch u = 0.001·x with ν = 0 is σxx = E·0.001 everywhere.
 * const u = [0, 0, 0.001, 0, 0, 0];
 * console.log(elementStress(triangle3, [0, 0, 1, 0, 0, 1], u, { E: 1000, nu: 0 }).map((s) => +s.toFixed(12)).slice(0, 3)); // → Float64Array(3) [ 1, 0, 0 ]
 * ```
 */
export function elementStress(shape: ElementShape, coords: ArrayLike<number>, ue: ArrayLike<number>, opts: ElasticityOptions = {}): Float64Array {
  const fn = 'elementStress';
  checkShape(shape, fn);
  const { D, nStrain } = elasticMaterial(shape.dim, opts, fn);
  const { X, sdim } = elementCoordinates(shape, coords, [shape.dim], fn);
  const nd = shape.nodes * sdim;
  const u = elementValues(ue, nd, fn, 'ue');
  const B = new Float64Array(nStrain * nd);
  const strain = new Float64Array(nStrain);
  const stress = new Float64Array(shape.nodes * nStrain);
  atNodes(shape, X, sdim, fn, (node, grad) => {
    strainDisplacement(sdim, shape.nodes, grad, B);
    for (let p = 0; p < nStrain; p++) {
      let s = 0;
      for (let c = 0; c < nd; c++) s += B[p * nd + c] * u[c];
      strain[p] = s;
    }
    for (let p = 0; p < nStrain; p++) {
      let s = 0;
      for (let r = 0; r < nStrain; r++) s += D[p * nStrain + r] * strain[r];
      stress[node * nStrain + p] = s;
    }
  });
  return stress;
}

/**
 * The flux q = −κ ∇T at the element's nodes (nodes x dim) from its nodal values Tₑ.
 *
 * @example
 * ```ts
 * import { elementFlux, quad4 } from 'spsolve';
 *
 * // T = 2x − y on a distorted quad: q = −κ (2, −1) at every node.
 * const X = [0, 0, 2, 0, 1.5, 1, 0.2, 1.2];
 * const T = [0, 1, 2, 3].map((a) => 2 * X[2 * a] - X[2 * a + 1]);
 * console.log(elementFlux(quad4, X, T, { kappa: 3 }).map((q) => +q.toFixed(12)).join(' ')); // → -6 3 -6 3 -6 3 -6 3
 * ```
 */
export function elementFlux(shape: ElementShape, coords: ArrayLike<number>, Te: ArrayLike<number>, opts: DiffusionOptions = {}): Float64Array {
  const fn = 'elementFlux';
  checkShape(shape, fn);
  const options = checkOptions(opts, ['kappa', 'thickness'], `${fn}: opts`);
  const kappa = positive(options.kappa, 1, `${fn}: opts.kappa`);
  const { X, sdim } = elementCoordinates(shape, coords, [shape.dim], fn);
  const T = elementValues(Te, shape.nodes, fn, 'Te');
  const flux = new Float64Array(shape.nodes * sdim);
  atNodes(shape, X, sdim, fn, (node, grad) => {
    for (let i = 0; i < sdim; i++) {
      let s = 0;
      for (let a = 0; a < shape.nodes; a++) s += grad[a * sdim + i] * T[a];
      flux[node * sdim + i] = -kappa * s;
    }
  });
  return flux;
}

/**
 * A nodal field (nNodes x components) averaged from element values: either per element node
 * (nElements x nodesPerElement x components, as {@link elementStress} returns them, element
 * after element) or one per element (nElements x components). Each node gets the plain mean
 * over the elements around it; nodes in no element get 0.
 *
 * @throws RangeError for values whose length matches neither form (naming both).
 * @example
 * ```ts
 * import { nodalAverage } from 'spsolve';
 *
 * // Two triangles sharing the edge 1–2, with constant values 1 and 3.
 * console.log(nodalAverage(4, [0, 1, 2, 1, 3, 2], 3, [1, 3], 1)); // → Float64Array(4) [ 1, 2, 2, 3 ]
 * ```
 */
export function nodalAverage(nNodes: number, elementNodes: ArrayLike<number>, nodesPerElement: number, values: ArrayLike<number>, components: number): Float64Array {
  const fn = 'nodalAverage';
  checkInteger(nNodes, 0, MAX_INDEX, `${fn}: nNodes`);
  checkInteger(nodesPerElement, 1, MAX_INDEX, `${fn}: nodesPerElement`);
  checkInteger(components, 1, MAX_INDEX, `${fn}: components`);
  const nodes = toInt32Array(elementNodes, `${fn}: elementNodes`);
  if (nodes.length % nodesPerElement !== 0) throw new RangeError(`${fn}: elementNodes has ${nodes.length} entries, not a multiple of nodesPerElement = ${nodesPerElement}`);
  const nElements = nodes.length / nodesPerElement;
  const v = toFloat64Array(values, `${fn}: values`);
  const perNode = nElements * nodesPerElement * components;
  const perElement = nElements * components;
  if (v.length !== perNode && v.length !== perElement) {
    throw new RangeError(`${fn}: values must have length ${perNode} (per element node) or ${perElement} (per element), got ${v.length}`);
  }
  const byNode = v.length === perNode;
  const sum = new Float64Array(nNodes * components);
  const count = new Float64Array(nNodes);
  for (let e = 0; e < nElements; e++) {
    for (let a = 0; a < nodesPerElement; a++) {
      const node = nodes[e * nodesPerElement + a];
      if (node < 0 || node >= nNodes) checkInteger(node, 0, nNodes - 1, `${fn}: elementNodes[${e * nodesPerElement + a}]`);
      const from = byNode ? (e * nodesPerElement + a) * components : e * components;
      for (let c = 0; c < components; c++) sum[node * components + c] += v[from + c];
      count[node]++;
    }
  }
  for (let node = 0; node < nNodes; node++) {
    if (count[node] > 0) for (let c = 0; c < components; c++) sum[node * components + c] /= count[node];
  }
  return sum;
}

/**
 * The von Mises equivalent stress of each stress in `stresses` (3 components each in 2-D plane
 * stress, [σxx, σyy, σxy]; 6 in 3-D, the order of {@link elementStress}).
 *
 * @example
 * ```ts
 * import { vonMises } from 'spsolve';
 *
 * console.log(vonMises([2, 0, 0, 0, 0, 1], 3)); // → Float64Array(2) [ 2, 1.7320508075688772 ]
 * ```
 */
export function vonMises(stresses: ArrayLike<number>, components: 3 | 6): Float64Array {
  const s = toFloat64Array(stresses, 'vonMises: stresses');
  if (components !== 3 && components !== 6) throw new RangeError(`vonMises: components must be 3 or 6, got ${String(components)}`);
  if (s.length % components !== 0) throw new RangeError(`vonMises: stresses has ${s.length} entries, not a multiple of ${components}`);
  const out = new Float64Array(s.length / components);
  for (let k = 0; k < out.length; k++) {
    const o = k * components;
    if (components === 3) {
      const [x, y, xy] = [s[o], s[o + 1], s[o + 2]];
      out[k] = Math.sqrt(x * x - x * y + y * y + 3 * xy * xy);
    } else {
      const [x, y, z, yz, xz, xy] = [s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5]];
      out[k] = Math.sqrt(((x - y) ** 2 + (y - z) ** 2 + (z - x) ** 2) / 2 + 3 * (yz * yz + xz * xz + xy * xy));
    }
  }
  return out;
}
