/**
 * The Matrix Market banner (`%%MatrixMarket matrix <format> <field> <symmetry>`):
 * parsing, checking which combinations this library supports, and formatting.
 *
 * Words after `%%MatrixMarket` are case-insensitive (as in NIST's mmio.c), and
 * 'coord' is accepted for 'coordinate' (CHOLMOD's reader and test files use it). Like
 * mmio.c, `pattern` is only legal with `general` / `symmetric` and not with
 * `array`; `complex` and `hermitian` are recognised but refused, because the
 * solver stack is real-valued.
 */

export type MatrixMarketFormat = 'coordinate' | 'array';
export type MatrixMarketField = 'real' | 'integer' | 'pattern';
export type MatrixMarketSymmetry = 'general' | 'symmetric' | 'skew-symmetric';

export interface MatrixMarketHeader {
  format: MatrixMarketFormat;
  field: MatrixMarketField;
  symmetry: MatrixMarketSymmetry;
}

export const BANNER = '%%MatrixMarket';

/**
 * Parses the banner line (without its newline). Returns the header, or an error
 * message describing the first bad word (the caller adds file and line).
 */
export function parseBanner(text: string): MatrixMarketHeader | string {
  if (!text.startsWith(BANNER)) {
    const shown = text.length > 60 ? text.slice(0, 60) + '…' : text;
    return `missing '${BANNER}' banner: the first line must be '${BANNER} matrix <format> <field> <symmetry>', found '${shown}'`;
  }
  const words = text.slice(BANNER.length).trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length !== 4) {
    return `the banner must have 4 words after '${BANNER}' (matrix <format> <field> <symmetry>), found ${words.length}`;
  }
  const [object, formatWord, field, symmetry] = words;
  // 'coord' appears in CHOLMOD's own test files (one.tri, two.tri) and cholmod_read accepts it.
  const format = formatWord === 'coord' ? 'coordinate' : formatWord;
  if (object !== 'matrix') {
    return object === 'vector'
      ? `unsupported object 'vector' in the banner: only 'matrix' is supported`
      : `unknown object '${object}' in the banner (expected 'matrix')`;
  }
  if (format !== 'coordinate' && format !== 'array') {
    return `unknown format '${format}' in the banner (expected 'coordinate' or 'array')`;
  }
  if (field === 'complex') return `unsupported field 'complex': complex matrices are not supported`;
  if (field !== 'real' && field !== 'integer' && field !== 'pattern') {
    return `unknown field '${field}' in the banner (expected 'real', 'integer' or 'pattern')`;
  }
  if (symmetry === 'hermitian') return `unsupported symmetry 'hermitian': hermitian (complex) matrices are not supported`;
  if (symmetry !== 'general' && symmetry !== 'symmetric' && symmetry !== 'skew-symmetric') {
    return `unknown symmetry '${symmetry}' in the banner (expected 'general', 'symmetric' or 'skew-symmetric')`;
  }
  if (field === 'pattern' && format === 'array') return `invalid banner: 'pattern' cannot be used with 'array' format`;
  if (field === 'pattern' && symmetry === 'skew-symmetric') {
    return `invalid banner: 'pattern' cannot be 'skew-symmetric' (a pattern has no signs to mirror)`;
  }
  return { format, field, symmetry };
}

export function formatBanner(header: MatrixMarketHeader): string {
  return `${BANNER} matrix ${header.format} ${header.field} ${header.symmetry}`;
}
