/**
 * Unsymmetric model matrices: convection–diffusion −Δu + Pe·(w·∇u) = f on the unit square or cube,
 * zero Dirichlet boundary, by finite differences with first-order upwinding of the convection term
 * (so every Péclet number gives an M-matrix: nonsingular, diagonally dominant, unsymmetric). The
 * matrices of {@link lu}'s tests and benchmarks; written directly in compressed columns like
 * {@link poisson2d}.
 *
 * Scaled by h² (h = 1/(nx + 1)): the diagonal is 2·dim + Pe·h·Σ|wᵢ|, the downwind neighbour −1 and
 * the upwind neighbour −1 − Pe·h·|wᵢ|.
 */
import { CscMatrix } from './csc';
import { MAX_INDEX, checkFiniteNumber, checkInteger } from './validate';
import { checkOptions } from './validate-options';

/**
 * Options of {@link convectionDiffusion2d} and {@link convectionDiffusion3d}.
 *
 * @example
 * ```ts
 * import { convectionDiffusion2d } from 'spsolve';
 *
 * const A = convectionDiffusion2d(10, { peclet: 1000, wind: [1, 0] });
 * console.log(A.get(1, 0) < A.get(0, 1)); // → true
 * ```
 */
export interface ConvectionOptions {
  /** The Péclet number Pe (default 100; ≥ 0). */
  peclet?: number;
  /** The direction of the flow w (default [1, 0.5] in 2-D, [1, 0.5, 0.25] in 3-D). */
  wind?: readonly number[];
}

/**
 * Upwind convection–diffusion on an nx × nx grid (n = nx²); grid point (x, y) is row x + nx·y.
 *
 * @param nx Grid points per side (>= 1).
 * @throws RangeError for a size that is not a positive integer, n or nnz ≥ 2^31, a negative Péclet
 *   number or a wind of the wrong length.
 * @example
 * ```ts
 * import { convectionDiffusion2d } from 'spsolve';
 *
 * const A = convectionDiffusion2d(100, { peclet: 100 });
 * console.log(A.toString()); // → CscMatrix(10000x10000, nnz 49600, general)
 * ```
 */
export function convectionDiffusion2d(nx: number, opts?: ConvectionOptions): CscMatrix {
  return upwindGrid('convectionDiffusion2d', nx, 2, opts);
}

/**
 * Upwind convection–diffusion on an nx × nx × nx grid (n = nx³); grid point (x, y, z) is row
 * x + nx·(y + nx·z).
 *
 * @param nx Grid points per side (>= 1).
 * @throws RangeError as {@link convectionDiffusion2d}.
 * @example
 * ```ts
 * import { convectionDiffusion3d } from 'spsolve';
 *
 * const A = convectionDiffusion3d(10, { peclet: 10 });
 * console.log(A.nrows, A.nnz); // → 1000 6400
 * ```
 */
export function convectionDiffusion3d(nx: number, opts?: ConvectionOptions): CscMatrix {
  return upwindGrid('convectionDiffusion3d', nx, 3, opts);
}

function upwindGrid(name: string, side: number, dim: 2 | 3, opts: ConvectionOptions | undefined): CscMatrix {
  checkInteger(side, 1, MAX_INDEX, `${name}: nx`);
  const o = checkOptions(opts, ['peclet', 'wind'], `${name}: opts`);
  const peclet = checkFiniteNumber(o.peclet ?? 100, `${name}: opts.peclet`);
  if (peclet < 0) throw new RangeError(`${name}: opts.peclet must be >= 0, got ${peclet}`);
  const wind = (o.wind ?? (dim === 2 ? [1, 0.5] : [1, 0.5, 0.25])) as readonly number[];
  if (!Array.isArray(wind) || wind.length !== dim) {
    throw new RangeError(`${name}: opts.wind must be an array of ${dim} numbers`);
  }
  wind.forEach((w, i) => checkFiniteNumber(w, `${name}: opts.wind[${i}]`));
  const nx = side;
  const ny = side;
  const nz = dim === 3 ? side : 1;
  const n = nx * ny * nz;
  const edges = (nx - 1) * ny * nz + nx * (ny - 1) * nz + nx * ny * (nz - 1);
  const nnz = n + 2 * edges;
  if (n > MAX_INDEX || nnz > MAX_INDEX) throw new RangeError(`${name}: nx = ${side} gives n = ${n}, nnz = ${nnz}; both must be < 2^31`);
  const ph = peclet / (side + 1);
  // Coefficient of the neighbour one step below (−eᵢ) and above (+eᵢ) in direction i.
  const below = wind.map((w) => -1 - ph * Math.max(w, 0));
  const above = wind.map((w) => -1 - ph * Math.max(-w, 0));
  while (below.length < 3) { below.push(-1); above.push(-1); }
  const diagonal = 2 * dim + ph * wind.reduce((s, w) => s + Math.abs(w), 0);
  const plane = nx * ny;
  const colPtr = new Int32Array(n + 1);
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  let col = 0;
  const put = (row: number, value: number) => { rowIdx[k] = row; values[k++] = value; };
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, col++) {
        // Column `col` holds its coefficient in each neighbour's equation, rows in increasing order:
        // in the equation of col − plane, col is the +z neighbour; in that of col + 1 the −x one.
        if (z > 0) put(col - plane, above[2]);
        if (y > 0) put(col - nx, above[1]);
        if (x > 0) put(col - 1, above[0]);
        put(col, diagonal);
        if (x < nx - 1) put(col + 1, below[0]);
        if (y < ny - 1) put(col + nx, below[1]);
        if (z < nz - 1) put(col + plane, below[2]);
        colPtr[col + 1] = k;
      }
    }
  }
  return CscMatrix.trusted(n, n, colPtr, rowIdx, values, 'general');
}
