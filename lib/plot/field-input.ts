/**
 * What the field pictures draw: the triangles of a 2-D mesh (quads split in two, 6-node
 * triangles drawn through their corners), the values at their corners, the colour range, and the
 * frame (picture size, where the mesh and the legend go).
 * @internal
 */
import { cellNodeCount, type CellType } from '../mesh/cell-types';
import { checkMesh, type Mesh } from '../mesh/mesh';
import { checkOptions } from '../sparse/validate-options';
import { checkChoice, checkInteger, checkString, describe, toFloat64Array } from '../sparse/validate';
import { COLOR_MAPS, type ColorMap } from './colormap';

/**
 * Options of {@link fieldPng}, {@link fieldSvg} and {@link plotField}.
 *
 * @example
 * ```ts
 * import type { FieldPlotOptions } from 'spsolve';
 *
 * const opts: FieldPlotOptions = { size: 800, colorMap: 'coolwarm', range: [-1, 1], label: 'σxx (MPa)' };
 * console.log(opts.range); // → [ -1, 1 ]
 * ```
 */
export interface FieldPlotOptions {
  /** Width of the picture in pixels, legend included (default 640; 64..8192). */
  size?: number;
  /** Values mapped to the two ends of the colour map (default: the field's smallest and largest). Values beyond are clamped. */
  range?: readonly [number, number];
  /** Default 'viridis'. */
  colorMap?: ColorMap;
  /**
   * Where the values live: 'points' (one per point, interpolated linearly inside each triangle)
   * or 'cells' (one per 2-D cell, constant on it). Default: inferred from the length.
   */
  on?: 'points' | 'cells';
  /** SVG only: a caption over the legend (PNG legends carry numbers only). */
  label?: string;
  /** SVG only: the document title. */
  title?: string;
}

const FIELD_KEYS = ['size', 'range', 'colorMap', 'on', 'label', 'title'] as const;
const AREA_TYPES: readonly CellType[] = ['triangle', 'quad', 'triangle6'];

export const MARGIN = 10;
export const LEGEND_WIDTH = 110;
export const BAR_WIDTH = 18;
const BAR_GAP = 16;

export interface FieldScene {
  /** Triangle corners (point indices), 3 per triangle. */
  triangles: Int32Array;
  /** Per triangle: its corner values (3 each). */
  corner: Float64Array;
  lo: number;
  hi: number;
  colorMap: ColorMap;
  frame: FieldFrame;
  label?: string;
  title?: string;
  points: Float64Array;
}

/** Where things go in the picture. */
export interface FieldFrame {
  width: number;
  height: number;
  /** Pixel coordinates (x right, y down) of a mesh point. */
  toPixel(x: number, y: number): [number, number];
  /** The colour bar: the high end of the range at y0, the low end at y1. */
  bar: { x0: number; x1: number; y0: number; y1: number };
}

export function fieldScene(mesh: Mesh, values: unknown, opts: unknown, fn: string): FieldScene {
  const o = checkOptions(opts, FIELD_KEYS, `${fn}: opts`);
  checkMesh(mesh, fn);
  if (mesh.dim !== 2) throw new RangeError(`${fn}: mesh must be 2-D (mesh.dim 2), got dim ${describe(mesh.dim)}`);
  const size = checkInteger(o.size ?? 640, 64, 8192, `${fn}: opts.size`);
  const colorMap = o.colorMap === undefined ? 'viridis' : checkChoice(o.colorMap, Object.keys(COLOR_MAPS) as ColorMap[], `${fn}: opts.colorMap`);
  const blocks = mesh.cells.filter((b) => AREA_TYPES.includes(b.type));
  const nCells = blocks.reduce((s, b) => s + b.ids.length, 0);
  if (nCells === 0) throw new RangeError(`${fn}: mesh must have triangles or quads, got cells of types ${mesh.cells.map((b) => b.type).join(', ') || '(none)'}`);
  const nPoints = mesh.points.length / 2;
  const v = toFloat64Array(values, `${fn}: values`);
  let on = o.on === undefined ? undefined : checkChoice(o.on, ['points', 'cells'] as const, `${fn}: opts.on`);
  if (on === undefined) on = v.length === nPoints ? 'points' : v.length === nCells ? 'cells' : undefined;
  const expected = on === 'cells' ? nCells : nPoints;
  if (on === undefined || v.length !== expected) {
    throw new RangeError(`${fn}: values must have one value per point (${nPoints}) or per triangle/quad (${nCells})${o.on === undefined ? '' : ` as opts.on says '${o.on}'`}, got length ${v.length}`);
  }
  for (let k = 0; k < v.length; k++) if (!Number.isFinite(v[k])) throw new RangeError(`${fn}: values must be finite, got ${v[k]} at index ${k}`);

  const nTriangles = blocks.reduce((s, b) => s + b.ids.length * (b.type === 'quad' ? 2 : 1), 0);
  const triangles = new Int32Array(3 * nTriangles);
  const corner = new Float64Array(3 * nTriangles);
  let t = 0;
  let cell = 0;
  const add = (a: number, b: number, c: number, cellValue: number) => {
    triangles.set([a, b, c], 3 * t);
    corner.set(on === 'cells' ? [cellValue, cellValue, cellValue] : [v[a], v[b], v[c]], 3 * t);
    t++;
  };
  for (const block of blocks) {
    const per = cellNodeCount(block.type);
    const q = block.connectivity;
    for (let c = 0; c < block.ids.length; c++, cell++) {
      const i = c * per;
      const cv = on === 'cells' ? v[cell] : 0;
      add(q[i], q[i + 1], q[i + 2], cv);
      if (block.type === 'quad') add(q[i], q[i + 2], q[i + 3], cv);
    }
  }

  let lo: number;
  let hi: number;
  if (o.range !== undefined) {
    const r = o.range as unknown;
    if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite) || !(r[0] < r[1])) {
      throw new RangeError(`${fn}: opts.range must be [low, high] with finite low < high, got ${describe(r)}`);
    }
    [lo, hi] = r as [number, number];
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (const x of v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return {
    triangles, corner, lo, hi, colorMap, points: mesh.points,
    frame: fieldFrame(mesh.points, triangles, size, fn),
    label: o.label === undefined ? undefined : checkString(o.label, `${fn}: opts.label`),
    title: o.title === undefined ? undefined : checkString(o.title, `${fn}: opts.title`),
  };
}

/** The frame of a picture `size` pixels wide: the mesh's bounding box scaled into the left part, the legend on the right. */
function fieldFrame(points: Float64Array, triangles: Int32Array, size: number, fn: string): FieldFrame {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const p of triangles) {
    x0 = Math.min(x0, points[2 * p]);
    x1 = Math.max(x1, points[2 * p]);
    y0 = Math.min(y0, points[2 * p + 1]);
    y1 = Math.max(y1, points[2 * p + 1]);
  }
  const dx = x1 - x0;
  const dy = y1 - y0;
  if (!(dx > 0) || !(dy > 0)) throw new RangeError(`${fn}: mesh must span an area, got a bounding box of ${dx} × ${dy}`);
  let plotW = size - LEGEND_WIDTH - 2 * MARGIN;
  let plotH = (plotW * dy) / dx;
  const maxH = size;
  if (plotH > maxH) {
    plotW *= maxH / plotH;
    plotH = maxH;
  }
  const innerH = Math.max(Math.ceil(plotH), 120);
  const height = innerH + 2 * MARGIN;
  const scale = plotW / dx;
  const top = MARGIN + (innerH - plotH) / 2;
  const barX = MARGIN + Math.ceil(plotW) + BAR_GAP;
  return {
    width: size,
    height,
    toPixel: (x, y) => [MARGIN + (x - x0) * scale, top + (y1 - y) * scale],
    bar: { x0: barX, x1: barX + BAR_WIDTH, y0: MARGIN, y1: MARGIN + innerH },
  };
}
