/**
 * The three ways of handing element matrices (or their derivatives) to {@link Assembly}: one
 * d x d matrix shared by every element, one per element (nElements·d² values, element after
 * element, each column-major), or a function that fills a scratch d x d block for element e
 * when asked, so a large mesh never holds all its blocks at once.
 */
import { describe } from '../sparse/validate';

/**
 * Fills `block` (d x d, column-major, zeroed before the call) with element `element`'s matrix.
 * The block is scratch owned by the caller of the function: read it, do not keep it.
 *
 * @example
 * ```ts
 * import { Assembly } from 'spsolve';
 *
 * // Bars of stiffness 1, 2, 3 on dofs 0-1-2-3, computed element by element.
 * const asm = new Assembly(4, [0, 1, 1, 2, 2, 3], 2, { symmetry: 'general' });
 * const bar = (e: number, Ke: Float64Array) => Ke.set([e + 1, -(e + 1), -(e + 1), e + 1]);
 * console.log(asm.assembleValues(bar).join(' ')); // → 1 -1 -1 3 -2 -2 5 -3 -3 3
 * ```
 */
export type ElementMatrixFill = (element: number, block: Float64Array) => void;

/**
 * Element matrices: one Float64Array of d² values shared by all elements, one of
 * nElements·d² values (element e's block at e·d², column-major), or an {@link ElementMatrixFill}.
 */
export type ElementMatrices = Float64Array | ElementMatrixFill;

/**
 * Element e's block is `data[offset(e) ..]`, where offset(e) = e·stride (stride 0 for a shared
 * matrix), or, with `fill`, the scratch block after `fill(e, scratch)`.
 */
export interface BlockSource {
  data: Float64Array;
  stride: number;
  fill: ElementMatrixFill | undefined;
}

/**
 * Which form `matrices` is, by its length; a length that matches neither form is a RangeError
 * that names both.
 */
export function blockSource(matrices: unknown, nElements: number, d: number, name: string): BlockSource {
  const dd = d * d;
  if (typeof matrices === 'function') {
    return { data: new Float64Array(dd), stride: 0, fill: matrices as ElementMatrixFill };
  }
  if (!(matrices instanceof Float64Array)) {
    throw new TypeError(`${name} must be a Float64Array or a function (element, block) => void, got ${describe(matrices)}`);
  }
  if (matrices.length === nElements * dd) return { data: matrices, stride: dd, fill: undefined };
  if (matrices.length === dd) return { data: matrices, stride: 0, fill: undefined };
  // One element: both forms are d² values, one length to name.
  if (nElements === 1) throw new RangeError(`${name} must have length ${dd}, got ${matrices.length}`);
  throw new RangeError(
    `${name} must have length ${dd} (one ${d} x ${d} matrix shared by all elements) or ${nElements * dd} ` +
      `(one per element, ${nElements} x ${dd}), got ${matrices.length}`,
  );
}

/** Element e's block: the start of its d² values in the returned array. */
export function loadBlock(source: BlockSource, e: number): number {
  if (source.fill === undefined) return e * source.stride;
  source.data.fill(0);
  source.fill(e, source.data);
  return 0;
}
