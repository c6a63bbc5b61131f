/**
 * Per-element assembly and gather on random unstructured meshes: the three forms of element
 * matrices (shared, one per element, a fill callback) against triplet assembly
 * (CscMatrix.fromTriplets sums duplicates) and dense references; the per-element gather
 * ∂J/∂θₑ = −λₑᵀ (∂Kₑ/∂θₑ) uₑ against the same formula from dense solves (1e-12) and against
 * finite differences of J (1e-6), for element scales and for node positions (gatherEach).
 */
import { linearSolveVjp } from '../lib/ad';
import { cholesky } from '../lib/cholmod';
import { liveHandles } from '../lib/handles';
import { Assembly, elasticStiffness, elementCoords, eliminateDofs, nodeDofs, restrictElementDofs, triangle3, vectorDofs } from '../lib/fem';
import { SparseOperator } from '../lib/operators';
import { Cholesky, type CholmodState } from '../lib/solvers';
import { CscMatrix, type Symmetry } from '../lib/sparse';
import { denseOf, randomVector, relErr, rng, solveDense } from './helpers/dense';
import { type TestMesh, jitteredTriangles } from './helpers/meshes';

const rand = rng(7);

afterAll(() => {
  expect(liveHandles()).toBe(0);
});

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Σₑ Pₑ Kₑ Pₑᵀ by triplets, the kept triangle only. */
function tripletAssembly(n: number, dofs: Int32Array, d: number, blocks: Float64Array, symmetry: Symmetry): CscMatrix {
  const [rows, cols, values]: number[][] = [[], [], []];
  for (let e = 0; e < dofs.length / d; e++) {
    for (let b = 0; b < d; b++) {
      for (let a = 0; a < d; a++) {
        const [i, j] = [dofs[e * d + a], dofs[e * d + b]];
        if (i < 0 || j < 0 || (symmetry === 'lower' && i < j) || (symmetry === 'upper' && i > j)) continue;
        rows.push(i);
        cols.push(j);
        values.push(blocks[e * d * d + a + b * d]);
      }
    }
  }
  return CscMatrix.fromTriplets(n, n, rows, cols, values, { symmetry });
}

/** Assembles the blocks and expects the pattern and values of {@link tripletAssembly}. */
function expectTripletAssembly(n: number, dofs: Int32Array, d: number, blocks: Float64Array, symmetry: Symmetry) {
  const assembly = new Assembly(n, dofs, d, { symmetry });
  const ref = tripletAssembly(n, dofs, d, blocks, symmetry);
  const A = assembly.assemble(blocks);
  expect(Array.from(A.colPtr)).toEqual(Array.from(ref.colPtr));
  expect(Array.from(A.rowIdx)).toEqual(Array.from(ref.rowIdx));
  expect(relErr(A.values, ref.values)).toBeLessThan(1e-14);
  return { assembly, A };
}

/** A plane-stress plate on a jittered triangle mesh, clamped on x = 0, with per-element matrices. */
function plate(mesh: TestMesh) {
  const clamped = nodeDofs(
    Array.from({ length: mesh.nNodes }, (_, k) => k).filter((k) => mesh.coords[2 * k] === 0),
    2,
  );
  const map = eliminateDofs(2 * mesh.nNodes, clamped);
  const elementDofs = restrictElementDofs(vectorDofs(mesh.elements, 2), map);
  const X = new Float64Array(6);
  const unitStiffness = (coords: Float64Array, e: number, Ke: Float64Array) =>
    elasticStiffness(triangle3, elementCoords(coords, 2, mesh.elements, 3, e, X), { E: 1, nu: 0.3 }, Ke);
  const blocks = new Float64Array(mesh.nElements * 36);
  for (let e = 0; e < mesh.nElements; e++) unitStiffness(mesh.coords, e, blocks.subarray(36 * e, 36 * e + 36));
  const f = randomVector(rand, map.nFree);
  return { map, elementDofs, blocks, unitStiffness, f };
}

describe('per-element element matrices', () => {
  const mesh = jitteredTriangles(7, 5, rand);
  const { map, elementDofs, blocks } = plate(mesh);

  test.each(['lower', 'upper', 'general'] as const)('%s: array, callback and scaled forms equal triplet assembly', (symmetry) => {
    const assembly = new Assembly(map.nFree, elementDofs, 6, { symmetry });
    const ref = denseOf(tripletAssembly(map.nFree, elementDofs, 6, blocks, symmetry));
    expect(relErr(denseOf(assembly.assemble(blocks)), ref)).toBeLessThan(1e-14);
    const fill = (e: number, Ke: Float64Array) => Ke.set(blocks.subarray(36 * e, 36 * e + 36));
    expect(relErr(denseOf(assembly.assemble(fill)), ref)).toBeLessThan(1e-14);
    const scales = randomVector(rand, mesh.nElements, 0.5, 2);
    const scaled = blocks.map((v, t) => v * scales[Math.floor(t / 36)]);
    const refScaled = assembly.assembleValues(scaled);
    expect(relErr(assembly.assembleScaled(blocks, scales), refScaled)).toBeLessThan(1e-14);
    expect(relErr(assembly.assembleScaled(fill, scales), refScaled)).toBeLessThan(1e-14);
    // The shared form is still the shared form.
    const shared = blocks.subarray(0, 36).slice();
    const expanded = new Float64Array(blocks.length).map((_, t) => scales[Math.floor(t / 36)] * shared[t % 36]);
    expect(relErr(assembly.assembleScaled(shared, scales), assembly.assembleValues(expanded))).toBeLessThan(1e-14);
  });

  test('gatherScaled and gatherEach are the transposes of the per-element forms (dot-product test)', () => {
    const assembly = new Assembly(map.nFree, elementDofs, 6);
    const valuesBar = randomVector(rand, assembly.nnz);
    const scales = randomVector(rand, mesh.nElements);
    const lhs = dot(assembly.assembleScaled(blocks, scales), valuesBar);
    const byArray = assembly.gatherScaled(valuesBar, blocks);
    const byFill = assembly.gatherScaled(valuesBar, (e, Ke) => Ke.set(blocks.subarray(36 * e, 36 * e + 36)));
    expect(Math.abs(dot(scales, byArray) - lhs)).toBeLessThan(1e-12 * Math.abs(lhs));
    expect(relErr(byFill, byArray)).toBeLessThan(1e-15);
    const gathered = assembly.gather(valuesBar);
    const each = new Float64Array(gathered.length);
    assembly.gatherEach(valuesBar, (e, bar) => each.set(bar, 36 * e));
    expect(Array.from(each)).toEqual(Array.from(gathered));
  });

  test('a length that matches neither form is a RangeError naming both lengths', () => {
    const assembly = new Assembly(map.nFree, elementDofs, 6);
    const n = mesh.nElements;
    const wrong = new Float64Array(36 * n - 36);
    const message = `must have length 36 (one 6 x 6 matrix shared by all elements) or ${36 * n} (one per element, ${n} x 36), got ${36 * n - 36}`;
    expect(() => assembly.assembleValues(wrong)).toThrow(new RangeError(`Assembly: elementMatrices ${message}`));
    expect(() => assembly.assembleScaled(wrong, new Float64Array(n))).toThrow(new RangeError(`Assembly: Ke ${message}`));
    expect(() => assembly.gatherScaled(new Float64Array(assembly.nnz), wrong)).toThrow(new RangeError(`Assembly: Ke ${message}`));
    expect(() => assembly.assembleValues([1, 2] as never)).toThrow(TypeError);
    expect(() => assembly.gatherEach(new Float64Array(assembly.nnz), 3 as never)).toThrow(TypeError);
  });

  test('assembleVector adds element vectors into the free dofs, from an array or a callback', () => {
    const assembly = new Assembly(map.nFree, elementDofs, 6);
    const vectors = randomVector(rand, mesh.nElements * 6);
    const ref = new Float64Array(map.nFree);
    elementDofs.forEach((i, t) => i >= 0 && (ref[i] += vectors[t]));
    expect(relErr(assembly.assembleVector(vectors), ref)).toBeLessThan(1e-15);
    expect(relErr(assembly.assembleVector((e, fe) => fe.set(vectors.subarray(6 * e, 6 * e + 6))), ref)).toBeLessThan(1e-15);
    expect(() => assembly.assembleVector(new Float64Array(5))).toThrow(/^Assembly: vectors must have length/);
  });
});

describe('vector problems: the pattern on c x c blocks and its fallback', () => {
  // Node-by-node dofs (c = 2 or 3) are assembled on blocks; a node with only some components
  // eliminated, or dofs that are not node by node, fall back to single dofs. All must agree
  // with triplet assembly, in every storage, and the lazily built scatter map with the blocks.
  const mesh = jitteredTriangles(5, 4, rand);
  const cases: [string, Int32Array, number, number][] = [];
  for (const c of [2, 3]) {
    const whole = eliminateDofs(c * mesh.nNodes, nodeDofs([0, 7, 8], c));
    cases.push([`c = ${c}, whole nodes fixed`, restrictElementDofs(vectorDofs(mesh.elements, c), whole), whole.nFree, 3 * c]);
    const roller = eliminateDofs(c * mesh.nNodes, [...nodeDofs([0], c), c * 5 + 1]);
    cases.push([`c = ${c}, one component of a node fixed`, restrictElementDofs(vectorDofs(mesh.elements, c), roller), roller.nFree, 3 * c]);
  }
  // Component-major numbering (all u, then all v): consecutive pairs, but not node by node.
  const componentMajor = new Int32Array(mesh.nElements * 6);
  mesh.elements.forEach((node, k) => ((componentMajor[2 * k] = node), (componentMajor[2 * k + 1] = node + mesh.nNodes)));
  cases.push(['component-major numbering', componentMajor, 2 * mesh.nNodes, 6]);

  test.each(cases)('%s', (_name, dofs, n, d) => {
    const blocks = randomVector(rand, (dofs.length / d) * d * d);
    for (let e = 0; e < dofs.length / d; e++) {
      for (let b = 0; b < d; b++) for (let a = 0; a < b; a++) blocks[e * d * d + b + a * d] = blocks[e * d * d + a + b * d];
    }
    for (const symmetry of ['lower', 'upper', 'general'] as const) {
      const { assembly, A } = expectTripletAssembly(n, dofs, d, blocks, symmetry);
      // The scatter map read directly agrees with the block-wise assembly.
      const byScatter = new Float64Array(assembly.nnz);
      assembly.scatter.forEach((p, t) => p >= 0 && (byScatter[p] += blocks[t]));
      expect(relErr(byScatter, A.values)).toBeLessThan(1e-14);
      const valuesBar = randomVector(rand, assembly.nnz);
      const gathered = assembly.gather(valuesBar);
      const contracted = Float64Array.from({ length: dofs.length / d }, (_, e) => dot(gathered.subarray(e * d * d, (e + 1) * d * d), blocks.subarray(e * d * d, (e + 1) * d * d)));
      expect(relErr(assembly.gatherScaled(valuesBar, blocks), contracted)).toBeLessThan(1e-13);
    }
  });
});

describe('the pattern on arbitrary element dofs', () => {
  // Random elements over few dofs: repeated dofs within an element, eliminated dofs, dofs no
  // element has, and node-by-node numbering (blocks of 2 or 3) half of the time, so that both the
  // blocked and the single-dof passes of the addon's pattern (native/kernels/element_pattern.cc) run.
  test('equals triplet assembly for 300 random element sets, every symmetry', () => {
    const pick = (k: number) => Math.floor(rand() * k);
    for (let trial = 0; trial < 300; trial++) {
      const c = [1, 2, 3][pick(3)];
      const nodes = 1 + pick(8), m = 1 + pick(4), nElements = pick(12);
      const d = c * m, n = c * nodes + pick(3);
      const dofs = new Int32Array(nElements * d);
      for (let k = 0; k < nElements * m; k++) {
        const node = rand() < 0.15 ? -1 : pick(nodes);
        const blocked = trial % 2 === 0;
        for (let ca = 0; ca < c; ca++) dofs[k * c + ca] = node < 0 ? -1 : blocked ? c * node + ca : pick(n + 1) - 1;
      }
      const blocks = randomVector(rand, nElements * d * d);
      for (const symmetry of ['lower', 'upper', 'general'] as const) {
        expectTripletAssembly(n, dofs, d, blocks, symmetry);
      }
    }
  });
});

describe('per-element gradients on an unstructured mesh', () => {
  const mesh = jitteredTriangles(6, 4, rand, [2, 1]);
  const { map, elementDofs, blocks, unitStiffness, f } = plate(mesh);
  const assembly = new Assembly(map.nFree, elementDofs, 6);
  const E = randomVector(rand, mesh.nElements, 0.5, 2); // Kₑ = Eₑ K̂ₑ, K̂ₑ each element's own
  const w = randomVector(rand, map.nFree); // J = wᵀ u

  const J = (scales: Float64Array, coords = mesh.coords) => {
    const K = coords === mesh.coords ? assembly.assembleScaled(blocks, scales) : assembly.assembleScaled((e, Ke) => unitStiffness(coords, e, Ke), scales);
    using factor = cholesky(assembly.pattern.withValues(K));
    return dot(w, factor.solve(f));
  };

  function adjoint(): { valuesBar: Float64Array; u: Float64Array; lambda: Float64Array } {
    const K = assembly.pattern.withValues(assembly.assembleScaled(blocks, E));
    const factor = cholesky(K);
    const state: CholmodState = { n: K.nrows, factor };
    try {
      using vjp = linearSolveVjp(new SparseOperator(K, ['positiveSemidefinite']), f, new Cholesky(), { state });
      const { op, b } = vjp.pullback(w);
      if (op.kind !== 'sparse') throw new Error('expected a values cotangent');
      return { valuesBar: op.values, u: vjp.value, lambda: b };
    } finally {
      factor.dispose();
    }
  }

  test('∂J/∂Eₑ by gatherScaled equals −λₑᵀ K̂ₑ uₑ from dense solves (1e-12) and finite differences (1e-6)', () => {
    const { valuesBar } = adjoint();
    const grad = assembly.gatherScaled(valuesBar, blocks);
    // Dense reference: u = K⁻¹ f, λ = K⁻¹ w, then the element formula.
    const Kd = denseOf(assembly.pattern.withValues(assembly.assembleScaled(blocks, E)));
    const u = solveDense(Kd, map.nFree, f);
    const lambda = solveDense(Kd, map.nFree, w);
    const ref = new Float64Array(mesh.nElements);
    for (let e = 0; e < mesh.nElements; e++) {
      for (let a = 0; a < 6; a++) {
        for (let b = 0; b < 6; b++) {
          const [i, j] = [elementDofs[6 * e + a], elementDofs[6 * e + b]];
          if (i >= 0 && j >= 0) ref[e] -= lambda[i] * blocks[36 * e + a + 6 * b] * u[j];
        }
      }
    }
    expect(relErr(grad, ref)).toBeLessThan(1e-12);
    const largest = Math.max(...ref.map(Math.abs));
    for (const e of [0, 5, 17, mesh.nElements - 1]) {
      const h = 1e-5;
      const bump = (s: number) => E.map((v, k) => (k === e ? v + s : v));
      const fd = (J(bump(h)) - J(bump(-h))) / (2 * h);
      expect(Math.abs(grad[e] - fd) / largest).toBeLessThan(1e-6);
    }
  });

  test('∂J/∂x of every node by gatherEach and element-matrix derivatives equals finite differences of J', () => {
    const { valuesBar } = adjoint();
    // ∂J/∂x_node = Σₑ ⟨K̄ₑ, Eₑ ∂K̂ₑ/∂x_node⟩; ∂K̂ₑ/∂x by central differences of the element matrix.
    const grad = new Float64Array(mesh.coords.length);
    const X = new Float64Array(6);
    const plus = new Float64Array(36);
    const minus = new Float64Array(36);
    const h = 1e-6;
    assembly.gatherEach(valuesBar, (e, bar) => {
      elementCoords(mesh.coords, 2, mesh.elements, 3, e, X);
      for (let k = 0; k < 6; k++) {
        const x0 = X[k];
        X[k] = x0 + h;
        elasticStiffness(triangle3, X, { E: 1, nu: 0.3 }, plus);
        X[k] = x0 - h;
        elasticStiffness(triangle3, X, { E: 1, nu: 0.3 }, minus);
        X[k] = x0;
        let s = 0;
        for (let t = 0; t < 36; t++) s += bar[t] * (plus[t] - minus[t]);
        grad[2 * mesh.elements[3 * e + (k >> 1)] + (k & 1)] += (E[e] * s) / (2 * h);
      }
    });
    const largest = Math.max(...grad.map(Math.abs));
    const direction = randomVector(rand, mesh.coords.length);
    const hx = 1e-6;
    const fd = (J(E, mesh.coords.map((x, k) => x + hx * direction[k])) - J(E, mesh.coords.map((x, k) => x - hx * direction[k]))) / (2 * hx);
    expect(Math.abs(dot(grad, direction) - fd) / (largest * Math.sqrt(direction.length))).toBeLessThan(1e-6);
    const interior = Array.from({ length: mesh.nNodes }, (_, k) => k).find((k) => mesh.coords[2 * k] > 0.1 && mesh.coords[2 * k + 1] > 0.1) as number;
    const bumped = (s: number) => mesh.coords.map((x, k) => (k === 2 * interior ? x + s : x));
    const fdNode = (J(E, bumped(hx)) - J(E, bumped(-hx))) / (2 * hx);
    expect(Math.abs(grad[2 * interior] - fdNode) / largest).toBeLessThan(1e-6);
  });
});
