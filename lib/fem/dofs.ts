/**
 * Dirichlet conditions: the numbering of the free dofs (the assembled system keeps those only),
 * and moving between global vectors and free ones.
 */
import { checkDimension, checkIndex, checkInteger, checkVector, describe, toFloat64Array, toInt32Array } from '../sparse/validate';

/**
 * The numbering of the free dofs after {@link eliminateDofs}, and the maps between a global
 * vector (nDofs) and a free one (nFree).
 *
 * @example
 * ```ts
 * import { eliminateDofs } from 'spsolve';
 *
 * const map = eliminateDofs(5, [0, 3]);
 * console.log(map.nFree, map.toFree, map.free); // → 3 Int32Array(5) [ -1, 0, 1, -1, 2 ] Int32Array(3) [ 1, 2, 4 ]
 * ```
 */
export class DofMap {
  /** Number of global dofs. */
  readonly nDofs: number;
  /** Number of free dofs (the size of the assembled system). */
  readonly nFree: number;
  /** Global dof → its free-dof number, or −1 when fixed. */
  readonly toFree: Int32Array;
  /** Free-dof number → global dof. */
  readonly free: Int32Array;
  /** The fixed dofs, increasing (the order of a prescribed-values vector of length nFixed). */
  readonly fixed: Int32Array;

  /** @param toFree global dof → free number or −1, as {@link eliminateDofs} builds it. */
  constructor(toFree: Int32Array) {
    if (!(toFree instanceof Int32Array)) throw new TypeError(`DofMap: toFree must be an Int32Array, got ${describe(toFree)}`);
    let nFree = 0;
    for (let g = 0; g < toFree.length; g++) {
      if (toFree[g] >= 0 && toFree[g] !== nFree++) throw new RangeError(`DofMap: toFree must number the free dofs 0, 1, 2 … in order (−1 for fixed ones); toFree[${g}] is ${toFree[g]}`);
    }
    nFree = 0;
    for (let g = 0; g < toFree.length; g++) if (toFree[g] >= 0) nFree++;
    this.nDofs = toFree.length;
    this.nFree = nFree;
    this.toFree = toFree;
    this.free = new Int32Array(nFree);
    this.fixed = new Int32Array(toFree.length - nFree);
    for (let g = 0, f = 0, c = 0; g < toFree.length; g++) {
      if (toFree[g] >= 0) this.free[f++] = g;
      else this.fixed[c++] = g;
    }
  }

  /**
   * The free entries of a global vector (length nDofs → nFree): e.g. the load on the free dofs.
   *
   * @example
   * ```ts
   * import { eliminateDofs } from 'spsolve';
   *
   * console.log(eliminateDofs(4, [1]).restrict([10, 11, 12, 13])); // → Float64Array(3) [ 10, 12, 13 ]
   * ```
   */
  restrict(global: ArrayLike<number>, out?: Float64Array): Float64Array {
    const x = toFloat64Array(global, 'DofMap.restrict: global');
    if (x.length !== this.nDofs) throw new RangeError(`DofMap.restrict: global must have length ${this.nDofs} (nDofs), got ${x.length}`);
    const result = out ?? new Float64Array(this.nFree);
    checkVector(result, this.nFree, 'DofMap.restrict: out');
    for (let f = 0; f < this.nFree; f++) result[f] = x[this.free[f]];
    return result;
  }

  /**
   * The global vector (length nDofs) with `free` at the free dofs and the prescribed values at
   * the fixed ones: `prescribed` has one value per fixed dof (length nFixed, in the order of
   * `fixed`), or is a global vector whose fixed entries are read (length nDofs); omitted, 0.
   *
   * @throws RangeError for a prescribed length that is neither nFixed nor nDofs.
   * @example
   * ```ts
   * import { eliminateDofs } from 'spsolve';
   *
   * const map = eliminateDofs(4, [0, 3]);
   * console.log(map.extend([5, 6], [1, 2])); // → Float64Array(4) [ 1, 5, 6, 2 ]
   * ```
   */
  extend(free: ArrayLike<number>, prescribed?: ArrayLike<number>, out?: Float64Array): Float64Array {
    const x = toFloat64Array(free, 'DofMap.extend: free');
    if (x.length !== this.nFree) throw new RangeError(`DofMap.extend: free must have length ${this.nFree} (nFree), got ${x.length}`);
    const result = out ?? new Float64Array(this.nDofs);
    checkVector(result, this.nDofs, 'DofMap.extend: out');
    const values = prescribed === undefined ? undefined : this.prescribedValues(prescribed, 'DofMap.extend');
    for (let f = 0; f < this.nFree; f++) result[this.free[f]] = x[f];
    for (let c = 0; c < this.fixed.length; c++) result[this.fixed[c]] = values === undefined ? 0 : values[c];
    return result;
  }

  /** Prescribed values, one per fixed dof (in the order of `fixed`), from either accepted form. */
  prescribedValues(prescribed: ArrayLike<number>, fn: string): Float64Array {
    const p = toFloat64Array(prescribed, `${fn}: prescribed`);
    const nFixed = this.fixed.length;
    if (p.length === nFixed) return p;
    if (p.length === this.nDofs) return Float64Array.from(this.fixed, (g) => p[g]);
    throw new RangeError(`${fn}: prescribed must have length ${nFixed} (one per fixed dof) or ${this.nDofs} (a global vector), got ${p.length}`);
  }
}

/**
 * Numbers the dofs that are not `fixed` 0..nFree−1 in their global order, for an assembled
 * system that keeps the free ones only (Dirichlet conditions; see {@link Lifting} for
 * non-zero prescribed values).
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
  if (typeof (fixed as Iterable<number> | null)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`eliminateDofs: fixed must be an iterable of dofs (an array), got ${describe(fixed)}`);
  }
  const toFree = new Int32Array(nDofs);
  for (const dof of fixed) {
    checkIndex(dof, nDofs, 'eliminateDofs: a fixed dof');
    toFree[dof] = -1;
  }
  for (let g = 0, k = 0; g < nDofs; g++) if (toFree[g] === 0) toFree[g] = k++;
  return new DofMap(toFree);
}

/**
 * Element dofs renumbered to free dofs (−1 for fixed ones), ready for {@link Assembly}.
 * `elementDofs` is any array-like of integers (an Int32Array, a number[] …); −1 stays −1.
 *
 * @throws RangeError for a dof outside −1..nDofs−1.
 * @example
 * ```ts
 * import { Assembly, eliminateDofs, restrictElementDofs } from 'spsolve';
 *
 * const map = eliminateDofs(3, [0]);
 * const dofs = restrictElementDofs([0, 1, 1, 2], map);
 * console.log(dofs); // → Int32Array(4) [ -1, 0, 0, 1 ]
 * const asm = new Assembly(map.nFree, dofs, 2);
 * ```
 */
export function restrictElementDofs(elementDofs: ArrayLike<number>, map: DofMap): Int32Array {
  if (!(map instanceof DofMap)) throw new TypeError(`restrictElementDofs: map must be a DofMap (from eliminateDofs), got ${describe(map)}`);
  const dofs = toInt32Array(elementDofs, 'restrictElementDofs: elementDofs');
  const out = new Int32Array(dofs.length);
  const n = map.toFree.length;
  for (let k = 0; k < dofs.length; k++) {
    const g = dofs[k];
    if (g < -1 || g >= n) checkInteger(g, -1, n - 1, `restrictElementDofs: elementDofs[${k}]`);
    out[k] = g < 0 ? -1 : map.toFree[g];
  }
  return out;
}
