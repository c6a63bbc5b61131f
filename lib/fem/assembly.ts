/**
 * Finite-element assembly onto a fixed CSC pattern, and its transpose.
 *
 * The pattern and the scatter map are computed once; assembling new element matrices is
 * then one pass over them (O(nnz + nElements·d²), no sorting, no allocation with `out`),
 * which is what an optimisation loop that refactors the same pattern every iteration
 * wants. `gather` is the exact transpose of assembly: it maps a cotangent on the matrix
 * values (e.g. from linearSolveVjp or logdetGradient) back to per-element cotangents.
 */
import { CscMatrix, Symmetry } from '../sparse';
import { scatterPattern } from './pattern';

export interface AssemblyOptions {
  /**
   * Storage of the assembled matrix (default 'lower'): with 'lower' / 'upper' only that
   * triangle is assembled, so element matrices must be symmetric.
   */
  symmetry?: Symmetry;
}

export class Assembly {
  readonly n: number;
  readonly nElements: number;
  readonly dofsPerElement: number;
  /** The assembled pattern with all values zero; assemble() returns it with new values. */
  readonly pattern: CscMatrix;
  /** See ScatterPattern.scatter: −1 for entries that are not stored. */
  readonly scatter: Int32Array;

  /**
   * @param n            the matrix is n x n (number of free dofs)
   * @param elementDofs  nElements x d global dof numbers, element after element (local
   *                     order = the order of the element matrix's rows); −1 eliminates a dof
   *                     (e.g. a Dirichlet boundary condition) from the assembled system
   */
  constructor(n: number, elementDofs: Int32Array | ArrayLike<number>, dofsPerElement: number, opts: AssemblyOptions = {}) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Assembly: n must be a non-negative integer, got ${n}`);
    if (!Number.isInteger(dofsPerElement) || dofsPerElement < 1) {
      throw new RangeError(`Assembly: dofsPerElement must be a positive integer, got ${dofsPerElement}`);
    }
    const dofs = Int32Array.from(elementDofs);
    if (dofs.length % dofsPerElement !== 0) {
      throw new RangeError(`Assembly: elementDofs has ${dofs.length} entries, not a multiple of dofsPerElement = ${dofsPerElement}`);
    }
    dofs.forEach((dof, k) => {
      if (dof < -1 || dof >= n || dof !== elementDofs[k]) throw new RangeError(`Assembly: elementDofs[${k}] = ${elementDofs[k]} is not a dof in -1..${n - 1}`);
    });
    const symmetry = opts.symmetry ?? 'lower';
    const { colPtr, rowIdx, scatter } = scatterPattern(n, dofs, dofsPerElement, symmetry);
    this.n = n;
    this.dofsPerElement = dofsPerElement;
    this.nElements = dofs.length / dofsPerElement;
    this.pattern = new CscMatrix(n, n, colPtr, rowIdx, new Float64Array(rowIdx.length), { symmetry });
    this.scatter = scatter;
  }

  get nnz(): number {
    return this.pattern.nnz;
  }

  /** The assembled values from all element matrices (nElements x d x d, each column-major). */
  assembleValues(elementMatrices: Float64Array, out?: Float64Array): Float64Array {
    this.#check(elementMatrices, this.scatter.length, 'elementMatrices');
    const values = this.#output(out);
    const { scatter } = this;
    for (let t = 0; t < scatter.length; t++) {
      const p = scatter[t];
      if (p >= 0) values[p] += elementMatrices[t];
    }
    return values;
  }

  /** The assembled matrix (the pattern with new values). */
  assemble(elementMatrices: Float64Array): CscMatrix {
    return this.pattern.withValues(this.assembleValues(elementMatrices));
  }

  /** Σ_e scales[e] · Ke for one reference element matrix Ke (d x d): e.g. SIMP stiffness. */
  assembleScaled(Ke: Float64Array, scales: Float64Array, out?: Float64Array): Float64Array {
    const dd = this.dofsPerElement ** 2;
    this.#check(Ke, dd, 'Ke');
    this.#check(scales, this.nElements, 'scales');
    const values = this.#output(out);
    const { scatter } = this;
    for (let e = 0; e < this.nElements; e++) {
      const s = scales[e];
      for (let t = 0, base = e * dd; t < dd; t++) {
        const p = scatter[base + t];
        if (p >= 0) values[p] += s * Ke[t];
      }
    }
    return values;
  }

  /**
   * The transpose of assembleValues: per-element cotangents (nElements x d x d) from a
   * cotangent on the values. Entries that assembly does not read get 0.
   */
  gather(valuesBar: Float64Array, out?: Float64Array): Float64Array {
    this.#check(valuesBar, this.nnz, 'valuesBar');
    const { scatter } = this;
    const result = out ?? new Float64Array(scatter.length);
    this.#check(result, scatter.length, 'out');
    for (let t = 0; t < scatter.length; t++) {
      const p = scatter[t];
      result[t] = p >= 0 ? valuesBar[p] : 0;
    }
    return result;
  }

  /** The transpose of assembleScaled in `scales`: ⟨gather(valuesBar)_e, Ke⟩ for every element. */
  gatherScaled(valuesBar: Float64Array, Ke: Float64Array, out?: Float64Array): Float64Array {
    const dd = this.dofsPerElement ** 2;
    this.#check(valuesBar, this.nnz, 'valuesBar');
    this.#check(Ke, dd, 'Ke');
    const result = out ?? new Float64Array(this.nElements);
    this.#check(result, this.nElements, 'out');
    const { scatter } = this;
    for (let e = 0; e < this.nElements; e++) {
      let s = 0;
      for (let t = 0, base = e * dd; t < dd; t++) {
        const p = scatter[base + t];
        if (p >= 0) s += valuesBar[p] * Ke[t];
      }
      result[e] = s;
    }
    return result;
  }

  #output(out: Float64Array | undefined): Float64Array {
    if (out === undefined) return new Float64Array(this.nnz);
    this.#check(out, this.nnz, 'out');
    return out.fill(0);
  }

  #check(x: unknown, length: number, what: string): void {
    if (!(x instanceof Float64Array)) throw new TypeError(`Assembly: ${what} must be a Float64Array`);
    if (x.length !== length) throw new RangeError(`Assembly: ${what} has length ${x.length}, expected ${length}`);
  }
}
