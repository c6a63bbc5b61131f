/**
 * A malformed or unsupported Matrix Market file. The message starts with
 * `file:line:` like a compiler diagnostic, so editors and terminals can jump to
 * the offending line; `file`, `line` and `detail` carry the same information for
 * programs. Thrown by {@link readMatrixMarket} and {@link parseMatrixMarket}.
 *
 * @example
 * ```ts
 * import { MatrixMarketError, parseMatrixMarket } from 'spsolve';
 *
 * try {
 *   parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.5\n', 'A.mtx');
 * } catch (error) {
 *   if (error instanceof MatrixMarketError) console.log(error.message); // → A.mtx:3: row index 3 out of range 1..2
 * }
 * ```
 */
export class MatrixMarketError extends Error {
  /** The path as given to the reader, or the source name given for text ('<string>' by default). */
  readonly file: string;
  /** 1-based line number of the offending line. */
  readonly line: number;
  /** The message without the `file:line:` prefix. */
  readonly detail: string;

  /**
   * @param file The file (or source name) the error is about.
   * @param line 1-based line number.
   * @param detail What is wrong, without the `file:line:` prefix.
   */
  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'MatrixMarketError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}
