/**
 * examples/topopt-mesh.ts: the per-element compliance gradient (per-element stiffness matrices,
 * gathered per element) against the element formula −uₑᵀKₑuₑ and against central finite
 * differences through the filter and the SIMP law; a short optimisation lowers the compliance
 * at the prescribed volume; the script writes its picture and .vtu.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PNG } from 'pngjs';

import { linearSolve } from '../lib';
import { liveHandles } from '../lib/handles';
import { meshCells } from '../lib/mesh';
import { SparseOperator } from '../lib/operators';
import { complianceAndGradient, runMeshTopopt, setUp, volumeFraction } from '../examples/topopt-mesh';
import { rng } from './helpers/dense';
import { ensureBuilt, runNode } from './helpers/spawn';
import { readVtu } from './helpers/vtu-reader';

afterAll(() => expect(liveHandles()).toBe(0));

describe('the per-element gradient', () => {
  const p = setUp(12);
  const rand = rng(7);
  const x = Float64Array.from({ length: p.nElements }, () => 0.3 + 0.4 * rand());

  test('equals −uₑᵀ Kₑ uₑ from the displacements, through the SIMP law and the filter', () => {
    // Assemble K, solve, and contract each element's own matrix with its displacements.
    const physical = p.filter.apply(x);
    const E = physical.map((r) => 1e-9 + r ** 3 * (1 - 1e-9));
    const K = p.assembly.pattern.withValues(p.assembly.assembleScaled(p.Ke, E));
    const uFree = linearSolve(new SparseOperator(K, ['positiveSemidefinite']), p.f).value;
    const u = p.extend(uFree);
    const tri = meshCells(p.mesh, 'triangle')!;
    const { dc } = complianceAndGradient(p, x);
    // dc/dx = Hᵀ (3 ρ̃² (E0 − Emin) · dc/dE) with dc/dE = −uₑᵀ Kₑ uₑ: rebuild it from the formula.
    const dcdE = new Float64Array(p.nElements);
    for (let e = 0; e < p.nElements; e++) {
      const ue = Array.from({ length: 6 }, (_, k) => u[2 * tri.connectivity[3 * e + Math.floor(k / 2)] + (k % 2)]);
      let s = 0;
      for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) s += ue[a] * p.Ke[36 * e + a + 6 * b] * ue[b];
      dcdE[e] = -s;
    }
    const expected = p.filter.transposeApply(dcdE.map((g, e) => g * 3 * physical[e] ** 2 * (1 - 1e-9)));
    let worst = 0;
    for (let e = 0; e < p.nElements; e++) worst = Math.max(worst, Math.abs(dc[e] - expected[e]) / Math.max(...expected.map(Math.abs)));
    expect(worst).toBeLessThan(1e-12);
  });

  test('matches central finite differences of the compliance to 1e-6', () => {
    const { compliance, dc } = complianceAndGradient(p, x);
    expect(compliance).toBeGreaterThan(0);
    // Fourth-order central differences: truncation O(h⁴), rounding ~ c·ε/h, both far below 1e-6 here.
    const h = 1e-4;
    const at = (e: number, step: number) => {
      const moved = x.slice();
      moved[e] += step;
      return complianceAndGradient(p, moved).compliance;
    };
    for (const e of [0, 17, Math.floor(p.nElements / 2), p.nElements - 1]) {
      const fd = (8 * (at(e, h) - at(e, -h)) - (at(e, 2 * h) - at(e, -2 * h))) / (12 * h);
      expect(Math.abs(fd - dc[e])).toBeLessThan(1e-6 * Math.max(Math.abs(dc[e]), 1e-3 * compliance));
    }
  });
});

test('a short optimisation lowers the compliance and keeps the volume', () => {
  const result = runMeshTopopt({ n: 16, maxIterations: 20, volfrac: 0.4 });
  expect(result.factorizations).toBe(result.compliances.length);
  expect(result.compliances.at(-1)!).toBeLessThan(result.compliances[0] / 2);
  for (const v of result.volumes) expect(v).toBeCloseTo(0.4, 3);
  expect(volumeFraction(result.problem, result.densities)).toBeCloseTo(0.4, 3);
  expect(result.densities.every((r) => r >= 0 && r <= 1)).toBe(true);
});

describe('npm run example:topopt-mesh', () => {
  beforeAll(() => ensureBuilt(['dist/examples/topopt-mesh.js']));

  test('writes the design as a picture and a .vtu with the densities', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spsolve-tm-'));
    try {
      const run = runNode('dist/examples/topopt-mesh.js', ['--n', '12', '--iterations', '4', '--out', join(dir, 't')]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/4 iterations, 4 factorisations \(one analysis\)/);
      const vtu = readVtu(readFileSync(join(dir, 't.vtu')));
      const density = vtu.cellData.get('density')!.values;
      expect(density.length).toBe(vtu.nCells);
      expect(density.every((r) => r >= 0 && r <= 1)).toBe(true);
      expect(PNG.sync.read(readFileSync(join(dir, 't.png'))).width).toBe(700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
