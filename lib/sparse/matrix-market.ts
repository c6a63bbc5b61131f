/**
 * Reading Matrix Market files (https://math.nist.gov/MatrixMarket/formats.html).
 *
 * What comes back:
 * - `coordinate` files give a CscMatrix. `symmetric` files give symmetry 'lower'
 *   (the triangle the format stores and CHOLMOD reads); an entry given in the upper
 *   triangle is taken as its mirror in the lower one, so if both (i, j) and (j, i)
 *   are given they are summed, like any duplicate. `skew-symmetric` files are
 *   expanded to 'general' storage (each entry (i, j) = v also gives (j, i) = -v;
 *   the mirror of a zero is +0, so only the listed triangle keeps a zero's sign).
 *   `pattern` entries get the value 1. Duplicates are summed.
 * - `array` files give a DenseMatrix (column-major); `symmetric` and
 *   `skew-symmetric` arrays, which list one triangle, are expanded.
 *
 * Leniencies, where files in the wild need them: blank lines and `%` comment lines
 * anywhere after the banner (also between entries), spaces and tabs around tokens,
 * CRLF line ends, a UTF-8 byte-order mark, any letter case in the banner words.
 * Everything else that is wrong is a MatrixMarketError naming file and line: a bad
 * banner, a bad size line, an index that is not an integer or out of range, a
 * value that is not a number or not finite (NaN, Inf, or overflowing), a token
 * too many on a line, fewer or more entries than declared.
 *
 * Speed: the file is scanned as bytes (see ByteScanner); one pass stores the
 * triplets in typed arrays, and a counting sort (compressTriplets) builds the
 * columns. No per-line strings, no regular expressions on data lines.
 */

import { readFileSync } from 'node:fs';

import { ByteScanner } from './byte-scanner';
import { compressTriplets } from './compress';
import { CscMatrix } from './csc';
import type { DenseMatrix } from './dense';
import { MatrixMarketError } from './matrix-market-error';
import { BANNER, MatrixMarketHeader, parseBanner } from './matrix-market-header';
import { MAX_DENSE_ELEMENTS, MAX_INDEX, describe } from './validate';

/** Shortest possible coordinate entry, "1 1" plus a line break: bounds how many entries the remaining bytes can hold. */
const MIN_ENTRY_BYTES = 4;
/** Shortest possible array value, "0" plus a line break. */
const MIN_VALUE_BYTES = 2;

/**
 * Reads a Matrix Market file, or parses Matrix Market text: a string that starts
 * with '%%MatrixMarket' or contains a newline is text, anything else is a path.
 *
 * Returns a {@link CscMatrix} for a `coordinate` file ('lower' storage when the file
 * is `symmetric`, 'general' otherwise; `pattern` entries read as 1; duplicates summed)
 * and a column-major {@link DenseMatrix} for an `array` file (a stored triangle expanded).
 * Indices in the file are 1-based, in the result 0-based.
 *
 * @throws {@link MatrixMarketError} (message `file:line: problem`) for malformed or
 *   unsupported content (complex, hermitian); the fs error for a missing file.
 *
 * @example
 * ```ts
 * import { CscMatrix, readMatrixMarket } from 'spsolve';
 *
 * const A = readMatrixMarket('%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 4\n2 1 -1\n');
 * if (A instanceof CscMatrix) console.log(A.toString(), A.get(0, 1)); // → CscMatrix(2x2, nnz 2, lower) -1
 * // readMatrixMarket('bcsstk16.mtx') reads a file the same way.
 * ```
 */
export function readMatrixMarket(pathOrText: string): CscMatrix | DenseMatrix {
  if (typeof pathOrText !== 'string') {
    throw new TypeError(`pathOrText must be a string (a path or Matrix Market text), got ${describe(pathOrText)}`);
  }
  if (pathOrText.startsWith(BANNER) || pathOrText.includes('\n')) {
    return parseMatrixMarket(pathOrText);
  }
  return parseMatrixMarket(readFileSync(pathOrText), pathOrText);
}

/**
 * Parses Matrix Market content given as a string or as the raw bytes of a file (a
 * Buffer from `readFileSync`, a Uint8Array from `fetch`). `sourceName` is used in
 * error messages (default '<string>'). The result is as for {@link readMatrixMarket}.
 *
 * @throws {@link MatrixMarketError} for malformed or unsupported content;
 *   TypeError when `text` is neither a string nor a Uint8Array.
 *
 * @example
 * ```ts
 * import { isDenseMatrix, parseMatrixMarket } from 'spsolve';
 *
 * const bytes = new TextEncoder().encode('%%MatrixMarket matrix array real general\n2 1\n1.5\n-2\n');
 * const x = parseMatrixMarket(bytes, 'x.mtx');
 * if (isDenseMatrix(x)) console.log(x.data); // → Float64Array(2) [ 1.5, -2 ]
 * ```
 */
export function parseMatrixMarket(text: string | Uint8Array, sourceName = '<string>'): CscMatrix | DenseMatrix {
  let bytes: Buffer;
  if (typeof text === 'string') bytes = Buffer.from(text, 'utf8');
  else if (text instanceof Uint8Array) bytes = Buffer.isBuffer(text) ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  else throw new TypeError(`text must be a string or a Uint8Array, got ${describe(text)}`);
  return new MatrixMarketReader(new ByteScanner(bytes), sourceName).read();
}

/** One parse: the scanner, the file name for messages, and the steps of the format in order. */
class MatrixMarketReader {
  constructor(
    private readonly scanner: ByteScanner,
    private readonly file: string,
  ) {}

  private fail(line: number, detail: string): never {
    throw new MatrixMarketError(this.file, line, detail);
  }

  read(): CscMatrix | DenseMatrix {
    const header = this.readBanner();
    const sc = this.scanner;
    const coordinate = header.format === 'coordinate';
    const shape = coordinate ? "'rows columns entries'" : "'rows columns'";
    if (!sc.skipToContent()) {
      this.fail(sc.lastLine(), `unexpected end of file: expected the size line ${shape}`);
    }
    const sizeLine = sc.line;
    const wanted = coordinate ? 3 : 2;
    const nrows = this.readSize('rows', 0, wanted, shape);
    const ncols = this.readSize('columns', 1, wanted, shape);
    const entries = coordinate ? this.readSize('entries', 2, wanted, shape) : 0;
    if (!sc.atLineEnd()) {
      this.fail(sizeLine, `unexpected '${sc.token()}' on the size line (expected ${wanted} integers ${shape})`);
    }
    if (header.symmetry !== 'general' && nrows !== ncols) {
      this.fail(sizeLine, `a ${header.symmetry} matrix must be square, the size line says ${nrows} x ${ncols}`);
    }
    return coordinate
      ? this.readCoordinate(header, nrows, ncols, entries, sizeLine)
      : this.readArray(header, nrows, ncols, sizeLine);
  }

  private readBanner(): MatrixMarketHeader {
    const sc = this.scanner;
    if (sc.atEnd()) {
      this.fail(1, `empty file: expected a '${BANNER} matrix <format> <field> <symmetry>' banner`);
    }
    const parsed = parseBanner(sc.readRestOfLine().trimEnd());
    if (typeof parsed === 'string') this.fail(1, parsed);
    sc.nextLine();
    return parsed;
  }

  /** Size-line integer number `position` (0-based) of `wanted`. */
  private readSize(what: string, position: number, wanted: number, shape: string): number {
    const sc = this.scanner;
    const line = sc.line;
    const value = sc.readInteger();
    if (Number.isNaN(value)) {
      if (sc.atLineEnd()) {
        this.fail(line, `the size line must hold ${wanted} integers ${shape}, found only ${position}`);
      }
      this.fail(line, `size line: ${what} must be a non-negative integer, found '${sc.token()}'`);
    }
    if (value < 0 || value > MAX_INDEX) {
      this.fail(line, `size line: ${what} = ${value} is out of range 0..${MAX_INDEX}`);
    }
    return value;
  }

  /** A 1-based index in 1..limit, returned 0-based. */
  private readIndex(what: 'row' | 'column', limit: number, line: number, shape: string): number {
    const sc = this.scanner;
    const index = sc.readInteger();
    if (index >= 1 && index <= limit) return index - 1;
    if (!Number.isNaN(index)) this.fail(line, `${what} index ${index} out of range 1..${limit}`);
    const token = sc.token();
    if (token === '') this.fail(line, `expected ${shape}, found end of line before the ${what} index`);
    return this.fail(line, `${what} index must be an integer, found '${token}'`);
  }

  /** A finite value (an integer when the field says so). */
  private readValue(integer: boolean, line: number, shape: string): number {
    const sc = this.scanner;
    const start = sc.pos;
    const value = sc.readNumber();
    if (value - value === 0) {
      if (integer && !Number.isInteger(value)) {
        this.fail(line, `expected an integer value (field 'integer'), found '${sc.tokenAt(start)}'`);
      }
      return value;
    }
    const token = sc.tokenAt(start);
    if (!Number.isNaN(value)) this.fail(line, `value '${token}' overflows to ${value}; matrix values must be finite`);
    if (token === '') this.fail(line, `expected ${shape}, found end of line before the value`);
    if (/^[+-]?(nan|inf|infinity)$/i.test(token)) {
      this.fail(line, `value '${token}' is not finite; matrix values must be finite`);
    }
    return this.fail(line, `value must be a number, found '${token}'`);
  }

  private expectLineEnd(line: number, shape: string): void {
    const sc = this.scanner;
    if (!sc.atLineEnd()) this.fail(line, `unexpected '${sc.token()}' after the entry (expected ${shape})`);
  }

  /** After the declared data only blank and comment lines may follow. */
  private expectNoMoreData(declared: number, noun: string, sizeLine: number): void {
    const sc = this.scanner;
    if (sc.skipToContent()) {
      this.fail(sc.line, `more ${noun} than the ${declared} declared on the size line (line ${sizeLine})`);
    }
  }

  private readCoordinate(
    header: MatrixMarketHeader,
    nrows: number,
    ncols: number,
    declared: number,
    sizeLine: number,
  ): CscMatrix {
    const sc = this.scanner;
    const pattern = header.field === 'pattern';
    const integer = header.field === 'integer';
    const symmetric = header.symmetry === 'symmetric';
    const skew = header.symmetry === 'skew-symmetric';
    const shape = pattern ? "'row column'" : "'row column value'";
    // Allocate for what the rest of the file can possibly hold, not for what the size
    // line claims: a truncated or hostile file cannot make us allocate gigabytes.
    const capacity = Math.min(declared, Math.floor((sc.end - sc.pos + 1) / MIN_ENTRY_BYTES));
    const slots = skew ? 2 * capacity : capacity;
    if (slots > MAX_INDEX) this.fail(sizeLine, `size line: ${declared} entries is more than this reader supports`);
    const rows = new Int32Array(slots);
    const cols = new Int32Array(slots);
    const values = new Float64Array(slots);
    let count = 0;
    for (let entry = 0; entry < declared; entry++) {
      if (!sc.skipToContent()) {
        this.fail(
          sc.lastLine(),
          `unexpected end of file: the size line (line ${sizeLine}) declares ${declared} entries, found only ${entry}`,
        );
      }
      const line = sc.line;
      let row = this.readIndex('row', nrows, line, shape);
      let col = this.readIndex('column', ncols, line, shape);
      const value = pattern ? 1 : this.readValue(integer, line, shape);
      this.expectLineEnd(line, shape);
      if (symmetric && row < col) {
        // The format stores the lower triangle; an upper entry stands for its mirror.
        const t = row;
        row = col;
        col = t;
      }
      rows[count] = row;
      cols[count] = col;
      values[count++] = value;
      if (skew) {
        if (row === col) {
          this.fail(line, `diagonal entry (${row + 1}, ${col + 1}) in a skew-symmetric matrix, whose diagonal is zero and not stored`);
        }
        rows[count] = col;
        cols[count] = row;
        values[count++] = 0 - value; // not -value: a mirrored zero is +0, as in a dense skew matrix
      }
    }
    this.expectNoMoreData(declared, 'entries', sizeLine);
    let csc;
    try {
      csc = compressTriplets(nrows, ncols, rows, cols, values, count, true);
    } catch (error) {
      // Only a sum of duplicates overflowing to Infinity can fail here.
      this.fail(sizeLine, (error as Error).message);
    }
    return CscMatrix.trusted(nrows, ncols, csc.colPtr, csc.rowIdx, csc.values, symmetric ? 'lower' : 'general');
  }

  private readArray(header: MatrixMarketHeader, nrows: number, ncols: number, sizeLine: number): DenseMatrix {
    const sc = this.scanner;
    const integer = header.field === 'integer';
    const symmetry = header.symmetry;
    const size = nrows * ncols;
    if (size > MAX_DENSE_ELEMENTS) {
      this.fail(sizeLine, `a ${nrows} x ${ncols} array (${size} values) is too large for a dense matrix`);
    }
    // Column j lists rows firstRow(j)..nrows-1: all of them, or the stored triangle.
    const skipAbove = symmetry === 'general' ? -1 : symmetry === 'symmetric' ? 0 : 1;
    const firstRow = (j: number) => (skipAbove < 0 ? 0 : Math.min(j + skipAbove, nrows));
    let declared = 0;
    for (let j = 0; j < ncols; j++) declared += nrows - firstRow(j);
    // As for coordinate files: a size line promising more values than the bytes can
    // hold is certainly truncated, so do not allocate for it (writes to the empty
    // array are no-ops and the loop stops at the end of the file with an error).
    const plausible = declared <= Math.floor((sc.end - sc.pos + 1) / MIN_VALUE_BYTES);
    const data = new Float64Array(plausible ? size : 0);
    const shape = "'value'";
    let count = 0;
    for (let j = 0; j < ncols; j++) {
      for (let i = firstRow(j); i < nrows; i++) {
        if (!sc.skipToContent()) {
          this.fail(
            sc.lastLine(),
            `unexpected end of file: the size line (line ${sizeLine}) declares ${declared} values, found only ${count}`,
          );
        }
        const line = sc.line;
        const value = this.readValue(integer, line, shape);
        this.expectLineEnd(line, shape);
        data[i + j * nrows] = value;
        if (i !== j && symmetry !== 'general') data[j + i * nrows] = symmetry === 'symmetric' ? value : 0 - value;
        count++;
      }
    }
    this.expectNoMoreData(declared, 'values', sizeLine);
    return { nrows, ncols, data };
  }
}
