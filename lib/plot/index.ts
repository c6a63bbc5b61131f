/**
 * Spy plots: pictures of a sparse matrix's pattern (or of its Cholesky factor's), as PNG or SVG,
 * with density binning so that matrices with millions of rows stay readable; and pictures of a
 * scalar field on a 2-D mesh, with a colour bar.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';

import type { CscMatrix } from '../sparse/csc';
import { checkString } from '../sparse/validate';
import { spyPng } from './png';
import { spySvg } from './svg';
import { checkSpyOptions, type SpyOptions } from './options';

export { cellInk, MIN_INK, spyDensity, type SpyDensity, type SpyDensityOptions } from './density';
export type { SpyOptions } from './options';
export { spyPng } from './png';
export { spySvg } from './svg';
export { colorMapRgb, type ColorMap } from './colormap';
export type { FieldPlotOptions } from './field-input';
export { fieldPng, fieldSvg, plotField } from './field';

/**
 * Picture formats {@link spy} writes, chosen by the file extension.
 *
 * @example
 * ```ts
 * import { spyFormatOf, type SpyFormat } from 'spsolve';
 *
 * const format: SpyFormat = spyFormatOf('pattern.SVG') ?? 'png';
 * console.log(format); // → svg
 * ```
 */
export type SpyFormat = 'png' | 'svg';

/**
 * The format for a file name ('.png' or '.svg', any case), or undefined for anything else.
 *
 * @example
 * ```ts
 * import { spyFormatOf } from 'spsolve';
 *
 * console.log(spyFormatOf('L.SVG'), spyFormatOf('L.jpg')); // → svg undefined
 * ```
 */
export function spyFormatOf(path: string): SpyFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.png' ? 'png' : ext === '.svg' ? 'svg' : undefined;
}

/**
 * Writes a spy plot of A to `path`, as PNG or SVG according to its extension.
 *
 * @throws RangeError for another extension or a bad size; the file system's errors.
 * @example
 * ```ts
 * import { cholesky, poisson2d, spy } from 'spsolve';
 *
 * const A = poisson2d(40);
 * spy(A, 'A.png');
 * const factor = cholesky(A);
 * spy(factor.L(), 'L.svg', { size: 800 }); // the fill-in after the fill-reducing ordering
 * factor.dispose();
 * ```
 */
export function spy(A: CscMatrix, path: string, opts: SpyOptions = {}): void {
  checkString(path, 'spy: path');
  checkSpyOptions(opts, 'spy');
  const format = spyFormatOf(path);
  if (format === undefined) throw new RangeError(`spy: path must end in .png or .svg (the picture format), got '${path}'`);
  writeFileSync(path, format === 'png' ? spyPng(A, opts) : spySvg(A, opts));
}
