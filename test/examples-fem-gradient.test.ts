/**
 * examples/fem-gradient.ts, the worked example of docs/fem.md: the heat element against the
 * exact integrals of bilinear fields, the plate against its 1-D solution, and the adjoint
 * gradient (Assembly + eliminateDofs + CHOLMOD refactor + linearSolveVjp + gatherScaled)
 * against references built here from dense solves on a numbering written out by hand: the
 * element-wise adjoint formula and fourth-order central differences. The script is also run as
 * a user runs it, and the code shown in docs/fem.md must be the example's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as spsolve from '../lib';
import { cholesky } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { centralDifferences, heatPlate, probeGradient, relativeError, stripConductivity, type HeatPlate } from '../examples/fem-gradient';
import { quadConduction } from '../examples/fem/heat';
import { solveDense } from './helpers/dense';
import { REPO, ensureBuilt, runNode } from './helpers/spawn';

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

describe('the bilinear heat element', () => {
  test('reproduces ∫ ∇u · ∇v exactly for every pair of bilinear fields', () => {
    const [w, h] = [0.3, 0.7];
    const Ke = quadConduction(w, h);
    // Nodal values (counter-clockwise from (0, 0)) of 1, x, y and xy, and their exact integrals.
    const corners = [[0, 0], [w, 0], [w, h], [0, h]];
    const fields = [() => 1, (x: number) => x, (_: number, y: number) => y, (x: number, y: number) => x * y].map((f) => corners.map(([x, y]) => f(x, y)));
    const exact = [
      [0, 0, 0, 0],
      [0, w * h, 0, (w * h * h) / 2],
      [0, 0, w * h, (h * w * w) / 2],
      [0, (w * h * h) / 2, (h * w * w) / 2, (w * h ** 3 + h * w ** 3) / 3],
    ];
    for (let p = 0; p < 4; p++) {
      for (let q = 0; q < 4; q++) {
        let form = 0;
        for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) form += fields[p][a] * Ke[a + 4 * b] * fields[q][b];
        expect(Math.abs(form - exact[p][q])).toBeLessThan(1e-15);
      }
    }
  });

  test('refuses a degenerate rectangle', () => {
    expect(() => quadConduction(0, 1)).toThrow(RangeError);
  });
});

/**
 * The plate rebuilt from its definition: node (ix, iy) is ix·(nely + 1) + iy, the nodes with
 * ix = 0 are held at 0, so free number = node − (nely + 1). Dense, no Assembly, no CHOLMOD.
 */
function densePlate(nelx: number, nely: number) {
  const n = nelx * (nely + 1);
  const free = (ix: number, iy: number) => (ix === 0 ? -1 : ix * (nely + 1) + iy - (nely + 1));
  const [w, h] = [2 / nelx, 1 / nely];
  const Ke = quadConduction(w, h);
  const elementFree = (e: number) => {
    const [ex, ey] = [Math.floor(e / nely), e % nely];
    return [free(ex, ey), free(ex + 1, ey), free(ex + 1, ey + 1), free(ex, ey + 1)];
  };
  const load = new Float64Array(n);
  for (let e = 0; e < nelx * nely; e++) for (const i of elementFree(e)) if (i >= 0) load[i] += (w * h) / 4;
  const probe = free(nelx, Math.floor(nely / 2));
  const stiffness = (kappa: Float64Array) => {
    const K = new Float64Array(n * n);
    for (let e = 0; e < kappa.length; e++) {
      const dofs = elementFree(e);
      for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) if (dofs[a] >= 0 && dofs[b] >= 0) K[dofs[a] + n * dofs[b]] += kappa[e] * Ke[a + 4 * b];
    }
    return K;
  };
  const temperatures = (kappa: Float64Array) => solveDense(stiffness(kappa), n, load);
  /** ∂T_probe/∂κₑ = −λₑᵀ Ke Tₑ with λ = K⁻¹ e_probe (K is symmetric). */
  const adjointFormula = (kappa: Float64Array) => {
    const T = temperatures(kappa);
    const unit = new Float64Array(n);
    unit[probe] = 1;
    const lambda = solveDense(stiffness(kappa), n, unit);
    return kappa.map((_, e) => {
      const dofs = elementFree(e);
      let s = 0;
      for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) if (dofs[a] >= 0 && dofs[b] >= 0) s -= lambda[dofs[a]] * Ke[a + 4 * b] * T[dofs[b]];
      return s;
    });
  };
  const centralDifference = (kappa: Float64Array, e: number, step: number) => {
    const at = (offset: number) => {
      const shifted = kappa.slice();
      shifted[e] += offset;
      return temperatures(shifted)[probe];
    };
    const dk = step * kappa[e];
    return (8 * (at(dk) - at(-dk)) - (at(2 * dk) - at(-2 * dk))) / (12 * dk);
  };
  return { n, load, probe, temperatures, adjointFormula, centralDifference };
}

describe('the heat plate, from mesh to gradient', () => {
  const [nelx, nely] = [10, 6];
  let plate: HeatPlate;
  let dense: ReturnType<typeof densePlate>;
  let kappa: Float64Array;
  beforeAll(() => {
    plate = heatPlate(nelx, nely);
    dense = densePlate(nelx, nely);
    kappa = stripConductivity(plate);
  });

  test('the numbering, the load and the probe are the ones written out by hand', () => {
    expect(plate.assembly.n).toBe(dense.n);
    expect(plate.probe).toBe(dense.probe);
    expect(Array.from(plate.load)).toEqual(Array.from(dense.load));
    expect(kappa.filter((k) => k === 5).length).toBe(2 * nelx); // the strip: the two middle rows of 6
  });

  test('with κ = 1 the heat flows along x only: the probe sits at the 1-D exact value q L² / 2κ = 2', () => {
    const values = plate.assembly.assembleScaled(plate.Ke, new Float64Array(nelx * nely).fill(1));
    using factor = cholesky(plate.assembly.pattern.withValues(values));
    expect(Math.abs(factor.solve(plate.load)[plate.probe] - 2)).toBeLessThan(1e-12);
  });

  test('the adjoint gradient equals the element-wise formula and fourth-order central differences (rel. err ≤ 1e-6)', () => {
    // Factorise for κ = 1, then refactor for the strip: the gradient must be of the new values.
    const values = plate.assembly.assembleScaled(plate.Ke, new Float64Array(nelx * nely).fill(1));
    using factor = cholesky(plate.assembly.pattern.withValues(values));
    factor.refactor(plate.assembly.assembleScaled(plate.Ke, kappa, values));
    const { temperature, gradient } = probeGradient(plate, factor, values);

    expect(Math.abs(temperature - dense.temperatures(kappa)[dense.probe])).toBeLessThan(1e-13);
    expect(relativeError(gradient, dense.adjointFormula(kappa))).toBeLessThan(1e-12);
    const fd = kappa.map((_, e) => dense.centralDifference(kappa, e, 1e-2));
    expect(relativeError(gradient, fd)).toBeLessThan(1e-6);
    const largest = Math.max(...fd.map(Math.abs));
    fd.forEach((d, e) => {
      if (Math.abs(d) > 1e-2 * largest) expect(Math.abs(gradient[e] - d) / Math.abs(d)).toBeLessThan(1e-6);
    });
    // T is homogeneous of degree −1 in κ: Σ κₑ ∂T/∂κₑ = −T.
    expect(Math.abs(gradient.reduce((s, g, e) => s + kappa[e] * g, 0) + temperature)).toBeLessThan(1e-12 * temperature);
    // The factor was the caller's state: still alive, and still the factor of the strip.
    expect(factor.disposed).toBe(false);
    expect(factor.info.factorizations).toBe(2);
  });

  test("the example's own finite differences agree with the dense ones and leave the factor refactored for κ", () => {
    const values = plate.assembly.assembleScaled(plate.Ke, kappa);
    using factor = cholesky(plate.assembly.pattern.withValues(values));
    const fd = centralDifferences(plate, factor, kappa, [0, 7, 33]);
    for (const e of [0, 7, 33]) expect(Math.abs(fd[e] - dense.centralDifference(kappa, e, 1e-2))).toBeLessThan(1e-9 * Math.abs(fd[e]));
    expect(Number.isNaN(fd[1])).toBe(true); // elements not asked for are not computed
    expect(factor.info.factorizations).toBe(1 + 4 * 3 + 1);
    expect(Math.abs(factor.solve(plate.load)[plate.probe] - dense.temperatures(kappa)[dense.probe])).toBeLessThan(1e-13);
  });
});

describe('npm run example:fem-gradient', () => {
  beforeAll(() => ensureBuilt(['dist/examples/fem-gradient.js']));

  test('prints the gradient next to finite differences, agreeing, after one analysis', () => {
    const run = runNode('dist/examples/fem-gradient.js', ['16', '8']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/probe temperature, κ = 1 +2\.000000000/);
    const rows = [...run.stdout.matchAll(/^\| \(\d+, \d+\) \| (\S+) \| (\S+) \| (\S+) \|$/gm)];
    expect(rows).toHaveLength(4);
    for (const [, adjoint, fd, error] of rows) {
      expect(Number(error)).toBeLessThan(1e-6);
      expect(Math.abs(Number(adjoint) - Number(fd)) / Math.abs(Number(fd))).toBeLessThan(1e-6);
    }
    expect(Number(/max \|adjoint − FD\| \/ max \|FD\| +(\S+)/.exec(run.stdout)![1])).toBeLessThan(1e-6);
    expect(run.stdout).toMatch(new RegExp(`factorisations +${4 * 16 * 8 + 3} numeric after one analysis`));
  });
});

describe('docs/fem.md walks through the code that runs', () => {
  const doc = readFileSync(join(REPO, 'docs/fem.md'), 'utf8');
  const blocks = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const trimmed = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');

  // The walk-through of examples/fem-gradient.ts, then the chapter on real meshes, whose code comes from the mesh examples.
  const realMeshes = doc.indexOf('## Real meshes');
  const blocksIn = (text: string) => [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const sources: [string, string[], string[]][] = [
    ['the heat plate', blocksIn(doc.slice(0, realMeshes)), ['examples/fem-gradient.ts']],
    ['real meshes', blocksIn(doc.slice(realMeshes)), ['examples/fem/elastic.ts', 'examples/bracket3d.ts', 'examples/topopt-mesh.ts', 'examples/l-bracket.ts']],
  ];

  test.each(sources)('every code block of %s but the import is an excerpt of its examples', (_, sectionBlocks, files) => {
    expect(realMeshes).toBeGreaterThan(0);
    const source = files.map((file) => trimmed(readFileSync(join(REPO, file), 'utf8')).join('\n'));
    const excerpts = sectionBlocks.filter((block) => !block.startsWith('import '));
    expect(excerpts.length).toBeGreaterThanOrEqual(5);
    for (const excerpt of excerpts) expect(source.some((text) => text.includes(trimmed(excerpt).join('\n')))).toBe(true);
  });

  test('the imports name what the package exports', () => {
    const imports = blocks.filter((block) => block.startsWith('import '));
    expect(imports.length).toBe(2);
    for (const block of imports) {
      const names = /\{([^}]*)\}/.exec(block)![1].split(',').map((name) => name.trim()).filter((name) => name !== '');
      const values = names.filter((name) => !name.startsWith('type '));
      expect(values.length).toBeGreaterThan(5);
      for (const name of values) expect(Object.keys(spsolve)).toContain(name);
    }
  });
});
