/**
 * A malformed or unsupported mesh file. The message starts with `file:line:` like a compiler
 * diagnostic, so editors and terminals can jump to the offending line; `file`, `line` and
 * `detail` carry the same information for programs. In the binary sections of a binary `.msh`
 * file `line` is the line of the section header (`$Nodes`, `$Elements`, ...) and the detail names
 * the byte offset. Thrown by {@link readMsh} and {@link parseMsh}.
 *
 * @example
 * ```ts
 * import { MeshFormatError, parseMsh } from 'spsolve';
 *
 * try {
 *   parseMsh('$MeshFormat\n4.1 0 8\n$EndMeshFormat\n$Nodes\n1 2 1 2\n2 1 0 x\n', 'plate.msh');
 * } catch (error) {
 *   if (error instanceof MeshFormatError) console.log(error.message); // → plate.msh:6: number of nodes in the block must be a non-negative integer, found 'x'
 * }
 * ```
 */
export class MeshFormatError extends Error {
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
    this.name = 'MeshFormatError';
    this.file = file;
    this.line = line;
    this.detail = detail;
  }
}
