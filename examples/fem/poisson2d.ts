/**
 * Linear (P1) finite elements for −Δu = f on the unit square with u = 0 on the boundary: a
 * structured mesh of nx × ny squares, each cut into two triangles, assembled into the stiffness
 * matrix of the interior nodes (lower triangle stored).
 */
import { CscMatrix } from '../../lib';

export interface PoissonProblem {
  A: CscMatrix;
  b: Float64Array;
  /** Interior node k sits at grid point (ix, iy) = (k % (nx - 1) + 1, floor(k / (nx - 1)) + 1). */
  nx: number;
  ny: number;
}

export function femPoisson2d(nx: number, ny: number = nx, source: (x: number, y: number) => number = () => 1): PoissonProblem {
  const hx = 1 / nx, hy = 1 / ny;
  const mx = nx - 1; // interior nodes per row
  const unknown = (ix: number, iy: number) => (ix > 0 && ix < nx && iy > 0 && iy < ny ? (iy - 1) * mx + (ix - 1) : -1);
  const n = mx * (ny - 1);
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  const b = new Float64Array(n);
  const area = (hx * hy) / 2;
  // Each square has two triangles; a triangle's local stiffness is (1/(4 area)) · (gᵢ · gⱼ) with
  // gᵢ the rotated opposite edge, so the element matrix below is exact for P1.
  const addTriangle = (nodes: [number, number][]) => {
    const xy = nodes.map(([ix, iy]) => [ix * hx, iy * hy]);
    const grads = [0, 1, 2].map((i) => {
      const [a, c] = [xy[(i + 1) % 3], xy[(i + 2) % 3]];
      return [a[1] - c[1], c[0] - a[0]];
    });
    const cx = (xy[0][0] + xy[1][0] + xy[2][0]) / 3, cy = (xy[0][1] + xy[1][1] + xy[2][1]) / 3;
    const load = (source(cx, cy) * area) / 3;
    for (let i = 0; i < 3; i++) {
      const gi = unknown(...nodes[i]);
      if (gi < 0) continue;
      b[gi] += load;
      for (let j = 0; j < 3; j++) {
        const gj = unknown(...nodes[j]);
        if (gj < 0 || gi < gj) continue; // lower triangle only
        rows.push(gi);
        cols.push(gj);
        vals.push((grads[i][0] * grads[j][0] + grads[i][1] * grads[j][1]) / (4 * area));
      }
    }
  };
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      addTriangle([[ix, iy], [ix + 1, iy], [ix + 1, iy + 1]]);
      addTriangle([[ix, iy], [ix + 1, iy + 1], [ix, iy + 1]]);
    }
  }
  const A = CscMatrix.fromTriplets(n, n, rows, cols, vals, { symmetry: 'lower' });
  return { A, b, nx, ny };
}
