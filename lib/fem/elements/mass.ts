/** Consistent mass matrices. */
import { MAX_INDEX, checkInteger } from '../../sparse/validate';
import { checkOptions } from '../../sparse/validate-options';
import { checkShape, elementCoordinates, mapPoint, output, positive } from './geometry';
import { type ElementShape, shapeTable } from './shape';

/**
 * Options of {@link massMatrix}.
 *
 * @example
 * ```ts
 * import { massMatrix, quad4 } from 'spsolve';
 *
 * // Steel, a 2-D element with two displacement components per node.
 * const M = massMatrix(quad4, [0, 0, 1, 0, 1, 1, 0, 1], { rho: 7850, components: 2, thickness: 0.01 });
 * ```
 */
export interface MassOptions {
  /** Density ρ (default 1). */
  rho?: number;
  /** Unknowns per node (default 1; 2 or 3 for displacements): each gets ∫ ρ Nₐ N_b, uncoupled. */
  components?: number;
  /** Thickness of a 2-D element (default 1; ignored in 3-D). */
  thickness?: number;
}

/**
 * The consistent mass matrix ∫ ρ Nₐ N_b (column-major, symmetric), of size nodes·components
 * square with the dofs node after node (as {@link elasticStiffness} numbers them). Its entries
 * sum to ρ · area (· thickness) or ρ · volume times `components`.
 *
 * @throws RangeError for coords of the wrong length, a degenerate element, or a bad option.
 * @example
 * ```ts
 * import { massMatrix, triangle3 } from 'spsolve';
 *
 * // P1 triangle of area A: (1 + δₐᵦ) · ρA/12.
 * console.log(massMatrix(triangle3, [0, 0, 1, 0, 0, 1]).map((m) => +(m * 24).toFixed(12)).join(' ')); // → 2 1 1 1 2 1 1 1 2
 * ```
 */
export function massMatrix(shape: ElementShape, coords: ArrayLike<number>, opts: MassOptions = {}, out?: Float64Array): Float64Array {
  const fn = 'massMatrix';
  checkShape(shape, fn);
  const options = checkOptions(opts, ['rho', 'components', 'thickness'], `${fn}: opts`);
  const rho = positive(options.rho, 1, `${fn}: opts.rho`);
  const thickness = positive(options.thickness, 1, `${fn}: opts.thickness`);
  const components = options.components === undefined ? 1 : checkInteger(options.components, 1, MAX_INDEX, `${fn}: opts.components`);
  const { X, sdim } = elementCoordinates(shape, coords, [shape.dim], fn);
  const n = shape.nodes;
  const size = n * components;
  const M = output(out, size * size, fn);
  const { N, dN } = shapeTable(shape);
  const { weights } = shape.quadrature;
  const scale = rho * (sdim === 2 ? thickness : 1);
  for (let q = 0; q < weights.length; q++) {
    const n0 = q * n;
    const w = weights[q] * mapPoint(shape, N, dN, q, X, sdim, undefined, undefined, fn) * scale;
    for (let b = 0; b < n; b++) {
      for (let a = 0; a < n; a++) {
        const m = w * N[n0 + a] * N[n0 + b];
        for (let c = 0; c < components; c++) M[a * components + c + (b * components + c) * size] += m;
      }
    }
  }
  return M;
}
