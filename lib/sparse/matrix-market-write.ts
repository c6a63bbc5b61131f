/**
 * Writing Matrix Market files.
 *
 * Round trips are exact: values are written with JavaScript's shortest
 * round-trip formatting (`String(x)`, which always parses back to the same
 * double; -0 is spelled out because `String(-0)` is "0"), and the reader rebuilds
 * the same canonical matrix.
 *
 * What is written:
 * - a CscMatrix as `coordinate`. 'lower' / 'upper' storage is written `symmetric`
 *   (lower triangle, as the format requires; reading it back gives 'lower'
 *   storage); 'general' storage is written `general` unless `opts.symmetry` asks
 *   for `symmetric` or `skew-symmetric`, which is checked exactly.
 * - a DenseMatrix as `array`, `general` by default; `symmetric` /
 *   `skew-symmetric` on request (checked exactly, one triangle written).
 *
 * Output is produced in chunks of many lines, so writing a file with millions of
 * entries never builds one giant string.
 */

import { closeSync, openSync, rmSync, writeSync } from 'node:fs';

import { CscMatrix } from './csc';
import { DenseMatrix, checkDenseMatrix } from './dense';
import { formatBanner, MatrixMarketField, MatrixMarketSymmetry } from './matrix-market-header';
import { checkChoice, checkString } from './validate';
import { checkOptions } from './validate-options';

/**
 * Options of {@link writeMatrixMarket} and {@link formatMatrixMarket}.
 *
 * @example
 * ```ts
 * import { formatMatrixMarket, poisson2d } from 'spsolve';
 *
 * const text = formatMatrixMarket(poisson2d(3).toGeneral(), {
 *   field: 'integer',
 *   symmetry: 'symmetric', // checked: the matrix must be exactly symmetric
 *   comment: ' 5-point Laplacian on a 3 x 3 grid',
 * });
 * console.log(text.split('\n').slice(0, 3).join('\n'));
 * // → %%MatrixMarket matrix coordinate integer symmetric
 * // → % 5-point Laplacian on a 3 x 3 grid
 * // → 9 9 21
 * ```
 */
export interface WriteMatrixMarketOptions {
  /** 'real' (default), 'integer' (every value must be an integer) or 'pattern' (values dropped; sparse only). */
  field?: MatrixMarketField;
  /** Symmetry written in the banner; the default follows the matrix (see the file comment). */
  symmetry?: MatrixMarketSymmetry;
  /** Text written as '%' comment lines after the banner (may contain newlines). */
  comment?: string;
}

/** Lines per chunk handed to the sink: large enough to amortise, small enough to stay out of V8's large-string paths. */
const LINES_PER_CHUNK = 8192;

/**
 * Matrix Market text for a matrix: `coordinate` for a {@link CscMatrix}, `array` for a
 * {@link DenseMatrix}. Values are written in shortest round-trip form, so
 * {@link parseMatrixMarket} gives the same matrix back exactly. 'lower' / 'upper'
 * storage is written `symmetric`.
 *
 * @throws RangeError for an invalid option, a requested symmetry the matrix does not
 *   have exactly, or a non-integer value with field 'integer'; TypeError for a bad argument.
 *
 * @example
 * ```ts
 * import { CscMatrix, formatMatrixMarket } from 'spsolve';
 *
 * // The text ends with a newline, which console.log shows as an empty last line.
 * console.log(formatMatrixMarket(CscMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1.5, -2])));
 * // → %%MatrixMarket matrix coordinate real general
 * // → 2 2 2
 * // → 1 1 1.5
 * // → 2 2 -2
 * // →
 * ```
 */
export function formatMatrixMarket(m: CscMatrix | DenseMatrix, opts?: WriteMatrixMarketOptions): string {
  const chunks: string[] = [];
  emitMatrixMarket(m, opts, 'formatMatrixMarket', (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/**
 * Writes a matrix to a Matrix Market file (created or truncated), in the format
 * {@link formatMatrixMarket} describes, in chunks (no giant string for millions of
 * entries). The file is opened only when the first chunk is ready, and removed again
 * if formatting fails half-way (an 'integer' field meeting 0.5), so a bad call leaves
 * no partial file.
 *
 * @throws As {@link formatMatrixMarket}; plus the fs error when the file cannot be written.
 *
 * @example
 * ```ts
 * import { poisson2d, readMatrixMarket, writeMatrixMarket } from 'spsolve';
 *
 * writeMatrixMarket('poisson.mtx', poisson2d(10));
 * console.log(readMatrixMarket('poisson.mtx').toString()); // → CscMatrix(100x100, nnz 280, lower)
 * ```
 */
export function writeMatrixMarket(path: string, m: CscMatrix | DenseMatrix, opts?: WriteMatrixMarketOptions): void {
  checkString(path, 'writeMatrixMarket: path');
  let fd: number | undefined;
  try {
    emitMatrixMarket(m, opts, 'writeMatrixMarket', (chunk) => {
      fd ??= openSync(path, 'w');
      writeSync(fd, chunk);
    });
  } catch (error) {
    if (fd !== undefined) {
      closeSync(fd);
      fd = undefined;
      rmSync(path, { force: true });
    }
    throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Formats a double so that parsing it gives the same double back. @internal */
export function formatValue(x: number): string {
  return x === 0 && 1 / x < 0 ? '-0' : String(x);
}

function emitMatrixMarket(
  m: CscMatrix | DenseMatrix,
  opts: WriteMatrixMarketOptions | undefined,
  fn: string,
  sink: (chunk: string) => void,
): void {
  const options = checkOptions(opts, ['field', 'symmetry', 'comment'], `${fn}: opts`);
  const field = checkChoice(options.field ?? 'real', ['real', 'integer', 'pattern'], `${fn}: opts.field`);
  const symmetry =
    options.symmetry === undefined
      ? undefined
      : checkChoice(options.symmetry, ['general', 'symmetric', 'skew-symmetric'], `${fn}: opts.symmetry`);
  if (field === 'pattern' && symmetry === 'skew-symmetric') {
    throw new RangeError(`${fn}: opts.field 'pattern' cannot be written 'skew-symmetric'`);
  }
  const comment = options.comment === undefined ? undefined : checkString(options.comment, `${fn}: opts.comment`);
  const out = new ChunkedWriter(sink);
  if (m instanceof CscMatrix) {
    emitCoordinate(m, field, symmetry ?? (m.symmetry === 'general' ? 'general' : 'symmetric'), comment, out);
  } else {
    checkDenseMatrix(`${fn}: m`, m);
    if (field === 'pattern') throw new RangeError(`${fn}: opts.field 'pattern' cannot be used for a dense (array) matrix`);
    emitArray(m, field, symmetry ?? 'general', comment, out);
  }
  out.flush();
}

/** Collects lines and passes them on in chunks. */
class ChunkedWriter {
  private lines: string[] = [];
  constructor(private readonly sink: (chunk: string) => void) {}

  line(text: string): void {
    this.lines.push(text);
    if (this.lines.length >= LINES_PER_CHUNK) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    this.sink(this.lines.join('\n') + '\n');
    this.lines = [];
  }
}

function emitPreamble(banner: string, comment: string | undefined, sizeLine: string, out: ChunkedWriter): void {
  out.line(banner);
  if (comment !== undefined) for (const text of comment.split('\n')) out.line(`%${text}`);
  out.line(sizeLine);
}

/** Value formatter for a field; 'integer' refuses anything that would not read back as the same integer. */
function valueFormatter(field: MatrixMarketField): (x: number, where: () => string) => string {
  if (field !== 'integer') return formatValue;
  return (x, where) => {
    if (!Number.isSafeInteger(x)) {
      throw new RangeError(`field 'integer': the value ${x} at ${where()} is not an integer in ±(2^53 - 1)`);
    }
    return formatValue(x);
  };
}

function emitCoordinate(
  m: CscMatrix,
  field: MatrixMarketField,
  symmetry: MatrixMarketSymmetry,
  comment: string | undefined,
  out: ChunkedWriter,
): void {
  const source = entriesToWrite(m, symmetry);
  const { colPtr, rowIdx, values, ncols } = source;
  emitPreamble(
    formatBanner({ format: 'coordinate', field, symmetry }),
    comment,
    `${m.nrows} ${m.ncols} ${source.nnz}`,
    out,
  );
  const format = valueFormatter(field);
  for (let j = 0; j < ncols; j++) {
    const col = ` ${j + 1}`;
    for (let k = colPtr[j], end = colPtr[j + 1]; k < end; k++) {
      const row = rowIdx[k];
      if (field === 'pattern') {
        out.line(`${row + 1}${col}`);
      } else {
        out.line(`${row + 1}${col} ${format(values[k], () => `(${row}, ${j})`)}`);
      }
    }
  }
}

/**
 * The stored entries the file lists: everything for 'general'; the lower triangle
 * for 'symmetric'; the strict lower triangle for 'skew-symmetric'. A 'general'
 * matrix written with a symmetry must have it exactly (pattern and values), or
 * the file would describe a different matrix.
 */
function entriesToWrite(m: CscMatrix, symmetry: MatrixMarketSymmetry): CscMatrix {
  if (symmetry === 'general') return m.toGeneral();
  if (m.nrows !== m.ncols) {
    throw new RangeError(`cannot write a ${m.nrows} x ${m.ncols} matrix as ${symmetry}: it is not square`);
  }
  if (symmetry === 'symmetric') {
    if (m.symmetry === 'lower') return m;
    if (m.symmetry === 'upper') return m.transpose();
    checkMirrored(m, 1, 'symmetric');
    return lowerTriangle(m, true);
  }
  if (m.symmetry !== 'general') {
    throw new RangeError(`cannot write a '${m.symmetry}' (symmetric) matrix as skew-symmetric`);
  }
  checkMirrored(m, -1, 'skew-symmetric');
  for (let j = 0; j < m.ncols; j++) {
    for (let k = m.colPtr[j]; k < m.colPtr[j + 1]; k++) {
      if (m.rowIdx[k] === j) {
        throw new RangeError(`cannot write as skew-symmetric: the diagonal entry (${j}, ${j}) is stored`);
      }
    }
  }
  return lowerTriangle(m, false);
}

/** Checks Aᵀ = sign · A exactly, on canonical arrays (same pattern, value by value). */
function checkMirrored(m: CscMatrix, sign: 1 | -1, name: string): void {
  const t = m.transpose();
  if (!t.samePattern(m)) throw new RangeError(`cannot write as ${name}: the pattern is not symmetric`);
  for (let k = 0; k < m.nnz; k++) {
    if (t.values[k] !== sign * m.values[k]) {
      throw new RangeError(`cannot write as ${name}: the values are not ${name}`);
    }
  }
}

/** The lower triangle of general storage (with or without the diagonal) as a lower-storage matrix. */
function lowerTriangle(m: CscMatrix, withDiagonal: boolean): CscMatrix {
  const n = m.ncols;
  const colPtr = new Int32Array(n + 1);
  let nnz = 0;
  for (let j = 0; j < n; j++) {
    for (let k = m.colPtr[j]; k < m.colPtr[j + 1]; k++) {
      if (m.rowIdx[k] > j || (withDiagonal && m.rowIdx[k] === j)) nnz++;
    }
    colPtr[j + 1] = nnz;
  }
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let w = 0;
  for (let j = 0; j < n; j++) {
    for (let k = m.colPtr[j]; k < m.colPtr[j + 1]; k++) {
      if (m.rowIdx[k] > j || (withDiagonal && m.rowIdx[k] === j)) {
        rowIdx[w] = m.rowIdx[k];
        values[w++] = m.values[k];
      }
    }
  }
  return CscMatrix.trusted(n, n, colPtr, rowIdx, values, withDiagonal ? 'lower' : 'general');
}

function emitArray(
  m: DenseMatrix,
  field: MatrixMarketField,
  symmetry: MatrixMarketSymmetry,
  comment: string | undefined,
  out: ChunkedWriter,
): void {
  const { nrows, ncols, data } = m;
  if (symmetry !== 'general') {
    if (nrows !== ncols) {
      throw new RangeError(`cannot write a ${nrows} x ${ncols} matrix as ${symmetry}: it is not square`);
    }
    const sign = symmetry === 'symmetric' ? 1 : -1;
    for (let j = 0; j < ncols; j++) {
      for (let i = j; i < nrows; i++) {
        if (data[j + i * nrows] !== sign * data[i + j * nrows]) {
          throw new RangeError(`cannot write as ${symmetry}: entries (${i}, ${j}) and (${j}, ${i}) do not match`);
        }
      }
    }
  }
  emitPreamble(formatBanner({ format: 'array', field, symmetry }), comment, `${nrows} ${ncols}`, out);
  const format = valueFormatter(field);
  // Column j lists rows from firstRow: all, the lower triangle, or the strict lower triangle.
  const skipAbove = symmetry === 'general' ? -1 : symmetry === 'symmetric' ? 0 : 1;
  for (let j = 0; j < ncols; j++) {
    for (let i = skipAbove < 0 ? 0 : j + skipAbove; i < nrows; i++) {
      out.line(format(data[i + j * nrows], () => `(${i}, ${j})`));
    }
  }
}
