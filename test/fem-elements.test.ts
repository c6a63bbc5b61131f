/**
 * Element shapes and element matrices against analytical integrals: closed-form small matrices
 * (P1 triangle and tetrahedron stiffness, P1/P2/Q1 mass), totals (mass = ρ·measure, loads =
 * value·measure), rigid-body modes in the null space (3 in 2-D, 6 in 3-D) and nothing else,
 * symmetry, patch tests (a linear field — a quadratic one for P2 — reproduced exactly by a
 * solve on a distorted mesh, with the boundary values prescribed by lifting), a traction patch
 * test (uniform stress from an edge load), and stress/flux recovery of uniform fields.
 */
import { cholesky } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import {
  Assembly,
  type ElementShape,
  Lifting,
  boundaryFacets,
  bodyForceLoad,
  diffusionStiffness,
  elasticStiffness,
  elasticityMatrix,
  elementCoords,
  elementFlux,
  elementStress,
  eliminateDofs,
  facetNodes,
  hexa8,
  line2,
  line3,
  massMatrix,
  nodalAverage,
  nodeDofs,
  planeStressQuadStiffness,
  quad4,
  restrictElementDofs,
  selectFacets,
  tetra4,
  tractionLoad,
  triangle3,
  triangle6,
  vectorDofs,
  vonMises,
} from '../lib/fem';
import { inverse, matvec, rng } from './helpers/dense';
import { type TestMesh, boxBoundaryNodes, jitteredBricks, jitteredQuads, jitteredTetrahedra, jitteredTriangles, toQuadraticTriangles } from './helpers/meshes';

const rand = rng(2026);

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

/** A random affine image of the reference element (plus, for Q1, a non-affine corner shift). */
function distorted(shape: ElementShape, nonAffine = 0): Float64Array {
  const dim = shape.dim;
  for (;;) {
    const A = Array.from({ length: dim * dim }, (_, k) => (k % (dim + 1) === 0 ? 1 : 0) + 0.4 * (rand() - 0.5));
    const b = Array.from({ length: dim }, () => rand());
    const X = new Float64Array(shape.nodes * dim);
    for (let a = 0; a < shape.nodes; a++) {
      for (let i = 0; i < dim; i++) {
        let s = b[i];
        for (let k = 0; k < dim; k++) s += A[i * dim + k] * shape.referenceNodes[a * dim + k];
        X[a * dim + i] = s + nonAffine * (rand() - 0.5);
      }
    }
    if (Math.abs(det(A, dim)) > 0.3) return X;
  }
}

function det(A: number[], dim: number): number {
  if (dim === 2) return A[0] * A[3] - A[1] * A[2];
  return A[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (A[3] * A[8] - A[5] * A[6]) + A[2] * (A[3] * A[7] - A[4] * A[6]);
}

/** Polygon area (shoelace) of the corners, in order. */
function polygonArea(X: ArrayLike<number>, corners: number[]): number {
  let s = 0;
  corners.forEach((a, k) => {
    const b = corners[(k + 1) % corners.length];
    s += X[2 * a] * X[2 * b + 1] - X[2 * b] * X[2 * a + 1];
  });
  return Math.abs(s) / 2;
}

function tetVolume(X: ArrayLike<number>): number {
  const v = (q: number) => [0, 1, 2].map((i) => X[3 * q + i] - X[i]);
  const [u, w, z] = [v(1), v(2), v(3)];
  return Math.abs(u[0] * (w[1] * z[2] - w[2] * z[1]) - u[1] * (w[0] * z[2] - w[2] * z[0]) + u[2] * (w[0] * z[1] - w[1] * z[0])) / 6;
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function asymmetry(K: Float64Array, n: number): number {
  let m = 0;
  for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) m = Math.max(m, Math.abs(K[a + b * n] - K[b + a * n]));
  return m / maxAbs(K);
}

/** Dense Cholesky of the rows/columns `keep`: true when every pivot is positive (relative to the diagonal). */
function positiveDefiniteOn(K: Float64Array, n: number, keep: number[]): boolean {
  const m = keep.length;
  const L = new Float64Array(m * m);
  for (let j = 0; j < m; j++) for (let i = 0; i < m; i++) L[i + j * m] = K[keep[i] + keep[j] * n];
  const scale = maxAbs(L);
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < j; k++) for (let i = j; i < m; i++) L[i + j * m] -= L[i + k * m] * L[j + k * m];
    if (!(L[j + j * m] > 1e-10 * scale)) return false;
    const p = Math.sqrt(L[j + j * m]);
    for (let i = j; i < m; i++) L[i + j * m] /= p;
  }
  return true;
}

/** Rigid-body modes at the nodes X (dim 2: 2 translations + rotation; dim 3: 3 + 3). */
function rigidModes(X: Float64Array, dim: number): Float64Array[] {
  const n = X.length / dim;
  const modes: Float64Array[] = [];
  for (let t = 0; t < dim; t++) modes.push(Float64Array.from({ length: n * dim }, (_, k) => (k % dim === t ? 1 : 0)));
  const rotations = dim === 2 ? [[0, 1]] : [[0, 1], [1, 2], [2, 0]];
  for (const [p, q] of rotations) {
    const r = new Float64Array(n * dim);
    for (let a = 0; a < n; a++) {
      r[a * dim + p] = -X[a * dim + q];
      r[a * dim + q] = X[a * dim + p];
    }
    modes.push(r);
  }
  return modes;
}

const SHAPES_2D = [triangle3, triangle6, quad4];
const SHAPES_3D = [tetra4, hexa8];
const nonAffineOf = (shape: ElementShape) => (shape === quad4 || shape === hexa8 ? 0.15 : 0);

describe('closed-form element matrices', () => {
  test('P1 triangle diffusion on the right triangle, and scaled by κ and thickness', () => {
    const K = diffusionStiffness(triangle3, [0, 0, 1, 0, 0, 1], { kappa: 3, thickness: 2 });
    const ref = [1, -0.5, -0.5, -0.5, 0.5, 0, -0.5, 0, 0.5].map((v) => 6 * v);
    expect(maxDiff(K, ref)).toBeLessThan(1e-14);
  });

  test('P1 triangle plane-strain elasticity equals t·A·BᵀDB with the textbook B', () => {
    const X = distorted(triangle3);
    const [E, nu, t] = [210, 0.28, 0.7];
    const K = elasticStiffness(triangle3, X, { E, nu, plane: 'strain', thickness: t });
    const [x1, y1, x2, y2, x3, y3] = X;
    const A2 = (x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1); // twice the signed area
    const b = [y2 - y3, y3 - y1, y1 - y2].map((v) => v / A2);
    const c = [x3 - x2, x1 - x3, x2 - x1].map((v) => v / A2);
    const B = [
      [b[0], 0, b[1], 0, b[2], 0],
      [0, c[0], 0, c[1], 0, c[2]],
      [c[0], b[0], c[1], b[1], c[2], b[2]],
    ];
    const f = E / ((1 + nu) * (1 - 2 * nu));
    const D = [
      [f * (1 - nu), f * nu, 0],
      [f * nu, f * (1 - nu), 0],
      [0, 0, (f * (1 - 2 * nu)) / 2],
    ];
    const area = Math.abs(A2) / 2;
    for (let a = 0; a < 6; a++) {
      for (let bb = 0; bb < 6; bb++) {
        let s = 0;
        for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) s += B[p][a] * D[p][q] * B[q][bb];
        expect(Math.abs(K[a + 6 * bb] - t * area * s)).toBeLessThan(1e-12 * maxAbs(K));
      }
    }
  });

  test('P1 tetrahedron diffusion equals κ·V·G Gᵀ, G the gradients from the inverse of [1 x y z]', () => {
    const X = distorted(tetra4);
    const kappa = 1.7;
    const K = diffusionStiffness(tetra4, X, { kappa });
    const C = new Float64Array(16); // column-major [1 x y z] rows per node
    for (let a = 0; a < 4; a++) {
      C[a] = 1;
      for (let i = 0; i < 3; i++) C[a + (i + 1) * 4] = X[3 * a + i];
    }
    const Cinv = inverse(C, 4); // row i+1 of Cinv: ∂N/∂xᵢ
    const V = tetVolume(X);
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        let s = 0;
        for (let i = 1; i < 4; i++) s += Cinv[i + a * 4] * Cinv[i + b * 4];
        expect(Math.abs(K[a + 4 * b] - kappa * V * s)).toBeLessThan(1e-12 * maxAbs(K));
      }
    }
  });

  test('Q1 on a rectangle equals the closed-form planeStressQuadStiffness', () => {
    const K = elasticStiffness(quad4, [1, 2, 4, 2, 4, 3.5, 1, 3.5], { E: 5, nu: 0.25, thickness: 0.3 });
    const ref = planeStressQuadStiffness({ E: 5, nu: 0.25, thickness: 0.3, width: 3, height: 1.5 });
    expect(maxDiff(K, ref)).toBeLessThan(1e-14 * maxAbs(ref));
  });

  test('consistent mass: P1 triangle A/12 (1 + δ), P1 tet V/20 (1 + δ), P2 triangle A/180 [...], Q1 rectangle wh/36 [...]', () => {
    const rho = 2.5;
    const T = distorted(triangle3);
    const A = polygonArea(T, [0, 1, 2]);
    const M1 = massMatrix(triangle3, T, { rho });
    M1.forEach((m, k) => expect(Math.abs(m - (rho * A * (k % 4 === 0 ? 2 : 1)) / 12)).toBeLessThan(1e-14));
    const Tet = distorted(tetra4);
    const V = tetVolume(Tet);
    massMatrix(tetra4, Tet, { rho }).forEach((m, k) => expect(Math.abs(m - (rho * V * (k % 5 === 0 ? 2 : 1)) / 20)).toBeLessThan(1e-14));
    const T6 = distorted(triangle6);
    const A6 = polygonArea(T6, [0, 1, 2]);
    const P2 = [
      [6, -1, -1, 0, -4, 0],
      [-1, 6, -1, 0, 0, -4],
      [-1, -1, 6, -4, 0, 0],
      [0, 0, -4, 32, 16, 16],
      [-4, 0, 0, 16, 32, 16],
      [0, -4, 0, 16, 16, 32],
    ];
    const M2 = massMatrix(triangle6, T6, { rho });
    for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) expect(Math.abs(M2[a + 6 * b] - (rho * A6 * P2[a][b]) / 180)).toBeLessThan(1e-13);
    const Q = [
      [4, 2, 1, 2],
      [2, 4, 2, 1],
      [1, 2, 4, 2],
      [2, 1, 2, 4],
    ];
    const MQ = massMatrix(quad4, [0, 0, 2, 0, 2, 0.5, 0, 0.5], { rho, components: 2, thickness: 3 });
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        const m = (rho * 3 * 1 * Q[a][b]) / 36;
        expect(Math.abs(MQ[2 * a + 8 * 2 * b] - m)).toBeLessThan(1e-14);
        expect(Math.abs(MQ[2 * a + 1 + 8 * (2 * b + 1)] - m)).toBeLessThan(1e-14);
        expect(MQ[2 * a + 8 * (2 * b + 1)]).toBe(0); // components do not couple
      }
    }
  });
});

describe.each([...SHAPES_2D, ...SHAPES_3D].map((shape) => [shape.name, shape] as const))('%s', (_name, shape) => {
  const dim = shape.dim;
  const X = distorted(shape, nonAffineOf(shape));
  const measure =
    shape === tetra4 ? tetVolume(X) : shape === hexa8 ? undefined : polygonArea(X, shape === quad4 ? [0, 1, 2, 3] : [0, 1, 2]);

  test('elastic stiffness: symmetric, rigid-body modes in its null space, positive definite once they are fixed', () => {
    const K = elasticStiffness(shape, X, { E: 3, nu: 0.3 });
    const nd = dim * shape.nodes;
    expect(asymmetry(K, nd)).toBeLessThan(1e-14);
    for (const mode of rigidModes(X, dim)) expect(maxAbs(matvec(K, nd, nd, mode)) / (maxAbs(K) * maxAbs(mode))).toBeLessThan(1e-13);
    // Fixing node 0 fully, node 1 but for one component, node 2 in one more (3-D) stops every rigid motion: no other null vector.
    const fixed = dim === 2 ? [0, 1, 3] : [0, 1, 2, 4, 5, 8];
    const keep = Array.from({ length: nd }, (_, k) => k).filter((k) => !fixed.includes(k));
    expect(positiveDefiniteOn(K, nd, keep)).toBe(true);
  });

  test('diffusion stiffness: symmetric, constants in its null space, and nothing else', () => {
    const K = diffusionStiffness(shape, X, { kappa: 0.4 });
    const n = shape.nodes;
    expect(asymmetry(K, n)).toBeLessThan(1e-14);
    expect(maxAbs(matvec(K, n, n, new Float64Array(n).fill(1))) / maxAbs(K)).toBeLessThan(1e-14);
    expect(positiveDefiniteOn(K, n, Array.from({ length: n - 1 }, (_, k) => k + 1))).toBe(true);
  });

  test('mass totals ρ·measure, body force totals b·measure, positive definite mass', () => {
    const M = massMatrix(shape, X, { rho: 1.5, components: dim });
    const total = M.reduce((a, b) => a + b, 0) / dim;
    const f = bodyForceLoad(shape, X, dim === 2 ? [2, -1] : [2, -1, 0.5]);
    const size = measure ?? total / 1.5; // the brick: the mass total is checked against the body-force total instead
    expect(Math.abs(total - 1.5 * size)).toBeLessThan(1e-13 * size);
    for (let c = 0; c < dim; c++) {
      const sum = f.filter((_, k) => k % dim === c).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - [2, -1, 0.5][c] * size)).toBeLessThan(1e-13 * size);
    }
    expect(positiveDefiniteOn(M, dim * shape.nodes, Array.from({ length: dim * shape.nodes }, (_, k) => k))).toBe(true);
  });

  test('recovery of a uniform strain and a uniform gradient at every node', () => {
    const A = Array.from({ length: dim * dim }, () => rand() - 0.5); // u = A x + b
    const u = new Float64Array(dim * shape.nodes);
    for (let a = 0; a < shape.nodes; a++) for (let i = 0; i < dim; i++) for (let k = 0; k < dim; k++) u[a * dim + i] += A[i * dim + k] * X[a * dim + k];
    const strain =
      dim === 2
        ? [A[0], A[3], A[1] + A[2]]
        : [A[0], A[4], A[8], A[5] + A[7], A[2] + A[6], A[1] + A[3]];
    const D = elasticityMatrix(dim as 2 | 3, { E: 7, nu: 0.2 });
    const m = strain.length;
    const expected = strain.map((_, p) => strain.reduce((s, e, r) => s + D[p * m + r] * e, 0));
    const stress = elementStress(shape, X, u, { E: 7, nu: 0.2 });
    for (let a = 0; a < shape.nodes; a++) expect(maxDiff(stress.subarray(a * m, (a + 1) * m), expected)).toBeLessThan(1e-12 * maxAbs(expected));
    const g = Array.from({ length: dim }, () => rand() - 0.5);
    const T = Array.from({ length: shape.nodes }, (_, a) => g.reduce((s, gi, i) => s + gi * X[a * dim + i], 1));
    const flux = elementFlux(shape, X, T, { kappa: 2 });
    for (let a = 0; a < shape.nodes; a++) expect(maxDiff(flux.subarray(a * dim, (a + 1) * dim), g.map((v) => -2 * v))).toBeLessThan(1e-12);
  });
});

test('the brick: volume of an affine brick, 8·|det A|, by its mass', () => {
  // A parallelepiped x = A ξ + b over [−1, 1]³ has volume 8 |det A|.
  const A = [1.1, 0.2, -0.1, 0.05, 0.9, 0.3, -0.2, 0.1, 1.2];
  const X = new Float64Array(24);
  for (let a = 0; a < 8; a++) for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) X[3 * a + i] += A[3 * i + k] * hexa8.referenceNodes[3 * a + k];
  const total = massMatrix(hexa8, X, { rho: 2 }).reduce((s, v) => s + v, 0);
  expect(Math.abs(total - 2 * 8 * Math.abs(det(A, 3)))).toBeLessThan(1e-13);
});

describe('boundary loads', () => {
  test('tractions total t·length on edges (line2, line3) and t·area on faces (triangle3, quad4)', () => {
    const edge = [0.5, 0.2, 1.7, 1.1];
    const length = Math.hypot(1.2, 0.9);
    const f2 = tractionLoad(line2, edge, [3, -2], { thickness: 0.5 });
    expect(maxDiff(f2, [3, -2, 3, -2].map((v) => (v * length * 0.5) / 2))).toBeLessThan(1e-14);
    // A P2 edge: 1/6, 1/6, 2/3 of the total (Simpson).
    const f3 = tractionLoad(line3, [...edge, 1.1, 0.65], [6]);
    expect(maxDiff(f3, [length, length, 4 * length])).toBeLessThan(1e-14);
    const tri = [0, 0, 0, 2, 0, 1, 0, 1, 3];
    const area = Math.hypot(...cross([2, 0, 1], [0, 1, 3])) / 2;
    const ft = tractionLoad(triangle3, tri, [1, 2, 3]);
    expect(maxDiff(ft, [1, 2, 3, 1, 2, 3, 1, 2, 3].map((v) => (v * area) / 3))).toBeLessThan(1e-14);
    const quadFace = [0, 0, 1, 2, 0, 1, 2, 3, 1, 0, 3, 1]; // a 2 x 3 rectangle in the plane z = 1
    const fq = tractionLoad(quad4, quadFace, [4]);
    expect(maxDiff(fq, [6, 6, 6, 6])).toBeLessThan(1e-14);
  });

  test('a load that is a function of x is integrated with it: ∫ x ds over an edge', () => {
    const f = tractionLoad(line2, [0, 0, 2, 0], (x) => [x[0]]);
    expect(maxDiff(f, [2 / 3, 4 / 3])).toBeLessThan(1e-14); // ∫₀² x (1 − x/2) dx, ∫₀² x · x/2 dx
  });
});

function cross(a: number[], b: number[]): number[] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/**
 * Solve with every boundary node prescribed to `exact` (lifting), no load: the discrete
 * solution must equal `exact` at every node when it lies in the element space.
 */
function patchError(shape: ElementShape, mesh: TestMesh, components: number, element: (X: Float64Array, Ke: Float64Array) => void, exact: (x: Float64Array) => number[]): number {
  const npe = mesh.nodesPerElement;
  const d = npe * components;
  const elementDofs = vectorDofs(mesh.elements, components);
  const boundary = facetNodes(boundaryFacets(shape, mesh.elements));
  const map = eliminateDofs(mesh.nNodes * components, nodeDofs(boundary, components));
  const assembly = new Assembly(map.nFree, restrictElementDofs(elementDofs, map), d);
  const X = new Float64Array(npe * mesh.dim);
  const fill = (e: number, Ke: Float64Array) => element(elementCoords(mesh.coords, mesh.dim, mesh.elements, npe, e, X), Ke);
  const u = new Float64Array(mesh.nNodes * components);
  for (let node = 0; node < mesh.nNodes; node++) u.set(exact(mesh.coords.subarray(node * mesh.dim, (node + 1) * mesh.dim)), node * components);
  const rhs = new Lifting(map, elementDofs, d).rhs(new Float64Array(map.nFree), fill, u);
  using factor = cholesky(assembly.assemble(fill));
  const solved = map.extend(factor.solve(rhs), u);
  return maxDiff(solved, u) / maxAbs(u);
}

describe('patch tests on distorted meshes (boundary values by lifting, interior solved)', () => {
  const meshes: [string, ElementShape, TestMesh][] = (
    [
    [triangle3, jitteredTriangles(6, 5, rand)],
    [triangle6, toQuadraticTriangles(jitteredTriangles(4, 4, rand))],
    [quad4, jitteredQuads(6, 5, rand)],
    [tetra4, jitteredTetrahedra([3, 3, 3], rand)],
    [hexa8, jitteredBricks([3, 3, 3], rand)],
    ] as const
  ).map(([shape, mesh]) => [shape.name, shape, mesh]);
  test.each(meshes)('%s: linear displacements (elasticity) and temperatures (diffusion) are exact', (_name, shape, mesh) => {
    const dim = mesh.dim;
    const A = Array.from({ length: dim * dim + dim }, () => rand() - 0.5);
    const linear = (x: Float64Array) => Array.from({ length: dim }, (_, i) => A[dim * dim + i] + x.reduce((s, xk, k) => s + A[i * dim + k] * xk, 0));
    const opts = dim === 2 ? { E: 2, nu: 0.3, plane: 'strain' as const } : { E: 2, nu: 0.3 };
    expect(patchError(shape, mesh, dim, (X, Ke) => elasticStiffness(shape, X, opts, Ke), linear)).toBeLessThan(1e-12);
    expect(patchError(shape, mesh, 1, (X, Ke) => diffusionStiffness(shape, X, { kappa: 3 }, Ke), (x) => [1 + linear(x)[0]])).toBeLessThan(1e-12);
  });

  test('triangle6: a quadratic harmonic temperature x² − y² + xy is exact', () => {
    const mesh = toQuadraticTriangles(jitteredTriangles(4, 3, rand));
    const err = patchError(triangle6, mesh, 1, (X, Ke) => diffusionStiffness(triangle6, X, {}, Ke), (x) => [x[0] ** 2 - x[1] ** 2 + x[0] * x[1] + 2]);
    expect(err).toBeLessThan(1e-12);
  });

  test('boundaryFacets finds exactly the nodes on the box', () => {
    for (const [, shape, mesh] of meshes) {
      const size = mesh.dim === 2 ? [1, 1] : [1, 1, 1];
      expect(Array.from(facetNodes(boundaryFacets(shape, mesh.elements)))).toEqual(boxBoundaryNodes(mesh, size));
    }
  });
});

test('traction patch test: a plate pulled on its right edge has the uniform plane-stress solution', () => {
  // u = s x / E, v = −ν s y / E: left edge u = 0, node (0, 0) also v = 0, traction (s, 0) on x = L.
  const [E, nu, s, L, H, t] = [4, 0.25, 3, 2, 1, 0.1];
  const mesh = jitteredQuads(5, 4, rand, [L, H]);
  const elementDofs = vectorDofs(mesh.elements, 2);
  const boundary = boundaryFacets(quad4, mesh.elements);
  const left = facetNodes(selectFacets(boundary, mesh.coords, 2, (c) => Math.abs(c[0]) < 1e-12));
  const right = selectFacets(boundary, mesh.coords, 2, (c) => Math.abs(c[0] - L) < 1e-12);
  expect(right.count).toBe(4);
  const map = eliminateDofs(2 * mesh.nNodes, [...nodeDofs(left, 2, [0]), 1]); // node 0 is (0, 0)
  const assembly = new Assembly(map.nFree, restrictElementDofs(elementDofs, map), 8);
  const X = new Float64Array(8);
  const K = assembly.assemble((e, Ke) => elasticStiffness(quad4, elementCoords(mesh.coords, 2, mesh.elements, 4, e, X), { E, nu, thickness: t }, Ke));
  const f = new Float64Array(2 * mesh.nNodes);
  for (let k = 0; k < right.count; k++) {
    const nodes = right.nodes.subarray(2 * k, 2 * k + 2);
    const fe = tractionLoad(line2, [...elementCoords(mesh.coords, 2, nodes, 2, 0)], [s, 0], { thickness: t });
    nodes.forEach((node, a) => ((f[2 * node] += fe[2 * a]), (f[2 * node + 1] += fe[2 * a + 1])));
  }
  using factor = cholesky(K);
  const u = map.extend(factor.solve(map.restrict(f)));
  for (let node = 0; node < mesh.nNodes; node++) {
    const [x, y] = mesh.coords.subarray(2 * node, 2 * node + 2);
    expect(Math.abs(u[2 * node] - (s * x) / E)).toBeLessThan(1e-12);
    expect(Math.abs(u[2 * node + 1] + (nu * s * y) / E)).toBeLessThan(1e-12);
  }
  // Recovered stresses, averaged at the nodes: σxx = s, the rest 0, at every node.
  const stresses = new Float64Array(mesh.nElements * 4 * 3);
  for (let e = 0; e < mesh.nElements; e++) {
    const ue = Float64Array.from(elementDofs.subarray(8 * e, 8 * e + 8), (g) => u[g]);
    stresses.set(elementStress(quad4, elementCoords(mesh.coords, 2, mesh.elements, 4, e), ue, { E, nu }), 12 * e);
  }
  const nodal = nodalAverage(mesh.nNodes, mesh.elements, 4, stresses, 3);
  for (let node = 0; node < mesh.nNodes; node++) expect(maxDiff(nodal.subarray(3 * node, 3 * node + 3), [s, 0, 0])).toBeLessThan(1e-11);
  expect(maxDiff(vonMises(nodal, 3), new Float64Array(mesh.nNodes).fill(s))).toBeLessThan(1e-11);
});

describe('vonMises and nodalAverage', () => {
  test('von Mises of uniaxial, pure shear and hydrostatic stress', () => {
    expect(maxDiff(vonMises([5, 0, 0, 0, 0, 2], 3), [5, 2 * Math.sqrt(3)])).toBeLessThan(1e-15);
    expect(maxDiff(vonMises([3, 3, 3, 0, 0, 0, 0, 0, -4, 0, 0, 0], 6), [0, 4])).toBeLessThan(1e-15);
  });

  test('nodalAverage of per-element values, and its length check', () => {
    expect(Array.from(nodalAverage(5, [0, 1, 2, 1, 3, 2], 3, [1, 3], 1))).toEqual([1, 2, 2, 3, 0]);
    expect(() => nodalAverage(4, [0, 1, 2], 3, [1, 2], 1)).toThrow(/^nodalAverage: values must have length 3 \(per element node\) or 1 \(per element\), got 2$/);
  });
});

describe('errors', () => {
  test('coordinates, degenerate elements and materials', () => {
    expect(() => diffusionStiffness(triangle3, [0, 0, 1, 0])).toThrow(/^diffusionStiffness: coords must have 6 entries \(3 triangle3 nodes x 2 coordinates\), got 4$/);
    expect(() => diffusionStiffness(triangle3, [0, 0, 1, 1, 2, 2])).toThrow(/diffusionStiffness: the triangle3 element is degenerate/);
    expect(() => elasticStiffness(tetra4, distorted(tetra4), { plane: 'strain' })).toThrow(/opts.plane applies to 2-D elements only/);
    expect(() => elasticStiffness(triangle3, [0, 0, 1, 0, 0, 1], { nu: 0.5 })).toThrow(/opts.nu must lie in \(-1, 0.5\), got 0.5/);
    expect(() => massMatrix(quad4, [0, 0, 1, 0, 1, 1, 0, 1], { density: 2 } as never)).toThrow(/massMatrix: opts/);
    expect(() => diffusionStiffness(triangle3, [0, 0, 1, 0, 0, 1], {}, new Float64Array(4))).toThrow(/out must be a Float64Array of length 9, got length 4/);
    expect(() => tractionLoad(line2, [0, 0, 1, 0], [Number.NaN])).toThrow(/load component 0 must be finite/);
    expect(() => bodyForceLoad(quad4, [0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0], [1])).toThrow(/coords must have 8 entries/);
    expect(() => diffusionStiffness({ nodes: 3 } as never, [0, 0, 1, 0, 0, 1])).toThrow(/^diffusionStiffness: shape must be an ElementShape/);
    expect(() => tractionLoad(tetra4, new Array(12).fill(0), [1])).toThrow(/tractionLoad: facet must be an edge or a face/);
    expect(() => elementCoords([0, 0, 1, 0], 2, [0, 1], 2, 1)).toThrow(/^elementCoords: e must be an integer in 0\.\.0, got 1$/);
    expect(() => elementCoords([0, 0, 1, 0], 2, [0, 5], 2, 0)).toThrow(/elementCoords: element 0 node 1 is 5/);
  });
});
