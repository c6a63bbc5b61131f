/**
 * Plane elasticity on an L-shaped bracket meshed with the npm mesher cdt2d: the left edge
 * clamped, a downward traction on the right end of the lower arm. The re-entrant corner at
 * (0.5, 0.5) makes the stress infinite there (σ ~ r^(λ−1), λ ≈ 0.5445 for a 270° corner,
 * Williams 1952): the stress picture shows it as a hot spot, and under uniform refinement the
 * strain energy converges like h^(2λ) ≈ h^1.09 instead of the h² of a smooth problem.
 *
 * `npm run example:l-bracket [-- n] [--out out/l-bracket]` (n = points per unit length, even;
 * default 64) writes out/l-bracket.png (log10 of the von Mises stress), out/l-bracket.vtu
 * (displacement, von Mises per cell and per node) and out/l-bracket.msh (the mesh).
 */
import { writeMsh, writeVtu } from '../lib/mesh';
import { plotField } from '../lib/plot';
import { lShapeMesh } from './fem/l-shape';
import { solveElastic, type ElasticSolution } from './fem/elastic';
import { outputPath } from './output';
import type { Mesh } from '../lib/mesh';

/** The bracket's material and load: steel-like stiffness in GPa, a traction of 1 (GPa·length) down. */
export const E = 200;
export const NU = 0.3;
export const TRACTION = [0, -1] as const;

/** The bracket on a mesh with about n points per unit length (jitter 0: the regular grid points, for clean convergence rates). */
export function lBracket(n: number, jitter = 0.3): { mesh: Mesh; solution: ElasticSolution } {
  const mesh = lShapeMesh(n, jitter);
  const solution = solveElastic({ mesh, E, nu: NU, clamped: 'left', loaded: 'right', traction: TRACTION });
  return { mesh, solution };
}

/**
 * The exponent of the corner singularity seen by the mesh: the largest stress next to the corner
 * grows like h^(λ−1) as the mesh is refined, so on regular meshes n and 2n,
 * λ ≈ 1 − log2(σ(2n) / σ(n)). Williams' value for a 270° corner is 0.5445.
 */
export function singularityExponent(n: number): { stresses: [number, number]; lambda: number } {
  const coarse = lBracket(n, 0);
  const fine = lBracket(2 * n, 0);
  const stresses: [number, number] = [cornerStress(coarse.mesh, coarse.solution), cornerStress(fine.mesh, fine.solution)];
  return { stresses, lambda: 1 - Math.log2(stresses[1] / stresses[0]) };
}

/** The largest von Mises stress of the elements touching the corner (0.5, 0.5). */
export function cornerStress(mesh: Mesh, solution: ElasticSolution): number {
  const tri = mesh.cells.find((b) => b.type === 'triangle')!;
  let max = 0;
  for (let e = 0; e < tri.ids.length; e++) {
    for (let a = 0; a < 3; a++) {
      const p = tri.connectivity[3 * e + a];
      if (mesh.points[2 * p] === 0.5 && mesh.points[2 * p + 1] === 0.5) max = Math.max(max, solution.vonMisesCells[e]);
    }
  }
  return max;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outFlag = args.indexOf('--out');
  const base = outFlag >= 0 ? args.splice(outFlag, 2)[1] : undefined;
  const n = Number(args[0] ?? 64);
  const { mesh, solution } = lBracket(n);
  const png = outputPath(base && `${base}.png`, 'l-bracket.png');
  const stem = png.replace(/\.png$/, '');
  const logVm = solution.vonMisesNodes.map((s) => Math.log10(Math.max(s, 1e-12)));
  plotField(png, mesh, logVm, { size: 800, colorMap: 'viridis' });
  writeVtu(`${stem}.vtu`, mesh, {
    pointData: { displacement: { values: solution.u, components: 2 }, vonMises: solution.vonMisesNodes },
    cellData: { vonMises: solution.vonMisesCells },
  });
  writeMsh(`${stem}.msh`, mesh);
  const tip = mesh.points.length / 2;
  let tipDeflection = 0;
  for (let p = 0; p < tip; p++) if (mesh.points[2 * p] === 1 && mesh.points[2 * p + 1] === 0) tipDeflection = solution.u[2 * p + 1];
  const rows: [string, string][] = [
    ['mesh (cdt2d)', `${mesh.nodeIds.length} nodes, ${solution.vonMisesCells.length} triangles`],
    ['degrees of freedom (free)', `${solution.nFree}`],
    ['nnz(K) lower, nnz(L)', `${solution.nnzK}, ${solution.nnzL}`],
    ['strain energy ½fᵀu', (solution.compliance / 2).toExponential(6)],
    ['deflection at (1, 0)', tipDeflection.toExponential(6)],
    ['largest σ_vm at the corner', cornerStress(mesh, solution).toFixed(3)],
    ['largest σ_vm elsewhere (r > 0.1)', farStress(mesh, solution).toFixed(3)],
  ];
  console.log(`L-shaped bracket, plane stress, E = ${E}, ν = ${NU}, traction ${TRACTION[1]} on the right end; n = ${n}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(34)} ${v}`);
  const { stresses, lambda } = singularityExponent(Math.max(8, n / 2));
  console.log(`corner stress on regular meshes n = ${Math.max(8, n / 2)}, ${Math.max(16, n)}: ${stresses.map((s) => s.toFixed(3)).join(', ')} → λ ≈ ${lambda.toFixed(4)} (Williams: 0.5445)`);
  console.log(`wrote ${png} (log10 σ_vm), ${stem}.vtu, ${stem}.msh`);
}

/** The largest element von Mises stress at least 0.1 away from the corner (the clamped corners have their own, milder, singularities). */
function farStress(mesh: Mesh, solution: ElasticSolution): number {
  const tri = mesh.cells.find((b) => b.type === 'triangle')!;
  let max = 0;
  for (let e = 0; e < tri.ids.length; e++) {
    let cx = 0;
    let cy = 0;
    for (let a = 0; a < 3; a++) {
      cx += mesh.points[2 * tri.connectivity[3 * e + a]] / 3;
      cy += mesh.points[2 * tri.connectivity[3 * e + a] + 1] / 3;
    }
    if (Math.hypot(cx - 0.5, cy - 0.5) > 0.1 && cx > 0.1) max = Math.max(max, solution.vonMisesCells[e]);
  }
  return max;
}
