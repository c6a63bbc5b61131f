/**
 * Model matrices for the demo, tests and benchmarks: finite-difference Laplacians
 * on regular grids with zero Dirichlet boundary conditions (so they are symmetric
 * positive definite, with a condition number growing like h^-2).
 *
 * They are written directly in compressed-column form: the pattern of every
 * column is known in closed form, so each column is emitted already sorted and
 * there is no triplet list and no sort. That keeps n = 10^6 at a few tens of
 * milliseconds and the memory at exactly the output arrays.
 *
 * Grid point (x, y, z) has index x + nx * (y + ny * z); its neighbours are
 * therefore at offsets ±1, ±nx and ±nx*ny, which are the sorted row offsets of a
 * column.
 */

import { CscMatrix } from './csc';
import { Symmetry, symmetryOption } from './symmetry';
import { MAX_INDEX, checkInteger } from './validate';

/**
 * Options of {@link poisson2d} and {@link poisson3d}.
 *
 * @example
 * ```ts
 * import { poisson2d } from 'spsolve';
 *
 * // Both triangles stored: 9 diagonal entries and 2 x 12 couplings.
 * console.log(poisson2d(3, 3, { symmetry: 'general' }).nnz); // → 33
 * ```
 */
export interface GridOptions {
  /** Storage of the (symmetric) result; default 'lower', the triangle CHOLMOD reads. */
  symmetry?: Symmetry;
}

/**
 * 5-point Laplacian on an nx x ny grid (zero Dirichlet boundary): 4 on the diagonal,
 * -1 for each grid neighbour; symmetric positive definite, n = nx * ny. Grid point
 * (x, y) is row x + nx * y. Stored 'lower' unless `opts.symmetry` says otherwise.
 * Unscaled: multiply by 1/h² for the finite-difference operator with spacing h.
 *
 * @param nx Grid points in x (>= 1).
 * @param ny Grid points in y (default nx).
 * @throws RangeError for a size that is not a positive integer, or n / nnz >= 2^31.
 *
 * @example
 * ```ts
 * import { poisson2d } from 'spsolve';
 *
 * const A = poisson2d(100); // 10 000 x 10 000
 * console.log(A.toString()); // → CscMatrix(10000x10000, nnz 29800, lower)
 * ```
 */
export function poisson2d(nx: number, ny: number = nx, opts?: GridOptions): CscMatrix {
  return gridLaplacian('poisson2d', nx, ny, 1, 4, symmetryOption(opts, 'poisson2d', 'lower'));
}

/**
 * 7-point Laplacian on an nx x ny x nz grid (zero Dirichlet boundary): 6 on the
 * diagonal, -1 per grid neighbour; symmetric positive definite, n = nx * ny * nz.
 * Grid point (x, y, z) is row x + nx * (y + ny * z). Stored 'lower' by default.
 *
 * @param nx Grid points in x (>= 1).
 * @param ny Grid points in y (default nx).
 * @param nz Grid points in z (default ny).
 * @throws RangeError for a size that is not a positive integer, or n / nnz >= 2^31.
 *
 * @example
 * ```ts
 * import { poisson3d } from 'spsolve';
 *
 * const A = poisson3d(20); // 8000 x 8000
 * console.log(A.nrows, A.diagonal()[0]); // → 8000 6
 * ```
 */
export function poisson3d(nx: number, ny: number = nx, nz: number = ny, opts?: GridOptions): CscMatrix {
  return gridLaplacian('poisson3d', nx, ny, nz, 6, symmetryOption(opts, 'poisson3d', 'lower'));
}

/**
 * A 2-D grid is a 3-D grid with nz = 1 (no z-neighbours); one writer serves both.
 * The diagonal is the stencil's (4 or 6) whatever the grid size: a missing
 * neighbour is a boundary point with value zero, not a missing equation term.
 */
function gridLaplacian(name: string, nx: number, ny: number, nz: number, diagonal: number, symmetry: Symmetry): CscMatrix {
  checkInteger(nx, 1, MAX_INDEX, `${name}: nx`);
  checkInteger(ny, 1, MAX_INDEX, `${name}: ny`);
  checkInteger(nz, 1, MAX_INDEX, `${name}: nz`);
  const n = nx * ny * nz;
  const plane = nx * ny;
  // Each grid edge is one off-diagonal entry per stored triangle.
  const edges = (nx - 1) * ny * nz + nx * (ny - 1) * nz + nx * ny * (nz - 1);
  const nnz = n + (symmetry === 'general' ? 2 * edges : edges);
  if (n > MAX_INDEX || nnz > MAX_INDEX) {
    throw new RangeError(`${name}: ${nx} x ${ny}${nz > 1 ? ` x ${nz}` : ''} grid gives n = ${n}, nnz = ${nnz}; both must be < 2^31`);
  }
  const withUpper = symmetry !== 'lower'; // rows above the diagonal (neighbours with smaller index)
  const withLower = symmetry !== 'upper'; // rows below the diagonal (neighbours with larger index)
  const colPtr = new Int32Array(n + 1);
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  let col = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, col++) {
        // Rows in increasing order: -plane, -nx, -1, diagonal, +1, +nx, +plane.
        if (withUpper) {
          if (z > 0) { rowIdx[k] = col - plane; values[k++] = -1; }
          if (y > 0) { rowIdx[k] = col - nx; values[k++] = -1; }
          if (x > 0) { rowIdx[k] = col - 1; values[k++] = -1; }
        }
        rowIdx[k] = col;
        values[k++] = diagonal;
        if (withLower) {
          if (x + 1 < nx) { rowIdx[k] = col + 1; values[k++] = -1; }
          if (y + 1 < ny) { rowIdx[k] = col + nx; values[k++] = -1; }
          if (z + 1 < nz) { rowIdx[k] = col + plane; values[k++] = -1; }
        }
        colPtr[col + 1] = k;
      }
    }
  }
  return CscMatrix.trusted(n, n, colPtr, rowIdx, values, symmetry);
}

