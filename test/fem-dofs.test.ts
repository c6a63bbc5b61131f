/**
 * Dirichlet conditions and DOF maps: DofMap.restrict / extend, restrictElementDofs on any
 * integer array-like, node-to-dof numbering, boundary extraction (counts on structured meshes,
 * orientation, selection by coordinates), and non-homogeneous conditions by lifting: the
 * solution against a dense solve of the full system with the prescribed rows replaced, and the
 * gradient with prescribed values against dense references and finite differences, with the
 * factor refactorised for every evaluation.
 */
import { linearSolveVjp } from '../lib/ad';
import { analyze, cholesky } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import {
  Assembly,
  DofMap,
  Lifting,
  boundaryFacets,
  diffusionStiffness,
  elementCoords,
  eliminateDofs,
  facetNodes,
  hexa8,
  nodeDofs,
  quad4,
  restrictElementDofs,
  selectFacets,
  tetra4,
  triangle3,
  triangle6,
  vectorDofs,
} from '../lib/fem';
import { SparseOperator } from '../lib/operators';
import { Cholesky, type CholmodState } from '../lib/solvers';
import { randomVector, relErr, rng, solveDense } from './helpers/dense';
import { jitteredBricks, jitteredQuads, jitteredTetrahedra, jitteredTriangles, toQuadraticTriangles } from './helpers/meshes';

const rand = rng(31);

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

describe('DofMap', () => {
  const map = eliminateDofs(6, [4, 1, 4]);

  test('free and fixed numbering', () => {
    expect([map.nDofs, map.nFree, Array.from(map.fixed), Array.from(map.free)]).toEqual([6, 4, [1, 4], [0, 2, 3, 5]]);
  });

  test('restrict and extend are inverse on the free dofs; prescribed per fixed dof or global', () => {
    const global = [10, 11, 12, 13, 14, 15];
    const free = map.restrict(global);
    expect(Array.from(free)).toEqual([10, 12, 13, 15]);
    expect(Array.from(map.extend(free))).toEqual([10, 0, 12, 13, 0, 15]);
    expect(Array.from(map.extend(free, [-1, -4]))).toEqual([10, -1, 12, 13, -4, 15]);
    expect(Array.from(map.extend(free, global))).toEqual(global);
    const out = new Float64Array(6);
    expect(map.extend(free, undefined, out)).toBe(out);
  });

  test('length errors name the expected lengths', () => {
    expect(() => map.restrict([1, 2, 3])).toThrow(/^DofMap.restrict: global must have length 6 \(nDofs\), got 3$/);
    expect(() => map.extend([1, 2])).toThrow(/^DofMap.extend: free must have length 4 \(nFree\), got 2$/);
    expect(() => map.extend([1, 2, 3, 4], [1, 2, 3])).toThrow(/^DofMap.extend: prescribed must have length 2 \(one per fixed dof\) or 6 \(a global vector\), got 3$/);
  });

  test('restrictElementDofs takes any integer array-like and checks it', () => {
    const expected = [0, -1, 1, 2, -1, 3];
    expect(Array.from(restrictElementDofs([0, 1, 2, 3, 4, 5], map))).toEqual(expected);
    expect(Array.from(restrictElementDofs(Uint16Array.of(0, 1, 2, 3, 4, 5), map))).toEqual(expected);
    expect(Array.from(restrictElementDofs(Float64Array.of(0, 1, 2, 3, 4, 5), map))).toEqual(expected);
    expect(Array.from(restrictElementDofs([-1, 5], map))).toEqual([-1, 3]);
    expect(() => restrictElementDofs([0, 6], map)).toThrow(/^restrictElementDofs: elementDofs\[1\] must be an integer in -1\.\.5, got 6$/);
    expect(() => restrictElementDofs([0.5], map)).toThrow(RangeError);
    expect(() => restrictElementDofs([0], { toFree: new Int32Array(1) } as never)).toThrow(/^restrictElementDofs: map must be a DofMap/);
    expect(() => eliminateDofs(3, 1 as never)).toThrow(/^eliminateDofs: fixed must be an iterable/);
    expect(() => new DofMap(Int32Array.of(0, 2))).toThrow(/^DofMap: toFree must number the free dofs 0, 1, 2 … in order/);
  });

  test('vectorDofs and nodeDofs number node n component c as n·components + c', () => {
    expect(Array.from(vectorDofs([3, 0, -1], 3))).toEqual([9, 10, 11, 0, 1, 2, -1, -1, -1]);
    expect(Array.from(nodeDofs([2, 5], 3, [2, 0]))).toEqual([8, 6, 17, 15]);
    expect(() => nodeDofs([1], 2, [2])).toThrow(/nodeDofs: which\[0\] must be an integer in 0\.\.1, got 2/);
    expect(() => vectorDofs([0], 0)).toThrow(RangeError);
  });
});

describe('boundary extraction', () => {
  test('counts on structured meshes: 2(nx + ny) edges, 6n² quad faces, 12n² triangle faces', () => {
    expect(boundaryFacets(triangle3, jitteredTriangles(5, 3, rand).elements).count).toBe(16);
    expect(boundaryFacets(quad4, jitteredQuads(4, 6, rand).elements).count).toBe(20);
    const p2 = boundaryFacets(triangle6, toQuadraticTriangles(jitteredTriangles(3, 2, rand)).elements);
    expect([p2.count, p2.shape.name, p2.nodes.length]).toEqual([10, 'line3', 30]);
    expect(boundaryFacets(hexa8, jitteredBricks([3, 3, 3], rand).elements).count).toBe(54);
    expect(boundaryFacets(tetra4, jitteredTetrahedra([2, 2, 2], rand).elements).count).toBe(48);
  });

  test('faces point outwards and predicates select by coordinates', () => {
    const size = [2, 1, 1];
    for (const [shape, mesh] of [
      [hexa8, jitteredBricks([4, 2, 2], rand, size)],
      [tetra4, jitteredTetrahedra([4, 2, 2], rand, size)],
    ] as const) {
      const all = boundaryFacets(shape, mesh.elements);
      const right = selectFacets(all, mesh.coords, 3, (c) => Math.abs(c[0] - 2) < 1e-12);
      expect(right.count).toBe(shape === hexa8 ? 4 : 8);
      // Outward on x = 2 means +x: the face's first corner-to-corner cross product.
      for (let k = 0; k < right.count; k++) {
        const v = (a: number) => [0, 1, 2].map((i) => mesh.coords[3 * right.nodes[k * right.shape.nodes + a] + i]);
        const [p, q, r] = [v(0), v(1), v(right.shape.corners - 1)];
        const n0 = (q[1] - p[1]) * (r[2] - p[2]) - (q[2] - p[2]) * (r[1] - p[1]);
        expect(n0).toBeGreaterThan(0);
        expect(mesh.elements[right.elements[k] * shape.nodes + shape.facets[right.local[k]][0]]).toBe(right.nodes[k * right.shape.nodes]);
      }
      // Every boundary node with x = 2 is on the selected faces.
      const onRight = Array.from({ length: mesh.nNodes }, (_, i) => i).filter((i) => Math.abs(mesh.coords[3 * i] - 2) < 1e-12);
      expect(Array.from(facetNodes(right))).toEqual(onRight);
    }
  });

  test('errors', () => {
    expect(() => boundaryFacets(triangle3, [0, 1])).toThrow(/^boundaryFacets: elementNodes has 2 entries, not a multiple of 3 \(triangle3\)$/);
    expect(() => boundaryFacets(triangle3, [0, 1, -2])).toThrow(RangeError);
    const b = boundaryFacets(triangle3, [0, 1, 2]);
    expect(() => selectFacets(b, [0, 0, 1, 0], 2, () => true)).toThrow(/selectFacets: node 2 has no coordinates/);
  });
});

describe('non-homogeneous Dirichlet conditions by lifting', () => {
  // Heat on a jittered triangle mesh of [0, 1]²: κₑ per element, a source, T = g(x) on the boundary.
  const mesh = jitteredTriangles(6, 5, rand);
  const boundary = facetNodes(boundaryFacets(triangle3, mesh.elements));
  const map = eliminateDofs(mesh.nNodes, boundary);
  const g = Float64Array.from({ length: mesh.nNodes }, (_, k) => 1 + Math.sin(3 * mesh.coords[2 * k]) + mesh.coords[2 * k + 1] ** 2);
  const prescribed = Float64Array.from(map.fixed, (node) => g[node]); // one per fixed dof
  const assembly = new Assembly(map.nFree, restrictElementDofs(mesh.elements, map), 3);
  const lifting = new Lifting(map, mesh.elements, 3);
  const unit = new Float64Array(mesh.nElements * 9); // κ = 1 element matrices
  for (let e = 0; e < mesh.nElements; e++) diffusionStiffness(triangle3, elementCoords(mesh.coords, 2, mesh.elements, 3, e), {}, unit.subarray(9 * e, 9 * e + 9));
  const source = map.restrict(new Float64Array(mesh.nNodes).fill(0.1));
  const kappa = randomVector(rand, mesh.nElements, 0.5, 2);
  const w = randomVector(rand, map.nFree);

  test('the solution equals a dense solve of the full system with the prescribed rows replaced by identity rows', () => {
    const rhs = lifting.rhs(source, unit, prescribed, kappa);
    using factor = cholesky(assembly.assemble((e, Ke) => Ke.set(unit.subarray(9 * e, 9 * e + 9).map((v) => kappa[e] * v))));
    const T = map.extend(factor.solve(rhs), prescribed);
    const n = mesh.nNodes;
    const A = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (let e = 0; e < mesh.nElements; e++) {
      for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) A[mesh.elements[3 * e + a] + n * mesh.elements[3 * e + c]] += kappa[e] * unit[9 * e + a + 3 * c];
    }
    map.free.forEach((node, f) => (b[node] = source[f]));
    for (const node of map.fixed) {
      for (let j = 0; j < n; j++) A[node + n * j] = node === j ? 1 : 0;
      b[node] = g[node];
    }
    expect(relErr(T, solveDense(A, n, b))).toBeLessThan(1e-12);
    // A global vector works as the prescribed values too, and a shared matrix with scales.
    expect(relErr(lifting.rhs(source, unit, g, kappa), rhs)).toBeLessThan(1e-15);
    expect(lifting.coupledElements).toBeGreaterThan(0);
    expect(lifting.coupledElements).toBeLessThan(mesh.nElements);
  });

  test('∂J/∂κₑ with prescribed values: Assembly.gatherScaled + Lifting.gatherScaled vs dense and finite differences, one analysis, refactor per evaluation', () => {
    const values = assembly.assembleScaled(unit, kappa);
    using factor = analyze(assembly.pattern.withValues(values));
    factor.refactor(values);
    const K = assembly.pattern.withValues(values);
    const state: CholmodState = { n: K.nrows, factor };
    const rhs = lifting.rhs(source, unit, prescribed, kappa);
    using vjp = linearSolveVjp(new SparseOperator(K, ['positiveSemidefinite']), rhs, new Cholesky(), { state });
    const { op, b: rhsBar } = vjp.pullback(w); // J = wᵀ T_free
    if (op.kind !== 'sparse') throw new Error('expected a values cotangent');
    const grad = assembly.gatherScaled(op.values, unit);
    const viaLifting = lifting.gatherScaled(rhsBar, unit, prescribed);
    grad.forEach((_, e) => (grad[e] += viaLifting[e]));

    // Dense reference: −λₑᵀ K̂ₑ Tₑ with λ = K_ff⁻¹ w extended by 0, T including the prescribed values.
    const Kd = new Float64Array(map.nFree * map.nFree);
    for (let j = 0; j < map.nFree; j++) for (let p = K.colPtr[j]; p < K.colPtr[j + 1]; p++) {
      Kd[K.rowIdx[p] + map.nFree * j] = K.values[p];
      Kd[j + map.nFree * K.rowIdx[p]] = K.values[p];
    }
    const lambda = map.extend(solveDense(Kd, map.nFree, w));
    const T = map.extend(solveDense(Kd, map.nFree, rhs), prescribed);
    const ref = new Float64Array(mesh.nElements);
    for (let e = 0; e < mesh.nElements; e++) {
      const nodes = mesh.elements.subarray(3 * e, 3 * e + 3);
      for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) ref[e] -= lambda[nodes[a]] * unit[9 * e + a + 3 * c] * T[nodes[c]];
    }
    expect(relErr(grad, ref)).toBeLessThan(1e-12);
    expect(viaLifting.some((v) => v !== 0)).toBe(true); // the lifting term matters here

    // Finite differences: reassemble, refactor (no new analysis), re-lift, solve.
    const J = (k: Float64Array) => {
      factor.refactor(assembly.assembleScaled(unit, k));
      return dot(w, factor.solve(lifting.rhs(source, unit, prescribed, k)));
    };
    const largest = Math.max(...ref.map(Math.abs));
    const h = 1e-5;
    const boundaryElement = Array.from({ length: mesh.nElements }, (_, e) => e).find((e) => viaLifting[e] !== 0) as number;
    for (const e of [boundaryElement, 7, mesh.nElements - 1]) {
      const bump = (s: number) => kappa.map((v, k) => (k === e ? v + s : v));
      expect(Math.abs(grad[e] - (J(bump(h)) - J(bump(-h))) / (2 * h)) / largest).toBeLessThan(1e-6);
    }
    const direction = randomVector(rand, mesh.nElements);
    const along = (s: number) => J(kappa.map((v, k) => v + s * direction[k]));
    const fd = (along(h) - along(-h)) / (2 * h);
    expect(Math.abs(dot(grad, direction) - fd) / Math.abs(fd)).toBeLessThan(1e-6);
  });

  test('errors', () => {
    expect(() => lifting.rhs(source, unit, [1, 2, 3])).toThrow(new RegExp(`^Lifting.rhs: prescribed must have length ${map.fixed.length} \\(one per fixed dof\\) or ${mesh.nNodes} \\(a global vector\\), got 3$`));
    expect(() => lifting.rhs(source, new Float64Array(10), prescribed)).toThrow(/^Lifting.rhs: matrices must have length 9 .* or \d+ .*, got 10$/);
    expect(() => new Lifting(map, [0, 1, mesh.nNodes], 3)).toThrow(/Lifting: elementDofs\[2\] must be an integer/);
  });
});
