/**
 * The finite-element examples: the 2-D P1 Poisson matrix against the 5-point stencil it must
 * equal, the 3-D Q1 Poisson solution converging like h², the brick element's rigid-body modes
 * and patch test, the cantilever's tip deflection approaching beam theory, and each example
 * run as a user runs it.
 */
import { cholesky } from '../lib/cholmod';
import { CscMatrix, poisson2d } from '../lib/sparse';
import { beamTheoryDeflection, brickStiffness, cantilever, elasticityMatrix, tipDeflection } from '../examples/elasticity3d';
import { femPoisson2d } from '../examples/fem/poisson2d';
import { BoxMesh, elementCoordinates, GAUSS_POINTS, shapeGradients, shapeValues } from '../examples/fem/hex8';
import { exactSolution, femPoisson3d, nodalError, relativeResidual } from '../examples/poisson3d';
import { relErr, solveDense } from './helpers/dense';
import { ensureBuilt, runNode } from './helpers/spawn';

function solve(A: CscMatrix, b: Float64Array, opts?: Parameters<typeof cholesky>[1]): Float64Array {
  const factor = cholesky(A, opts);
  try {
    return factor.solve(b);
  } finally {
    factor.dispose();
  }
}

describe('2-D Poisson, P1 triangles', () => {
  test('on a uniform mesh the stiffness matrix is the 5-point Laplacian', () => {
    // The diagonal edges of the triangles couple their nodes with weight exactly 0: stored
    // entries that the stencil does not have, so compare values, not patterns.
    const { A } = femPoisson2d(12);
    const stencil = poisson2d(11);
    expect(A.nnz).toBeGreaterThan(stencil.nnz);
    expect(relErr(A.toDense(), stencil.toDense())).toBeLessThan(1e-14);
  });

  test('the solution matches a dense solve', () => {
    const { A, b } = femPoisson2d(9);
    expect(relErr(solve(A, b), solveDense(A.toDense(), A.nrows, b))).toBeLessThan(1e-12);
  });
});

describe('trilinear bricks', () => {
  const mesh = new BoxMesh(3, 2, 4, 1.5, 1, 2);
  const xyz = elementCoordinates(mesh, 7);

  test('shape functions: partition of unity, gradients exact on linear fields, volume', () => {
    let volume = 0;
    for (const point of GAUSS_POINTS) {
      const N = shapeValues(point);
      expect(N.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
      const { grad, detJ } = shapeGradients(xyz, point);
      volume += detJ;
      // u = 2x − 3y + 5z at the corners: its interpolated gradient is exact.
      const g = [0, 0, 0];
      for (let n = 0; n < 8; n++) {
        const u = 2 * xyz[3 * n] - 3 * xyz[3 * n + 1] + 5 * xyz[3 * n + 2];
        for (let r = 0; r < 3; r++) g[r] += grad[3 * n + r] * u;
      }
      expect(g[0]).toBeCloseTo(2, 12);
      expect(g[1]).toBeCloseTo(-3, 12);
      expect(g[2]).toBeCloseTo(5, 12);
    }
    expect(volume).toBeCloseTo((1.5 / 3) * (1 / 2) * (2 / 4), 14);
  });

  test('the mesh numbering round-trips', () => {
    for (let node = 0; node < mesh.nodeCount; node++) expect(mesh.node(...mesh.gridOf(node))).toBe(node);
    expect(new Set(mesh.elementNodes(5)).size).toBe(8);
    expect(() => new BoxMesh(0, 1, 1)).toThrow(RangeError);
  });

  test('the elastic brick has exactly the six rigid-body modes in its null space', () => {
    const Ke = brickStiffness(xyz, elasticityMatrix({ E: 200, nu: 0.25 }));
    const apply = (u: Float64Array) => Float64Array.from({ length: 24 }, (_, a) => u.reduce((s, v, c) => s + Ke[24 * a + c] * v, 0));
    const field = (f: (x: number, y: number, z: number) => number[]) => {
      const u = new Float64Array(24);
      for (let n = 0; n < 8; n++) u.set(f(xyz[3 * n], xyz[3 * n + 1], xyz[3 * n + 2]), 3 * n);
      return u;
    };
    const rigid = [
      field(() => [1, 0, 0]), field(() => [0, 1, 0]), field(() => [0, 0, 1]),
      field((x, y) => [-y, x, 0]), field((_x, y, z) => [0, -z, y]), field((x, _y, z) => [z, 0, -x]),
    ];
    const scale = Math.max(...Ke.map(Math.abs));
    for (const u of rigid) expect(Math.max(...apply(u).map(Math.abs))).toBeLessThan(1e-12 * scale);
    for (let a = 0; a < 24; a++) for (let c = 0; c < a; c++) expect(Ke[24 * a + c]).toBeCloseTo(Ke[24 * c + a], 10);
    // Uniform stretching stores energy: uᵀ K u = E_strain · volume > 0.
    const stretch = field((x) => [x, 0, 0]);
    expect(stretch.reduce((s, v, a) => s + v * apply(stretch)[a], 0)).toBeGreaterThan(0);
  });

  test('patch test: a uniaxial stress state is reproduced exactly', () => {
    // A bar pulled by a uniform traction σ at x = L, with symmetry supports (u = 0 on x = 0,
    // v = 0 on y = 0, w = 0 on z = 0): u = σx/E, v = −νσy/E, w = −νσz/E exactly.
    const E = 70, nu = 0.33, sigma = 2;
    const problem = cantilever(4, 2, 3, { length: 2, width: 1, height: 1.5, material: { E, nu }, load: 0 });
    // Rebuild with the symmetry supports instead of the clamp, through the public pieces.
    const { mesh } = problem;
    const dofOf = new Int32Array(3 * mesh.nodeCount).fill(-1);
    let count = 0;
    for (let node = 0; node < mesh.nodeCount; node++) {
      const grid = mesh.gridOf(node);
      for (let d = 0; d < 3; d++) if (grid[d] !== 0) dofOf[3 * node + d] = count++;
    }
    const rows: number[] = [], cols: number[] = [], vals: number[] = [];
    const D = elasticityMatrix({ E, nu });
    for (let e = 0; e < mesh.elementCount; e++) {
      const Ke = brickStiffness(elementCoordinates(mesh, e), D);
      const dofs = mesh.elementNodes(e).flatMap((n) => [3 * n, 3 * n + 1, 3 * n + 2].map((k) => dofOf[k]));
      for (let a = 0; a < 24; a++) for (let c = 0; c < 24; c++) {
        if (dofs[a] >= 0 && dofs[c] >= 0 && dofs[a] >= dofs[c]) { rows.push(dofs[a]); cols.push(dofs[c]); vals.push(Ke[24 * a + c]); }
      }
    }
    const K = CscMatrix.fromTriplets(count, count, rows, cols, vals, { symmetry: 'lower' });
    const f = new Float64Array(count);
    const cellForce = (sigma * 1 * 1.5) / (mesh.ny * mesh.nz);
    for (let k = 0; k < mesh.nz; k++) for (let j = 0; j < mesh.ny; j++) {
      for (const [dj, dk] of [[0, 0], [1, 0], [1, 1], [0, 1]]) f[dofOf[3 * mesh.node(mesh.nx, j + dj, k + dk)]] += cellForce / 4;
    }
    const u = solve(K, f);
    for (let node = 0; node < mesh.nodeCount; node++) {
      const [x, y, z] = mesh.coordinates(node);
      const exact = [(sigma * x) / E, (-nu * sigma * y) / E, (-nu * sigma * z) / E];
      for (let d = 0; d < 3; d++) if (dofOf[3 * node + d] >= 0) expect(u[dofOf[3 * node + d]]).toBeCloseTo(exact[d], 12);
    }
  });
});

describe('3-D Poisson, Q1 bricks', () => {
  test('the nodal error falls like h² and the residual is at rounding level', () => {
    const errors = [6, 12].map((n) => {
      const problem = femPoisson3d(n);
      const u = solve(problem.A, problem.b);
      expect(relativeResidual(problem.A, u, problem.b)).toBeLessThan(1e-13);
      return nodalError(problem, u);
    });
    expect(errors[0]).toBeLessThan(0.05);
    expect(errors[0] / errors[1]).toBeGreaterThan(3.5);
    expect(errors[0] / errors[1]).toBeLessThan(4.5);
  });

  test('matches a dense solve, and the exact solution vanishes on the boundary', () => {
    const problem = femPoisson3d(4);
    expect(problem.A.nrows).toBe(27);
    expect(relErr(solve(problem.A, problem.b), solveDense(problem.A.toDense(), 27, problem.b))).toBeLessThan(1e-12);
    expect(Math.abs(exactSolution(0, 0.3, 0.7))).toBeLessThan(1e-15);
  });
});

describe('3-D elasticity cantilever', () => {
  const deflections: number[] = [];
  let theory = 0;

  test.each([[10, 1, 1], [20, 2, 2], [40, 4, 4]])('%i × %i × %i bricks: solved to a small residual', (nx, ny, nz) => {
    const problem = cantilever(nx, ny, nz);
    expect(problem.K.nrows).toBe(3 * nx * (ny + 1) * (nz + 1));
    const u = solve(problem.K, problem.f);
    expect(relativeResidual(problem.K, u, problem.f)).toBeLessThan(1e-8);
    deflections.push(tipDeflection(problem, u));
    theory = beamTheoryDeflection(problem.options);
  });

  test('the tip deflection approaches Timoshenko beam theory from the stiff side', () => {
    expect(theory).toBeCloseTo(-4.0312, 4);
    for (const d of deflections) expect(d / theory).toBeLessThan(1.0);
    expect(deflections[1] / theory).toBeGreaterThan(deflections[0] / theory);
    expect(deflections[2] / theory).toBeGreaterThan(deflections[1] / theory);
    expect(deflections[2] / theory).toBeGreaterThan(0.94);
  });

  test('the answer does not depend on the ordering or the factorisation kind', () => {
    const problem = cantilever(20, 2, 2);
    const reference = solve(problem.K, problem.f);
    for (const opts of [{ ordering: 'metis' as const }, { ordering: 'natural' as const, mode: 'simplicial' as const }, { kind: 'LDLt' as const }]) {
      expect(relErr(solve(problem.K, problem.f, opts), reference)).toBeLessThan(1e-9);
    }
  });

  test('bad material constants are refused', () => {
    expect(() => elasticityMatrix({ E: 1, nu: 0.5 })).toThrow(RangeError);
    expect(() => elasticityMatrix({ E: -1, nu: 0.3 })).toThrow(RangeError);
  });
});

describe('the examples run with one command', () => {
  beforeAll(() => ensureBuilt(['dist/examples/poisson3d.js', 'dist/examples/elasticity3d.js', 'dist/examples/demo.js']));

  test('poisson3d prints the residual and the nodal error', () => {
    const run = runNode('dist/examples/poisson3d.js', ['8']);
    expect(run.status).toBe(0);
    expect(Number(/relative residual\s+(\S+)/.exec(run.stdout)![1])).toBeLessThan(1e-12);
    expect(Number(/max nodal error\s+(\S+)/.exec(run.stdout)![1])).toBeLessThan(0.03);
  });

  test('elasticity3d prints the tip deflection, beam theory and the residual', () => {
    const run = runNode('dist/examples/elasticity3d.js', ['20', '2', '2']);
    expect(run.status).toBe(0);
    const tip = Number(/tip deflection\s+(\S+)/.exec(run.stdout)![1]);
    expect(tip).toBeLessThan(-3);
    expect(run.stdout).toMatch(/beam theory \(Timoshenko\)\s+-4\.03120/);
    expect(Number(/relative residual\s+(\S+)/.exec(run.stdout)![1])).toBeLessThan(1e-8);
  });

  test('the 2-D demo runs', () => {
    const run = runNode('dist/examples/demo.js', ['40']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/relative residual/);
  });
});
