/**
 * The derivative examples: the topology optimisation must produce the known truss-like
 * cantilever with falling compliance, its pictures must show the computed densities, and the
 * GMRF log-likelihood gradient must match finite differences. The scripts are also run as a
 * user runs them (node dist/examples/...).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

import { liveHandles } from '../lib/handles';
import { GmrfModel, Theta, finiteDifferenceGradient, seededNormal } from '../examples/gp';
import { TopoptResult, densityPng, densitySvg, runTopopt } from '../examples/topopt';
import { ensureBuilt, runNode } from './helpers/spawn';

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

describe('topology optimisation of a cantilever (60 x 20)', () => {
  let result: TopoptResult;
  const rho = (ex: number, ey: number) => result.densities[ey + ex * result.nely];
  beforeAll(() => {
    result = runTopopt({ nelx: 60, nely: 20, maxIterations: 60 });
  });

  test('compliance falls from the first iterations on, to a fraction of the start', () => {
    const c = result.compliances;
    for (let k = 1; k <= 8; k++) expect(c[k]).toBeLessThan(c[k - 1]);
    expect(c.at(-1)!).toBeLessThan(0.25 * c[0]);
  });

  test('one analysis, one refactorisation per iteration, the volume at its bound', () => {
    expect(result.factorizations).toBe(result.compliances.length);
    const volume = result.densities.reduce((s, v) => s + v, 0) / result.densities.length;
    expect(Math.abs(volume - 0.5)).toBeLessThan(5e-3);
  });

  test('the design is the truss-like cantilever: mirror-symmetric, solid at the supports and the load, with holes', () => {
    const { nelx, nely } = result;
    let asymmetry = 0;
    for (let ex = 0; ex < nelx; ex++) for (let ey = 0; ey < nely; ey++) asymmetry = Math.max(asymmetry, Math.abs(rho(ex, ey) - rho(ex, nely - 1 - ey)));
    expect(asymmetry).toBeLessThan(1e-6); // the load sits on the axis of symmetry
    expect(rho(0, 0)).toBeGreaterThan(0.9); // chords start at the clamped corners
    expect(rho(0, nely - 1)).toBeGreaterThan(0.9);
    expect(rho(0, nely / 2)).toBeLessThan(0.1); // the neutral axis at the wall carries nothing
    expect(rho(nelx - 1, nely / 2)).toBeGreaterThan(0.9); // material under the load
    expect(enclosedHoles(result)).toBeGreaterThanOrEqual(3); // a truss, not a solid beam
  });

  test('the PNG and the SVG show the densities', () => {
    const scale = 6;
    const png = PNG.sync.read(densityPng(result, scale));
    expect([png.width, png.height]).toEqual([60 * scale, 20 * scale]);
    for (const [ex, ey] of [[0, 0], [10, 5], [59, 10], [30, 19]]) {
      const row = (result.nely - 1 - ey) * scale + 2; // image rows go downwards
      const pixel = png.data[(row * png.width + ex * scale + 2) * 4]; // pngjs decodes to RGBA
      expect(Math.abs(pixel - 255 * (1 - Math.min(1, Math.max(0, rho(ex, ey)))))).toBeLessThanOrEqual(0.5);
    }
    const svg = densitySvg(result);
    const drawn = new Map<string, number>();
    for (const m of svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="1" height="1" fill-opacity="([\d.]+)"\/>/g)) drawn.set(`${m[1]},${m[2]}`, Number(m[3]));
    for (let ex = 0; ex < result.nelx; ex++) {
      for (let ey = 0; ey < result.nely; ey++) {
        const opacity = drawn.get(`${ex},${result.nely - 1 - ey}`) ?? 0;
        expect(Math.abs(opacity - (rho(ex, ey) >= 0.01 ? Math.min(rho(ex, ey), 1) : 0))).toBeLessThanOrEqual(0.005);
      }
    }
  });
});

/** Void (ρ < 0.5) regions, 4-connected, that do not touch the edge of the domain. */
function enclosedHoles({ nelx, nely, densities }: TopoptResult): number {
  const seen = new Uint8Array(nelx * nely);
  let holes = 0;
  for (let start = 0; start < seen.length; start++) {
    if (seen[start] || densities[start] >= 0.5) continue;
    let touchesEdge = false;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const e = stack.pop()!;
      const [ex, ey] = [Math.floor(e / nely), e % nely];
      if (ex === 0 || ey === 0 || ex === nelx - 1 || ey === nely - 1) touchesEdge = true;
      for (const [nx, ny] of [[ex - 1, ey], [ex + 1, ey], [ex, ey - 1], [ex, ey + 1]]) {
        const k = ny + nx * nely;
        if (nx >= 0 && ny >= 0 && nx < nelx && ny < nely && !seen[k] && densities[k] < 0.5) {
          seen[k] = 1;
          stack.push(k);
        }
      }
    }
    if (!touchesEdge) holes++;
  }
  return holes;
}

describe('GMRF log-likelihood gradient', () => {
  test('equals central differences in every hyperparameter (rel. err ≤ 1e-6)', () => {
    using model = new GmrfModel(20);
    const y = model.simulate([Math.log(0.5), Math.log(2), Math.log(4)], seededNormal(3));
    for (const theta of [[Math.log(0.8), Math.log(1.5), Math.log(3)], [0, 0, 0]] as Theta[]) {
      const { gradient } = model.logLikelihood(theta, y);
      const fd = finiteDifferenceGradient(model, theta, y);
      gradient.forEach((g, i) => expect(Math.abs(g - fd[i]) / Math.abs(fd[i])).toBeLessThan(1e-6));
    }
  });

  test('the likelihood peaks near the true hyperparameters', () => {
    using model = new GmrfModel(40);
    const truth: Theta = [Math.log(0.5), Math.log(2), Math.log(4)];
    const y = model.simulate(truth, seededNormal(11));
    const atTruth = model.logLikelihood(truth, y).value;
    for (const offset of [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0], [0, -1, 0], [0, 0, -1]]) {
      expect(model.logLikelihood(truth.map((t, i) => t + offset[i]) as Theta, y).value).toBeLessThan(atTruth);
    }
  });
});

describe('the scripts, run as a user runs them', () => {
  beforeAll(() => ensureBuilt(['dist/examples/topopt.js', 'dist/examples/gp.js']));

  test('topopt prints compliance per iteration and writes the PNG and SVG where it is told, by default under out/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topopt-'));
    try {
      const run = runNode('dist/examples/topopt.js', [join(dir, 'beam.png'), '--nelx', '30', '--nely', '10', '--iterations', '6'], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout.match(/^it +\d+ +compliance +[\d.]+/gm)).toHaveLength(6);
      expect(readFileSync(join(dir, 'beam.png')).subarray(1, 4).toString()).toBe('PNG');
      expect(readFileSync(join(dir, 'beam.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 30 10"/);
      const nested = runNode('dist/examples/topopt.js', [join(dir, 'pictures', 'small.svg'), '--nelx', '12', '--nely', '4', '--iterations', '1'], { cwd: dir });
      expect(nested.status).toBe(0);
      expect(readdirSync(join(dir, 'pictures')).sort()).toEqual(['small.png', 'small.svg']); // its folder is created
      const defaults = runNode('dist/examples/topopt.js', ['--nelx', '12', '--nely', '4', '--iterations', '1'], { cwd: dir });
      expect(defaults.status).toBe(0);
      expect(defaults.stdout).toMatch(/wrote out\/topopt\.png and out\/topopt\.svg/);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(['topopt.png', 'topopt.svg']); // default names under out/
      expect(readdirSync(dir).sort()).toEqual(['beam.png', 'beam.svg', 'out', 'pictures']); // nothing else in the cwd
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('gp prints the adjoint gradient next to finite differences, agreeing', () => {
    const run = runNode('dist/examples/gp.js', ['--side', '24']);
    expect(run.status).toBe(0);
    const rows = [...run.stdout.matchAll(/^\| log [^|]+\| (\S+) \| (\S+) \| (\S+) \|$/gm)];
    expect(rows).toHaveLength(3);
    for (const [, adjoint, fd, rel] of rows) {
      expect(Number(rel)).toBeLessThan(1e-6);
      expect(Math.abs(Number(adjoint) - Number(fd)) / Math.abs(Number(fd))).toBeLessThan(1e-6);
    }
  });
});
