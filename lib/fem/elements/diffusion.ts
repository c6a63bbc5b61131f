/** Scalar diffusion (heat conduction, the Laplacian) with a coefficient κ. */
import { checkOptions } from '../../sparse/validate-options';
import { checkShape, elementCoordinates, mapPoint, output, positive, scratch } from './geometry';
import { type ElementShape, shapeTable } from './shape';

/**
 * Options of {@link diffusionStiffness} and {@link elementFlux}.
 *
 * @example
 * ```ts
 * import { diffusionStiffness, quad4 } from 'spsolve';
 *
 * const Ke = diffusionStiffness(quad4, [0, 0, 1, 0, 1, 1, 0, 1], { kappa: 2.5, thickness: 0.1 });
 * ```
 */
export interface DiffusionOptions {
  /** The (isotropic) coefficient κ: conductivity, permeability… (default 1). */
  kappa?: number;
  /** Thickness of a 2-D element (default 1; ignored in 3-D). */
  thickness?: number;
}

/**
 * The element matrix ∫ κ ∇Nₐ · ∇N_b (nodes x nodes, symmetric, column-major) of any shape
 * ({@link triangle3}, {@link triangle6}, {@link quad4}, {@link tetra4}, {@link hexa8}), by the
 * shape's quadrature; `coords` lists the element's nodes' coordinates node after node.
 *
 * @throws RangeError for coords of the wrong length, a degenerate element, or κ, thickness not > 0.
 * @example
 * ```ts
 * import { diffusionStiffness, tetra4 } from 'spsolve';
 *
 * // Constants are in the null space: every row sums to zero.
 * const Ke = diffusionStiffness(tetra4, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
 * console.log(Math.abs(Ke[0] + Ke[4] + Ke[8] + Ke[12]) < 1e-15, +Ke[0].toFixed(12)); // → true 0.5
 * ```
 */
export function diffusionStiffness(shape: ElementShape, coords: ArrayLike<number>, opts: DiffusionOptions = {}, out?: Float64Array): Float64Array {
  const fn = 'diffusionStiffness';
  checkShape(shape, fn);
  const options = checkOptions(opts, ['kappa', 'thickness'], `${fn}: opts`);
  const kappa = positive(options.kappa, 1, `${fn}: opts.kappa`);
  const thickness = positive(options.thickness, 1, `${fn}: opts.thickness`);
  const { X, sdim } = elementCoordinates(shape, coords, [shape.dim], fn);
  const n = shape.nodes;
  const Ke = output(out, n * n, fn);
  const { N, dN } = shapeTable(shape);
  const { weights } = shape.quadrature;
  const grad = scratch('grad', n * sdim);
  const scale = kappa * (sdim === 2 ? thickness : 1);
  for (let q = 0; q < weights.length; q++) {
    const det = mapPoint(shape, N, dN, q, X, sdim, grad, undefined, fn);
    const w = weights[q] * det * scale;
    for (let b = 0; b < n; b++) {
      for (let a = 0; a < n; a++) {
        let s = 0;
        for (let i = 0; i < sdim; i++) s += grad[a * sdim + i] * grad[b * sdim + i];
        Ke[a + b * n] += w * s;
      }
    }
  }
  return Ke;
}
