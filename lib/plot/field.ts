/**
 * Pictures of a scalar field on a 2-D mesh, as PNG (rasterised here, encoded by pngjs) or SVG
 * (one linear gradient per triangle, exact for a linear field): the colour inside each triangle
 * interpolates the values at its corners linearly (or is constant, for values per cell), with a
 * colour bar whose ends are labelled with the range.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { PNG } from 'pngjs';

import type { Mesh } from '../mesh/mesh';
import { checkString } from '../sparse/validate';
import { colorMapRgb } from './colormap';
import { drawText, formatTick, FONT_SCALE, GLYPH_HEIGHT } from './font';
import { fieldScene, type FieldPlotOptions, type FieldScene } from './field-input';
import { fieldSvgOf } from './field-svg';

/**
 * A PNG picture of a scalar field on a 2-D mesh of triangles, quads or 6-node triangles: white
 * where there is no mesh, the colour bar on the right with the range's ends and middle written on it.
 *
 * @throws TypeError / RangeError naming the argument: a mesh that is not 2-D or has no
 *   triangles or quads, values of the wrong length or not finite, bad options.
 * @example
 * ```ts
 * import { createMesh, fieldPng } from 'spsolve';
 *
 * const mesh = createMesh({ dim: 2, points: [0, 0, 1, 0, 1, 1, 0, 1], cells: [{ type: 'quad', connectivity: [0, 1, 2, 3] }] });
 * const png = fieldPng(mesh, [0, 1, 2, 1], { size: 300 });
 * console.log(png.subarray(1, 4).toString()); // → PNG
 * ```
 */
export function fieldPng(mesh: Mesh, values: ArrayLike<number>, opts: FieldPlotOptions = {}): Buffer {
  const scene = fieldScene(mesh, values, opts, 'fieldPng');
  const { width, height } = scene.frame;
  const rgb = Buffer.alloc(width * height * 3, 255);
  rasterize(scene, rgb);
  drawLegend(scene, rgb);
  const png = new PNG();
  png.width = width;
  png.height = height;
  png.data = rgb;
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
}

/**
 * An SVG picture of a scalar field on a 2-D mesh (see {@link fieldPng}); each triangle is filled
 * with a linear gradient, which for values per point is exactly the linear interpolation.
 *
 * @example
 * ```ts
 * import { createMesh, fieldSvg } from 'spsolve';
 *
 * const mesh = createMesh({ dim: 2, points: [0, 0, 1, 0, 0, 1], cells: [{ type: 'triangle', connectivity: [0, 1, 2] }] });
 * const svg = fieldSvg(mesh, [0, 1, 0.5], { label: 'T', colorMap: 'coolwarm' });
 * console.log(svg.startsWith('<svg'), svg.includes('>T</text>')); // → true true
 * ```
 */
export function fieldSvg(mesh: Mesh, values: ArrayLike<number>, opts: FieldPlotOptions = {}): string {
  return fieldSvgOf(fieldScene(mesh, values, opts, 'fieldSvg'));
}

/**
 * Writes a picture of a scalar field on a 2-D mesh to `path`, PNG or SVG by its extension.
 *
 * @throws RangeError for another extension; as {@link fieldPng}; the file system's errors.
 * @example
 * ```ts
 * import { createMesh, plotField } from 'spsolve';
 *
 * const mesh = createMesh({ dim: 2, points: [0, 0, 2, 0, 2, 1, 0, 1], cells: [{ type: 'triangle', connectivity: [0, 1, 2, 0, 2, 3] }] });
 * const x = Float64Array.from({ length: 4 }, (_, p) => mesh.points[2 * p]);
 * plotField('x.png', mesh, x); // x from 0 to 2, linear inside each triangle
 * plotField('x.svg', mesh, x, { label: 'x (m)' });
 * ```
 */
export function plotField(path: string, mesh: Mesh, values: ArrayLike<number>, opts: FieldPlotOptions = {}): void {
  checkString(path, 'plotField: path');
  const ext = extname(path).toLowerCase();
  if (ext !== '.png' && ext !== '.svg') throw new RangeError(`plotField: path must end in .png or .svg (the picture format), got '${path}'`);
  writeFileSync(path, ext === '.png' ? fieldPng(mesh, values, opts) : fieldSvg(mesh, values, opts));
}

/** Position of a value on the colour map, 0..1 (0.5 for a constant field). */
export function unitOf(scene: FieldScene, v: number): number {
  return scene.hi > scene.lo ? (v - scene.lo) / (scene.hi - scene.lo) : 0.5;
}

function rasterize(scene: FieldScene, rgb: Buffer): void {
  const { width, height, toPixel } = scene.frame;
  const { triangles, corner, points } = scene;
  const nTri = triangles.length / 3;
  for (let t = 0; t < nTri; t++) {
    const [ax, ay] = toPixel(points[2 * triangles[3 * t]], points[2 * triangles[3 * t] + 1]);
    const [bx, by] = toPixel(points[2 * triangles[3 * t + 1]], points[2 * triangles[3 * t + 1] + 1]);
    const [cx, cy] = toPixel(points[2 * triangles[3 * t + 2]], points[2 * triangles[3 * t + 2] + 1]);
    const det = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
    if (det === 0) continue;
    const va = corner[3 * t], vb = corner[3 * t + 1], vc = corner[3 * t + 2];
    const px0 = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const px1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx, cx)));
    const py0 = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const py1 = Math.min(height - 1, Math.ceil(Math.max(ay, by, cy)));
    // Barycentric coordinates of pixel centres; a small tolerance closes the cracks between neighbours.
    const eps = -1e-9;
    for (let py = py0; py <= py1; py++) {
      const y = py + 0.5;
      for (let px = px0; px <= px1; px++) {
        const x = px + 0.5;
        const lb = ((x - ax) * (cy - ay) - (cx - ax) * (y - ay)) / det;
        const lc = ((bx - ax) * (y - ay) - (x - ax) * (by - ay)) / det;
        const la = 1 - lb - lc;
        if (la < eps || lb < eps || lc < eps) continue;
        const [r, g, b] = colorMapRgb(scene.colorMap, unitOf(scene, la * va + lb * vb + lc * vc));
        const o = (py * width + px) * 3;
        rgb[o] = r;
        rgb[o + 1] = g;
        rgb[o + 2] = b;
      }
    }
  }
}

function drawLegend(scene: FieldScene, rgb: Buffer): void {
  const { width, height, bar } = scene.frame;
  const set = (x: number, y: number, c: readonly number[]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const o = (y * width + x) * 3;
    rgb[o] = c[0];
    rgb[o + 1] = c[1];
    rgb[o + 2] = c[2];
  };
  const span = bar.y1 - 1 - bar.y0;
  for (let y = bar.y0; y < bar.y1; y++) {
    // The top row is the high end of the range, the bottom row the low end.
    const c = colorMapRgb(scene.colorMap, (bar.y1 - 1 - y) / span);
    for (let x = bar.x0; x < bar.x1; x++) set(x, y, c);
  }
  const ink = [40, 40, 40];
  const textX = bar.x1 + 6;
  const textH = GLYPH_HEIGHT * FONT_SCALE;
  drawText(formatTick(scene.hi), textX, bar.y0, (x, y) => set(x, y, ink));
  drawText(formatTick((scene.lo + scene.hi) / 2), textX, Math.round((bar.y0 + bar.y1 - textH) / 2), (x, y) => set(x, y, ink));
  drawText(formatTick(scene.lo), textX, bar.y1 - textH, (x, y) => set(x, y, ink));
}
