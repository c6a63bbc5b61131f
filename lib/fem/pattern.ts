/**
 * The sparsity pattern of an assembled finite-element matrix and, for every entry of every
 * element matrix, the position in the CSC values it adds into. This is the one place that
 * sorts (all columns at once, by two counting sorts); everything after is index arithmetic.
 */
import type { Symmetry } from '../sparse';

export interface ScatterPattern {
  colPtr: Int32Array;
  rowIdx: Int32Array;
  /**
   * scatter[e·d² + a + b·d] is the position in `values` that entry (a, b) of element e's
   * (column-major d x d) matrix adds into, or −1 when the entry is not stored (an
   * eliminated dof, or the triangle a symmetric storage leaves out).
   */
  scatter: Int32Array;
}

/**
 * @param n            number of (free) dofs: the matrix is n x n
 * @param elementDofs  nElements x d global dofs, element by element; −1 marks an eliminated dof
 * @param d            dofs per element
 */
export function scatterPattern(n: number, elementDofs: Int32Array, d: number, symmetry: Symmetry): ScatterPattern {
  const dd = d * d;
  const { start, slots } = dofIncidence(n, elementDofs, d);
  // Which rows a column keeps: all (general), i ≥ j (lower) or i ≤ j (upper), as i·sign ≥ j·sign.
  const sign = symmetry === 'lower' ? 1 : symmetry === 'upper' ? -1 : 0;
  const marker = new Int32Array(n).fill(-1); // marker[i] = j: row i already counted in column j

  // 1. Count the distinct rows of each column: the elements around dof j, their dofs, deduplicated.
  const colPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    let count = 0;
    for (let t = start[j]; t < start[j + 1]; t++) {
      const base = slots[t] - (slots[t] % d);
      for (let a = 0; a < d; a++) {
        const i = elementDofs[base + a];
        if (i >= 0 && i * sign >= j * sign && marker[i] !== j) {
          marker[i] = j;
          count++;
        }
      }
    }
    colPtr[j + 1] = colPtr[j] + count;
  }
  const nnz = colPtr[n];

  // 2. Fill them in, unsorted (a second marker pass: marker[i] = n + j this time).
  const unsorted = new Int32Array(nnz);
  for (let j = 0, p = 0; j < n; j++) {
    for (let t = start[j]; t < start[j + 1]; t++) {
      const base = slots[t] - (slots[t] % d);
      for (let a = 0; a < d; a++) {
        const i = elementDofs[base + a];
        if (i >= 0 && i * sign >= j * sign && marker[i] !== n + j) {
          marker[i] = n + j;
          unsorted[p++] = i;
        }
      }
    }
  }

  // 3. Sort every column at once by transposing twice (two counting sorts, O(nnz)): the
  // transpose lists each row's columns in increasing order, its transpose each column's rows.
  const rowPtr = new Int32Array(n + 1);
  for (let p = 0; p < nnz; p++) rowPtr[unsorted[p] + 1]++;
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const next = rowPtr.slice(0, n);
  const colIdx = new Int32Array(nnz);
  for (let j = 0; j < n; j++) for (let p = colPtr[j]; p < colPtr[j + 1]; p++) colIdx[next[unsorted[p]]++] = j;
  next.set(colPtr.subarray(0, n));
  const rowIdx = unsorted; // reused: every entry is read above before being overwritten here
  for (let i = 0; i < n; i++) for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) rowIdx[next[colIdx[q]]++] = i;

  // 4. The scatter map: with position[i] = the place of row i in column j, every element
  // slot incident to dof j (column b of its matrix) reads its rows' places.
  const scatter = new Int32Array((elementDofs.length / d) * dd).fill(-1);
  const position = marker; // reused as a dense row → position map, valid for the current column
  for (let j = 0; j < n; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) position[rowIdx[p]] = p;
    for (let t = start[j]; t < start[j + 1]; t++) {
      const slot = slots[t];
      const b = slot % d;
      const base = slot - b;
      const out = base * d + b * d; // e·d² + b·d, with base = e·d
      for (let a = 0; a < d; a++) {
        const i = elementDofs[base + a];
        if (i >= 0 && i * sign >= j * sign) scatter[out + a] = position[i];
      }
    }
  }
  return { colPtr, rowIdx, scatter };
}

/** For each dof j, the element slots e·d + b with elementDofs[e·d + b] = j (a counting sort). */
function dofIncidence(n: number, elementDofs: Int32Array, d: number): { start: Int32Array; slots: Int32Array } {
  const start = new Int32Array(n + 1);
  for (const dof of elementDofs) if (dof >= 0) start[dof + 1]++;
  for (let j = 0; j < n; j++) start[j + 1] += start[j];
  const next = start.slice(0, n);
  const slots = new Int32Array(start[n]);
  for (let s = 0; s < elementDofs.length; s++) {
    const dof = elementDofs[s];
    if (dof >= 0) slots[next[dof]++] = s;
  }
  return { start, slots };
}
