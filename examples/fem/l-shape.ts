/**
 * An unstructured triangle mesh of the L-shaped domain [0, 1]² minus (0.5, 1] × (0.5, 1], made
 * with the npm mesher cdt2d (constrained Delaunay): points on the boundary every h = 1/n, inside
 * a grid of spacing h shaken by up to 0.3 h (seeded, so the mesh is the same every run), and the
 * boundary polygon kept as constraint edges. The re-entrant corner is at (0.5, 0.5).
 *
 * Physical groups (boundary edges as 2-node lines): 'left' (x = 0), 'bottom' (y = 0), 'right'
 * (x = 1), 'top' (y = 1, the upright arm's end), and 'domain' (all triangles).
 */
import cdt2d from 'cdt2d';

import { createMesh, type Mesh } from '../../lib/mesh';

/** The corners of the L, counter-clockwise from the origin. */
export const L_CORNERS: readonly (readonly [number, number])[] = [[0, 0], [1, 0], [1, 0.5], [0.5, 0.5], [0.5, 1], [0, 1]];

/** A small deterministic generator (the jitter must not change between runs). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The L meshed with about 1/n between points; n must be even (the corner lies on the grid). */
export function lShapeMesh(n: number, jitter = 0.3): Mesh {
  if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) throw new RangeError(`lShapeMesh: n must be an even integer >= 2, got ${n}`);
  const h = 1 / n;
  const points: [number, number][] = [];
  const edges: [number, number][] = [];
  // The boundary, corner to corner, every h.
  for (let c = 0; c < L_CORNERS.length; c++) {
    const [x0, y0] = L_CORNERS[c];
    const [x1, y1] = L_CORNERS[(c + 1) % L_CORNERS.length];
    const steps = Math.round(Math.hypot(x1 - x0, y1 - y0) / h);
    for (let k = 0; k < steps; k++) points.push([x0 + ((x1 - x0) * k) / steps, y0 + ((y1 - y0) * k) / steps]);
  }
  const nBoundary = points.length;
  for (let k = 0; k < nBoundary; k++) edges.push([k, (k + 1) % nBoundary]);
  // Inside: the grid points strictly inside the L, shaken.
  const rand = lcg(12345);
  for (let i = 1; i < n; i++) {
    for (let j = 1; j < n; j++) {
      const [x, y] = [i * h, j * h];
      if (x >= 0.5 && y >= 0.5) continue;
      const dx = (rand() - 0.5) * 2 * jitter * h;
      const dy = (rand() - 0.5) * 2 * jitter * h;
      points.push([x + dx, y + dy]);
    }
  }
  const triangles = cdt2d(points, edges, { exterior: false });
  // Counter-clockwise, as the elements expect.
  const connectivity = new Int32Array(3 * triangles.length);
  triangles.forEach(([a, b, c], t) => {
    const area = (points[b][0] - points[a][0]) * (points[c][1] - points[a][1]) - (points[c][0] - points[a][0]) * (points[b][1] - points[a][1]);
    connectivity.set(area > 0 ? [a, b, c] : [a, c, b], 3 * t);
  });
  const on = (k: number, test: (x: number, y: number) => boolean) => test(points[k][0], points[k][1]);
  const sides: Record<string, (x: number, y: number) => boolean> = {
    left: (x) => x === 0,
    bottom: (_, y) => y === 0,
    right: (x) => x === 1,
    top: (_, y) => y === 1,
  };
  const lines = edges.flat();
  const groups = Object.entries(sides).map(([name, test]) => ({
    name,
    cells: { line: edges.flatMap(([a, b], k) => (on(a, test) && on(b, test) ? [k] : [])) },
  }));
  return createMesh({
    dim: 2,
    points: points.flat(),
    cells: [{ type: 'line', connectivity: lines }, { type: 'triangle', connectivity }],
    groups: [...groups, { name: 'domain', cells: { triangle: Array.from({ length: triangles.length }, (_, t) => t) } }],
  });
}
