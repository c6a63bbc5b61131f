/**
 * Linear elasticity on a mesh read from Gmsh or made by a mesher, with lib/fem's elements:
 * P1 triangles (plane stress) in 2-D, P1 tetrahedra in 3-D. One group of boundary facets is
 * clamped, another carries a uniform traction; the stiffness is assembled from one element
 * matrix per element, solved with CHOLMOD, and the stresses recovered per element and averaged
 * to the nodes.
 */
import { cholesky } from '../../lib/cholmod';
import {
  Assembly, eliminateDofs, elasticStiffness, elementCoords, elementStress, line2, nodalAverage, nodeDofs,
  restrictElementDofs, tetra4, tractionLoad, triangle3, vectorDofs, vonMises,
} from '../../lib/fem';
import { cellNodeCount, meshCells, physicalGroup, type CellType, type Mesh } from '../../lib/mesh';

export interface ElasticProblem {
  mesh: Mesh;
  /** Young's modulus and Poisson's ratio (defaults 1 and 0.3). */
  E?: number;
  nu?: number;
  /** The physical group whose nodes are clamped (all displacement components zero). */
  clamped: string;
  /** The physical group of boundary facets carrying `traction` (force per length in 2-D, per area in 3-D). */
  loaded: string;
  traction: readonly number[];
  /** Element stiffness per element, e.g. times a density; default 1 for all. */
  scales?: Float64Array;
}

export interface ElasticSolution {
  /** Displacements, dim per node. */
  u: Float64Array;
  /** Stiffness matrices, one per element (d² each, d = dim · nodes per element). */
  Ke: Float64Array;
  /** The global load vector (all dofs). */
  f: Float64Array;
  /** fᵀu. */
  compliance: number;
  /** Von Mises stress per element (constant on P1 elements), and averaged at the nodes. */
  vonMisesCells: Float64Array;
  vonMisesNodes: Float64Array;
  nDofs: number;
  nFree: number;
  nnzK: number;
  nnzL: number;
  /** Element dofs (unrestricted) and the element cell type, for callers that go on (gradients, reactions). */
  elementDofs: Int32Array;
  cellType: CellType;
}

/** The element and boundary-facet shapes of a 2-D or 3-D P1 mesh. */
export function shapesOf(mesh: Mesh) {
  return mesh.dim === 2
    ? { cellType: 'triangle' as const, facetType: 'line' as const, shape: triangle3, facet: line2 }
    : { cellType: 'tetra' as const, facetType: 'triangle' as const, shape: tetra4, facet: triangle3 };
}

/** Element stiffness matrices of every element of the mesh, one after the other. */
export function elementStiffnesses(mesh: Mesh, E: number, nu: number): Float64Array {
  const { cellType, shape } = shapesOf(mesh);
  const cells = meshCells(mesh, cellType)!;
  const per = cellNodeCount(cellType);
  const nEl = cells.ids.length;
  const d = per * mesh.dim;
  const Ke = new Float64Array(nEl * d * d);
  const X = new Float64Array(per * mesh.dim);
  for (let e = 0; e < nEl; e++) {
    elementCoords(mesh.points, mesh.dim, cells.connectivity, per, e, X);
    elasticStiffness(shape, X, { E, nu }, Ke.subarray(e * d * d, (e + 1) * d * d));
  }
  return Ke;
}

/** The consistent load of a uniform traction on the facets of a physical group (all dofs). */
export function tractionVector(mesh: Mesh, group: string, traction: readonly number[]): Float64Array {
  const { facetType, facet } = shapesOf(mesh);
  const dim = mesh.dim;
  const f = new Float64Array(dim * mesh.nodeIds.length);
  const facets = meshCells(mesh, facetType)!;
  const per = cellNodeCount(facetType);
  const X = new Float64Array(per * dim);
  for (const c of physicalGroup(mesh, group).cells.get(facetType) ?? []) {
    elementCoords(mesh.points, dim, facets.connectivity, per, c, X);
    const fe = tractionLoad(facet, X, traction);
    for (let a = 0; a < per; a++) {
      const node = facets.connectivity[c * per + a];
      for (let i = 0; i < dim; i++) f[node * dim + i] += fe[a * dim + i];
    }
  }
  return f;
}

export function solveElastic(p: ElasticProblem): ElasticSolution {
  const { mesh, E = 1, nu = 0.3 } = p;
  const dim = mesh.dim;
  const { cellType, shape } = shapesOf(mesh);
  const cells = meshCells(mesh, cellType)!;
  const per = cellNodeCount(cellType);
  const nEl = cells.ids.length;
  const nNodes = mesh.nodeIds.length;
  const nDofs = dim * nNodes;
  const elementDofs = vectorDofs(cells.connectivity, dim);
  const map = eliminateDofs(nDofs, nodeDofs(physicalGroup(mesh, p.clamped).nodes, dim));
  const assembly = new Assembly(map.nFree, restrictElementDofs(elementDofs, map), per * dim);
  const Ke = elementStiffnesses(mesh, E, nu);
  const scales = p.scales ?? new Float64Array(nEl).fill(1);
  const K = assembly.pattern.withValues(assembly.assembleScaled(Ke, scales));
  const f = tractionVector(mesh, p.loaded, p.traction);
  using factor = cholesky(K);
  const u = map.extend(factor.solve(map.restrict(f)));
  let compliance = 0;
  for (let i = 0; i < nDofs; i++) compliance += f[i] * u[i];
  // Stresses: constant per P1 element, at each of its nodes.
  const nComp = dim === 2 ? 3 : 6;
  const stresses = new Float64Array(nEl * per * nComp);
  const X = new Float64Array(per * dim);
  const ue = new Float64Array(per * dim);
  for (let e = 0; e < nEl; e++) {
    elementCoords(mesh.points, dim, cells.connectivity, per, e, X);
    for (let k = 0; k < per * dim; k++) ue[k] = u[elementDofs[e * per * dim + k]];
    stresses.set(elementStress(shape, X, ue, { E, nu }).map((s) => s * scales[e]), e * per * nComp);
  }
  const vmNodesOfElements = vonMises(stresses, nComp as 3 | 6);
  const vonMisesCells = Float64Array.from({ length: nEl }, (_, e) => vmNodesOfElements[e * per]);
  const vonMisesNodes = nodalAverage(nNodes, cells.connectivity, per, vonMisesCells, 1);
  return {
    u, Ke, f, compliance, vonMisesCells, vonMisesNodes, nDofs, nFree: map.nFree, nnzK: K.nnz, nnzL: factor.info.nnzL,
    elementDofs, cellType,
  };
}

/**
 * Reactions: r = K u − f over all dofs with the full (unconstrained) stiffness. Returns the
 * largest |r| at a free dof, the sum of r over the clamped nodes per direction, and the total
 * load per direction: in equilibrium the reactions balance the load.
 */
export function equilibrium(mesh: Mesh, s: ElasticSolution, clamped: Int32Array): { freeResidual: number; reaction: number[]; load: number[] } {
  const dim = mesh.dim;
  const full = new Assembly(s.nDofs, s.elementDofs, cellNodeCount(s.cellType) * dim);
  const Ku = full.assemble(s.Ke).matvec(s.u);
  const isClamped = new Uint8Array(mesh.nodeIds.length);
  for (const p of clamped) isClamped[p] = 1;
  let freeResidual = 0;
  const reaction = new Array<number>(dim).fill(0);
  const load = new Array<number>(dim).fill(0);
  for (let i = 0; i < s.nDofs; i++) {
    const r = Ku[i] - s.f[i];
    load[i % dim] += s.f[i];
    if (isClamped[Math.floor(i / dim)]) reaction[i % dim] += r;
    else freeResidual = Math.max(freeResidual, Math.abs(r));
  }
  return { freeResidual, reaction, load };
}
