/**
 * The sparsity pattern of an assembled finite-element matrix and, for every entry of every
 * element matrix, the position in the CSC values it adds into. This is the one place that
 * sorts (each column's few rows, right after they are found); everything after is index arithmetic.
 *
 * Vector problems number a node's c unknowns consecutively (u, v, w of a node are dofs
 * g, g + 1, g + 2, as {@link vectorDofs} does), so the matrix is made of c x c blocks. When the
 * element dofs have that structure — every group of c local dofs is c consecutive global dofs,
 * or all eliminated, and a dof always holds the same place in its group — the pattern is
 * computed on the blocks (c² times fewer entries to visit) and expanded by arithmetic; otherwise
 * c = 1, the same code on single dofs.
 */
import type { Symmetry } from '../sparse';

export interface ScatterPattern {
  colPtr: Int32Array;
  rowIdx: Int32Array;
  /**
   * Without blocks (c = 1): scatter[e·d² + a + b·d] is the position in `values` that entry
   * (a, b) of element e's (column-major d x d) matrix adds into, or −1 when the entry is not
   * stored (an eliminated dof, or the triangle a symmetric storage leaves out).
   */
  scatter: Int32Array | undefined;
  /** With blocks (c > 1): the same map, c² times smaller; {@link expandScatter} makes `scatter` of it. */
  blocks: BlockMap | undefined;
}

/**
 * The scatter map on c x c blocks. Block (A, B) of element e (local dofs A·c … A·c + c − 1 by
 * B·c …) is node entry (I, J) = (starts[e·m + A], starts[e·m + B]); its entry (ca, cb) is stored
 * at colStart[J + cb] + rank[e·m² + A + B·m]·c + ca, where colStart[j] = colPtr[j] − cb for lower
 * storage (the diagonal block of a lower column starts at row J + cb), colPtr[j] otherwise; rank
 * −1 when the block is not stored, and in a diagonal block (I = J) only the stored triangle is.
 */
export interface BlockMap {
  c: number;
  /** Blocks per element. */
  m: number;
  /** nElements x m block starts (first dof of each block, −1 eliminated). */
  starts: Int32Array;
  /** nElements x m x m ranks (−1: not stored). */
  rank: Int32Array;
  /** colStart as above (length n). */
  colStart: Int32Array;
  /** 1 for lower storage (keep ca ≥ cb in diagonal blocks), −1 for upper (ca ≤ cb), 0 general. */
  sign: number;
}

/**
 * @param n            number of (free) dofs: the matrix is n x n
 * @param elementDofs  nElements x d global dofs, element by element; −1 marks an eliminated dof
 * @param d            dofs per element
 */
export function scatterPattern(n: number, elementDofs: Int32Array, d: number, symmetry: Symmetry): ScatterPattern {
  for (const c of [3, 2]) {
    if (d % c === 0 && d > c) {
      const place = blockPlaces(n, elementDofs, c);
      if (place !== undefined) return blockedPattern(n, elementDofs, d, c, place, symmetry);
    }
  }
  return blockedPattern(n, elementDofs, d, 1, new Int8Array(n), symmetry);
}

/**
 * place[g] = the place of dof g in its block of c (0 … c − 1), if every group of c local dofs is
 * c consecutive dofs (or all −1) and every dof keeps its place; undefined otherwise.
 */
function blockPlaces(n: number, elementDofs: Int32Array, c: number): Int8Array | undefined {
  const place = new Int8Array(n).fill(-1);
  for (let k = 0; k < elementDofs.length; k += c) {
    const g = elementDofs[k];
    for (let m = 0; m < c; m++) {
      const dof = elementDofs[k + m];
      if (g < 0) {
        if (dof !== -1) return undefined;
        continue;
      }
      if (dof !== g + m) return undefined;
      if (place[dof] === -1) place[dof] = m;
      else if (place[dof] !== m) return undefined;
    }
  }
  return place;
}

/**
 * The pattern on blocks: node J stands for dofs J … J + c − 1 (J the block's first dof). Node
 * columns, their sorted node rows and the node-level scatter map first (the only passes in
 * mesh order, with random access); then every dof column and the dof-level scatter map are
 * expanded from them by arithmetic, element after element.
 */
function blockedPattern(n: number, elementDofs: Int32Array, d: number, c: number, place: Int8Array, symmetry: Symmetry): ScatterPattern {
  const m = d / c; // blocks (nodes) per element
  const mm = m * m;
  const nElements = elementDofs.length / d;
  const starts = new Int32Array(nElements * m); // each element's block starts (−1: eliminated)
  for (let k = 0; k < starts.length; k++) starts[k] = elementDofs[k * c];

  // For each node J, the element slots (e, B) with starts[e·m + B] = J (a counting sort).
  const start = new Int32Array(n + 1);
  for (let k = 0; k < starts.length; k++) if (starts[k] >= 0) start[starts[k] + 1]++;
  for (let J = 0; J < n; J++) start[J + 1] += start[J];
  const slotBase = new Int32Array(start[n]); // e·m
  const slotB = new Int32Array(start[n]);
  {
    const next = start.slice(0, n);
    for (let base = 0; base < starts.length; base += m) {
      for (let B = 0; B < m; B++) {
        const J = starts[base + B];
        if (J < 0) continue;
        const t = next[J]++;
        slotBase[t] = base;
        slotB[t] = B;
      }
    }
  }

  // 1. Node column by node column: the distinct node rows (the nodes of the elements around J;
  // only I ≥ J for lower storage, I ≤ J for upper), sorted, then at once — the column's element
  // slots still in cache — the node-level scatter map: nodeScatter[e·m² + A + B·m] = position of
  // node entry (starts[e·m + A], J) in the node pattern (c = 1), or its rank within node column J
  // (c > 1); −1 where nothing is stored. Rows go into an upper bound per column, compacted after.
  const sign = symmetry === 'lower' ? 1 : symmetry === 'upper' ? -1 : 0;
  const marker = new Int32Array(n).fill(-1);
  const position = new Int32Array(n);
  const bounded = new Int32Array(start[n] * m);
  const nodePtr = new Int32Array(n + 1);
  const nodeScatter = new Int32Array(nElements * mm).fill(-1);
  for (let J = 0; J < n; J++) {
    const first = start[J] * m;
    let p = first;
    for (let t = start[J]; t < start[J + 1]; t++) {
      const base = slotBase[t];
      for (let A = 0; A < m; A++) {
        const I = starts[base + A];
        if (I >= 0 && I * sign >= J * sign && marker[I] !== J) {
          marker[I] = J;
          bounded[p++] = I;
        }
      }
    }
    sortRange(bounded, first, p);
    const offset = c === 1 ? nodePtr[J] : 0; // absolute positions for single dofs, ranks for blocks
    for (let q = first; q < p; q++) position[bounded[q]] = offset + q - first;
    for (let t = start[J]; t < start[J + 1]; t++) {
      const base = slotBase[t];
      const out = base * m + slotB[t] * m;
      for (let A = 0; A < m; A++) {
        const I = starts[base + A];
        if (I >= 0 && I * sign >= J * sign) nodeScatter[out + A] = position[I];
      }
    }
    nodePtr[J + 1] = nodePtr[J] + p - first;
  }
  // 2. Compacted.
  const nodeRows = new Int32Array(nodePtr[n]);
  for (let J = 0; J < n; J++) {
    const from = start[J] * m - nodePtr[J];
    for (let q = nodePtr[J]; q < nodePtr[J + 1]; q++) nodeRows[q] = bounded[from + q];
  }
  if (c === 1) return { colPtr: nodePtr, rowIdx: nodeRows, scatter: nodeScatter, blocks: undefined };

  // 3. Dof columns from node columns. Column J + cb of a block holds c rows per node row, but
  // of the diagonal block only rows ≥ J + cb (lower) or ≤ J + cb (upper).
  const colPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    const cb = place[j];
    let count = 0;
    if (cb >= 0) {
      const J = j - cb;
      count = (nodePtr[J + 1] - nodePtr[J]) * c - (sign > 0 ? cb : sign < 0 ? c - 1 - cb : 0);
    }
    colPtr[j + 1] = colPtr[j] + count;
  }
  const rowIdx = new Int32Array(colPtr[n]);
  for (let j = 0; j < n; j++) {
    const cb = place[j];
    if (cb < 0) continue;
    const J = j - cb;
    let p = colPtr[j];
    for (let q = nodePtr[J]; q < nodePtr[J + 1]; q++) {
      const I = nodeRows[q];
      const from = I === J && sign > 0 ? cb : 0;
      const to = I === J && sign < 0 ? cb : c - 1;
      for (let ca = from; ca <= to; ca++) rowIdx[p++] = I + ca;
    }
  }

  // 4. Where each dof column's rows start, for the block map (rank = nodeScatter).
  const rank = nodeScatter;
  const colStart = new Int32Array(n);
  for (let j = 0; j < n; j++) colStart[j] = colPtr[j] - (sign > 0 && place[j] > 0 ? place[j] : 0);
  return { colPtr, rowIdx, scatter: undefined, blocks: { c, m, starts, rank, colStart, sign } };
}

/** The entry-wise scatter map (nElements x d x d) of a block map. */
export function expandScatter(blocks: BlockMap, d: number): Int32Array {
  const { c, m, starts, rank, colStart, sign } = blocks;
  const nElements = starts.length / m;
  const dd = d * d;
  const scatter = new Int32Array(nElements * dd).fill(-1);
  for (let e = 0; e < nElements; e++) {
    for (let B = 0; B < m; B++) {
      const J = starts[e * m + B];
      if (J < 0) continue;
      for (let A = 0; A < m; A++) {
        const r = rank[e * m * m + A + B * m];
        if (r < 0) continue;
        const diagonal = starts[e * m + A] === J;
        for (let cb = 0; cb < c; cb++) {
          const pos = colStart[J + cb] + r * c;
          const out = e * dd + A * c + (B * c + cb) * d;
          for (let ca = 0; ca < c; ca++) if (!diagonal || ca * sign >= cb * sign) scatter[out + ca] = pos + ca;
        }
      }
    }
  }
  return scatter;
}

/**
 * Sorts a[from … to − 1] in place: insertion sort for the few rows of a typical column (hot in
 * cache, just written), the built-in sort for a long one (a node shared by very many elements).
 */
function sortRange(a: Int32Array, from: number, to: number): void {
  if (to - from > 32) {
    a.subarray(from, to).sort();
    return;
  }
  for (let k = from + 1; k < to; k++) {
    const x = a[k];
    let i = k - 1;
    while (i >= from && a[i] > x) {
      a[i + 1] = a[i];
      i--;
    }
    a[i + 1] = x;
  }
}
