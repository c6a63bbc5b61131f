/**
 * FEM assembly on a fixed pattern against triplet assembly (CscMatrix.fromTriplets sums
 * duplicates), its transpose by the dot-product test, the plane-stress quad against the
 * published closed form and the patch test, and the compliance adjoint (assembly + CHOLMOD
 * + linearSolveVjp + gather) against finite differences.
 */
import { linearSolveVjp } from '../lib/ad';
import { cholesky } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { Assembly, eliminateDofs, planeStressQuadStiffness, quadGrid, restrictElementDofs } from '../lib/fem';
import { SparseOperator, positiveSemidefinite } from '../lib/operators';
import { Cholesky, CholmodState } from '../lib/solvers';
import { CscMatrix, Symmetry } from '../lib/sparse';
import { denseOf, matvec, randomVector, relErr, rng } from './helpers/dense';

const rand = rng(99);

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

/** A random "mesh": nElements elements of d distinct dofs out of n, some eliminated (−1). */
function randomMesh(n: number, nElements: number, d: number, eliminate = 0.1): Int32Array {
  const dofs = new Int32Array(nElements * d);
  for (let e = 0; e < nElements; e++) {
    const chosen = new Set<number>();
    while (chosen.size < d) chosen.add(Math.floor(rand() * n));
    [...chosen].forEach((dof, a) => (dofs[e * d + a] = rand() < eliminate ? -1 : dof));
  }
  return dofs;
}

/** nElements random d x d matrices, symmetric ones if asked. */
function randomElementMatrices(nElements: number, d: number, symmetric: boolean): Float64Array {
  const ke = randomVector(rand, nElements * d * d);
  if (symmetric) {
    for (let e = 0; e < nElements; e++) {
      for (let b = 0; b < d; b++) for (let a = 0; a < b; a++) ke[e * d * d + b + a * d] = ke[e * d * d + a + b * d];
    }
  }
  return ke;
}

/** The reference: every kept element entry as a triplet, duplicates summed by fromTriplets. */
function tripletAssembly(n: number, dofs: Int32Array, d: number, ke: Float64Array, symmetry: Symmetry): CscMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let e = 0; e < dofs.length / d; e++) {
    for (let b = 0; b < d; b++) {
      for (let a = 0; a < d; a++) {
        const i = dofs[e * d + a];
        const j = dofs[e * d + b];
        if (i < 0 || j < 0 || (symmetry === 'lower' && i < j) || (symmetry === 'upper' && i > j)) continue;
        rows.push(i);
        cols.push(j);
        values.push(ke[e * d * d + a + b * d]);
      }
    }
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, values, { symmetry });
}

describe('Assembly', () => {
  describe.each(['lower', 'upper', 'general'] as const)('%s storage', (symmetry) => {
    const n = 40;
    const d = 6;
    const dofs = randomMesh(n, 30, d);
    const assembly = new Assembly(n, dofs, d, { symmetry });
    const ke = randomElementMatrices(30, d, symmetry !== 'general');

    test('equals triplet assembly', () => {
      const A = assembly.assemble(ke);
      expect(A.symmetry).toBe(symmetry);
      const ref = tripletAssembly(n, dofs, d, ke, symmetry);
      expect(relErr(denseOf(A), denseOf(ref))).toBeLessThan(1e-15);
    });

    test('re-assembly reuses the pattern arrays and the output buffer', () => {
      const out = new Float64Array(assembly.nnz);
      const first = assembly.assembleValues(ke, out);
      const again = assembly.assembleValues(ke.map((v) => 2 * v), out);
      expect(again).toBe(out);
      expect(first).toBe(out);
      const A = assembly.assemble(ke);
      expect(A.colPtr).toBe(assembly.pattern.colPtr);
      expect(A.rowIdx).toBe(assembly.pattern.rowIdx);
      expect(relErr(out, A.values.map((v) => 2 * v))).toBeLessThan(1e-15);
    });

    test('gather is the transpose of assembly (dot-product test)', () => {
      const keAny = randomVector(rand, ke.length); // any element data: the map is linear
      const valuesBar = randomVector(rand, assembly.nnz);
      const lhs = dot(assembly.assembleValues(keAny), valuesBar);
      const rhs = dot(keAny, assembly.gather(valuesBar));
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.abs(lhs));
    });

    test('assembleScaled and gatherScaled agree with the element-wise forms', () => {
      const Ke = randomElementMatrices(1, d, symmetry !== 'general');
      const scales = randomVector(rand, 30, 0.5, 2);
      const expanded = new Float64Array(30 * d * d).map((_, t) => scales[Math.floor(t / (d * d))] * Ke[t % (d * d)]);
      expect(relErr(assembly.assembleScaled(Ke, scales), assembly.assembleValues(expanded))).toBeLessThan(1e-15);
      const valuesBar = randomVector(rand, assembly.nnz);
      const gathered = assembly.gather(valuesBar);
      const ref = scales.map((_, e) => dot(gathered.subarray(e * d * d, (e + 1) * d * d), Ke));
      expect(relErr(assembly.gatherScaled(valuesBar, Ke), ref)).toBeLessThan(1e-14);
    });
  });

  test('rejects malformed input with precise errors', () => {
    expect(() => new Assembly(4, [0, 1, 2], 2)).toThrow(/not a multiple of dofsPerElement = 2/);
    expect(() => new Assembly(4, [0, 4], 2)).toThrow(/^Assembly: elementDofs\[1\] must be an integer in -1\.\.3, got 4$/);
    expect(() => new Assembly(4, [0, 1.5], 2)).toThrow(RangeError);
    const a = new Assembly(4, [0, 1, 2, 3], 2);
    expect(() => a.assembleValues(new Float64Array(3))).toThrow(/^Assembly: elementMatrices must have length 4 \(one 2 x 2 matrix shared by all elements\) or 8 \(one per element, 2 x 4\), got 3$/);
    expect(() => new Assembly(2, [0, 1], 2).assembleValues(new Float64Array(3))).toThrow(/^Assembly: elementMatrices must have length 4, got 3$/);
    expect(() => a.gather(new Float64Array(1))).toThrow(/^Assembly: valuesBar must have length/);
  });
});

describe('plane-stress bilinear quad', () => {
  test('equals the closed form of the unit square element (Sigmund, top88) for E = 1, ν = 0.3', () => {
    const nu = 0.3;
    const k = [1 / 2 - nu / 6, 1 / 8 + nu / 8, -1 / 4 - nu / 12, -1 / 8 + (3 * nu) / 8, -1 / 4 + nu / 12, -1 / 8 - nu / 8, nu / 6, 1 / 8 - (3 * nu) / 8];
    const order = [
      [0, 1, 2, 3, 4, 5, 6, 7], [1, 0, 7, 6, 5, 4, 3, 2], [2, 7, 0, 5, 6, 3, 4, 1], [3, 6, 5, 0, 7, 2, 1, 4],
      [4, 5, 6, 7, 0, 1, 2, 3], [5, 4, 3, 2, 1, 0, 7, 6], [6, 3, 4, 1, 2, 7, 0, 5], [7, 2, 1, 4, 3, 6, 5, 0],
    ];
    const ref = new Float64Array(64);
    order.forEach((row, i) => row.forEach((idx, j) => (ref[i + 8 * j] = k[idx] / (1 - nu * nu))));
    expect(relErr(planeStressQuadStiffness({ nu }), ref)).toBeLessThan(1e-14);
  });

  test('passes the patch test: a uniform strain stores ½ εᵀ D ε · area · thickness', () => {
    const [E, nu, w, h, t] = [210, 0.25, 2, 0.5, 0.1];
    const ke = planeStressQuadStiffness({ E, nu, width: w, height: h, thickness: t });
    const [ex, ey, gxy] = [1e-3, -2e-3, 5e-4];
    const corners = [[0, 0], [w, 0], [w, h], [0, h]];
    // u = ex x + gxy/2 y, v = gxy/2 x + ey y
    const u = Float64Array.from(corners.flatMap(([x, y]) => [ex * x + (gxy / 2) * y, (gxy / 2) * x + ey * y]));
    const energy = 0.5 * dot(u, matvec(ke, 8, 8, u));
    const c = E / (1 - nu * nu);
    const density = 0.5 * (c * (ex * ex + 2 * nu * ex * ey + ey * ey) + ((c * (1 - nu)) / 2) * gxy * gxy);
    expect(Math.abs(energy - density * w * h * t) / energy).toBeLessThan(1e-13);
  });

  test('has exactly the three rigid-body modes in its null space', () => {
    const ke = planeStressQuadStiffness({ width: 1.5, height: 0.7 });
    const corners = [[0, 0], [1.5, 0], [1.5, 0.7], [0, 0.7]];
    const modes = [
      corners.flatMap(() => [1, 0]),
      corners.flatMap(() => [0, 1]),
      corners.flatMap(([x, y]) => [-y, x]),
    ];
    for (const mode of modes) expect(Math.max(...matvec(ke, 8, 8, Float64Array.from(mode)).map(Math.abs))).toBeLessThan(1e-14);
    // Fixing one node's two dofs and the other's v leaves a positive definite 5 x 5 block.
    const free = [2, 4, 5, 6, 7];
    const block = new Float64Array(25).map((_, t) => ke[free[t % 5] + 8 * free[Math.floor(t / 5)]]);
    expect(() => cholesky(CscMatrix.fromDense(5, 5, block)).dispose()).not.toThrow();
  });

  test('quadGrid numbers nodes column by column and elements counter-clockwise', () => {
    const grid = quadGrid(3, 2);
    expect([grid.nNodes, grid.nDofs, grid.elementDofs.length]).toEqual([12, 24, 48]);
    // element (ex = 1, ey = 1) is number 1 + 1·2 = 3; its corners are nodes (1,1), (2,1), (2,2), (1,2).
    const corners = [grid.node(1, 1), grid.node(2, 1), grid.node(2, 2), grid.node(1, 2)];
    expect(Array.from(grid.elementDofs.subarray(24, 32))).toEqual(corners.flatMap((nd) => [2 * nd, 2 * nd + 1]));
  });
});

describe('compliance adjoint: assembly + CHOLMOD + VJP + gather', () => {
  // A small cantilever: left edge clamped, a downward load at the right edge's mid-height.
  const [nelx, nely, penal] = [12, 6, 3];
  const grid = quadGrid(nelx, nely);
  const fixed: number[] = [];
  for (let iy = 0; iy <= nely; iy++) fixed.push(2 * grid.node(0, iy), 2 * grid.node(0, iy) + 1);
  const map = eliminateDofs(grid.nDofs, fixed);
  const assembly = new Assembly(map.nFree, restrictElementDofs(grid.elementDofs, map), 8);
  const Ke = planeStressQuadStiffness();
  const f = new Float64Array(map.nFree);
  f[map.toFree[2 * grid.node(nelx, nely / 2) + 1]] = -1;
  const densities = randomVector(rand, nelx * nely, 0.3, 1);

  function compliance(rho: Float64Array): number {
    const K = assembly.pattern.withValues(assembly.assembleScaled(Ke, rho.map((r) => r ** penal)));
    const factor = cholesky(K);
    try {
      return dot(f, factor.solve(f));
    } finally {
      factor.dispose();
    }
  }

  test('dc/dρ from the VJP equals central differences', () => {
    const K = assembly.pattern.withValues(assembly.assembleScaled(Ke, densities.map((r) => r ** penal)));
    const solver = new Cholesky();
    const op = new SparseOperator(K, [positiveSemidefinite]);
    const factor = cholesky(K);
    const state: CholmodState = { n: K.nrows, factor };
    using vjp = linearSolveVjp(op, f, solver, { state });
    const { op: cot } = vjp.pullback(f); // c = fᵀ u, so ū = f
    if (cot.kind !== 'sparse') throw new Error('expected a values cotangent');
    const dE = assembly.gatherScaled(cot.values, Ke);
    const grad = dE.map((g, e) => g * penal * densities[e] ** (penal - 1));
    expect(grad.every((g) => g < 0)).toBe(true); // adding material never increases compliance
    factor.dispose();
    const eps = 1e-5;
    // Entry by entry, relative to the largest sensitivity (a corner element's is ~1e-4 of it,
    // below what differences of a compliance ~1e3 resolve), and along a random direction.
    const largest = Math.max(...grad.map(Math.abs));
    for (const e of [0, 7, 30, nelx * nely - 1]) {
      const fd = (compliance(bump(densities, e, eps)) - compliance(bump(densities, e, -eps))) / (2 * eps);
      expect(Math.abs(grad[e] - fd) / largest).toBeLessThan(1e-6);
    }
    const direction = randomVector(rand, densities.length);
    const along = (s: number) => compliance(densities.map((r, e) => r + s * direction[e]));
    const fd = (along(eps) - along(-eps)) / (2 * eps);
    expect(Math.abs(dot(grad, direction) - fd) / Math.abs(fd)).toBeLessThan(1e-6);
  });
});

function bump(x: Float64Array, e: number, by: number): Float64Array {
  const y = x.slice();
  y[e] += by;
  return y;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
