/**
 * examples/bracket3d.ts: 3-D elasticity on Gmsh tetrahedra. On the small fixture mesh the
 * displacement matches a dense solve of a stiffness matrix assembled here element by element;
 * on the shipped mesh the reactions balance the load and the patch test holds on 300+ interior
 * nodes; the script's .vtu and picture are read back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PNG } from 'pngjs';

import { liveHandles } from '../lib/handles';
import { meshCells, physicalGroup } from '../lib/mesh';
import { BRACKET_MESH, bracket3d, faceY0, patchTest } from '../examples/bracket3d';
import { equilibrium } from '../examples/fem/elastic';
import { relErr, solveDense } from './helpers/dense';
import { ensureBuilt, runNode } from './helpers/spawn';
import { readVtu } from './helpers/vtu-reader';

afterAll(() => expect(liveHandles()).toBe(0));

const FIXTURE = join(__dirname, 'fixtures', 'mesh', 'bracket-tet.msh');

test('on the fixture mesh the solution equals a dense solve of K assembled by hand', () => {
  const { mesh, solution: s } = bracket3d(FIXTURE);
  const tets = meshCells(mesh, 'tetra')!;
  const clamped = new Set(physicalGroup(mesh, 'fixed').nodes);
  const free: number[] = [];
  for (let i = 0; i < s.nDofs; i++) if (!clamped.has(Math.floor(i / 3))) free.push(i);
  const index = new Map(free.map((g, k) => [g, k]));
  const n = free.length;
  const K = new Float64Array(n * n);
  for (let e = 0; e < tets.ids.length; e++) {
    const dofs = Array.from({ length: 12 }, (_, k) => 3 * tets.connectivity[4 * e + Math.floor(k / 3)] + (k % 3));
    for (let a = 0; a < 12; a++) {
      for (let b = 0; b < 12; b++) {
        const [i, j] = [index.get(dofs[a]), index.get(dofs[b])];
        if (i !== undefined && j !== undefined) K[i + j * n] += s.Ke[144 * e + a + 12 * b];
      }
    }
  }
  const u = solveDense(K, n, Float64Array.from(free, (g) => s.f[g]));
  expect(relErr(Float64Array.from(free, (g) => s.u[g]), u)).toBeLessThan(1e-12);
  for (const p of clamped) expect([s.u[3 * p], s.u[3 * p + 1], s.u[3 * p + 2]]).toEqual([0, 0, 0]);
});

test('on the shipped mesh: reactions balance the load, the patch test is exact', () => {
  const { mesh, solution } = bracket3d(BRACKET_MESH);
  expect(meshCells(mesh, 'tetra')!.ids.length).toBeGreaterThan(4000);
  const eq = equilibrium(mesh, solution, physicalGroup(mesh, 'fixed').nodes);
  // Traction (1, 0, 0) on the 0.5 × 0.5 top face.
  expect(eq.load[0]).toBeCloseTo(0.25, 14);
  for (let i = 0; i < 3; i++) expect(eq.reaction[i] + eq.load[i]).toBeCloseTo(0, 12);
  expect(eq.freeResidual).toBeLessThan(1e-12);
  const patch = patchTest(mesh, solution);
  expect(patch.interior).toBeGreaterThan(300);
  expect(patch.error).toBeLessThan(1e-13);
});

test('the face y = 0 is the L profile: area 0.875 / 0.5 = 1.75', () => {
  const { mesh } = bracket3d(FIXTURE);
  const { face } = faceY0(mesh);
  const P = face.points;
  const c = face.cells[0].connectivity;
  let area = 0;
  for (let t = 0; t < c.length; t += 3) {
    const A = ((P[2 * c[t + 1]] - P[2 * c[t]]) * (P[2 * c[t + 2] + 1] - P[2 * c[t] + 1]) - (P[2 * c[t + 2]] - P[2 * c[t]]) * (P[2 * c[t + 1] + 1] - P[2 * c[t] + 1])) / 2;
    expect(A).toBeGreaterThan(0);
    area += A;
  }
  expect(area).toBeCloseTo(1.75, 13);
});

describe('npm run example:bracket3d', () => {
  beforeAll(() => ensureBuilt(['dist/examples/bracket3d.js']));

  test('writes the .vtu (read back: the solution) and the picture of the face', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spsolve-b3-'));
    try {
      const run = runNode('dist/examples/bracket3d.js', [FIXTURE, '--out', join(dir, 'b')]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/reaction at the clamped face +-0\.250000 /);
      const { mesh, solution } = bracket3d(FIXTURE);
      const vtu = readVtu(readFileSync(join(dir, 'b.vtu')));
      expect(vtu.nCells).toBe(meshCells(mesh, 'tetra')!.ids.length);
      expect(vtu.types.every((t) => t === 10)).toBe(true);
      expect(vtu.pointData.get('displacement')!.values).toEqual(Array.from(solution.u));
      expect(PNG.sync.read(readFileSync(join(dir, 'b.png'))).width).toBe(700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
