/**
 * A 3-D linear-elasticity stiffness matrix for the benchmarks: a cantilever block of nx × ny × nz
 * trilinear bricks (8-node hexahedra, 2×2×2 Gauss), isotropic material, clamped at x = 0 (the
 * clamped dofs' rows and columns removed). Three dofs per node, x-fastest node numbering.
 */
import { CscMatrix } from '../../lib';

/** 24 × 24 element stiffness of an h × h × h brick (row-major). */
function brickStiffness(h: number, E: number, nu: number): Float64Array {
  const lambda = (E * nu) / ((1 + nu) * (1 - 2 * nu)), mu = E / (2 * (1 + nu));
  const D = [
    [lambda + 2 * mu, lambda, lambda, 0, 0, 0],
    [lambda, lambda + 2 * mu, lambda, 0, 0, 0],
    [lambda, lambda, lambda + 2 * mu, 0, 0, 0],
    [0, 0, 0, mu, 0, 0], [0, 0, 0, 0, mu, 0], [0, 0, 0, 0, 0, mu],
  ];
  const corners = [[-1, -1, -1], [1, -1, -1], [1, 1, -1], [-1, 1, -1], [-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1]];
  const g = 1 / Math.sqrt(3), detJ = (h / 2) ** 3;
  const K = new Float64Array(24 * 24);
  for (const [p, q, r] of corners.map(([a, b, c]) => [a * g, b * g, c * g])) {
    const B = Array.from({ length: 6 }, () => new Float64Array(24));
    corners.forEach(([a, b, c], node) => {
      const gx = (a * (1 + b * q) * (1 + c * r)) / 8 * (2 / h);
      const gy = (b * (1 + a * p) * (1 + c * r)) / 8 * (2 / h);
      const gz = (c * (1 + a * p) * (1 + b * q)) / 8 * (2 / h);
      const k = 3 * node;
      B[0][k] = gx; B[1][k + 1] = gy; B[2][k + 2] = gz;
      B[3][k] = gy; B[3][k + 1] = gx; B[4][k + 1] = gz; B[4][k + 2] = gy; B[5][k] = gz; B[5][k + 2] = gx;
    });
    for (let i = 0; i < 24; i++) for (let j = 0; j < 24; j++) {
      let s = 0;
      for (let m = 0; m < 6; m++) for (let l = 0; l < 6; l++) s += B[m][i] * D[m][l] * B[l][j];
      K[i * 24 + j] += s * detJ;
    }
  }
  return K;
}

/** Lower triangle of the clamped stiffness matrix; n = 3 · (nx) · (ny + 1) · (nz + 1). */
export function elasticity3d(nx: number, ny: number = nx, nz: number = ny): CscMatrix {
  const h = 1 / Math.max(nx, ny, nz);
  const Ke = brickStiffness(h, 1, 0.3);
  const node = (i: number, j: number, k: number) => i + (nx + 1) * (j + (ny + 1) * k);
  // free dof numbers: nodes with i = 0 are clamped
  const free = new Int32Array(3 * (nx + 1) * (ny + 1) * (nz + 1)).fill(-1);
  let n = 0;
  for (let k = 0; k <= nz; k++) for (let j = 0; j <= ny; j++) for (let i = 1; i <= nx; i++) {
    for (let d = 0; d < 3; d++) free[3 * node(i, j, k) + d] = n++;
  }
  const offsets = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]];
  const entries = nx * ny * nz * 300;
  const rows = new Int32Array(entries), cols = new Int32Array(entries), vals = new Float64Array(entries);
  let t = 0;
  const dofs = new Int32Array(24);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    offsets.forEach(([a, b, c], m) => { for (let d = 0; d < 3; d++) dofs[3 * m + d] = free[3 * node(i + a, j + b, k + c) + d]; });
    for (let p = 0; p < 24; p++) for (let q = 0; q < 24; q++) {
      const r = dofs[p], s = dofs[q];
      if (r < 0 || s < 0 || r < s) continue;
      rows[t] = r; cols[t] = s; vals[t++] = Ke[p * 24 + q];
    }
  }
  return CscMatrix.fromTriplets(n, n, rows.subarray(0, t), cols.subarray(0, t), vals.subarray(0, t), { symmetry: 'lower' });
}
