/**
 * Where each grid cell of a spy plot lands in the picture, shared by the PNG and SVG writers so
 * both draw the same plot.
 * @internal
 * @module
 */
import type { SpyDensity } from './density';

/** Frame width in pixels around the plot area. */
export const FRAME = 1;

export interface SpyLayout {
  /** Picture size including the frame. */
  width: number;
  height: number;
  /** Left (or top) pixel edge of cell k, k = 0..gridCols (or gridRows), inside the frame. */
  xEdges: Float64Array;
  yEdges: Float64Array;
  /** Blank pixels between neighbouring cells: 1 when cells are big enough to keep a gap, else 0. */
  gap: number;
}

/** Lays out `grid` with its longer side `size` pixels (frame included). */
export function layoutSpy(grid: SpyDensity, size: number): SpyLayout {
  const longer = Math.max(grid.nrows, grid.ncols, 1);
  const inner = size - 2 * FRAME;
  // The plot keeps the matrix's aspect ratio; a side is never thinner than its cell count.
  const plotW = Math.max(grid.gridCols, Math.round((inner * grid.ncols) / longer));
  const plotH = Math.max(grid.gridRows, Math.round((inner * grid.nrows) / longer));
  const edges = (cells: number, pixels: number) => {
    const e = new Float64Array(cells + 1);
    for (let k = 0; k <= cells; k++) e[k] = FRAME + Math.floor((k * pixels) / cells);
    return e;
  };
  // Separate cells by a blank pixel once each spans 4 or more: small matrices then read as a
  // grid of entries rather than merged blobs.
  const smallest = Math.min(Math.floor(plotW / grid.gridCols), Math.floor(plotH / grid.gridRows));
  return {
    width: plotW + 2 * FRAME,
    height: plotH + 2 * FRAME,
    xEdges: edges(grid.gridCols, plotW),
    yEdges: edges(grid.gridRows, plotH),
    gap: smallest >= 4 ? 1 : 0,
  };
}
