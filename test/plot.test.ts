/**
 * Spy plots: the density grid counted exactly, PNG pixels and SVG shapes that agree with it and
 * with each other, matrices with a million rows binned quickly, and the committed pictures of
 * bcsstk16 and its factor reproduced by the current renderer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PNG } from 'pngjs';

import { cholesky } from '../lib/cholmod';
import { cellInk, MIN_INK, spy, spyDensity, spyFormatOf, spyPng, spySvg } from '../lib/plot';
import { CscMatrix, poisson2d } from '../lib/sparse';
import { loadCXSparse } from './helpers/suitesparse';
import { REPO } from './helpers/spawn';

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'spsolve-plot-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Decoded RGB(A) pixels: `dark(x, y)` is true for any pixel that is not white. */
function decode(png: Buffer) {
  const image = PNG.sync.read(png);
  const at = (x: number, y: number) => {
    const o = (y * image.width + x) * 4;
    return [image.data[o], image.data[o + 1], image.data[o + 2]];
  };
  const dark = (x: number, y: number) => at(x, y).some((v) => v !== 255);
  return { width: image.width, height: image.height, at, dark };
}

/** Rasterises the `M x y h w v h h -w z` rectangles of our SVG paths onto a width × height grid. */
function rasterizeSvg(svg: string): { width: number; height: number; filled: Uint8Array; fills: string[] } {
  const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
  const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1]);
  const filled = new Uint8Array(width * height);
  const fills: string[] = [];
  for (const [, fill, d] of svg.matchAll(/<path fill="(#[0-9a-f]{6})" d="([^"]*)"\/>/g)) {
    fills.push(fill);
    for (const [, x, y, w, h] of d.matchAll(/M(\d+) (\d+)h(\d+)v(\d+)h-?\d+z/g)) {
      for (let yy = Number(y); yy < Number(y) + Number(h); yy++) {
        for (let xx = Number(x); xx < Number(x) + Number(w); xx++) filled[yy * width + xx] = 1;
      }
    }
  }
  return { width, height, filled, fills };
}

describe('spyDensity', () => {
  test('a small matrix gets one cell per entry, and a symmetric triangle is mirrored', () => {
    const A = CscMatrix.fromTriplets(3, 3, [0, 1, 2, 2], [0, 0, 1, 2], [4, 1, 1, 4], { symmetry: 'lower' });
    const grid = spyDensity(A, { maxCells: 10 });
    expect([grid.gridRows, grid.gridCols, grid.maxCount, grid.entries]).toEqual([3, 3, 1, 6]);
    expect(Array.from(grid.counts)).toEqual([1, 1, 0, 1, 0, 1, 0, 1, 1]);
    const stored = spyDensity(A, { maxCells: 10, mirror: false });
    expect(Array.from(stored.counts)).toEqual([1, 0, 0, 1, 0, 0, 0, 1, 1]);
    expect(stored.entries).toBe(4);
  });

  test('binning keeps every entry and the aspect ratio of a rectangular matrix', () => {
    const rows: number[] = [], cols: number[] = [];
    for (let j = 0; j < 2000; j++) for (const i of [0, j % 1000, 999]) { rows.push(i); cols.push(j); }
    const A = CscMatrix.fromTriplets(1000, 2000, rows, cols, rows.map(() => 1));
    const grid = spyDensity(A, { maxCells: 100 });
    expect([grid.gridRows, grid.gridCols]).toEqual([50, 100]);
    const total = grid.counts.reduce((s, c) => s + c, 0);
    expect(total).toBe(A.nnz);
    expect(grid.entries).toBe(A.nnz);
    // Row 0 of the matrix lands in grid row 0, spread evenly over the 100 column cells (20 columns each).
    for (let c = 0; c < 100; c++) expect(grid.counts[c]).toBeGreaterThanOrEqual(20);
  });

  test('a million rows bin into the grid', () => {
    const A = poisson2d(1000); // n = 10^6, lower triangle
    const grid = spyDensity(A, { maxCells: 512 });
    expect(grid.gridRows).toBe(512);
    expect(grid.entries).toBe(2 * A.nnz - A.nrows);
    expect(grid.counts.reduce((s, c) => s + c, 0)).toBe(grid.entries);
    // The band lies on the diagonal: nothing far from it.
    expect(grid.counts[511]).toBe(0);
    expect(grid.counts[511 * 512]).toBe(0);
  });

  test('options are checked', () => {
    expect(() => spyDensity(poisson2d(3), { maxCells: 0 })).toThrow(RangeError);
    expect(() => spyDensity(poisson2d(3), { maxCells: 1.5 })).toThrow(/maxCells/);
    expect(() => spyDensity({} as CscMatrix)).toThrow(TypeError);
  });

  test('ink grows with the count, and one entry is never invisible', () => {
    expect(cellInk(0, 100)).toBe(0);
    expect(cellInk(1, 100)).toBe(MIN_INK);
    expect(cellInk(100, 100)).toBe(1);
    expect(cellInk(1, 1)).toBe(1);
    let previous = 0;
    for (let c = 1; c <= 100; c++) {
      expect(cellInk(c, 100)).toBeGreaterThan(previous);
      previous = cellInk(c, 100);
    }
  });
});

describe('spyPng', () => {
  test('each entry of a small matrix is a dark block, each zero a white one', () => {
    const A = poisson2d(5); // 25 × 25: 4 on the diagonal, −1 for grid neighbours
    const image = decode(spyPng(A, { size: 252 }));
    expect([image.width, image.height]).toEqual([252, 252]);
    const full = A.toDense();
    const cell = 250 / 25; // 10 pixels per entry inside the 1-pixel frame
    for (let i = 0; i < 25; i++) {
      for (let j = 0; j < 25; j++) {
        const x = 1 + Math.floor((j + 0.5) * cell), y = 1 + Math.floor((i + 0.5) * cell);
        expect(image.dark(x, y)).toBe(full[i + 25 * j] !== 0);
      }
    }
    // Blocks of 10 pixels keep a blank pixel between neighbours.
    expect(image.dark(1 + 9, 1 + 5)).toBe(false);
    expect(image.at(0, 0)).toEqual([150, 150, 150]); // the frame
  });

  test('the size is the longer side, frame included', () => {
    const wide = CscMatrix.fromTriplets(100, 400, [0, 99], [0, 399], [1, 1]);
    const image = decode(spyPng(wide, { size: 402 }));
    expect([image.width, image.height]).toEqual([402, 102]);
    expect(image.dark(1, 1)).toBe(true);
    expect(image.dark(400, 100)).toBe(true);
    expect(image.dark(200, 50)).toBe(false);
    expect(() => spyPng(wide, { size: 8 })).toThrow(/size/);
    expect(() => spyPng(wide, { size: 5000 })).toThrow(/size/);
  });

  test('denser blocks are darker', () => {
    // Column block 0 is full, column block 1 has one entry per 10 × 10 block.
    const rows: number[] = [], cols: number[] = [];
    for (let j = 0; j < 100; j++) for (let i = 0; i < 200; i++) if (j < 50 || (i % 10 === 0 && j % 10 === 0)) { rows.push(i); cols.push(j); }
    const A = CscMatrix.fromTriplets(200, 100, rows, cols, rows.map(() => 1));
    const image = decode(spyPng(A, { size: 22 })); // 20 × 10 cells of 10 × 10 entries
    const dense = image.at(2, 2), sparse = image.at(8, 2);
    expect(image.dark(8, 2)).toBe(true);
    expect(sparse[0]).toBeGreaterThan(dense[0]);
  });
});

describe('spySvg', () => {
  test('an entry per square for a small matrix, with the same cells as the PNG', () => {
    const A = poisson2d(6);
    const svg = spySvg(A, { size: 182, title: 'A < B & "quotes"' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>A &#60; B &#38; &#34;quotes&#34;</title>');
    const raster = rasterizeSvg(svg);
    const squares = [...svg.matchAll(/M\d+ \d+h/g)].length;
    expect(squares).toBe(2 * A.nnz - A.nrows);
    const image = decode(spyPng(A, { size: 182 }));
    for (let y = 1; y < 181; y++) for (let x = 1; x < 181; x++) expect(raster.filled[y * 182 + x] === 1).toBe(image.dark(x, y));
  });

  test('a binned matrix draws the same pixels as the PNG with few shapes', () => {
    const A = loadCXSparse('bcsstk01'); // 48 × 48 drawn into a 40-pixel grid: binned
    const svg = spySvg(A, { size: 42 });
    const raster = rasterizeSvg(svg);
    const image = decode(spyPng(A, { size: 42 }));
    for (let y = 1; y < 41; y++) for (let x = 1; x < 41; x++) expect(raster.filled[y * 42 + x] === 1).toBe(image.dark(x, y));
    expect(raster.fills.length).toBeLessThanOrEqual(16);
    expect(new Set(raster.fills).size).toBe(raster.fills.length);
  });
});

describe('spy', () => {
  test('writes PNG or SVG by extension', () => {
    const A = poisson2d(8);
    spy(A, join(workDir, 'a.PNG'));
    spy(A, join(workDir, 'a.svg'), { size: 64 });
    expect(readFileSync(join(workDir, 'a.PNG')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(workDir, 'a.svg'), 'utf8')).toMatch(/^<svg[^>]* width="64"/);
    expect(() => spy(A, join(workDir, 'a.jpg'))).toThrow(/\.png or \.svg/);
    expect([spyFormatOf('x.Svg'), spyFormatOf('x.png'), spyFormatOf('png')]).toEqual(['svg', 'png', undefined]);
  });
});

describe('the pictures of bcsstk16 in docs/', () => {
  // SPSOLVE_UPDATE_SPY=1 rewrites them after an intended change of the renderer.
  const update = process.env.SPSOLVE_UPDATE_SPY === '1';
  const A = loadCXSparse('bcsstk16');

  function check(file: string, png: Buffer) {
    const path = join(REPO, 'docs', file);
    if (update) writeFileSync(path, png);
    const committed = PNG.sync.read(readFileSync(path));
    const fresh = PNG.sync.read(png);
    expect([committed.width, committed.height]).toEqual([512, 512]);
    expect(Buffer.compare(committed.data, fresh.data)).toBe(0);
    expect(readFileSync(path).length).toBeLessThan(100_000);
  }

  test('bcsstk16-spy.png is the pattern of A', () => {
    check('bcsstk16-spy.png', spyPng(A, { size: 512 }));
  });

  test('bcsstk16-factor-spy.png is the pattern of L, lower triangular with fill-in', () => {
    const factor = cholesky(A);
    try {
      const L = factor.L();
      expect(L.nnz).toBeGreaterThan(2 * A.nnz); // fill-in
      const png = spyPng(L, { size: 512 });
      const image = decode(png);
      // Nothing strictly above the diagonal (one cell of slack for the binning of the diagonal).
      for (let y = 1; y < 511; y++) for (let x = y + 2; x < 511; x++) if (image.dark(x, y)) throw new Error(`pixel (${x}, ${y}) above the diagonal`);
      check('bcsstk16-factor-spy.png', png);
    } finally {
      factor.dispose();
    }
  });
});
