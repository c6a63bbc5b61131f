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

/**
 * The `<format>` word of a Matrix Market banner: 'coordinate' (sparse, one line per
 * entry; read as a {@link CscMatrix}) or 'array' (dense, column-major; read as a
 * {@link DenseMatrix}). The format of a written file follows the matrix's type.
 *
 * @example
 * ```ts
 * import { type MatrixMarketFormat, denseMatrix, formatMatrixMarket } from 'spsolve';
 *
 * const text = formatMatrixMarket(denseMatrix(1, 1, [5]));
 * const format = text.split(' ')[2] as MatrixMarketFormat;
 * console.log(format); // → array
 * ```
 */
export type MatrixMarketFormat = 'coordinate' | 'array';
/**
 * The `<field>` word of a Matrix Market banner this library reads and writes: 'real',
 * 'integer' (values must be integers) or 'pattern' (no values: read as 1, dropped
 * when written; coordinate only). 'complex' is refused with a {@link MatrixMarketError}.
 *
 * @example
 * ```ts
 * import { type MatrixMarketField, formatMatrixMarket, poisson2d } from 'spsolve';
 *
 * const field: MatrixMarketField = 'pattern';
 * console.log(formatMatrixMarket(poisson2d(2), { field }).split('\n')[0]);
 * // → %%MatrixMarket matrix coordinate pattern symmetric
 * ```
 */
export type MatrixMarketField = 'real' | 'integer' | 'pattern';
/**
 * The `<symmetry>` word of a Matrix Market banner: 'general' (every entry listed),
 * 'symmetric' (lower triangle listed; read as 'lower' storage) or 'skew-symmetric'
 * (strict lower triangle listed, Aᵀ = -A; read as 'general' storage). 'hermitian' is
 * refused with a {@link MatrixMarketError}.
 *
 * @example
 * ```ts
 * import { CscMatrix, type MatrixMarketSymmetry, formatMatrixMarket } from 'spsolve';
 *
 * const S = CscMatrix.fromDense(2, 2, [0, 1, -1, 0]); // [[0, -1], [1, 0]]
 * const symmetry: MatrixMarketSymmetry = 'skew-symmetric';
 * console.log(formatMatrixMarket(S, { symmetry })); // only (2, 1) = 1 is listed
 * // → %%MatrixMarket matrix coordinate real skew-symmetric
 * // → 2 2 1
 * // → 2 1 1
 * // →
 * ```
 */
export type MatrixMarketSymmetry = 'general' | 'symmetric' | 'skew-symmetric';

/** The three banner words after `%%MatrixMarket matrix`. @internal */
export interface MatrixMarketHeader {
  format: MatrixMarketFormat;
  field: MatrixMarketField;
  symmetry: MatrixMarketSymmetry;
}

/** @internal */
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

/** The banner line for a header, without a newline. @internal */
export function formatBanner(header: MatrixMarketHeader): string {
  return `${BANNER} matrix ${header.format} ${header.field} ${header.symmetry}`;
}
