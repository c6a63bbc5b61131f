/** Load vectors: body forces (sources) over an element, tractions (fluxes) over a boundary facet. */
import { describe, isNumericArrayLike } from '../../sparse/validate';
import { checkOptions } from '../../sparse/validate-options';
import { checkShape, elementCoordinates, mapPoint, output, positive } from './geometry';
import { type ElementShape, shapeTable } from './shape';

/**
 * A distributed load: one constant value per component (e.g. [fx, fy], or [q] for a scalar
 * source), or a function of the physical point x returning them.
 *
 * @example
 * ```ts
 * import { bodyForceLoad, triangle3 } from 'spsolve';
 *
 * const gravity = [0, -9.81 * 7850];
 * const f = bodyForceLoad(triangle3, [0, 0, 1, 0, 0, 1], gravity);
 * const rising = bodyForceLoad(triangle3, [0, 0, 1, 0, 0, 1], (x) => [x[1]]);
 * ```
 */
export type DistributedLoad = ArrayLike<number> | ((x: Float64Array) => ArrayLike<number>);

/**
 * Options of {@link bodyForceLoad} and {@link tractionLoad}.
 *
 * @example
 * ```ts
 * import { line2, tractionLoad } from 'spsolve';
 *
 * const f = tractionLoad(line2, [1, 0, 1, 1], [1, 0], { thickness: 0.01 });
 * ```
 */
export interface LoadOptions {
  /** Thickness of a 2-D body (default 1): multiplies body forces on 2-D elements and tractions on edges in 2-D. */
  thickness?: number;
}

function integrate(shape: ElementShape, coords: ArrayLike<number>, load: DistributedLoad, opts: LoadOptions, sdim: number, fn: string, out?: Float64Array): Float64Array {
  const options = checkOptions(opts, ['thickness'], `${fn}: opts`);
  const thickness = positive(options.thickness, 1, `${fn}: opts.thickness`);
  const { X } = elementCoordinates(shape, coords, [sdim], fn);
  const n = shape.nodes;
  const { N, dN } = shapeTable(shape);
  const { weights } = shape.quadrature;
  const x = new Float64Array(sdim);
  const value = (at: Float64Array): ArrayLike<number> => {
    const v = typeof load === 'function' ? load(at) : load;
    if (!isNumericArrayLike(v) || v.length === 0) throw new TypeError(`${fn}: the load must be a non-empty array of numbers, got ${describe(v)}`);
    for (let c = 0; c < v.length; c++) if (!Number.isFinite(v[c])) throw new RangeError(`${fn}: load component ${c} must be finite, got ${v[c]}`);
    return v;
  };
  let result: Float64Array | undefined;
  let components = 0;
  const scale = sdim === 2 ? thickness : 1;
  for (let q = 0; q < weights.length; q++) {
    const n0 = q * n;
    const w = weights[q] * mapPoint(shape, N, dN, q, X, sdim, undefined, x, fn) * scale;
    const v = value(x);
    if (result === undefined) {
      components = v.length;
      result = output(out, n * components, fn);
    } else if (v.length !== components) {
      throw new RangeError(`${fn}: the load returned ${v.length} components at one point and ${components} at another`);
    }
    for (let a = 0; a < n; a++) for (let c = 0; c < components; c++) result[a * components + c] += w * N[n0 + a] * v[c];
  }
  return result as Float64Array;
}

/**
 * The consistent load ∫ Nₐ b over an element (nodes·components, node after node) for a body
 * force or source b: one value per component, constant or a function of x.
 *
 * @throws RangeError for coords of the wrong length or a degenerate element.
 * @example
 * ```ts
 * import { bodyForceLoad, triangle6 } from 'spsolve';
 *
 * // A uniform source on a P2 triangle loads only the mid-edge nodes (by A/3 each).
 * console.log(bodyForceLoad(triangle6, [0, 0, 1, 0, 0, 1, 0.5, 0, 0.5, 0.5, 0, 0.5], [6]).map((v) => +v.toFixed(12)).join(' ')); // → 0 0 0 1 1 1
 * ```
 */
export function bodyForceLoad(shape: ElementShape, coords: ArrayLike<number>, force: DistributedLoad, opts: LoadOptions = {}, out?: Float64Array): Float64Array {
  checkShape(shape, 'bodyForceLoad');
  return integrate(shape, coords, force, opts, shape.dim, 'bodyForceLoad', out);
}

/**
 * The consistent load ∫ Nₐ t over a boundary facet (nodes·components) for a traction or flux
 * t: an edge ({@link line2}, {@link line3}) with 2-D coordinates, or a face ({@link triangle3},
 * {@link triangle6}, {@link quad4}) with 3-D coordinates.
 *
 * @throws RangeError for coords whose dimension is not the facet's plus one, or a degenerate facet.
 * @example
 * ```ts
 * import { line2, tractionLoad } from 'spsolve';
 *
 * // A uniform pull of 3 along x on an edge of length 2: 3 to each end.
 * console.log(tractionLoad(line2, [1, 0, 1, 2], [3, 0])); // → Float64Array(4) [ 3, 0, 3, 0 ]
 * ```
 */
export function tractionLoad(facet: ElementShape, coords: ArrayLike<number>, traction: DistributedLoad, opts: LoadOptions = {}, out?: Float64Array): Float64Array {
  checkShape(facet, 'tractionLoad');
  if (facet.dim === 3) throw new RangeError(`tractionLoad: facet must be an edge or a face (line2, line3, triangle3, triangle6, quad4), got the 3-D ${facet.name}`);
  return integrate(facet, coords, traction, opts, facet.dim + 1, 'tractionLoad', out);
}
