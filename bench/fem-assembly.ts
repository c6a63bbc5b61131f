/**
 * `npm run bench:fem`: finite-element assembly on an unstructured mesh against the alternatives
 * a user has, side by side in one process.
 *
 * The mesh is the case: a plane-stress plate of P1 triangles (6 dofs per element),
 * a jittered grid with random diagonals and the nodes numbered at random (a mesher's numbering,
 * no locality), one edge clamped; FEM_SIDE nodes per side (default 388: 300k dofs).
 *
 * Pattern (once per mesh): the `Assembly` constructor (pattern + scatter map), for elasticity and
 * for a scalar problem (diffusion, one dof per node) on the same mesh, against
 * `CscMatrix.fromTriplets` of the same element entries (what hand assembly costs, every time)
 * and against CHOLMOD's symbolic analysis of the assembled matrix (`analyze`), which every
 * solve of a new pattern pays anyway. Values (every iteration of an optimisation loop):
 * `assembleValues` with one matrix per element, `assembleScaled` with a shared matrix and
 * with per-element matrices, a fill callback computing each element's matrix, and
 * `gatherScaled` per element, in element-matrix entries (nElements·d²) per second.
 *
 * Best of REPEATS runs (the least disturbed on a shared machine), wall-clock and CPU time: on a
 * loaded machine CPU time is the steadier measure.
 */
import * as os from 'node:os';
import { analyze, buildInfo } from '../lib/cholmod';
import { Assembly, elasticStiffness, elementCoords, eliminateDofs, restrictElementDofs, triangle3, vectorDofs } from '../lib/fem';
import { CscMatrix } from '../lib/sparse';
import { rng } from '../test/helpers/dense';
import { jitteredTriangles } from '../test/helpers/meshes';

const SIDE = Number(process.env.FEM_SIDE ?? 388);
const REPEATS = Number(process.env.REPEATS ?? 5);

/** Wall-clock and CPU time (user + system, all threads of the process) of one run, in ms. */
function timeMs(run: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e3 };
}

/** The best wall and the best CPU time of `repeats` runs (each the least disturbed). */
function best(run: () => void, repeats = REPEATS): { wall: number; cpu: number } {
  const runs = Array.from({ length: repeats }, () => timeMs(run));
  return { wall: Math.min(...runs.map((r) => r.wall)), cpu: Math.min(...runs.map((r) => r.cpu)) };
}

/** The mesh as generated: nodes numbered row by row, as a structured or advancing-front mesher gives them. */
function orderedMesh(rand: () => number) {
  return jitteredTriangles(SIDE - 1, SIDE - 1, rand, [2, 1]);
}

/** The mesh with its nodes renumbered by a random permutation. */
function scrambledMesh() {
  const rand = rng(1);
  const mesh = orderedMesh(rand);
  const perm = Int32Array.from({ length: mesh.nNodes }, (_, k) => k);
  for (let k = perm.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [perm[k], perm[j]] = [perm[j], perm[k]];
  }
  const coords = new Float64Array(mesh.coords.length);
  perm.forEach((to, from) => coords.set(mesh.coords.subarray(2 * from, 2 * from + 2), 2 * to));
  return { ...mesh, coords, elements: mesh.elements.map((node) => perm[node]) };
}

function main(): void {
  const mesh = scrambledMesh();
  const clamped: number[] = [];
  for (let node = 0; node < mesh.nNodes; node++) if (mesh.coords[2 * node] === 0) clamped.push(2 * node, 2 * node + 1);
  const map = eliminateDofs(2 * mesh.nNodes, clamped);
  const dofs = restrictElementDofs(vectorDofs(mesh.elements, 2), map);
  const d = 6;
  const entries = mesh.nElements * d * d;

  let assembly = new Assembly(map.nFree, dofs, d);
  const patternMs = best(() => (assembly = new Assembly(map.nFree, dofs, d)));

  const blocks = new Float64Array(entries);
  const X = new Float64Array(6);
  const opts = { E: 1, nu: 0.3 };
  const fill = (e: number, Ke: Float64Array) => elasticStiffness(triangle3, elementCoords(mesh.coords, 2, mesh.elements, 3, e, X), opts, Ke);
  const elementMs = best(() => {
    for (let e = 0; e < mesh.nElements; e++) fill(e, blocks.subarray(36 * e, 36 * e + 36));
  }, 1);

  // Triplets of the same stored (lower) entries, as a hand assembly would make them.
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let e = 0; e < mesh.nElements; e++) {
    for (let b = 0; b < d; b++) {
      for (let a = 0; a < d; a++) {
        const [i, j] = [dofs[e * d + a], dofs[e * d + b]];
        if (i >= j && j >= 0) (rows.push(i), cols.push(j), vals.push(blocks[e * 36 + a + b * d]));
      }
    }
  }
  const [ri, ci, vv] = [Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(vals)];
  const tripletsMs = best(() => CscMatrix.fromTriplets(map.nFree, map.nFree, ri, ci, vv, { symmetry: 'lower' }), 3);

  const values = new Float64Array(assembly.nnz);
  const K = assembly.pattern.withValues(assembly.assembleValues(blocks));
  const analyzeMs = best(() => analyze(K).dispose(), 3);

  // The scalar problem on the same mesh (one dof per node, d = 3): no blocks.
  const scalarDofs = restrictElementDofs(mesh.elements, eliminateDofs(mesh.nNodes, clamped.filter((g) => g % 2 === 0).map((g) => g / 2)));
  const nScalar = mesh.nNodes - clamped.length / 2;
  let scalar = new Assembly(nScalar, scalarDofs, 3);
  const scalarMs = best(() => (scalar = new Assembly(nScalar, scalarDofs, 3)));
  const scalarK = scalar.pattern.withValues(scalar.assembleValues(new Float64Array(mesh.nElements * 9).fill(1)));
  const scalarAnalyzeMs = best(() => analyze(scalarK).dispose(), 3);

  // The same plate with the nodes in the generator's order (row by row): the pattern's passes then
  // touch neighbouring memory; CHOLMOD's analysis orders the matrix itself either way.
  const ordered = orderedMesh(rng(1));
  const orderedClamped: number[] = [];
  for (let node = 0; node < ordered.nNodes; node++) if (ordered.coords[2 * node] === 0) orderedClamped.push(2 * node, 2 * node + 1);
  const orderedMap = eliminateDofs(2 * ordered.nNodes, orderedClamped);
  const orderedDofs = restrictElementDofs(vectorDofs(ordered.elements, 2), orderedMap);
  let orderedAssembly = new Assembly(orderedMap.nFree, orderedDofs, d);
  const orderedMs = best(() => (orderedAssembly = new Assembly(orderedMap.nFree, orderedDofs, d)));
  const orderedK = orderedAssembly.pattern.withValues(orderedAssembly.assembleValues(blocks));
  const orderedAnalyzeMs = best(() => analyze(orderedK).dispose(), 3);

  const scales = new Float64Array(mesh.nElements).fill(1);
  const shared = blocks.slice(0, 36);
  const perElementMs = best(() => assembly.assembleValues(blocks, values));
  const sharedMs = best(() => assembly.assembleScaled(shared, scales, values));
  const scaledMs = best(() => assembly.assembleScaled(blocks, scales, values));
  const fillMs = best(() => assembly.assembleScaled(fill, scales, values), 2);
  const valuesBar = values.map((_, k) => Math.sin(k));
  const out = new Float64Array(mesh.nElements);
  const gatherMs = best(() => assembly.gatherScaled(valuesBar, blocks, out));

  const mps = (t: { wall: number; cpu: number }) => `${(entries / t.wall / 1e3).toFixed(0)} | ${t.cpu.toFixed(1)} | ${(entries / t.cpu / 1e3).toFixed(0)}`;
  const ms = (t: { wall: number }, digits = 0) => t.wall.toFixed(digits);
  const ratio = (t: { wall: number; cpu: number }) =>
    `${((100 * t.wall) / analyzeMs.wall).toFixed(0)} % | ${t.cpu.toFixed(0)} | ${((100 * t.cpu) / analyzeMs.cpu).toFixed(0)} %`;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`FEM assembly, P1 plane stress on a scrambled unstructured mesh — ${cpu}, ${os.cpus().length} cores, ${buildInfo().blas}`);
  console.log(`${mesh.nElements.toLocaleString('en-US')} elements, ${map.nFree.toLocaleString('en-US')} free dofs, nnz(K) lower ${assembly.nnz.toLocaleString('en-US')}, ${entries.toLocaleString('en-US')} element-matrix entries`);
  console.log('');
  console.log('| pattern (once per mesh) | wall ms | vs analyze() | CPU ms | vs analyze() |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(`| new Assembly (pattern + block scatter map) | ${ms(patternMs)} | ${ratio(patternMs)} |`);
  console.log(`| CscMatrix.fromTriplets (same entries) | ${ms(tripletsMs)} | ${ratio(tripletsMs)} |`);
  console.log(`| CHOLMOD analyze() | ${ms(analyzeMs)} | ${ratio(analyzeMs)} |`);
  const scalarRatio = (t: { wall: number; cpu: number }) =>
    `${((100 * t.wall) / scalarAnalyzeMs.wall).toFixed(0)} % | ${t.cpu.toFixed(0)} | ${((100 * t.cpu) / scalarAnalyzeMs.cpu).toFixed(0)} %`;
  console.log(`| new Assembly, scalar (diffusion, ${nScalar.toLocaleString('en-US')} dofs, d = 3) | ${ms(scalarMs)} | ${scalarRatio(scalarMs)} |`);
  console.log(`| CHOLMOD analyze() of that matrix | ${ms(scalarAnalyzeMs)} | ${scalarRatio(scalarAnalyzeMs)} |`);
  const orderedRatio = (t: { wall: number; cpu: number }) =>
    `${((100 * t.wall) / orderedAnalyzeMs.wall).toFixed(0)} % | ${t.cpu.toFixed(0)} | ${((100 * t.cpu) / orderedAnalyzeMs.cpu).toFixed(0)} %`;
  console.log(`| new Assembly, nodes in the mesher's order (row by row) | ${ms(orderedMs)} | ${orderedRatio(orderedMs)} |`);
  console.log(`| CHOLMOD analyze() of that matrix | ${ms(orderedAnalyzeMs)} | ${orderedRatio(orderedAnalyzeMs)} |`);
  console.log('');
  console.log('| values (every iteration) | wall ms | M entries/s | CPU ms | M entries/s |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(`| assembleValues, one matrix per element | ${ms(perElementMs, 1)} | ${mps(perElementMs)} |`);
  console.log(`| assembleScaled, shared Ke | ${ms(sharedMs, 1)} | ${mps(sharedMs)} |`);
  console.log(`| assembleScaled, one matrix per element | ${ms(scaledMs, 1)} | ${mps(scaledMs)} |`);
  console.log(`| gatherScaled, one matrix per element | ${ms(gatherMs, 1)} | ${mps(gatherMs)} |`);
  console.log(`| assembleScaled, fill callback (elasticStiffness per element) | ${ms(fillMs)} | ${mps(fillMs)} |`);
  console.log(`| (the element matrices alone, elasticStiffness) | ${ms(elementMs)} | ${mps(elementMs)} |`);
}

main();
