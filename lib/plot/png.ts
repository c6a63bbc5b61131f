/**
 * Spy plots as PNG, encoded by pngjs (pure JavaScript, no native dependency to build).
 * @module
 */
import { PNG } from 'pngjs';

import type { CscMatrix } from '../sparse/csc';
import { cellInk, spyDensity, type SpyDensity } from './density';
import { FRAME, layoutSpy } from './layout';
import { FRAME_RGB, INK_RGB, checkSpyOptions, type SpyOptions } from './options';

/**
 * Draws the pattern of A as a PNG image whose longer side is `size` pixels (default 512). Each
 * pixel (or block of pixels, for a small matrix) is a cell of the density grid: white when empty,
 * darker the more entries it holds.
 *
 * @throws TypeError when A is not a CscMatrix; RangeError unless size is an integer in 16..4096.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { cholesky, poisson2d, spyPng } from 'spsolve';
 *
 * const A = poisson2d(30);
 * writeFileSync('A.png', spyPng(A));
 * const factor = cholesky(A);
 * writeFileSync('L.png', spyPng(factor.L(), { size: 1024 }));
 * factor.dispose();
 * ```
 */
export function spyPng(A: CscMatrix, opts: SpyOptions = {}): Buffer {
  const { size, mirror } = checkSpyOptions(opts, 'spyPng');
  const grid = spyDensity(A, { maxCells: size - 2 * FRAME, mirror });
  return encodePng(grid, size);
}

/** PNG bytes for an already binned grid. */
export function encodePng(grid: SpyDensity, size: number): Buffer {
  const { width, height, xEdges, yEdges, gap } = layoutSpy(grid, size);
  const rgb = Buffer.alloc(width * height * 3, 255);
  const fill = (x0: number, x1: number, y0: number, y1: number, color: readonly number[]) => {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const o = (y * width + x) * 3;
        rgb[o] = color[0];
        rgb[o + 1] = color[1];
        rgb[o + 2] = color[2];
      }
    }
  };
  fill(0, width, 0, FRAME, FRAME_RGB);
  fill(0, width, height - FRAME, height, FRAME_RGB);
  fill(0, FRAME, 0, height, FRAME_RGB);
  fill(width - FRAME, width, 0, height, FRAME_RGB);
  const color = [0, 0, 0];
  for (let r = 0; r < grid.gridRows; r++) {
    for (let c = 0; c < grid.gridCols; c++) {
      const ink = cellInk(grid.counts[r * grid.gridCols + c], grid.maxCount);
      if (ink === 0) continue;
      for (let k = 0; k < 3; k++) color[k] = Math.round(255 + (INK_RGB[k] - 255) * ink);
      fill(xEdges[c], xEdges[c + 1] - gap, yEdges[r], yEdges[r + 1] - gap, color);
    }
  }
  // An empty PNG object, filled in by hand: given a size, pngjs would also allocate an unused RGBA buffer.
  const png = new PNG();
  png.width = width;
  png.height = height;
  png.data = rgb;
  // RGB in and out: a third less to deflate than RGBA, and mostly-white pictures compress to a few kB.
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
}
