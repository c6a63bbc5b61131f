/**
 * Colour maps for field pictures: piecewise linear between a few control colours, so that the
 * PNG (per pixel) and the SVG (gradient stops at the control points) show the same colours.
 * @module
 */

/**
 * The colour maps {@link fieldPng} and {@link fieldSvg} know: 'viridis' (perceptually uniform,
 * the default), 'coolwarm' (diverging, blue–grey–red, for signed fields), 'grays' (white to
 * black, for densities).
 *
 * @example
 * ```ts
 * import { colorMapRgb, type ColorMap } from 'spsolve';
 *
 * const map: ColorMap = 'grays';
 * console.log(colorMapRgb(map, 0), colorMapRgb(map, 1)); // → [ 255, 255, 255 ] [ 0, 0, 0 ]
 * ```
 */
export type ColorMap = 'viridis' | 'coolwarm' | 'grays';

/** Control points: position in [0, 1] and RGB. @internal */
export const COLOR_MAPS: Readonly<Record<ColorMap, readonly (readonly [number, number, number, number])[]>> = {
  viridis: [
    [0, 68, 1, 84], [0.125, 71, 45, 123], [0.25, 59, 82, 139], [0.375, 44, 114, 142], [0.5, 33, 145, 140],
    [0.625, 40, 174, 128], [0.75, 94, 201, 98], [0.875, 173, 220, 48], [1, 253, 231, 37],
  ],
  coolwarm: [[0, 59, 76, 192], [0.25, 124, 159, 249], [0.5, 221, 221, 221], [0.75, 245, 156, 125], [1, 180, 4, 38]],
  grays: [[0, 255, 255, 255], [1, 0, 0, 0]],
};

/**
 * The colour (RGB, 0..255 each, rounded) of position t in a colour map; t is clamped to [0, 1].
 *
 * @example
 * ```ts
 * import { colorMapRgb } from 'spsolve';
 *
 * console.log(colorMapRgb('viridis', 0), colorMapRgb('viridis', 2)); // → [ 68, 1, 84 ] [ 253, 231, 37 ]
 * ```
 */
export function colorMapRgb(map: ColorMap, t: number): [number, number, number] {
  if (typeof map !== 'string' || !Object.prototype.hasOwnProperty.call(COLOR_MAPS, map)) {
    throw new TypeError(`colorMapRgb: map must be one of ${Object.keys(COLOR_MAPS).join(', ')}, got ${typeof map === 'string' ? `'${map}'` : typeof map}`);
  }
  if (typeof t !== 'number' || Number.isNaN(t)) throw new TypeError(`colorMapRgb: t must be a number, got ${typeof t === 'number' ? 'NaN' : typeof t}`);
  const stops = COLOR_MAPS[map];
  const x = !(t > 0) ? 0 : t > 1 ? 1 : t;
  let k = 1;
  while (k < stops.length - 1 && stops[k][0] < x) k++;
  const [t0, r0, g0, b0] = stops[k - 1];
  const [t1, r1, g1, b1] = stops[k];
  const w = (x - t0) / (t1 - t0);
  return [Math.round(r0 + (r1 - r0) * w), Math.round(g0 + (g1 - g0) * w), Math.round(b0 + (b1 - b0) * w)];
}
