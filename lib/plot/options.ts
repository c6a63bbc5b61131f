/**
 * Options and colours shared by the spy-plot writers.
 * @module
 */
import { checkBoolean, checkInteger, checkString } from '../sparse/validate';
import { checkOptions } from '../sparse/validate-options';

/**
 * Options of {@link spyPng}, {@link spySvg} and {@link spy}.
 *
 * @example
 * ```ts
 * import { poisson2d, spy } from 'spsolve';
 *
 * spy(poisson2d(30), 'A.svg', { size: 1024, mirror: false, title: 'Laplacian, stored triangle' });
 * ```
 */
export interface SpyOptions {
  /** Longer side of the picture in pixels, frame included (default 512; 16..4096). */
  size?: number;
  /**
   * For a matrix stored as one triangle, draw both triangles (default true). Set false to see
   * the storage instead of the matrix.
   */
  mirror?: boolean;
  /** SVG only: a title shown by viewers (default: the size and entry count). */
  title?: string;
}

/** Colour of the fullest cell; emptier cells are lighter mixes of it with white. @internal */
export const INK_RGB: readonly number[] = [20, 40, 110];
/** @internal */
export const FRAME_RGB: readonly number[] = [150, 150, 150];

/** The checked {@link SpyOptions}, the size defaulted; `fn` names the function in messages. @internal */
export function checkSpyOptions(opts: unknown, fn: string): { size: number; mirror?: boolean; title?: string } {
  const o = checkOptions(opts, ['size', 'mirror', 'title'], `${fn}: opts`);
  return {
    size: checkInteger(o.size ?? 512, 16, 4096, `${fn}: opts.size`),
    mirror: o.mirror === undefined ? undefined : checkBoolean(o.mirror, `${fn}: opts.mirror`),
    title: o.title === undefined ? undefined : checkString(o.title, `${fn}: opts.title`),
  };
}
