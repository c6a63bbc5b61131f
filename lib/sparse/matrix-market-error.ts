/**
 * A malformed or unsupported Matrix Market file. The message starts with
 * `file:line:` like a compiler diagnostic, so editors and terminals can jump to
 * the offending line; `file`, `line` and `detail` carry the same information for
 * programs.
 */
export class MatrixMarketError extends Error {
  /** The path as given to the reader, or the source name given for text ('<string>' by default). */
  readonly file: string;
  /** 1-based line number of the offending line. */
  readonly line: number;
  /** The message without the `file:line:` prefix. */
  readonly detail: string;

  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'MatrixMarketError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}
