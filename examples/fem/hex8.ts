/**
 * Trilinear 8-node bricks (Q1 hexahedra) on a structured box mesh: the mesh numbering, the 2×2×2
 * Gauss rule and the shape-function gradients, shared by the 3-D Poisson and elasticity examples.
 */

/** Corners of the reference brick [-1, 1]³ in the usual order: bottom face counter-clockwise, then top. */
export const CORNERS: ReadonlyArray<readonly [number, number, number]> = [
  [-1, -1, -1], [1, -1, -1], [1, 1, -1], [-1, 1, -1],
  [-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1],
];

/** 2×2×2 Gauss points (all weights 1): exact for the stiffness of an affine (box) brick. */
export const GAUSS_POINTS: ReadonlyArray<readonly [number, number, number]> = CORNERS.map(
  ([a, b, c]) => [a / Math.sqrt(3), b / Math.sqrt(3), c / Math.sqrt(3)] as const,
);

/** A structured mesh of nx × ny × nz bricks on [0, lx] × [0, ly] × [0, lz]. */
export class BoxMesh {
  readonly nodeCount: number;
  readonly elementCount: number;

  constructor(
    readonly nx: number,
    readonly ny: number,
    readonly nz: number,
    readonly lx = 1,
    readonly ly = 1,
    readonly lz = 1,
  ) {
    for (const [name, v] of [['nx', nx], ['ny', ny], ['nz', nz]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
    }
    this.nodeCount = (nx + 1) * (ny + 1) * (nz + 1);
    this.elementCount = nx * ny * nz;
  }

  /** Node number of grid point (i, j, k), 0 ≤ i ≤ nx etc.; x varies fastest. */
  node(i: number, j: number, k: number): number {
    return i + (this.nx + 1) * (j + (this.ny + 1) * k);
  }

  /** Grid coordinates of a node. */
  gridOf(node: number): [number, number, number] {
    const i = node % (this.nx + 1);
    const rest = (node - i) / (this.nx + 1);
    const j = rest % (this.ny + 1);
    return [i, j, (rest - j) / (this.ny + 1)];
  }

  /** Physical coordinates of a node. */
  coordinates(node: number): [number, number, number] {
    const [i, j, k] = this.gridOf(node);
    return [(i * this.lx) / this.nx, (j * this.ly) / this.ny, (k * this.lz) / this.nz];
  }

  /** The 8 nodes of element e in CORNERS order. */
  elementNodes(e: number): number[] {
    const i = e % this.nx;
    const rest = (e - i) / this.nx;
    const j = rest % this.ny;
    const k = (rest - j) / this.ny;
    return CORNERS.map(([a, b, c]) => this.node(i + (a + 1) / 2, j + (b + 1) / 2, k + (c + 1) / 2));
  }
}

/** Values of the 8 shape functions at reference point ξ. */
export function shapeValues([x, y, z]: readonly number[]): Float64Array {
  return Float64Array.from(CORNERS, ([a, b, c]) => ((1 + a * x) * (1 + b * y) * (1 + c * z)) / 8);
}

/**
 * Physical gradients of the 8 shape functions at reference point ξ, for an element with corner
 * coordinates `xyz` (8 × 3, row-major), and the Jacobian determinant (the volume factor).
 */
export function shapeGradients(xyz: ArrayLike<number>, [x, y, z]: readonly number[]): { grad: Float64Array; detJ: number } {
  // Reference gradients dN/dξ, 8 × 3.
  const ref = new Float64Array(24);
  CORNERS.forEach(([a, b, c], n) => {
    ref[3 * n] = (a * (1 + b * y) * (1 + c * z)) / 8;
    ref[3 * n + 1] = (b * (1 + a * x) * (1 + c * z)) / 8;
    ref[3 * n + 2] = (c * (1 + a * x) * (1 + b * y)) / 8;
  });
  // J[r][s] = Σ_n dN_n/dξ_r · x_n,s
  const J = new Float64Array(9);
  for (let n = 0; n < 8; n++) {
    for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) J[3 * r + s] += ref[3 * n + r] * xyz[3 * n + s];
  }
  const detJ =
    J[0] * (J[4] * J[8] - J[5] * J[7]) - J[1] * (J[3] * J[8] - J[5] * J[6]) + J[2] * (J[3] * J[7] - J[4] * J[6]);
  if (!(detJ > 0)) throw new RangeError(`inverted or degenerate element (det J = ${detJ})`);
  // Inverse by cofactors; grad_n = J⁻¹ · dN_n/dξ.
  const inv = [
    J[4] * J[8] - J[5] * J[7], J[2] * J[7] - J[1] * J[8], J[1] * J[5] - J[2] * J[4],
    J[5] * J[6] - J[3] * J[8], J[0] * J[8] - J[2] * J[6], J[2] * J[3] - J[0] * J[5],
    J[3] * J[7] - J[4] * J[6], J[1] * J[6] - J[0] * J[7], J[0] * J[4] - J[1] * J[3],
  ].map((v) => v / detJ);
  const grad = new Float64Array(24);
  for (let n = 0; n < 8; n++) {
    for (let r = 0; r < 3; r++) {
      grad[3 * n + r] = inv[3 * r] * ref[3 * n] + inv[3 * r + 1] * ref[3 * n + 1] + inv[3 * r + 2] * ref[3 * n + 2];
    }
  }
  return { grad, detJ };
}

/** Corner coordinates (8 × 3, row-major) of element e. */
export function elementCoordinates(mesh: BoxMesh, e: number): Float64Array {
  const xyz = new Float64Array(24);
  mesh.elementNodes(e).forEach((node, n) => xyz.set(mesh.coordinates(node), 3 * n));
  return xyz;
}

/**
 * Collects the lower triangle of element matrices into triplet arrays sized up front (one
 * element's lower triangle times the element count), ready for CscMatrix.fromTriplets, which
 * sums the duplicates that shared nodes produce.
 */
export class LowerTriplets {
  rows: Int32Array;
  cols: Int32Array;
  values: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.rows = new Int32Array(capacity);
    this.cols = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Adds Ke (size m × m, row-major) for global unknowns `dofs` (−1 = eliminated), lower part only. */
  addElement(Ke: Float64Array, dofs: ArrayLike<number>): void {
    const m = dofs.length;
    for (let a = 0; a < m; a++) {
      const ga = dofs[a];
      if (ga < 0) continue;
      for (let b = 0; b < m; b++) {
        const gb = dofs[b];
        if (gb < 0 || gb > ga) continue;
        this.rows[this.length] = ga;
        this.cols[this.length] = gb;
        this.values[this.length++] = Ke[a * m + b];
      }
    }
  }

  /** The filled part of the arrays (views, no copy). */
  filled(): { rows: Int32Array; cols: Int32Array; values: Float64Array } {
    return {
      rows: this.rows.subarray(0, this.length),
      cols: this.cols.subarray(0, this.length),
      values: this.values.subarray(0, this.length),
    };
  }
}
