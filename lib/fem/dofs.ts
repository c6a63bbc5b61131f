/** Eliminating fixed (Dirichlet) dofs: the assembled system keeps the free ones only. */

export interface DofMap {
  /** Number of free dofs (the size of the assembled system). */
  nFree: number;
  /** Global dof → its free-dof number, or −1 when fixed. */
  toFree: Int32Array;
  /** Free-dof number → global dof. */
  free: Int32Array;
}

export function eliminateDofs(nDofs: number, fixed: Iterable<number>): DofMap {
  const toFree = new Int32Array(nDofs);
  for (const dof of fixed) {
    if (!Number.isInteger(dof) || dof < 0 || dof >= nDofs) throw new RangeError(`eliminateDofs: fixed dof ${dof} is not in 0..${nDofs - 1}`);
    toFree[dof] = -1;
  }
  const free: number[] = [];
  for (let g = 0; g < nDofs; g++) {
    if (toFree[g] === 0) {
      toFree[g] = free.length;
      free.push(g);
    }
  }
  return { nFree: free.length, toFree, free: Int32Array.from(free) };
}

/** Element dofs renumbered to free dofs (−1 for fixed ones), ready for Assembly. */
export function restrictElementDofs(elementDofs: Int32Array, map: DofMap): Int32Array {
  return elementDofs.map((g) => map.toFree[g]);
}
