/**
 * Non-homogeneous Dirichlet conditions by lifting: with the prescribed values u_c at the fixed
 * dofs, the free ones solve K_ff u_f = f − K_fc u_c. K_ff is what {@link Assembly} assembles on
 * the restricted element dofs; the correction K_fc u_c is computed here element by element from
 * the same element matrices, so it follows every refactorisation and has its own derivative.
 */
import { MAX_INDEX, checkInteger, checkVector, describe, toInt32Array } from '../sparse/validate';
import { DofMap } from './dofs';
import { type ElementMatrices, blockSource, loadBlock } from './element-matrices';

/**
 * The free-fixed coupling of a mesh: the entries (a, b) of element matrices with dof a free and
 * dof b fixed, found once.
 *
 * @example
 * ```ts
 * import { Assembly, Lifting, cholesky, eliminateDofs, restrictElementDofs } from 'spsolve';
 *
 * // Bars 0-1-2-3 of stiffness 1, u0 = 0 and u3 = 3 prescribed: u is linear, u = x.
 * const elementDofs = [0, 1, 1, 2, 2, 3];
 * const map = eliminateDofs(4, [0, 3]);
 * const asm = new Assembly(map.nFree, restrictElementDofs(elementDofs, map), 2);
 * const lifting = new Lifting(map, elementDofs, 2);
 * const Ke = Float64Array.of(1, -1, -1, 1);
 * const rhs = lifting.rhs(new Float64Array(map.nFree), Ke, [0, 3]); // f − K_fc u_c
 * using factor = cholesky(asm.assemble(Ke));
 * console.log(map.extend(factor.solve(rhs), [0, 3]).map((v) => +v.toFixed(12))); // → Float64Array(4) [ 0, 1, 2, 3 ]
 * ```
 */
export class Lifting {
  /** The free numbering the lifting was built for. */
  readonly map: DofMap;
  /** Number of elements (element matrices are read for the coupled ones only). */
  readonly nElements: number;
  /** Dofs per element, d: element matrices are d x d. */
  readonly dofsPerElement: number;
  /** Elements with a coupling entry: entries start[k] … start[k+1] − 1 belong to element elements[k]. */
  readonly #elements: Int32Array;
  readonly #start: Int32Array;
  /** Per coupling entry: position a + b·d in the element matrix, free row, index of the fixed column in map.fixed. */
  readonly #slot: Int32Array;
  readonly #row: Int32Array;
  readonly #fixed: Int32Array;

  /**
   * @param map            the free numbering ({@link eliminateDofs})
   * @param elementDofs    nElements x d global dofs (not restricted)
   * @param dofsPerElement d
   * @throws RangeError for a dof outside 0..nDofs−1 or a length not a multiple of d.
   */
  constructor(map: DofMap, elementDofs: ArrayLike<number>, dofsPerElement: number) {
    const fn = 'Lifting';
    if (!(map instanceof DofMap)) throw new TypeError(`${fn}: map must be a DofMap (from eliminateDofs), got ${describe(map)}`);
    checkInteger(dofsPerElement, 1, MAX_INDEX, `${fn}: dofsPerElement`);
    const dofs = toInt32Array(elementDofs, `${fn}: elementDofs`);
    const d = dofsPerElement;
    if (dofs.length % d !== 0) throw new RangeError(`${fn}: elementDofs has ${dofs.length} entries, not a multiple of dofsPerElement = ${d}`);
    const fixedIndex = new Int32Array(map.nDofs).fill(-1);
    map.fixed.forEach((g, c) => (fixedIndex[g] = c));
    const elements: number[] = [];
    const start: number[] = [0];
    const slot: number[] = [];
    const row: number[] = [];
    const fixed: number[] = [];
    for (let e = 0; e < dofs.length / d; e++) {
      const before = slot.length;
      for (let b = 0; b < d; b++) {
        const gb = dofs[e * d + b];
        if (gb < 0 || gb >= map.nDofs) checkInteger(gb, 0, map.nDofs - 1, `${fn}: elementDofs[${e * d + b}]`);
        if (fixedIndex[gb] < 0) continue;
        for (let a = 0; a < d; a++) {
          const fa = map.toFree[dofs[e * d + a]];
          if (fa < 0) continue;
          slot.push(a + b * d);
          row.push(fa);
          fixed.push(fixedIndex[gb]);
        }
      }
      if (slot.length > before) {
        elements.push(e);
        start.push(slot.length);
      }
    }
    this.map = map;
    this.nElements = dofs.length / d;
    this.dofsPerElement = d;
    this.#elements = Int32Array.from(elements);
    this.#start = Int32Array.from(start);
    this.#slot = Int32Array.from(slot);
    this.#row = Int32Array.from(row);
    this.#fixed = Int32Array.from(fixed);
  }

  /** Number of elements that touch both a free and a fixed dof (the only ones read). */
  get coupledElements(): number {
    return this.#elements.length;
  }

  /**
   * f − K_fc u_c (length nFree), the right-hand side of the free dofs, with K_fc from the element
   * matrices Kₑ (shared, per element or a fill function: {@link ElementMatrices}, times `scales[e]`
   * when given) and u_c the prescribed values (one per fixed dof, or a global vector).
   *
   * @throws RangeError for lengths that do not match.
   */
  rhs(f: Float64Array, matrices: ElementMatrices, prescribed: ArrayLike<number>, scales?: Float64Array, out?: Float64Array): Float64Array {
    const fn = 'Lifting.rhs';
    checkVector(f, this.map.nFree, `${fn}: f`);
    const uc = this.map.prescribedValues(prescribed, fn);
    const source = blockSource(matrices, this.nElements, this.dofsPerElement, `${fn}: matrices`);
    if (scales !== undefined) checkVector(scales, this.nElements, `${fn}: scales`);
    const result = out ?? new Float64Array(this.map.nFree);
    checkVector(result, this.map.nFree, `${fn}: out`);
    if (result !== f) result.set(f);
    for (let k = 0; k < this.#elements.length; k++) {
      const e = this.#elements[k];
      const offset = loadBlock(source, e);
      const s = scales === undefined ? 1 : scales[e];
      for (let t = this.#start[k]; t < this.#start[k + 1]; t++) {
        result[this.#row[t]] -= s * source.data[offset + this.#slot[t]] * uc[this.#fixed[t]];
      }
    }
    return result;
  }

  /**
   * The derivative through the lifted right-hand side: per element,
   * ⟨fBar, −∂(K_fc u_c)/∂θₑ⟩ = −Σ fBar[a] ∂Kₑ[a, b] u_c[b] over its free a and fixed b, with
   * fBar the cotangent of the free right-hand side (λ, what a {@link linearSolveVjp} pullback
   * returns as its vector cotangent). Added to {@link Assembly.gatherScaled} of the same ∂Kₑ,
   * it gives the whole ∂J/∂θₑ = −λₑᵀ (∂Kₑ/∂θₑ) uₑ with uₑ including the prescribed values.
   *
   * @throws RangeError for lengths that do not match.
   */
  gatherScaled(fBar: Float64Array, dMatrices: ElementMatrices, prescribed: ArrayLike<number>, out?: Float64Array): Float64Array {
    const fn = 'Lifting.gatherScaled';
    checkVector(fBar, this.map.nFree, `${fn}: fBar`);
    const uc = this.map.prescribedValues(prescribed, fn);
    const source = blockSource(dMatrices, this.nElements, this.dofsPerElement, `${fn}: dMatrices`);
    const result = out ?? new Float64Array(this.nElements);
    checkVector(result, this.nElements, `${fn}: out`);
    result.fill(0);
    for (let k = 0; k < this.#elements.length; k++) {
      const e = this.#elements[k];
      const offset = loadBlock(source, e);
      let s = 0;
      for (let t = this.#start[k]; t < this.#start[k + 1]; t++) s -= fBar[this.#row[t]] * source.data[offset + this.#slot[t]] * uc[this.#fixed[t]];
      result[e] = s;
    }
    return result;
  }
}
