/**
 * The isoparametric map x(ξ) = Σₐ Nₐ(ξ) xₐ at one point: its Jacobian's determinant (or, for
 * an edge or face in a higher-dimensional space, its length or area element) and the physical
 * gradients of the shape functions. The element functions call it at every quadrature point.
 */
import { describe, toFloat64Array } from '../../sparse/validate';
import type { ElementShape } from './shape';

// Scratch of mapPoint, which neither re-enters nor keeps them.
const jacobian = new Float64Array(9);
const inverse = new Float64Array(9);

/**
 * The measure factor at point q of tables N (points x nodes) and dN (points x nodes x dim) of
 * shape values and reference derivatives (q = 0 for single-point arrays), for element coordinates X (nodes x sdim, node after node). With `grad` (nodes x sdim, only
 * for sdim = dim) the physical gradients ∂Nₐ/∂xᵢ are written there; with `x` the point itself.
 * Either orientation of the element is accepted (|det J|); a degenerate element throws.
 */
export function mapPoint(
  shape: ElementShape,
  N: Float64Array,
  dN: Float64Array,
  q: number,
  X: Float64Array,
  sdim: number,
  grad: Float64Array | undefined,
  x: Float64Array | undefined,
  fn: string,
): number {
  const { nodes, dim } = shape;
  const J = jacobian.fill(0); // J[i·3 + k] = ∂xᵢ/∂ξₖ
  const n0 = q * nodes; // offsets of point q in the tables (no subarray views: they allocate)
  const d0 = q * nodes * dim;
  for (let a = 0; a < nodes; a++) {
    for (let i = 0; i < sdim; i++) {
      const xa = X[a * sdim + i];
      for (let k = 0; k < dim; k++) J[i * 3 + k] += xa * dN[d0 + a * dim + k];
    }
  }
  if (x !== undefined) {
    x.fill(0);
    for (let a = 0; a < nodes; a++) for (let i = 0; i < sdim; i++) x[i] += N[n0 + a] * X[a * sdim + i];
  }
  let measure: number;
  if (sdim === dim) {
    const inv = inverse.fill(0); // inv[k·3 + i] = ∂ξₖ/∂xᵢ
    let det: number;
    if (dim === 1) {
      det = J[0];
      inv[0] = 1 / det;
    } else if (dim === 2) {
      det = J[0] * J[4] - J[1] * J[3];
      inv[0] = J[4] / det;
      inv[1] = -J[1] / det;
      inv[3] = -J[3] / det;
      inv[4] = J[0] / det;
    } else {
      const a = J[0], b = J[1], c = J[2], d = J[3], e = J[4], f = J[5], g = J[6], h = J[7], k = J[8];
      const c00 = e * k - f * h;
      const c01 = c * h - b * k;
      const c02 = b * f - c * e;
      det = a * c00 + d * c01 + g * c02;
      inv[0] = c00 / det;
      inv[1] = c01 / det;
      inv[2] = c02 / det;
      inv[3] = (f * g - d * k) / det;
      inv[4] = (a * k - c * g) / det;
      inv[5] = (c * d - a * f) / det;
      inv[6] = (d * h - e * g) / det;
      inv[7] = (b * g - a * h) / det;
      inv[8] = (a * e - b * d) / det;
    }
    measure = Math.abs(det);
    if (grad !== undefined) {
      for (let a = 0; a < nodes; a++) {
        for (let i = 0; i < sdim; i++) {
          let s = 0;
          for (let k = 0; k < dim; k++) s += dN[d0 + a * dim + k] * inv[k * 3 + i];
          grad[a * sdim + i] = s;
        }
      }
    }
  } else if (dim === 1) {
    measure = Math.hypot(J[0], J[3], J[6]);
  } else {
    // |∂x/∂ξ × ∂x/∂η|: the area element of a face in 3-D.
    measure = Math.hypot(J[3] * J[7] - J[6] * J[4], J[6] * J[1] - J[0] * J[7], J[0] * J[4] - J[3] * J[1]);
  }
  if (!(measure > 0 && Number.isFinite(measure))) {
    throw new RangeError(`${fn}: the ${shape.name} element is degenerate (its Jacobian determinant is ${measure}), coordinates ${Array.from(X).join(', ')}`);
  }
  return measure;
}

/** Throws unless `shape` looks like an {@link ElementShape} (the exported ones, or one built like them). */
export function checkShape(shape: unknown, fn: string): asserts shape is ElementShape {
  const s = shape as Partial<ElementShape> | null;
  const ok =
    typeof s === 'object' && s !== null && typeof s.evaluate === 'function' && Number.isInteger(s.nodes) && (s.nodes as number) > 0 &&
    (s.dim === 1 || s.dim === 2 || s.dim === 3) && s.referenceNodes instanceof Float64Array && s.quadrature !== undefined &&
    s.quadrature.weights instanceof Float64Array && s.quadrature.points instanceof Float64Array;
  if (!ok) throw new TypeError(`${fn}: shape must be an ElementShape (triangle3, quad4, tetra4, …), got ${describe(shape)}`);
}

/** Element coordinates as a Float64Array of nodes x sdim, with sdim checked against the shape. */
export function elementCoordinates(shape: ElementShape, coords: unknown, sdims: readonly number[], fn: string): { X: Float64Array; sdim: number } {
  checkShape(shape, fn);
  const X = toFloat64Array(coords, `${fn}: coords`);
  const sdim = X.length / shape.nodes;
  if (!sdims.includes(sdim)) {
    const lengths = sdims.map((s) => s * shape.nodes).join(' or ');
    throw new RangeError(`${fn}: coords must have ${lengths} entries (${shape.nodes} ${shape.name} nodes x ${sdims.join(' or ')} coordinates), got ${X.length}`);
  }
  for (let k = 0; k < X.length; k++) {
    if (!Number.isFinite(X[k])) throw new RangeError(`${fn}: coords[${k}] must be finite, got ${X[k]}`);
  }
  return { X, sdim };
}

/** A positive finite number option, or its default. */
export function positive(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number > 0, got ${describe(value)}`);
  }
  return value;
}

/** `out` checked (length) and zeroed, or a new array. */
export function output(out: unknown, length: number, fn: string): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (!(out instanceof Float64Array) || out.length !== length) {
    throw new RangeError(`${fn}: out must be a Float64Array of length ${length}, got ${out instanceof Float64Array ? `length ${out.length}` : describe(out)}`);
  }
  return out.fill(0);
}

const scratchArrays = new Map<string, Float64Array>();

/**
 * A reusable scratch array of `length` for one role (e.g. 'grad'): the element functions run to
 * completion without re-entering, so per-call work arrays need not be allocated per call.
 */
export function scratch(role: string, length: number): Float64Array {
  const key = `${role}:${length}`;
  let a = scratchArrays.get(key);
  if (a === undefined) {
    a = new Float64Array(length);
    scratchArrays.set(key, a);
  }
  return a;
}
