/**
 * The sparsity pattern of an assembled finite-element matrix and, for every entry of every
 * element matrix, the position in the CSC values it adds into. The passes that build it follow
 * the mesh's element-node adjacency (random access, bound by memory latency) and run in the
 * addon (native/kernels/element_pattern.cc: twice as fast as the same passes here); each column's
 * few rows are sorted right after they are found, and everything after is index arithmetic.
 *
 * Vector problems number a node's c unknowns consecutively (u, v, w of a node are dofs
 * g, g + 1, g + 2, as {@link vectorDofs} does), so the matrix is made of c x c blocks. When the
 * element dofs have that structure — every group of c local dofs is c consecutive global dofs,
 * or all eliminated, and a dof always holds the same place in its group — the pattern is
 * computed on the blocks (c² times fewer entries to visit) and expanded by arithmetic; otherwise
 * c = 1, the same code on single dofs.
 */
import { native } from '../native';
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
  const sign = symmetry === 'lower' ? 1 : symmetry === 'upper' ? -1 : 0;
  const p = native().elementPattern({ n, elementDofs, dofsPerElement: d, sign });
  // The addon's buffers, viewed by this realm's Int32Array (no copy).
  const colPtr = new Int32Array(p.colPtr);
  const rowIdx = new Int32Array(p.rowIdx);
  const map = new Int32Array(p.map);
  if (p.c === 1) return { colPtr, rowIdx, scatter: map, blocks: undefined };
  const starts = new Int32Array(p.starts as ArrayBuffer);
  const colStart = new Int32Array(p.colStart as ArrayBuffer);
  return { colPtr, rowIdx, scatter: undefined, blocks: { c: p.c, m: d / p.c, starts, rank: map, colStart, sign } };
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
