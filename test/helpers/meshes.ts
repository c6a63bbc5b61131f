/**
 * Small unstructured meshes for the FEM tests: structured grids with their interior nodes
 * jittered at random and cells split along random diagonals (triangles), or into the six Kuhn
 * tetrahedra, so no two elements share a shape. Boundary nodes stay on the box's faces.
 */

export interface TestMesh {
  dim: 2 | 3;
  nNodes: number;
  /** nNodes x dim */
  coords: Float64Array;
  /** nElements x nodesPerElement */
  elements: Int32Array;
  nodesPerElement: number;
  nElements: number;
}

function jitteredGrid(counts: number[], size: number[], jitter: number, rand: () => number): Float64Array {
  const dim = counts.length;
  const nodesPer = counts.map((c) => c + 1);
  const nNodes = nodesPer.reduce((a, b) => a * b, 1);
  const coords = new Float64Array(nNodes * dim);
  for (let node = 0; node < nNodes; node++) {
    for (let k = 0, rest = node; k < dim; k++, rest = Math.floor(rest / nodesPer[k - 1])) {
      const i = rest % nodesPer[k];
      const h = size[k] / counts[k];
      const interior = i > 0 && i < counts[k];
      coords[node * dim + k] = i * h + (interior ? (rand() - 0.5) * 2 * jitter * h : 0);
    }
  }
  return coords;
}

/** Triangles (P1) on [0, Lx] x [0, Ly], counter-clockwise; node (i, j) is i + j·(nx + 1). */
export function jitteredTriangles(nx: number, ny: number, rand: () => number, size = [1, 1], jitter = 0.3): TestMesh {
  const coords = jitteredGrid([nx, ny], size, jitter, rand);
  const node = (i: number, j: number) => i + j * (nx + 1);
  const elements: number[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const [a, b, c, d] = [node(i, j), node(i + 1, j), node(i + 1, j + 1), node(i, j + 1)];
      if (rand() < 0.5) elements.push(a, b, c, a, c, d);
      else elements.push(a, b, d, b, c, d);
    }
  }
  return { dim: 2, nNodes: coords.length / 2, coords, elements: Int32Array.from(elements), nodesPerElement: 3, nElements: elements.length / 3 };
}

/** Quadrilaterals (Q1) on [0, Lx] x [0, Ly], counter-clockwise. */
export function jitteredQuads(nx: number, ny: number, rand: () => number, size = [1, 1], jitter = 0.25): TestMesh {
  const coords = jitteredGrid([nx, ny], size, jitter, rand);
  const node = (i: number, j: number) => i + j * (nx + 1);
  const elements: number[] = [];
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) elements.push(node(i, j), node(i + 1, j), node(i + 1, j + 1), node(i, j + 1));
  return { dim: 2, nNodes: coords.length / 2, coords, elements: Int32Array.from(elements), nodesPerElement: 4, nElements: elements.length / 4 };
}

/** P2 triangles from P1 ones: a node at the middle of every edge, numbered after the corners. */
export function toQuadraticTriangles(mesh: TestMesh): TestMesh {
  const coords = Array.from(mesh.coords);
  const midpoints = new Map<string, number>();
  const elements: number[] = [];
  const mid = (a: number, b: number) => {
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let m = midpoints.get(key);
    if (m === undefined) {
      m = coords.length / 2;
      coords.push((coords[2 * a] + coords[2 * b]) / 2, (coords[2 * a + 1] + coords[2 * b + 1]) / 2);
      midpoints.set(key, m);
    }
    return m;
  };
  for (let e = 0; e < mesh.nElements; e++) {
    const [a, b, c] = mesh.elements.subarray(3 * e, 3 * e + 3);
    elements.push(a, b, c, mid(a, b), mid(b, c), mid(c, a));
  }
  return { dim: 2, nNodes: coords.length / 2, coords: Float64Array.from(coords), elements: Int32Array.from(elements), nodesPerElement: 6, nElements: mesh.nElements };
}

/** Bricks (Q1) on a box, Gmsh/VTK node order. */
export function jitteredBricks(n: number[], rand: () => number, size = [1, 1, 1], jitter = 0.2): TestMesh {
  const coords = jitteredGrid(n, size, jitter, rand);
  const node = (i: number, j: number, k: number) => i + (n[0] + 1) * (j + (n[1] + 1) * k);
  const elements: number[] = [];
  for (let k = 0; k < n[2]; k++) {
    for (let j = 0; j < n[1]; j++) {
      for (let i = 0; i < n[0]; i++) {
        for (const dk of [0, 1]) elements.push(node(i, j, k + dk), node(i + 1, j, k + dk), node(i + 1, j + 1, k + dk), node(i, j + 1, k + dk));
      }
    }
  }
  return { dim: 3, nNodes: coords.length / 3, coords, elements: Int32Array.from(elements), nodesPerElement: 8, nElements: elements.length / 8 };
}

/** Tetrahedra: every cell of a jittered box grid split into the six Kuhn tetrahedra, positively oriented. */
export function jitteredTetrahedra(n: number[], rand: () => number, size = [1, 1, 1], jitter = 0.2): TestMesh {
  const coords = jitteredGrid(n, size, jitter, rand);
  const node = (i: number, j: number, k: number) => i + (n[0] + 1) * (j + (n[1] + 1) * k);
  const perms = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ];
  const elements: number[] = [];
  for (let k = 0; k < n[2]; k++) {
    for (let j = 0; j < n[1]; j++) {
      for (let i = 0; i < n[0]; i++) {
        for (const p of perms) {
          const corner = [0, 0, 0];
          const tet = [node(i, j, k)];
          for (const axis of p) {
            corner[axis] = 1;
            tet.push(node(i + corner[0], j + corner[1], k + corner[2]));
          }
          if (signedVolume(coords, tet) < 0) [tet[2], tet[3]] = [tet[3], tet[2]];
          elements.push(...tet);
        }
      }
    }
  }
  return { dim: 3, nNodes: coords.length / 3, coords, elements: Int32Array.from(elements), nodesPerElement: 4, nElements: elements.length / 4 };
}

function signedVolume(X: Float64Array, [a, b, c, d]: number[]): number {
  const v = (p: number, q: number) => [0, 1, 2].map((i) => X[3 * q + i] - X[3 * p + i]);
  const [u, w, z] = [v(a, b), v(a, c), v(a, d)];
  return (u[0] * (w[1] * z[2] - w[2] * z[1]) - u[1] * (w[0] * z[2] - w[2] * z[0]) + u[2] * (w[0] * z[1] - w[1] * z[0])) / 6;
}

/** The nodes on the box's boundary (a coordinate at 0 or at its size). */
export function boxBoundaryNodes(mesh: TestMesh, size: number[]): number[] {
  const nodes: number[] = [];
  for (let node = 0; node < mesh.nNodes; node++) {
    let on = false;
    for (let k = 0; k < mesh.dim; k++) {
      const x = mesh.coords[node * mesh.dim + k];
      if (Math.abs(x) < 1e-12 || Math.abs(x - size[k]) < 1e-12) on = true;
    }
    if (on) nodes.push(node);
  }
  return nodes;
}
