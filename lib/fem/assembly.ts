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
import { SYMMETRIES } from '../sparse/symmetry';
import { MAX_INDEX, checkChoice, checkDimension, checkInteger, checkVector, toInt32Array } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';
import { type BlockSource, type ElementMatrices, type ElementMatrixFill, blockSource, loadBlock } from './element-matrices';
import { type BlockMap, expandScatter, scatterPattern } from './pattern';

/**
 * Options of the {@link Assembly} constructor.
 *
 * @example
 * ```ts
 * import { Assembly } from 'spsolve';
 *
 * // Two 1-D bar elements on dofs 0-1-2, assembled in full ('general') storage.
 * const asm = new Assembly(3, [0, 1, 1, 2], 2, { symmetry: 'general' });
 * console.log(asm.nnz); // → 7
 * ```
 */
export interface AssemblyOptions {
  /**
   * Storage of the assembled matrix (default 'lower'): with 'lower' / 'upper' only that
   * triangle is assembled, so element matrices must be symmetric.
   */
  symmetry?: Symmetry;
}

/**
 * Finite-element assembly onto a pattern computed once: the global matrix
 * K = Σ_e Pₑ Kₑ Pₑᵀ of n x n from element matrices Kₑ (d x d, column-major, one after the
 * other), and `gather`, its transpose, for derivatives with respect to element quantities.
 *
 * @example
 * ```ts
 * import { Assembly, cholesky } from 'spsolve';
 *
 * // Three 1-D bar elements (stiffness [[1, −1], [−1, 1]]) on dofs −1(fixed)-0-1-2.
 * const asm = new Assembly(3, [-1, 0, 0, 1, 1, 2], 2);
 * const Ke = Float64Array.of(1, -1, -1, 1);
 * const K = asm.pattern.withValues(asm.assembleScaled(Ke, Float64Array.of(1, 1, 1)));
 * const factor = cholesky(K);
 * const u = factor.solve(Float64Array.of(0, 0, 1)); // a unit load at the free end
 * console.log(u.map((v) => +v.toFixed(9))); // → Float64Array(3) [ 1, 2, 3 ]
 * factor.dispose();
 * ```
 */
export class Assembly {
  /** Size of the assembled matrix (n x n): the number of free dofs. */
  readonly n: number;
  /** Number of elements. */
  readonly nElements: number;
  /** Dofs per element, d: element matrices are d x d. */
  readonly dofsPerElement: number;
  /** The assembled pattern with all values zero; assemble() returns it with new values. */
  readonly pattern: CscMatrix;
  /** The scatter map on c x c blocks for vector problems (see pattern.ts), else undefined. */
  readonly #blocks: BlockMap | undefined;
  #scatter: Int32Array | undefined;
  /** The element dofs the assembly was built from (its own copy; −1 for an eliminated dof). */
  readonly elementDofs: Int32Array;

  /**
   * @param n            the matrix is n x n (number of free dofs)
   * @param elementDofs  nElements x d global dof numbers, element after element (local
   *                     order = the order of the element matrix's rows); −1 eliminates a dof
   *                     (e.g. a Dirichlet boundary condition) from the assembled system
   * @param dofsPerElement d, the size of each element matrix
   * @param opts         storage of the assembled matrix (see {@link AssemblyOptions})
   * @throws RangeError for a dof outside −1..n−1 or an elementDofs length that is not a multiple of d.
   * @example
   * ```ts
   * import { Assembly } from 'spsolve';
   *
   * const asm = new Assembly(3, [0, 1, 1, 2], 2); // elements (0, 1) and (1, 2)
   * console.log(asm.nElements, asm.nnz, asm.pattern.symmetry); // → 2 5 lower
   * ```
   */
  constructor(n: number, elementDofs: Int32Array | ArrayLike<number>, dofsPerElement: number, opts: AssemblyOptions = {}) {
    checkDimension(n, 'Assembly: n');
    checkInteger(dofsPerElement, 1, MAX_INDEX, 'Assembly: dofsPerElement');
    // A copy of its own: the pattern's scatter map is built from it.
    const converted = toInt32Array(elementDofs, 'Assembly: elementDofs');
    const dofs = converted === elementDofs ? converted.slice() : converted;
    if (dofs.length % dofsPerElement !== 0) {
      throw new RangeError(`Assembly: elementDofs has ${dofs.length} entries, not a multiple of dofsPerElement = ${dofsPerElement}`);
    }
    for (let k = 0; k < dofs.length; k++) {
      if (dofs[k] < -1 || dofs[k] >= n) checkInteger(dofs[k], -1, n - 1, `Assembly: elementDofs[${k}]`);
    }
    const options = checkOptions(opts, ['symmetry'], 'Assembly: opts');
    const symmetry = checkChoice(options.symmetry ?? 'lower', SYMMETRIES, 'Assembly: opts.symmetry');
    const { colPtr, rowIdx, scatter, blocks } = scatterPattern(n, dofs, dofsPerElement, symmetry);
    this.n = n;
    this.dofsPerElement = dofsPerElement;
    this.nElements = dofs.length / dofsPerElement;
    // Sorted, duplicate-free and in the stored triangle by construction (test/fem*.test.ts
    // compare it with CscMatrix.fromTriplets): no second check of 10⁶–10⁷ indices.
    this.pattern = CscMatrix.trusted(n, n, colPtr, rowIdx, new Float64Array(rowIdx.length), symmetry);
    this.#scatter = scatter;
    this.#blocks = blocks;
    this.elementDofs = dofs;
  }

  /** Stored entries of the assembled matrix (of its triangle, for 'lower' / 'upper'). */
  get nnz(): number {
    return this.pattern.nnz;
  }

  /**
   * For entry (a, b) of element e's matrix, `scatter[e·d² + a + b·d]` is the position in the
   * assembled values it adds into, or −1 when it is not stored (an eliminated dof, or the
   * triangle a symmetric storage leaves out). For vector problems (dofs numbered node by
   * node, as {@link vectorDofs} does) the assembly works on c x c blocks and builds this map
   * of nElements·d² entries only when it is first read.
   *
   * @example
   * ```ts
   * import { Assembly } from 'spsolve';
   *
   * const asm = new Assembly(3, [0, 1, 1, 2], 2);
   * console.log(asm.scatter.join(' ')); // → 0 1 -1 2 2 3 -1 4
   * ```
   */
  get scatter(): Int32Array {
    this.#scatter ??= expandScatter(this.#blocks as BlockMap, this.dofsPerElement);
    return this.#scatter;
  }

  /**
   * The assembled values Σₑ Pₑ Kₑ Pₑᵀ, aligned with `pattern.values`. `matrices` is one d x d
   * matrix shared by all elements, one per element (nElements·d² values, each column-major),
   * or a function filling element e's block (see {@link ElementMatrices}). With `out`
   * (length nnz) nothing is allocated.
   *
   * @throws RangeError for a Float64Array whose length is neither d² nor nElements·d².
   * @example
   * ```ts
   * import { Assembly } from 'spsolve';
   *
   * const asm = new Assembly(3, [0, 1, 1, 2], 2);
   * const Ke = [1, -1, -1, 1];
   * console.log(asm.assembleValues(Float64Array.of(...Ke, ...Ke))); // → Float64Array(5) [ 1, -1, 2, -1, 1 ]
   * ```
   */
  assembleValues(matrices: ElementMatrices, out?: Float64Array): Float64Array {
    const source = blockSource(matrices, this.nElements, this.dofsPerElement, 'Assembly: elementMatrices');
    return this.#accumulate(source, undefined, this.#output(out));
  }

  /**
   * The assembled matrix (the pattern with new values); `matrices` as in {@link Assembly.assembleValues}.
   *
   * @example
   * ```ts
   * import { Assembly } from 'spsolve';
   *
   * const asm = new Assembly(3, [0, 1, 1, 2], 2);
   * const K = asm.assemble(Float64Array.of(1, -1, -1, 1, 2, -2, -2, 2));
   * console.log(K.get(1, 1), K.get(1, 2)); // → 3 -2
   * ```
   */
  assemble(matrices: ElementMatrices): CscMatrix {
    return this.pattern.withValues(this.assembleValues(matrices));
  }

  /**
   * The values of Σₑ scales[e] · Kₑ: e.g. SIMP stiffness, scales[e] = E_min + ρₑᵖ (E₀ − E_min),
   * with one reference matrix Ke shared by all elements, or one Kₑ per element (nElements·d²
   * values, or a function filling element e's block: see {@link ElementMatrices}).
   *
   * @throws RangeError for a Float64Array whose length is neither d² nor nElements·d², or
   *   scales whose length is not nElements.
   * @example
   * ```ts
   * import { Assembly } from 'spsolve';
   *
   * const asm = new Assembly(3, [0, 1, 1, 2], 2);
   * const values = asm.assembleScaled(Float64Array.of(1, -1, -1, 1), Float64Array.of(1, 2));
   * console.log(values); // → Float64Array(5) [ 1, -1, 3, -2, 2 ]
   * // The same with each element's own matrix, computed on demand.
   * const bar = (e: number, Ke: Float64Array) => Ke.set([e + 1, -(e + 1), -(e + 1), e + 1]);
   * console.log(asm.assembleScaled(bar, Float64Array.of(1, 1))); // → Float64Array(5) [ 1, -1, 3, -2, 2 ]
   * ```
   */
  assembleScaled(matrices: ElementMatrices, scales: Float64Array, out?: Float64Array): Float64Array {
    const source = blockSource(matrices, this.nElements, this.dofsPerElement, 'Assembly: Ke');
    this.#check(scales, this.nElements, 'scales');
    return this.#accumulate(source, scales, this.#output(out));
  }

  /** values += Σₑ sₑ Kₑ (sₑ = 1 without scales), entry by entry or block by block. */
  #accumulate(source: BlockSource, scales: Float64Array | undefined, values: Float64Array): Float64Array {
    const d = this.dofsPerElement;
    const dd = d * d;
    const blocks = this.#blocks;
    if (blocks === undefined) {
      const scatter = this.#scatter as Int32Array;
      if (source.fill === undefined && source.stride > 0 && scales === undefined) {
        // One pass over the scatter map: all element matrices given, unscaled.
        const data = source.data;
        for (let t = 0; t < scatter.length; t++) {
          const p = scatter[t];
          if (p >= 0) values[p] += data[t];
        }
        return values;
      }
      for (let e = 0; e < this.nElements; e++) {
        const s = scales === undefined ? 1 : scales[e];
        const offset = loadBlock(source, e);
        const data = source.data;
        for (let t = 0, base = e * dd; t < dd; t++) {
          const p = scatter[base + t];
          if (p >= 0) values[p] += s * data[offset + t];
        }
      }
      return values;
    }
    const { c, m, starts, rank, colStart, sign } = blocks;
    for (let e = 0; e < this.nElements; e++) {
      const s = scales === undefined ? 1 : scales[e];
      const offset = loadBlock(source, e);
      const data = source.data;
      for (let B = 0; B < m; B++) {
        const J = starts[e * m + B];
        if (J < 0) continue;
        for (let A = 0; A < m; A++) {
          const r = rank[e * m * m + A + B * m];
          if (r < 0) continue;
          const diagonal = starts[e * m + A] === J;
          for (let cb = 0; cb < c; cb++) {
            const pos = colStart[J + cb] + r * c;
            const at = offset + A * c + (B * c + cb) * d;
            for (let ca = 0; ca < c; ca++) if (!diagonal || ca * sign >= cb * sign) values[pos + ca] += s * data[at + ca];
          }
        }
      }
    }
    return values;
  }

  /**
   * The assembled vector Σₑ Pₑ fₑ (length n) from element vectors of d values each: one per
   * element (nElements·d values) or a function filling element e's (zeroed) d values. Entries
   * at eliminated dofs (−1) are dropped. With `out` (length n) nothing is allocated.
   *
   * @example
   * ```ts
   * import { Assembly } from 'spsolve';
   *
   * const asm = new Assembly(3, [-1, 0, 0, 1, 1, 2], 2); // three bars, the left end fixed
   * // A uniform load of 1 per unit length on bars of length 1: half of it at each end.
   * console.log(asm.assembleVector(new Float64Array(6).fill(0.5))); // → Float64Array(3) [ 1, 1, 0.5 ]
   * ```
   */
  assembleVector(vectors: Float64Array | ElementMatrixFill, out?: Float64Array): Float64Array {
    const d = this.dofsPerElement;
    const result = out ?? new Float64Array(this.n);
    this.#check(result, this.n, 'out');
    result.fill(0);
    let scratch: Float64Array | undefined;
    if (typeof vectors === 'function') scratch = new Float64Array(d);
    else this.#check(vectors, this.nElements * d, 'vectors');
    const dofs = this.elementDofs;
    for (let e = 0; e < this.nElements; e++) {
      let data = vectors as Float64Array;
      let offset = e * d;
      if (scratch !== undefined) {
        scratch.fill(0);
        (vectors as ElementMatrixFill)(e, scratch);
        data = scratch;
        offset = 0;
      }
      for (let a = 0; a < d; a++) {
        const i = dofs[e * d + a];
        if (i >= 0) result[i] += data[offset + a];
      }
    }
    return result;
  }

  /**
   * The transpose of assembleValues: per-element cotangents (nElements x d x d) from a
   * cotangent on the values. Entries that assembly does not read get 0. This materialises
   * nElements·d² numbers; {@link Assembly.gatherScaled} and {@link Assembly.gatherEach} do not.
   *
   * @example
   * ```ts
   * import { Assembly } from 'spsolve';
   *
   * const asm = new Assembly(2, [0, 1], 2); // one element, lower triangle stored
   * console.log(asm.gather(Float64Array.of(10, 20, 30))); // → Float64Array(4) [ 10, 20, 0, 30 ]
   * ```
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

  /**
   * Per element, the contraction ⟨gather(valuesBar)ₑ, ∂Kₑ⟩ without materialising the
   * gathered blocks. With the values cotangent of a {@link linearSolveVjp} pullback and
   * ∂Kₑ = ∂Kₑ/∂θₑ (one shared matrix when Kₑ = θₑ·Ke, one per element or a function filling
   * element e's block otherwise: see {@link ElementMatrices}), this is ∂J/∂θₑ = −λₑᵀ (∂Kₑ/∂θₑ) uₑ,
   * e.g. the compliance sensitivity of topology optimisation. With symmetric storage ∂Kₑ must
   * be symmetric, like the element matrices.
   *
   * @throws RangeError for a Float64Array whose length is neither d² nor nElements·d².
   * @example
   * ```ts
   * import { Assembly, linearSolveVjp, SparseOperator } from 'spsolve';
   *
   * const asm = new Assembly(3, [-1, 0, 0, 1, 1, 2], 2); // a bar fixed at its left end
   * const Ke = Float64Array.of(1, -1, -1, 1);
   * const K = asm.pattern.withValues(asm.assembleScaled(Ke, Float64Array.of(1, 1, 1)));
   * const f = Float64Array.of(0, 0, 1);
   * const vjp = linearSolveVjp(new SparseOperator(K, ['positiveSemidefinite']), f);
   * const cot = vjp.pullback(f).op; // d(fᵀu)/dK
   * if (cot.kind === 'sparse') console.log(asm.gatherScaled(cot.values, Ke).map(Math.round)); // → Float64Array(3) [ -1, -1, -1 ]
   * vjp.dispose();
   * ```
   */
  gatherScaled(valuesBar: Float64Array, dMatrices: ElementMatrices, out?: Float64Array): Float64Array {
    const d = this.dofsPerElement;
    const dd = d * d;
    this.#check(valuesBar, this.nnz, 'valuesBar');
    const source = blockSource(dMatrices, this.nElements, d, 'Assembly: Ke');
    const result = out ?? new Float64Array(this.nElements);
    this.#check(result, this.nElements, 'out');
    const blocks = this.#blocks;
    if (blocks === undefined) {
      const scatter = this.#scatter as Int32Array;
      for (let e = 0; e < this.nElements; e++) {
        const offset = loadBlock(source, e);
        const data = source.data;
        let s = 0;
        for (let t = 0, base = e * dd; t < dd; t++) {
          const p = scatter[base + t];
          if (p >= 0) s += valuesBar[p] * data[offset + t];
        }
        result[e] = s;
      }
      return result;
    }
    const { c, m, starts, rank, colStart, sign } = blocks;
    for (let e = 0; e < this.nElements; e++) {
      const offset = loadBlock(source, e);
      const data = source.data;
      let s = 0;
      for (let B = 0; B < m; B++) {
        const J = starts[e * m + B];
        if (J < 0) continue;
        for (let A = 0; A < m; A++) {
          const r = rank[e * m * m + A + B * m];
          if (r < 0) continue;
          const diagonal = starts[e * m + A] === J;
          for (let cb = 0; cb < c; cb++) {
            const pos = colStart[J + cb] + r * c;
            const at = offset + A * c + (B * c + cb) * d;
            for (let ca = 0; ca < c; ca++) if (!diagonal || ca * sign >= cb * sign) s += valuesBar[pos + ca] * data[at + ca];
          }
        }
      }
      result[e] = s;
    }
    return result;
  }

  /**
   * Hands each element's gathered cotangent block (d x d, column-major, scratch reused from
   * one element to the next) to `visit`, for derivatives with several parameters per element
   * (node positions, a material tensor) contracted by the caller, without nElements·d² numbers.
   *
   * @example
   * ```ts
   * import { Assembly } from 'spsolve';
   *
   * const asm = new Assembly(3, [0, 1, 1, 2], 2, { symmetry: 'general' });
   * const traces: number[] = [];
   * asm.gatherEach(Float64Array.of(1, 2, 3, 4, 5, 6, 7), (e, bar) => traces.push(bar[0] + bar[3]));
   * console.log(traces); // → [ 5, 11 ]
   * ```
   */
  gatherEach(valuesBar: Float64Array, visit: (element: number, blockBar: Float64Array) => void): void {
    this.#check(valuesBar, this.nnz, 'valuesBar');
    if (typeof visit !== 'function') throw new TypeError(`Assembly: visit must be a function, got ${typeof visit}`);
    const d = this.dofsPerElement;
    const dd = d * d;
    const block = new Float64Array(dd);
    const blocks = this.#blocks;
    if (blocks === undefined) {
      const scatter = this.#scatter as Int32Array;
      for (let e = 0; e < this.nElements; e++) {
        for (let t = 0, base = e * dd; t < dd; t++) {
          const p = scatter[base + t];
          block[t] = p >= 0 ? valuesBar[p] : 0;
        }
        visit(e, block);
      }
      return;
    }
    // Block by block, without building the entry-wise scatter map.
    const { c, m, starts, rank, colStart, sign } = blocks;
    for (let e = 0; e < this.nElements; e++) {
      block.fill(0);
      for (let B = 0; B < m; B++) {
        const J = starts[e * m + B];
        if (J < 0) continue;
        for (let A = 0; A < m; A++) {
          const r = rank[e * m * m + A + B * m];
          if (r < 0) continue;
          const diagonal = starts[e * m + A] === J;
          for (let cb = 0; cb < c; cb++) {
            const pos = colStart[J + cb] + r * c;
            const at = A * c + (B * c + cb) * d;
            for (let ca = 0; ca < c; ca++) if (!diagonal || ca * sign >= cb * sign) block[at + ca] = valuesBar[pos + ca];
          }
        }
      }
      visit(e, block);
    }
  }

  #output(out: Float64Array | undefined): Float64Array {
    if (out === undefined) return new Float64Array(this.nnz);
    this.#check(out, this.nnz, 'out');
    return out.fill(0);
  }

  #check(x: unknown, length: number, what: string): void {
    checkVector(x, length, `Assembly: ${what}`);
  }
}
