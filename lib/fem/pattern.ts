/**
 * The sparsity pattern of an assembled finite-element matrix and, for every entry of every
 * element matrix, the position in the CSC values it adds into. This is the one place that
 * sorts (each column's few row indices, once); everything after is index arithmetic.
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
  const nElements = elementDofs.length / d;
  const incidence = dofIncidence(n, elementDofs, d);
  const keep = symmetry === 'lower' ? (i: number, j: number) => i >= j : symmetry === 'upper' ? (i: number, j: number) => i <= j : () => true;
  const colPtr = new Int32Array(n + 1);
  const rows: number[] = [];
  const scatter = new Int32Array(nElements * d * d).fill(-1);
  const lastColumn = new Int32Array(n).fill(-1); // marks rows already seen in the current column
  const position = new Int32Array(n);
  const columnRows: number[] = [];
  for (let j = 0; j < n; j++) {
    columnRows.length = 0;
    for (let t = incidence.start[j]; t < incidence.start[j + 1]; t++) {
      const e = (incidence.slots[t] / d) | 0;
      for (let a = 0; a < d; a++) {
        const i = elementDofs[e * d + a];
        if (i >= 0 && keep(i, j) && lastColumn[i] !== j) {
          lastColumn[i] = j;
          columnRows.push(i);
        }
      }
    }
    columnRows.sort((x, y) => x - y);
    for (const i of columnRows) {
      position[i] = rows.length;
      rows.push(i);
    }
    colPtr[j + 1] = rows.length;
    for (let t = incidence.start[j]; t < incidence.start[j + 1]; t++) {
      const slot = incidence.slots[t];
      const e = (slot / d) | 0;
      const b = slot - e * d;
      for (let a = 0; a < d; a++) {
        const i = elementDofs[e * d + a];
        if (i >= 0 && keep(i, j)) scatter[e * d * d + a + b * d] = position[i];
      }
    }
  }
  return { colPtr, rowIdx: Int32Array.from(rows), scatter };
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
