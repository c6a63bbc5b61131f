/**
 * examples/amg-inverse-problem: the coefficient recovery on a small grid. The objective falls,
 * one hierarchy serves every forward and adjoint solve (refreshed when θ changes), the adjoint
 * gradient matches a central finite difference, and the script writes its slice picture.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

import { buildInfo, liveHandles } from '../lib';
import { DiffusionGrid, recoverCoefficient, slicePng } from '../examples/amg-inverse-problem';
import { denseOf, relErr } from './helpers/dense';
import { ensureBuilt, runNode } from './helpers/spawn';

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

if (!buildInfo().amg) {
  // The system-library build has no AMG (docs/building.md): the example stops with the typed error.
  it('amg-inverse-problem: a build without AMG raises AmgError AMG_UNAVAILABLE', () => {
    expect(() => recoverCoefficient({ m: 4, steps: 1 })).toThrow(expect.objectContaining({ code: 'AMG_UNAVAILABLE' }));
  });
} else {
  describe('amg-inverse-problem (12³)', () => {
    const result = recoverCoefficient({ m: 12, steps: 4 });

    it('lowers the objective at every step, with iteration counts that stay small', () => {
      for (let s = 1; s < result.objectives.length; s++) expect(result.objectives[s]).toBeLessThan(result.objectives[s - 1]);
      expect(result.objectives.at(-1)!).toBeLessThan(0.8 * result.objectives[0]);
      for (const { forward, adjoint } of result.iterations) {
        expect(forward).toBeLessThanOrEqual(15);
        expect(adjoint).toBeLessThanOrEqual(15);
      }
    });

    it('builds one hierarchy and refreshes it when θ changes (adjoint solves reuse it)', () => {
      expect(result.setups).toBe(1);
      expect(result.refreshes).toBeGreaterThanOrEqual(4 + 2);
    });

    it('the adjoint gradient agrees with a central finite difference', () => {
      expect(result.fdCheck.relativeDifference).toBeLessThan(1e-5);
    });

    it('the finite-volume matrix is the symmetric 7-point operator with the stated face weights', () => {
      const grid = new DiffusionGrid(3);
      const k = Float64Array.from({ length: 27 }, (_, c) => 1 + c / 10);
      const A = denseOf(grid.matrix(k));
      // Row sums: only the boundary faces (2 k_c each) remain.
      const boundaryFaces = (c: number) => [c % 3, Math.floor(c / 3) % 3, Math.floor(c / 9)].reduce((s, x) => s + (x === 0 ? 1 : 0) + (x === 2 ? 1 : 0), 0);
      const rowSums = Array.from({ length: 27 }, (_, i) => A.slice(i * 27, i * 27 + 27).reduce((s, v) => s + v, 0));
      expect(relErr(rowSums, Array.from({ length: 27 }, (_, c) => 2 * k[c] * boundaryFaces(c)))).toBeLessThan(1e-14);
      expect(A[1 * 27 + 0]).toBeCloseTo(-(k[0] + k[1]) / 2, 14);
    });

    it('draws the slice, and the script runs as a user runs it', () => {
      const png = PNG.sync.read(slicePng(result, 300));
      expect(png.width).toBeGreaterThan(200);
      ensureBuilt(['dist/examples/amg-inverse-problem.js']);
      const dir = mkdtempSync(join(tmpdir(), 'spsolve-amg-'));
      try {
        const run = runNode('dist/examples/amg-inverse-problem.js', ['--m', '10', '--steps', '2', join(dir, 'slice.png')], { cwd: dir });
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/step 2: J = /);
        expect(run.stdout).toMatch(/gradient check at cell \d+/);
        expect(PNG.sync.read(readFileSync(join(dir, 'slice.png'))).height).toBeGreaterThan(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
