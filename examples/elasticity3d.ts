/**
 * `npm run example:elasticity [-- nx ny nz]`: 3-D linear elasticity of a cantilever beam,
 * clamped at x = 0 and loaded at its free end by a downward force, meshed with trilinear 8-node
 * bricks, assembled into a 3n × 3n stiffness matrix and solved with CHOLMOD. Prints the tip
 * deflection next to Timoshenko beam theory and the residual of the solve.
 *
 * Fully integrated trilinear bricks are too stiff in bending (shear locking), so the computed
 * deflection approaches the beam-theory value from below as the mesh is refined.
 */
import { cholesky, CscMatrix } from '../lib';
import { BoxMesh, elementCoordinates, GAUSS_POINTS, LowerTriplets, shapeGradients } from './fem/hex8';

export interface Material {
  /** Young's modulus. */
  E: number;
  /** Poisson's ratio, in (−1, 1/2). */
  nu: number;
}

export interface CantileverOptions {
  /** Beam length (x), width (y) and height (z); default 10 × 1 × 1. */
  length?: number;
  width?: number;
  height?: number;
  material?: Material;
  /** Total downward (−z) force on the free end, spread evenly over its face; default 1. */
  load?: number;
}

export interface CantileverProblem {
  mesh: BoxMesh;
  /** Stiffness matrix of the free degrees of freedom, lower triangle stored. */
  K: CscMatrix;
  f: Float64Array;
  /** Unknown number of (node, direction) at 3·node + direction; −1 where clamped. */
  dofOf: Int32Array;
  options: Required<CantileverOptions>;
}

/** The isotropic elasticity matrix in Voigt order (xx, yy, zz, xy, yz, zx), engineering shear strains. */
export function elasticityMatrix({ E, nu }: Material): Float64Array {
  if (!(E > 0) || !(nu > -1 && nu < 0.5)) throw new RangeError(`need E > 0 and −1 < ν < 1/2, got E = ${E}, ν = ${nu}`);
  const lambda = (E * nu) / ((1 + nu) * (1 - 2 * nu));
  const mu = E / (2 * (1 + nu));
  const D = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) D[6 * i + j] = lambda + (i === j ? 2 * mu : 0);
    D[6 * (i + 3) + i + 3] = mu;
  }
  return D;
}

/**
 * The 24 × 24 stiffness matrix ∫ Bᵀ D B of one brick (row-major), with B the strain-displacement
 * matrix; degrees of freedom ordered node by node, (u, v, w) within a node.
 */
export function brickStiffness(xyz: ArrayLike<number>, D: Float64Array): Float64Array {
  const Ke = new Float64Array(576);
  const B = new Float64Array(6 * 24);
  const DB = new Float64Array(6 * 24);
  for (const point of GAUSS_POINTS) {
    const { grad, detJ } = shapeGradients(xyz, point);
    B.fill(0);
    for (let n = 0; n < 8; n++) {
      const [dx, dy, dz] = [grad[3 * n], grad[3 * n + 1], grad[3 * n + 2]];
      const c = 3 * n;
      B[c] = dx; // εxx = ∂u/∂x
      B[24 + c + 1] = dy; // εyy
      B[48 + c + 2] = dz; // εzz
      B[72 + c] = dy; B[72 + c + 1] = dx; // γxy
      B[96 + c + 1] = dz; B[96 + c + 2] = dy; // γyz
      B[120 + c] = dz; B[120 + c + 2] = dx; // γzx
    }
    for (let r = 0; r < 6; r++) {
      for (let c = 0; c < 24; c++) {
        let s = 0;
        for (let k = 0; k < 6; k++) s += D[6 * r + k] * B[24 * k + c];
        DB[24 * r + c] = s;
      }
    }
    for (let a = 0; a < 24; a++) {
      for (let c = 0; c < 24; c++) {
        let s = 0;
        for (let k = 0; k < 6; k++) s += B[24 * k + a] * DB[24 * k + c];
        Ke[24 * a + c] += s * detJ;
      }
    }
  }
  return Ke;
}

/** Assembles the clamped cantilever on an nx × ny × nz brick mesh. */
export function cantilever(nx: number, ny: number, nz: number, opts: CantileverOptions = {}): CantileverProblem {
  const options: Required<CantileverOptions> = {
    length: opts.length ?? 10,
    width: opts.width ?? 1,
    height: opts.height ?? 1,
    material: opts.material ?? { E: 1000, nu: 0.3 },
    load: opts.load ?? 1,
  };
  const mesh = new BoxMesh(nx, ny, nz, options.length, options.width, options.height);
  const dofOf = new Int32Array(3 * mesh.nodeCount).fill(-1);
  let unknowns = 0;
  for (let node = 0; node < mesh.nodeCount; node++) {
    if (mesh.gridOf(node)[0] === 0) continue; // clamped face x = 0
    for (let d = 0; d < 3; d++) dofOf[3 * node + d] = unknowns++;
  }
  const D = elasticityMatrix(options.material);
  const triplets = new LowerTriplets(mesh.elementCount * 300);
  for (let e = 0; e < mesh.elementCount; e++) {
    const dofs = mesh.elementNodes(e).flatMap((node) => [dofOf[3 * node], dofOf[3 * node + 1], dofOf[3 * node + 2]]);
    triplets.addElement(brickStiffness(elementCoordinates(mesh, e), D), dofs);
  }
  const { rows, cols, values } = triplets.filled();
  const K = CscMatrix.fromTriplets(unknowns, unknowns, rows, cols, values, { symmetry: 'lower' });
  // A uniform traction on the end face: each bilinear face cell gives a quarter of its force to
  // each of its corners (the consistent load for bilinear shape functions).
  const f = new Float64Array(unknowns);
  const cellForce = options.load / (ny * nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (const [dj, dk] of [[0, 0], [1, 0], [1, 1], [0, 1]]) {
        f[dofOf[3 * mesh.node(nx, j + dj, k + dk) + 2]] -= cellForce / 4;
      }
    }
  }
  return { mesh, K, f, dofOf, options };
}

/** Mean vertical displacement of the end face x = length. */
export function tipDeflection(problem: CantileverProblem, u: Float64Array): number {
  const { mesh, dofOf } = problem;
  let sum = 0;
  for (let k = 0; k <= mesh.nz; k++) {
    for (let j = 0; j <= mesh.ny; j++) sum += u[dofOf[3 * mesh.node(mesh.nx, j, k) + 2]];
  }
  return sum / ((mesh.ny + 1) * (mesh.nz + 1));
}

/** Timoshenko beam theory for the end deflection: P L³ / (3 E I) bending plus P L / (κ G A) shear, κ = 5/6. */
export function beamTheoryDeflection({ length, width, height, material, load }: Required<CantileverOptions>): number {
  const inertia = (width * height ** 3) / 12;
  const shearModulus = material.E / (2 * (1 + material.nu));
  return -((load * length ** 3) / (3 * material.E * inertia) + (load * length) / ((5 / 6) * shearModulus * width * height));
}

function main(): void {
  const [nx, ny, nz] = [process.argv[2] ?? '80', process.argv[3] ?? '8', process.argv[4] ?? '8'].map(Number);
  const t0 = performance.now();
  const problem = cantilever(nx, ny, nz);
  const assembleMs = performance.now() - t0;
  const factor = cholesky(problem.K);
  try {
    const u = factor.solve(problem.f);
    const r = problem.K.matvec(u);
    let rr = 0, ff = 0;
    for (let i = 0; i < u.length; i++) {
      rr += (problem.f[i] - r[i]) ** 2;
      ff += problem.f[i] ** 2;
    }
    const info = factor.info;
    const tip = tipDeflection(problem, u);
    const theory = beamTheoryDeflection(problem.options);
    const row = (label: string, value: string) => console.log(`${label.padEnd(26)} ${value}`);
    const { length, width, height, material, load } = problem.options;
    console.log(`Cantilever ${length} × ${width} × ${height}, E = ${material.E}, ν = ${material.nu}, end load ${load}; ${nx} × ${ny} × ${nz} trilinear bricks`);
    row('degrees of freedom', problem.K.nrows.toLocaleString('en-US'));
    row('nnz(K) (lower)', problem.K.nnz.toLocaleString('en-US'));
    row('ordering', `${info.ordering}, ${info.isSupernodal ? 'supernodal' : 'simplicial'}`);
    row('nnz(L)', info.nnzL.toLocaleString('en-US'));
    row('assemble', `${assembleMs.toFixed(0)} ms`);
    row('factorize', `${((info.analyzeSeconds + info.factorSeconds) * 1e3).toFixed(0)} ms`);
    row('tip deflection', tip.toFixed(5));
    row('beam theory (Timoshenko)', `${theory.toFixed(5)}  (ratio ${(tip / theory).toFixed(3)})`);
    row('relative residual', Math.sqrt(rr / ff).toExponential(2));
  } finally {
    factor.dispose();
  }
}

if (require.main === module) main();
