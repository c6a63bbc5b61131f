/**
 * Steady heat conduction, −∇·(κ ∇T) = q, with bilinear four-node quadrilaterals on the grid of
 * lib/fem's quadGrid: one temperature per node instead of its two displacements.
 *
 * Local node order is the one of quadGrid: counter-clockwise from the lower-left corner,
 * (0, 0), (w, 0), (w, h), (0, h).
 */
import type { QuadGrid } from '../../lib';

/**
 * The 4 x 4 conduction matrix ∫ ∇Nₐ · ∇N_b of a w x h rectangle for unit conductivity
 * (column-major, symmetric). Integrating the products of the bilinear shape functions'
 * derivatives exactly splits it into an x part, scaled by h / w, and a y part, scaled by w / h;
 * an element of conductivity κ contributes κ times this matrix.
 */
export function quadConduction(width = 1, height = 1): Float64Array {
  if (!(width > 0 && height > 0)) throw new RangeError(`quadConduction: width and height must be > 0, got ${width} and ${height}`);
  const alongX = [2, -2, -1, 1, -2, 2, 1, -1, -1, 1, 2, -2, 1, -1, -2, 2];
  const alongY = [2, 1, -1, -2, 1, 2, -2, -1, -1, -2, 2, 1, -2, -1, 1, 2];
  return Float64Array.from(alongX, (x, k) => ((height / width) * x + (width / height) * alongY[k]) / 6);
}

/**
 * The element nodes of a quadGrid (nElements x 4, element after element), read off its element
 * dofs: node k of an element owns dofs 2k and 2k + 1 there.
 */
export function quadNodes(grid: QuadGrid): Int32Array {
  const nodes = new Int32Array(grid.elementDofs.length / 2);
  for (let k = 0; k < nodes.length; k++) nodes[k] = grid.elementDofs[2 * k] / 2;
  return nodes;
}
