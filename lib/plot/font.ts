/**
 * A 3 × 5 pixel font for the numbers of a PNG legend (digits, sign, point, exponent): enough to
 * label a colour bar without a font renderer.
 * @internal
 */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': ['111', '101', '101', '101', '111'], '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'], '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'], '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'], '7': ['111', '001', '001', '001', '001'],
  '8': ['111', '101', '111', '101', '111'], '9': ['111', '101', '111', '001', '111'],
  '.': ['000', '000', '000', '000', '010'], '-': ['000', '000', '111', '000', '000'],
  '+': ['000', '010', '111', '010', '000'], 'e': ['000', '111', '111', '100', '111'],
};

/** Pixel size of one font pixel, and the advance per character in font pixels. */
export const FONT_SCALE = 2;
export const GLYPH_ADVANCE = 4;
export const GLYPH_HEIGHT = 5;

/** Calls `set(x, y)` for each ink pixel of `text` drawn with its top-left corner at (x0, y0). Unknown characters are blank. */
export function drawText(text: string, x0: number, y0: number, set: (x: number, y: number) => void): void {
  for (let c = 0; c < text.length; c++) {
    const glyph = GLYPHS[text[c]];
    if (!glyph) continue;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let col = 0; col < 3; col++) {
        if (glyph[row][col] !== '1') continue;
        for (let dy = 0; dy < FONT_SCALE; dy++) {
          for (let dx = 0; dx < FONT_SCALE; dx++) set(x0 + (c * GLYPH_ADVANCE + col) * FONT_SCALE + dx, y0 + row * FONT_SCALE + dy);
        }
      }
    }
  }
}

/** A legend number: three significant digits, exponent form outside 1e-3..1e5. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(2).split('e');
  return `${Number(m)}e${e.replace('+', '')}`;
}
