/**
 * 3-D linear elasticity on a tetrahedral mesh read from a Gmsh file: the L-shaped bracket of
 * examples/meshes/bracket-tet.msh (4.1 binary, made by Gmsh from bracket-tet.geo beside it), its
 * bottom face (physical group 'fixed') clamped and its top face ('load') pulled sideways.
 *
 * Two checks are printed with the result: equilibrium (the reactions at the clamped face, from
 * the full stiffness matrix, balance the applied load) and the patch test (a linear displacement
 * prescribed on the whole boundary by lifting is reproduced exactly inside).
 *
 * `npm run example:bracket3d [-- mesh.msh] [--out out/bracket3d]` writes out/bracket3d.vtu
 * (displacement, von Mises per cell and per node) and out/bracket3d.png (the von Mises stress
 * on the face y = 0).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { cholesky } from '../lib/cholmod';
import { Assembly, Lifting, boundaryFacets, eliminateDofs, facetNodes, restrictElementDofs, tetra4 } from '../lib/fem';
import { createMesh, meshCells, readMsh, writeVtu, type Mesh } from '../lib/mesh';
import { plotField } from '../lib/plot';
import { equilibrium, solveElastic, type ElasticSolution } from './fem/elastic';
import { outputPath } from './output';

/** The shipped mesh: beside this file in examples/, or found from dist/examples/ when compiled. */
export const BRACKET_MESH = [join(__dirname, 'meshes', 'bracket-tet.msh'), join(__dirname, '..', '..', 'examples', 'meshes', 'bracket-tet.msh')].find(existsSync) ?? 'examples/meshes/bracket-tet.msh';
export const E = 200;
export const NU = 0.3;
/** Force per unit area on the top face, along +x. */
export const TRACTION = [1, 0, 0] as const;

export function bracket3d(path = BRACKET_MESH): { mesh: Mesh; solution: ElasticSolution } {
  const mesh = readMsh(path);
  return { mesh, solution: solveElastic({ mesh, E, nu: NU, clamped: 'fixed', loaded: 'load', traction: TRACTION }) };
}

/**
 * The patch test on this mesh: u = A x + b prescribed at every boundary node (found by boundary
 * extraction, imposed by lifting), solved for the interior; returns the largest nodal error.
 */
export function patchTest(mesh: Mesh, s: ElasticSolution): { error: number; interior: number } {
  const A = [[1e-3, 2e-3, -1e-3], [0.5e-3, -1e-3, 3e-3], [-2e-3, 1e-3, 1e-3]];
  const b = [0.1, -0.2, 0.3];
  const tets = meshCells(mesh, 'tetra')!;
  const exact = new Float64Array(s.nDofs);
  for (let p = 0; p < mesh.nodeIds.length; p++) {
    for (let i = 0; i < 3; i++) exact[3 * p + i] = b[i] + A[i][0] * mesh.points[3 * p] + A[i][1] * mesh.points[3 * p + 1] + A[i][2] * mesh.points[3 * p + 2];
  }
  const boundary = facetNodes(boundaryFacets(tetra4, tets.connectivity));
  const fixed = Array.from(boundary).flatMap((p) => [3 * p, 3 * p + 1, 3 * p + 2]);
  const map = eliminateDofs(s.nDofs, fixed);
  const assembly = new Assembly(map.nFree, restrictElementDofs(s.elementDofs, map), 12);
  const lifting = new Lifting(map, s.elementDofs, 12);
  const rhs = lifting.rhs(new Float64Array(map.nFree), s.Ke, exact);
  using factor = cholesky(assembly.assemble(s.Ke));
  const u = map.extend(factor.solve(rhs), exact);
  let error = 0;
  for (let i = 0; i < s.nDofs; i++) error = Math.max(error, Math.abs(u[i] - exact[i]));
  return { error, interior: mesh.nodeIds.length - boundary.length };
}

/** The boundary triangles on the plane y = 0 as a 2-D mesh in (x, z), with the original point numbers kept as node ids. */
export function faceY0(mesh: Mesh): { face: Mesh; points: Int32Array } {
  const tris = meshCells(mesh, 'tetra')!;
  const facets = boundaryFacets(tetra4, tris.connectivity);
  const picked: number[] = [];
  for (let k = 0; k < facets.count; k++) {
    const nodes = facets.nodes.subarray(3 * k, 3 * k + 3);
    if (Array.from(nodes).every((p) => mesh.points[3 * p + 1] === 0)) picked.push(...nodes);
  }
  const points = Int32Array.from(new Set(picked)).sort();
  const local = new Map(Array.from(points, (p, k) => [p, k]));
  const connectivity = picked.map((p) => local.get(p)!);
  // Seen from −y, (x, z) is a right-handed view: keep the triangles counter-clockwise in it.
  for (let t = 0; t < connectivity.length; t += 3) {
    const [a, b, c] = connectivity.slice(t, t + 3).map((k) => points[k]);
    const ax = mesh.points[3 * a], az = mesh.points[3 * a + 2];
    const cross = (mesh.points[3 * b] - ax) * (mesh.points[3 * c + 2] - az) - (mesh.points[3 * c] - ax) * (mesh.points[3 * b + 2] - az);
    if (cross < 0) [connectivity[t + 1], connectivity[t + 2]] = [connectivity[t + 2], connectivity[t + 1]];
  }
  const xz = Array.from(points).flatMap((p) => [mesh.points[3 * p], mesh.points[3 * p + 2]]);
  return { face: createMesh({ dim: 2, points: xz, cells: [{ type: 'triangle', connectivity }] }), points };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outFlag = args.indexOf('--out');
  const base = outFlag >= 0 ? args.splice(outFlag, 2)[1] : undefined;
  const path = args[0] ?? BRACKET_MESH;
  const { mesh, solution } = bracket3d(path);
  const vtu = outputPath(base && `${base}.vtu`, 'bracket3d.vtu');
  const png = vtu.replace(/\.vtu$/, '.png');
  writeVtu(vtu, mesh, {
    pointData: { displacement: solution.u, vonMises: solution.vonMisesNodes },
    cellData: { vonMises: solution.vonMisesCells },
  });
  const { face, points } = faceY0(mesh);
  plotField(png, face, Array.from(points, (p) => solution.vonMisesNodes[p]), { size: 700 });
  const clamped = mesh.groups.find((g) => g.name === 'fixed')!.nodes;
  const eq = equilibrium(mesh, solution, clamped);
  const patch = patchTest(mesh, solution);
  let maxU = 0;
  for (let p = 0; p < mesh.nodeIds.length; p++) maxU = Math.max(maxU, Math.hypot(solution.u[3 * p], solution.u[3 * p + 1], solution.u[3 * p + 2]));
  const rows: [string, string][] = [
    ['mesh', `${path.replace(/^.*\//, '')}: ${mesh.nodeIds.length} nodes, ${solution.vonMisesCells.length} tetrahedra`],
    ['degrees of freedom (free)', `${solution.nFree}`],
    ['nnz(K) lower, nnz(L)', `${solution.nnzK}, ${solution.nnzL}`],
    ['compliance fᵀu', solution.compliance.toExponential(6)],
    ['largest displacement', maxU.toExponential(6)],
    ['largest σ_vm (element)', Math.max(...solution.vonMisesCells).toFixed(4)],
    ['applied load', eq.load.map((v) => v.toFixed(6)).join(' ')],
    ['reaction at the clamped face', eq.reaction.map((v) => v.toFixed(6)).join(' ')],
    ['largest residual at a free dof', eq.freeResidual.toExponential(2)],
    ['patch test, largest nodal error', `${patch.error.toExponential(2)} (${patch.interior} interior nodes)`],
  ];
  console.log(`L-bracket, P1 tetrahedra, E = ${E}, ν = ${NU}, traction (${TRACTION.join(', ')}) on the top face`);
  for (const [k, v] of rows) console.log(`${k.padEnd(34)} ${v}`);
  console.log(`wrote ${vtu}, ${png} (σ_vm on the face y = 0)`);
}
