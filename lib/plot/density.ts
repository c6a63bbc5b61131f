/**
 * Density binning for spy plots: the matrix is cut into a grid of at most `maxCells` × `maxCells`
 * blocks and each block counts the stored entries inside it. One pass over the entries, memory
 * proportional to the grid, not to n — so a matrix with millions of rows draws as fast as it can
 * be read, and a block that holds one entry among thousands still shows.
 * @module
 */
import { type CscMatrix, checkCscMatrix } from '../sparse/csc';
import { checkBoolean, checkInteger } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';

/**
 * The grid of entry counts behind a spy plot.
 *
 * @example
 * ```ts
 * import { poisson2d, spyDensity } from 'spsolve';
 *
 * const { gridRows, gridCols, counts, entries } = spyDensity(poisson2d(100), { maxCells: 64 });
 * const topLeft = counts[0], bottomRight = counts[gridRows * gridCols - 1];
 * console.log(gridRows, gridCols, entries, topLeft > 0 && bottomRight > 0); // → 64 64 49600 true
 * ```
 */
export interface SpyDensity {
  /** Rows of the matrix the grid covers. */
  nrows: number;
  /** Columns of the matrix the grid covers. */
  ncols: number;
  /** Cell rows: one per matrix row when the matrix is small enough, else each a block of rows. */
  gridRows: number;
  /** Cell columns, likewise. */
  gridCols: number;
  /** Entries counted per cell, row-major (`counts[r * gridCols + c]`). */
  counts: Uint32Array;
  /** Largest count in any cell (0 for an empty pattern). */
  maxCount: number;
  /** Entries drawn: stored entries, plus the mirrored ones of a symmetric matrix stored as one triangle. */
  entries: number;
}

/**
 * Options of {@link spyDensity}.
 *
 * @example
 * ```ts
 * import { poisson2d, spyDensity } from 'spsolve';
 *
 * const A = poisson2d(50); // lower triangle stored
 * const grid = spyDensity(A, { maxCells: 128, mirror: false }); // the stored triangle only
 * console.log(grid.gridRows, grid.entries === A.nnz); // → 128 true
 * ```
 */
export interface SpyDensityOptions {
  /** Cells along the longer side of the matrix (default 512). A matrix smaller than that gets one cell per entry. */
  maxCells?: number;
  /**
   * For a matrix stored as one triangle ('lower' / 'upper'), draw the other triangle too (default
   * true): the plot then shows the matrix, not its storage. Ignored for 'general' storage.
   */
  mirror?: boolean;
}

/**
 * Counts the stored entries of A (explicit zeros included: they are part of the pattern CHOLMOD
 * factorises) in a grid of blocks.
 *
 * @throws TypeError when A is not a CscMatrix; RangeError unless maxCells is an integer in 1..16384.
 * @example
 * ```ts
 * import { poisson2d, spyDensity } from 'spsolve';
 *
 * const grid = spyDensity(poisson2d(1000), { maxCells: 256 }); // 10⁶ × 10⁶ → 256 × 256 cells
 * console.log(grid.counts.length, grid.maxCount > 0); // → 65536 true
 * ```
 */
export function spyDensity(A: CscMatrix, opts: SpyDensityOptions = {}): SpyDensity {
  checkCscMatrix(A, 'spyDensity: A');
  const o = checkOptions(opts, ['maxCells', 'mirror'], 'spyDensity: opts');
  const maxCells = checkInteger(o.maxCells ?? 512, 1, 16384, 'spyDensity: opts.maxCells');
  const mirror = checkBoolean(o.mirror ?? true, 'spyDensity: opts.mirror') && A.symmetry !== 'general';
  const { nrows, ncols } = A;
  // Keep the aspect ratio: the longer side gets maxCells cells, the shorter side proportionally.
  const longer = Math.max(nrows, ncols, 1);
  const gridRows = Math.max(1, Math.min(nrows, Math.round((maxCells * nrows) / longer)));
  const gridCols = Math.max(1, Math.min(ncols, Math.round((maxCells * ncols) / longer)));
  const counts = new Uint32Array(gridRows * gridCols);
  // cell(i) = floor(i * grid / n); the products stay below 2^53, so the doubles are exact.
  const rowCell = (i: number) => Math.floor((i * gridRows) / nrows);
  const colCell = (j: number) => Math.floor((j * gridCols) / ncols);
  const { colPtr, rowIdx } = A;
  let entries = 0;
  for (let j = 0; j < ncols; j++) {
    const cj = colCell(j);
    const mirrorRow = cj * gridCols; // the mirrored entry (j, i) lies in grid row cell(j)
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      const i = rowIdx[p];
      counts[rowCell(i) * gridCols + cj]++;
      entries++;
      if (mirror && i !== j) {
        counts[mirrorRow + colCell(i)]++;
        entries++;
      }
    }
  }
  let maxCount = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] > maxCount) maxCount = counts[k];
  return { nrows, ncols, gridRows, gridCols, counts, maxCount, entries };
}

/**
 * The darkness of a cell in [0, 1]: 0 for an empty cell, at least `MIN_INK` for a cell with one
 * entry (so an isolated entry never vanishes), rising logarithmically to 1 for the fullest cell
 * (fill densities span orders of magnitude, a linear scale would show only the densest blocks).
 * @internal
 */
export function cellInk(count: number, maxCount: number): number {
  if (count === 0) return 0;
  if (maxCount <= 1) return 1;
  return MIN_INK + (1 - MIN_INK) * (Math.log(count) / Math.log(maxCount));
}

/** Darkness of the sparsest non-empty cell. @internal */
export const MIN_INK = 0.3;
