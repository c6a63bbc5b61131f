/**
 * The bilinear four-node quadrilateral in plane stress on a structured grid of rectangles:
 * what a 2D topology-optimisation or elasticity example needs, and no more.
 *
 * Local node order is counter-clockwise from the lower-left corner: (0,0), (w,0), (w,h),
 * (0,h); local dofs are [u0, v0, u1, v1, u2, v2, u3, v3] (u horizontal, v vertical).
 */
import { MAX_INDEX, checkInteger } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';

/**
 * Material and geometry of {@link planeStressQuadStiffness}.
 *
 * @example
 * ```ts
 * import { planeStressQuadStiffness } from 'spsolve';
 *
 * // Steel (SI units), 1 cm thick, 5 cm x 2 cm elements.
 * const Ke = planeStressQuadStiffness({ E: 210e9, nu: 0.3, thickness: 0.01, width: 0.05, height: 0.02 });
 * ```
 */
export interface PlaneStressOptions {
  /** Young's modulus (default 1). */
  E?: number;
  /** Poisson's ratio (default 0.3). */
  nu?: number;
  /** Thickness (default 1). */
  thickness?: number;
  /** Element width, along x (default 1). */
  width?: number;
  /** Element height, along y (default 1). */
  height?: number;
}

const CORNERS = [
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, 1],
] as const;

/**
 * The 8 x 8 element stiffness (column-major, symmetric) ∫ Bᵀ D B over the rectangle, by
 * 2 x 2 Gauss quadrature — exact for the bilinear element on a rectangle. Dofs in the local
 * order of the module: [u0, v0, u1, v1, u2, v2, u3, v3], nodes counter-clockwise from the
 * lower-left corner.
 *
 * @throws RangeError for E, thickness, width or height not > 0, or nu outside (−1, 0.5).
 * @example
 * ```ts
 * import { planeStressQuadStiffness } from 'spsolve';
 *
 * const Ke = planeStressQuadStiffness({ E: 1, nu: 0.3 });
 * // A rigid translation stores no energy: every row of Ke sums to zero over the u dofs.
 * console.log(Ke.length, Math.abs(Ke[0] + Ke[16] + Ke[32] + Ke[48]) < 1e-15); // → 64 true
 * ```
 */
export function planeStressQuadStiffness(opts: PlaneStressOptions = {}): Float64Array {
  checkOptions(opts, ['E', 'nu', 'thickness', 'width', 'height'], 'planeStressQuadStiffness: opts');
  const { E = 1, nu = 0.3, thickness = 1, width = 1, height = 1 } = opts;
  for (const [name, v] of [['E', E], ['thickness', thickness], ['width', width], ['height', height]] as const) {
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`planeStressQuadStiffness: ${name} must be > 0, got ${v}`);
  }
  if (!(nu > -1 && nu < 0.5)) throw new RangeError(`planeStressQuadStiffness: nu must lie in (-1, 0.5), got ${nu}`);
  const c = E / (1 - nu * nu);
  const D = [c, c * nu, 0, c * nu, c, 0, 0, 0, (c * (1 - nu)) / 2]; // symmetric 3 x 3
  const ke = new Float64Array(64);
  const g = 1 / Math.sqrt(3);
  const weight = ((width * height) / 4) * thickness; // det J · (Gauss weight 1)
  for (const xi of [-g, g]) {
    for (const eta of [-g, g]) {
      const B = strainDisplacement(xi, eta, width, height);
      // ke += weight · Bᵀ D B, with B 3 x 8 row-major.
      for (let a = 0; a < 8; a++) {
        for (let b = 0; b < 8; b++) {
          let s = 0;
          for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) s += B[p * 8 + a] * D[p * 3 + q] * B[q * 8 + b];
          ke[a + b * 8] += weight * s;
        }
      }
    }
  }
  return ke;
}

/** B (3 x 8, row-major): strains [εx, εy, γxy] from the 8 nodal displacements at (ξ, η). */
function strainDisplacement(xi: number, eta: number, width: number, height: number): Float64Array {
  const B = new Float64Array(24);
  CORNERS.forEach(([xa, ya], node) => {
    const dx = ((xa * (1 + eta * ya)) / 4) * (2 / width);
    const dy = ((ya * (1 + xi * xa)) / 4) * (2 / height);
    B[0 * 8 + 2 * node] = dx;
    B[1 * 8 + 2 * node + 1] = dy;
    B[2 * 8 + 2 * node] = dy;
    B[2 * 8 + 2 * node + 1] = dx;
  });
  return B;
}

/**
 * A structured grid of quadrilaterals from {@link quadGrid}: its numbering of nodes, dofs and
 * elements. Node (ix, iy) has dofs 2·node (u, horizontal) and 2·node + 1 (v, vertical).
 *
 * @example
 * ```ts
 * import { quadGrid } from 'spsolve';
 *
 * const grid = quadGrid(3, 2);
 * console.log(grid.nNodes, grid.nDofs, grid.node(3, 2)); // → 12 24 11
 * // Element (0, 0): nodes (0, 0), (1, 0), (1, 1), (0, 1), counter-clockwise, two dofs each.
 * console.log(grid.elementDofs.slice(0, 8).join(' ')); // → 0 1 6 7 8 9 2 3
 * ```
 */
export interface QuadGrid {
  /** Elements along x. */
  nelx: number;
  /** Elements along y. */
  nely: number;
  /** (nelx + 1)·(nely + 1) nodes. */
  nNodes: number;
  /** 2·nNodes dofs. */
  nDofs: number;
  /** nElements x 8 dofs in the local order above; element (ex, ey) is number ey + ex·nely. */
  elementDofs: Int32Array;
  /** Node (ix, iy), 0 ≤ ix ≤ nelx, 0 ≤ iy ≤ nely, iy counted upwards: ix·(nely + 1) + iy. */
  node(ix: number, iy: number): number;
}

/**
 * A nelx x nely grid of rectangles, numbered column by column (x outer, y inner), with the
 * element dofs ready for {@link Assembly} (d = 8).
 *
 * @throws RangeError unless nelx and nely are positive integers.
 * @example
 * ```ts
 * import { Assembly, planeStressQuadStiffness, quadGrid } from 'spsolve';
 *
 * const grid = quadGrid(60, 20);
 * const asm = new Assembly(grid.nDofs, grid.elementDofs, 8);
 * const K = asm.pattern.withValues(asm.assembleScaled(planeStressQuadStiffness(), new Float64Array(1200).fill(1)));
 * console.log(K.nrows); // → 2562
 * ```
 */
export function quadGrid(nelx: number, nely: number): QuadGrid {
  checkInteger(nelx, 1, MAX_INDEX, 'quadGrid: nelx');
  checkInteger(nely, 1, MAX_INDEX, 'quadGrid: nely');
  const node = (ix: number, iy: number) => ix * (nely + 1) + iy;
  const elementDofs = new Int32Array(nelx * nely * 8);
  for (let ex = 0; ex < nelx; ex++) {
    for (let ey = 0; ey < nely; ey++) {
      const corners = [node(ex, ey), node(ex + 1, ey), node(ex + 1, ey + 1), node(ex, ey + 1)];
      const base = (ey + ex * nely) * 8;
      corners.forEach((nd, k) => {
        elementDofs[base + 2 * k] = 2 * nd;
        elementDofs[base + 2 * k + 1] = 2 * nd + 1;
      });
    }
  }
  const nNodes = (nelx + 1) * (nely + 1);
  return { nelx, nely, nNodes, nDofs: 2 * nNodes, elementDofs, node };
}
