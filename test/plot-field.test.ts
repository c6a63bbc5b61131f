/**
 * Field pictures: pixels against the field's exact value (a linear field is reproduced exactly
 * by linear interpolation, so each pixel's colour must be the legend's colour at that value),
 * holes left white, per-cell values constant on their cell, the legend's ends in viridis' end
 * colours, and the SVG's per-triangle gradients pointing from the triangle's low to its high value.
 */
import { join } from 'node:path';

import { PNG } from 'pngjs';

import { createMesh, meshCells, readMsh } from '../lib/mesh';
import { colorMapRgb, fieldPng, fieldSvg, plotField } from '../lib/plot';
import { fieldScene } from '../lib/plot/field-input';
import { parseXml } from './helpers/vtu-reader';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const fixture = (name: string): string => join(__dirname, 'fixtures', 'mesh', name);
/** viridis' published end colours (#440154, #fde725). */
const VIRIDIS_LOW = [68, 1, 84];
const VIRIDIS_HIGH = [253, 231, 37];

function decode(png: Buffer) {
  const image = PNG.sync.read(png);
  return {
    width: image.width, height: image.height,
    at: (x: number, y: number) => {
      const o = (y * image.width + x) * 4;
      return [image.data[o], image.data[o + 1], image.data[o + 2]];
    },
  };
}

const close = (a: number[], b: number[], tol: number) => a.every((v, k) => Math.abs(v - b[k]) <= tol);

describe('fieldPng', () => {
  const mesh = readMsh(fixture('plate-tri.msh'));
  const n = mesh.points.length / 2;
  const f = (x: number, y: number) => x + 2 * y;
  const values = Float64Array.from({ length: n }, (_, p) => f(mesh.points[2 * p], mesh.points[2 * p + 1]));
  const opts = { size: 500 };
  const image = decode(fieldPng(mesh, values, opts));
  const { frame } = fieldScene(mesh, values, opts, 'test');
  // Invert the frame's affine map from two points.
  const [ox, oy] = frame.toPixel(0, 0);
  const [sx] = frame.toPixel(1, 0);
  const scale = sx - ox;
  const toMesh = (px: number, py: number) => [(px + 0.5 - ox) / scale, (oy - py - 0.5) / scale];
  const { bar } = frame;
  const barColour = (t: number) => image.at(bar.x0 + 2, Math.round(bar.y1 - 1 - t * (bar.y1 - 1 - bar.y0)));

  test('the picture has the frame size; the legend runs from viridis low (bottom) to high (top)', () => {
    expect(image.width).toBe(500);
    expect(image.height).toBe(frame.height);
    expect(image.at(bar.x0 + 5, bar.y1 - 1)).toEqual(VIRIDIS_LOW);
    expect(image.at(bar.x0 + 5, bar.y0)).toEqual(VIRIDIS_HIGH);
  });

  test('inside the plate each pixel has the legend colour of the exact linear field there; the hole is white', () => {
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    let checked = 0;
    for (let py = 0; py < image.height; py += 7) {
      for (let px = 0; px < bar.x0 - 20; px += 7) {
        const [x, y] = toMesh(px, py);
        const r = Math.hypot(x - 1, y - 0.5);
        // Away from the outline (within a pixel of it, a pixel may be half outside); the hole is the 8-sided polygon inscribed in the circle (inner radius 0.231).
        if (x < 0.02 || x > 1.98 || y < 0.02 || y > 0.98 || (r > 0.22 && r < 0.29)) continue;
        if (r <= 0.22) {
          expect(image.at(px, py)).toEqual([255, 255, 255]);
          continue;
        }
        const t = (f(x, y) - lo) / (hi - lo);
        // The legend row is rounded to a pixel: one row is at most 1/span of the range.
        if (!close(image.at(px, py), barColour(t), 4)) throw new Error(`pixel ${px},${py} at (${x}, ${y}), t ${t}: ${image.at(px, py)} vs legend ${barColour(t)}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  test('a given range clamps: values beyond it take the end colours', () => {
    const clamped = decode(fieldPng(mesh, values, { ...opts, range: [1, 2] }));
    // (0.1, 0.1): f = 0.3 < 1; (1.9, 0.9): f = 3.7 > 2.
    const pixel = (x: number, y: number) => frame.toPixel(x, y).map(Math.floor) as [number, number];
    expect(clamped.at(...pixel(0.1, 0.1))).toEqual(VIRIDIS_LOW);
    expect(clamped.at(...pixel(1.9, 0.9))).toEqual(VIRIDIS_HIGH);
  });

  test('values per cell are constant on each cell (quads, coolwarm)', () => {
    const quads = readMsh(fixture('plate-quad.msh'));
    const block = meshCells(quads, 'quad')!;
    const perCell = Float64Array.from({ length: block.ids.length }, (_, c) => c);
    const img = decode(fieldPng(quads, perCell, { colorMap: 'coolwarm', size: 400 }));
    const fr = fieldScene(quads, perCell, { size: 400 }, 'test').frame;
    for (let c = 0; c < block.ids.length; c++) {
      const corners = [0, 1, 2, 3].map((k) => block.connectivity[4 * c + k]);
      const cx = corners.reduce((s, p) => s + quads.points[2 * p], 0) / 4;
      const cy = corners.reduce((s, p) => s + quads.points[2 * p + 1], 0) / 4;
      const [px, py] = fr.toPixel(cx, cy).map(Math.floor);
      // Four pixels around the centre: one colour.
      const colours = [[0, 0], [3, 0], [0, 3], [-3, -3]].map(([dx, dy]) => img.at(px + dx, py + dy).join());
      expect(new Set(colours).size).toBe(1);
    }
    // The coolwarm ends: the first cell is blue, the last red.
    const first = fr.toPixel(0.1, 0.1).map(Math.floor) as [number, number];
    expect(img.at(...first)).toEqual([59, 76, 192]);
  });

  test('bad input is refused with the argument named', () => {
    const tet = readMsh(fixture('bracket-tet.msh'));
    expect(() => fieldPng(tet, new Float64Array(tet.points.length / 3))).toThrow('fieldPng: mesh must be 2-D (mesh.dim 2), got dim number 3');
    expect(() => fieldPng(mesh, [1, 2, 3])).toThrow(/fieldPng: values must have one value per point \(76\) or per triangle\/quad \(116\), got length 3/);
    const bad = Float64Array.from(values);
    bad[5] = NaN;
    expect(() => fieldPng(mesh, bad)).toThrow('fieldPng: values must be finite, got NaN at index 5');
    expect(() => fieldPng(mesh, values, { range: [2, 1] })).toThrow(/opts\.range must be \[low, high\]/);
    expect(() => fieldPng(mesh, values, { colour: 'x' } as never)).toThrow(/unknown key 'colour'/);
    expect(() => plotField('x.jpg', mesh, values)).toThrow(/must end in \.png or \.svg/);
    expect(() => colorMapRgb('jet' as never, 0.5)).toThrow("colorMapRgb: map must be one of viridis, coolwarm, grays, got 'jet'");
    expect(() => colorMapRgb('grays', NaN)).toThrow('colorMapRgb: t must be a number, got NaN');
  });
});

describe('fieldSvg', () => {
  test('well-formed; one path per triangle; gradients run from each triangle’s low to its high value; legend labels the range', () => {
    const mesh = createMesh({
      dim: 2,
      points: [0, 0, 1, 0, 2, 0, 0, 1, 1, 1, 2, 1, 0.5, 2],
      cells: [{ type: 'triangle', connectivity: [0, 1, 4, 0, 4, 3, 1, 2, 5, 1, 5, 4, 3, 4, 6] }],
    });
    const f = (x: number, y: number) => 3 * x - y;
    const values = Array.from({ length: 7 }, (_, p) => f(mesh.points[2 * p], mesh.points[2 * p + 1]));
    const svg = fieldSvg(mesh, values, { label: 'u (mm)', size: 400 });
    const root = parseXml(svg.replace(/^<svg/, '<svg'));
    expect(root.name).toBe('svg');
    const paths = svg.match(/<path d=/g)!;
    expect(paths.length).toBe(5);
    const { frame } = fieldScene(mesh, values, { size: 400 }, 'test');
    const [ox, oy] = frame.toPixel(0, 0);
    const scale = frame.toPixel(1, 0)[0] - ox;
    const lo = Math.min(...values), hi = Math.max(...values);
    for (const m of svg.matchAll(/<linearGradient id="g(\d+)" gradientUnits="userSpaceOnUse" x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="([^"]+)">/g)) {
      const t = Number(m[1]);
      const tri = Array.from(mesh.cells[0].connectivity.subarray(3 * t, 3 * t + 3));
      const triValues = tri.map((p) => values[p]);
      const back = (px: number, py: number) => f((px - ox) / scale, (oy - py) / scale);
      // Coordinates are written with 2 decimals: |∇f| / scale × 0.005 px of slack.
      const tol = (Math.hypot(3, 1) / scale) * 0.01;
      expect(Math.abs(back(Number(m[2]), Number(m[3])) - Math.min(...triValues))).toBeLessThan(tol);
      expect(Math.abs(back(Number(m[4]), Number(m[5])) - Math.max(...triValues))).toBeLessThan(tol);
    }
    expect(svg).toContain(`>${hi}</text>`);
    expect(svg).toContain(`>${lo}</text>`);
    expect(svg).toContain('>u (mm)</text>');
  });

  test('plotField writes either format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spsolve-field-'));
    try {
      const mesh = readMsh(fixture('plate-quad.msh'));
      const v = Float64Array.from({ length: mesh.points.length / 2 }, (_, p) => mesh.points[2 * p + 1]);
      plotField(join(dir, 'a.png'), mesh, v);
      plotField(join(dir, 'a.SVG'), mesh, v);
      expect(decode(readFileSync(join(dir, 'a.png'))).width).toBe(640);
      expect(readFileSync(join(dir, 'a.SVG'), 'utf8')).toMatch(/^<svg/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
