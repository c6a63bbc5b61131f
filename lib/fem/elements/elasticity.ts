/** Linear isotropic elasticity: plane stress, plane strain and 3-D. */
import { checkChoice } from '../../sparse/validate';
import { checkOptions } from '../../sparse/validate-options';
import { checkShape, elementCoordinates, mapPoint, output, positive, scratch } from './geometry';
import { type ElementShape, shapeTable } from './shape';

/**
 * Material of {@link elasticStiffness}, {@link elasticityMatrix} and {@link elementStress}.
 *
 * @example
 * ```ts
 * import { elasticStiffness, triangle3 } from 'spsolve';
 *
 * const Ke = elasticStiffness(triangle3, [0, 0, 1, 0, 0, 1], { E: 70e9, nu: 0.33, plane: 'strain' });
 * ```
 */
export interface ElasticityOptions {
  /** Young's modulus (default 1). */
  E?: number;
  /** Poisson's ratio (default 0.3), in (−1, 0.5). */
  nu?: number;
  /** 2-D only: 'stress' (a thin plate, the default) or 'strain' (a long body). */
  plane?: 'stress' | 'strain';
  /** Thickness of a 2-D element (default 1). */
  thickness?: number;
}

interface Material {
  D: Float64Array;
  nStrain: number;
  thickness: number;
}

// The last material built, reused while the same values come back (element after element).
let lastKey = '';
let lastMaterial: Material | undefined;

function material(dim: number, opts: ElasticityOptions, fn: string): Material {
  const options = checkOptions(opts, ['E', 'nu', 'plane', 'thickness'], `${fn}: opts`);
  const key = `${dim} ${String(options.E)} ${String(options.nu)} ${String(options.plane)} ${String(options.thickness)}`;
  if (key === lastKey && lastMaterial !== undefined) return lastMaterial;
  lastMaterial = undefined;
  const built = buildMaterial(dim, options, fn);
  lastKey = key;
  lastMaterial = built;
  return built;
}

function buildMaterial(dim: number, options: Partial<Record<'E' | 'nu' | 'plane' | 'thickness', unknown>>, fn: string): Material {
  const E = positive(options.E, 1, `${fn}: opts.E`);
  const nu = options.nu ?? 0.3;
  if (typeof nu !== 'number' || !(nu > -1 && nu < 0.5)) throw new RangeError(`${fn}: opts.nu must lie in (-1, 0.5), got ${String(nu)}`);
  const thickness = positive(options.thickness, 1, `${fn}: opts.thickness`);
  if (dim === 3) {
    if (options.plane !== undefined) throw new RangeError(`${fn}: opts.plane applies to 2-D elements only, got '${String(options.plane)}' for a 3-D one`);
    const lambda = (E * nu) / ((1 + nu) * (1 - 2 * nu));
    const mu = E / (2 * (1 + nu));
    const D = new Float64Array(36);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) D[i * 6 + j] = lambda + (i === j ? 2 * mu : 0);
      D[(i + 3) * 6 + i + 3] = mu;
    }
    return { D, nStrain: 6, thickness: 1 };
  }
  if (dim !== 2) throw new RangeError(`${fn}: elasticity needs a 2-D or 3-D element, got a ${dim}-D one`);
  const plane = checkChoice(options.plane ?? 'stress', ['stress', 'strain'] as const, `${fn}: opts.plane`);
  let D: Float64Array;
  if (plane === 'stress') {
    const c = E / (1 - nu * nu);
    D = Float64Array.of(c, c * nu, 0, c * nu, c, 0, 0, 0, (c * (1 - nu)) / 2);
  } else {
    const c = E / ((1 + nu) * (1 - 2 * nu));
    D = Float64Array.of(c * (1 - nu), c * nu, 0, c * nu, c * (1 - nu), 0, 0, 0, (c * (1 - 2 * nu)) / 2);
  }
  return { D, nStrain: 3, thickness };
}

/**
 * The material matrix D (symmetric, row-major) relating Voigt strains to stresses: 3 x 3 for
 * [εxx, εyy, γxy] in 2-D (plane stress or plane strain), 6 x 6 for
 * [εxx, εyy, εzz, γyz, γxz, γxy] in 3-D (γ the engineering shear strains).
 *
 * @example
 * ```ts
 * import { elasticityMatrix } from 'spsolve';
 *
 * console.log(elasticityMatrix(2, { E: 1, nu: 0 }).join(' ')); // → 1 0 0 0 1 0 0 0 0.5
 * ```
 */
export function elasticityMatrix(dim: 2 | 3, opts: ElasticityOptions = {}): Float64Array {
  if (dim !== 2 && dim !== 3) throw new RangeError(`elasticityMatrix: dim must be 2 or 3, got ${String(dim)}`);
  return material(dim, opts, 'elasticityMatrix').D.slice(); // a copy: the material is reused internally
}

/** B (nStrain x dim·nodes, row-major) from the physical gradients: strains from nodal displacements. */
export function strainDisplacement(dim: number, nodes: number, grad: Float64Array, B: Float64Array): void {
  const nd = dim * nodes;
  B.fill(0);
  for (let a = 0; a < nodes; a++) {
    if (dim === 2) {
      const dx = grad[2 * a];
      const dy = grad[2 * a + 1];
      B[2 * a] = dx;
      B[nd + 2 * a + 1] = dy;
      B[2 * nd + 2 * a] = dy;
      B[2 * nd + 2 * a + 1] = dx;
    } else {
      const dx = grad[3 * a];
      const dy = grad[3 * a + 1];
      const dz = grad[3 * a + 2];
      const c = 3 * a;
      B[c] = dx;
      B[nd + c + 1] = dy;
      B[2 * nd + c + 2] = dz;
      B[3 * nd + c + 1] = dz;
      B[3 * nd + c + 2] = dy;
      B[4 * nd + c] = dz;
      B[4 * nd + c + 2] = dx;
      B[5 * nd + c] = dy;
      B[5 * nd + c + 1] = dx;
    }
  }
}

/**
 * The element stiffness ∫ Bᵀ D B (dim·nodes square, symmetric, column-major) of linear
 * elasticity, dofs node after node ([u0, v0, u1, v1, …] in 2-D, [u0, v0, w0, …] in 3-D), by
 * the shape's quadrature. 2-D shapes are plane stress (default) or plane strain.
 *
 * @throws RangeError for coords of the wrong length, a degenerate element, or a bad material.
 * @example
 * ```ts
 * import { elasticStiffness, triangle3 } from 'spsolve';
 *
 * const Ke = elasticStiffness(triangle3, [0, 0, 2, 0, 0, 1], { E: 1, nu: 0 });
 * // A rigid rotation (u, v) = (−y, x) stores no energy: Ke times it is zero.
 * const rotation = [0, 0, 0, 2, -1, 0];
 * const force = [0, 1, 2, 3, 4, 5].map((a) => rotation.reduce((s, r, b) => s + Ke[a + 6 * b] * r, 0));
 * console.log(force.every((f) => Math.abs(f) < 1e-15)); // → true
 * ```
 */
export function elasticStiffness(shape: ElementShape, coords: ArrayLike<number>, opts: ElasticityOptions = {}, out?: Float64Array): Float64Array {
  const fn = 'elasticStiffness';
  checkShape(shape, fn);
  const { D, nStrain, thickness } = material(shape.dim, opts, fn);
  const { X, sdim } = elementCoordinates(shape, coords, [shape.dim], fn);
  const n = shape.nodes;
  const nd = sdim * n;
  const Ke = output(out, nd * nd, fn);
  const { N, dN } = shapeTable(shape);
  const { weights } = shape.quadrature;
  const grad = scratch('grad', nd);
  const B = scratch('B', nStrain * nd);
  const DB = scratch('DB', nStrain * nd);
  for (let q = 0; q < weights.length; q++) {
    const det = mapPoint(shape, N, dN, q, X, sdim, grad, undefined, fn);
    strainDisplacement(sdim, n, grad, B);
    const w = weights[q] * det * thickness;
    for (let p = 0; p < nStrain; p++) {
      for (let c = 0; c < nd; c++) {
        let s = 0;
        for (let r = 0; r < nStrain; r++) s += D[p * nStrain + r] * B[r * nd + c];
        DB[p * nd + c] = s;
      }
    }
    for (let b = 0; b < nd; b++) {
      for (let a = 0; a < nd; a++) {
        let s = 0;
        for (let p = 0; p < nStrain; p++) s += B[p * nd + a] * DB[p * nd + b];
        Ke[a + b * nd] += w * s;
      }
    }
  }
  return Ke;
}

/** The checked material, for stress recovery. */
export const elasticMaterial = material;
