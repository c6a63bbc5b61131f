/** Eliminating fixed (Dirichlet) dofs: the assembled system keeps the free ones only. */
import { checkDimension, checkIndex } from '../sparse/validate';

/**
 * The numbering of the free dofs after {@link eliminateDofs}.
 *
 * @example
 * ```ts
 * import { eliminateDofs } from 'spsolve';
 *
 * const map = eliminateDofs(5, [0, 3]);
 * console.log(map.nFree, map.toFree, map.free); // → 3 Int32Array(5) [ -1, 0, 1, -1, 2 ] Int32Array(3) [ 1, 2, 4 ]
 * ```
 */
export interface DofMap {
  /** Number of free dofs (the size of the assembled system). */
  nFree: number;
  /** Global dof → its free-dof number, or −1 when fixed. */
  toFree: Int32Array;
  /** Free-dof number → global dof. */
  free: Int32Array;
}

/**
 * Numbers the dofs that are not `fixed` 0..nFree−1 in their global order, for an assembled
 * system that keeps the free ones only (homogeneous Dirichlet conditions).
 *
 * @param nDofs Number of global dofs.
 * @param fixed The fixed dofs (repeats allowed).
 * @throws RangeError for a fixed dof outside 0..nDofs−1.
 * @example
 * ```ts
 * import { eliminateDofs, quadGrid } from 'spsolve';
 *
 * const grid = quadGrid(4, 2);
 * // Clamp the left edge: both displacements of the nodes with ix = 0.
 * const left = [0, 1, 2].flatMap((iy) => [2 * grid.node(0, iy), 2 * grid.node(0, iy) + 1]);
 * console.log(eliminateDofs(grid.nDofs, left).nFree); // → 24
 * ```
 */
export function eliminateDofs(nDofs: number, fixed: Iterable<number>): DofMap {
  checkDimension(nDofs, 'eliminateDofs: nDofs');
  const toFree = new Int32Array(nDofs);
  for (const dof of fixed) {
    checkIndex(dof, nDofs, 'eliminateDofs: a fixed dof');
    toFree[dof] = -1;
  }
  let nFree = 0;
  for (let g = 0; g < nDofs; g++) if (toFree[g] === 0) nFree++;
  const free = new Int32Array(nFree);
  for (let g = 0, k = 0; g < nDofs; g++) {
    if (toFree[g] === 0) {
      toFree[g] = k;
      free[k++] = g;
    }
  }
  return { nFree, toFree, free };
}

/**
 * Element dofs renumbered to free dofs (−1 for fixed ones), ready for {@link Assembly}.
 *
 * @example
 * ```ts
 * import { Assembly, eliminateDofs, restrictElementDofs } from 'spsolve';
 *
 * const map = eliminateDofs(3, [0]);
 * const dofs = restrictElementDofs(Int32Array.of(0, 1, 1, 2), map);
 * console.log(dofs); // → Int32Array(4) [ -1, 0, 0, 1 ]
 * const asm = new Assembly(map.nFree, dofs, 2);
 * ```
 */
export function restrictElementDofs(elementDofs: Int32Array, map: DofMap): Int32Array {
  return elementDofs.map((g) => map.toFree[g]);
}
