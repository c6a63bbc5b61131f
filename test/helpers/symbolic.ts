/**
 * A dense symbolic Cholesky, written here as the independent reference of etree() and of the
 * fill of an ordering: eliminate node after node on a boolean matrix, adding the fill.
 */
import type { CscMatrix } from '../../lib/sparse';

/** The boolean pattern (m × m, symmetric) of a symmetric A (either triangle or both stored), or of A Aᵀ. */
export function patternOf(A: CscMatrix, aat = false): boolean[][] {
  const m = A.nrows;
  const G = Array.from({ length: m }, () => new Array<boolean>(m).fill(false));
  for (let j = 0; j < A.ncols; j++) {
    const rows = Array.from(A.rowIdx.subarray(A.colPtr[j], A.colPtr[j + 1]));
    if (aat) {
      for (const i of rows) for (const k of rows) G[i][k] = true;
    } else {
      for (const i of rows) { G[i][j] = true; G[j][i] = true; }
    }
  }
  return G;
}

/** The elimination tree (−1 for roots) and column counts of L (diagonal included) for P G Pᵀ. */
export function symbolicElimination(G0: boolean[][], perm?: ArrayLike<number>): { parent: number[]; counts: number[] } {
  const n = G0.length;
  const p = perm ?? Array.from({ length: n }, (_, k) => k);
  const G = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => G0[p[i]][p[j]]));
  const parent: number[] = [], counts: number[] = [];
  for (let k = 0; k < n; k++) {
    const below: number[] = [];
    for (let i = k + 1; i < n; i++) if (G[i][k]) below.push(i);
    parent.push(below.length ? below[0] : -1);
    counts.push(1 + below.length);
    for (const i of below) for (const j of below) G[i][j] = true;
  }
  return { parent, counts };
}
