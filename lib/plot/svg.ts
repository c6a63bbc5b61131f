/**
 * Spy plots as SVG. Cells are quantised to a few shades and each shade is one `<path>`, with a
 * horizontal run of equal cells drawn as one rectangle, so even a 512 × 512 grid stays a file of
 * modest size that browsers render quickly.
 * @module
 */
import type { CscMatrix } from '../sparse/csc';
import { cellInk, spyDensity, type SpyDensity } from './density';
import { FRAME, layoutSpy } from './layout';
import { FRAME_RGB, INK_RGB, checkSpyOptions, type SpyOptions } from './options';

/** Distinct shades in an SVG plot: beyond ~16 the eye gains nothing and the file grows. */
const SHADES = 16;

/**
 * Draws the pattern of A as an SVG document whose longer side is `size` user units (default
 * 512), with the same binning and shading as {@link spyPng}.
 *
 * @throws TypeError when A is not a CscMatrix; RangeError unless size is an integer in 16..4096.
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { poisson2d, spySvg } from 'spsolve';
 *
 * const svg = spySvg(poisson2d(30), { title: 'stiffness matrix' });
 * writeFileSync('A.svg', svg);
 * console.log(svg.startsWith('<svg')); // → true
 * ```
 */
export function spySvg(A: CscMatrix, opts: SpyOptions = {}): string {
  const { size, mirror, title } = checkSpyOptions(opts, 'spySvg');
  const grid = spyDensity(A, { maxCells: size - 2 * FRAME, mirror });
  return encodeSvg(grid, size, title ?? `${A.nrows} × ${A.ncols}, ${grid.entries} entries`);
}

/** SVG text for an already binned grid. */
export function encodeSvg(grid: SpyDensity, size: number, title: string): string {
  const { width, height, xEdges, yEdges, gap } = layoutSpy(grid, size);
  const paths: string[][] = Array.from({ length: SHADES }, () => []);
  for (let r = 0; r < grid.gridRows; r++) {
    const y = yEdges[r];
    const h = yEdges[r + 1] - y - gap;
    let c = 0;
    while (c < grid.gridCols) {
      const shade = shadeOf(grid, r, c);
      let end = c + 1;
      // Merge a run only without gaps between cells; with gaps, each cell stays its own square.
      while (gap === 0 && end < grid.gridCols && shadeOf(grid, r, end) === shade) end++;
      if (shade >= 0) paths[shade].push(`M${xEdges[c]} ${y}h${xEdges[end] - xEdges[c] - gap}v${h}h${xEdges[c] - xEdges[end] + gap}z`);
      c = end;
    }
  }
  const body = paths
    .map((d, shade) => (d.length === 0 ? '' : `<path fill="${colorOf(shade)}" d="${d.join('')}"/>\n`))
    .join('');
  const half = FRAME / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<rect width="${width}" height="${height}" fill="#fff"/>\n` +
    body +
    `<rect x="${half}" y="${half}" width="${width - FRAME}" height="${height - FRAME}" fill="none" stroke="${hex(FRAME_RGB)}" stroke-width="${FRAME}"/>\n` +
    `</svg>\n`
  );
}

/** Shade index 0..SHADES-1 of a cell, or -1 when it is empty. */
function shadeOf(grid: SpyDensity, r: number, c: number): number {
  const ink = cellInk(grid.counts[r * grid.gridCols + c], grid.maxCount);
  return ink === 0 ? -1 : Math.min(SHADES - 1, Math.floor(ink * SHADES));
}

function colorOf(shade: number): string {
  const ink = (shade + 1) / SHADES;
  return hex(INK_RGB.map((v) => Math.round(255 + (v - 255) * ink)));
}

function hex(rgb: readonly number[]): string {
  return '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
