/**
 * The text side of reading a `.msh` file: a ByteScanner with the file name, and the reads every
 * section needs (an integer in a range, a finite number, the end of a line, section markers),
 * each throwing a {@link MeshFormatError} that names the file and line.
 * @internal
 */
import { ByteScanner } from '../sparse/byte-scanner';
import { MeshFormatError } from './mesh-format-error';

const NEWLINE = 10;

export class MshSource {
  readonly s: ByteScanner;

  constructor(
    bytes: Buffer,
    readonly file: string,
  ) {
    this.s = new ByteScanner(bytes);
  }

  fail(detail: string, line = this.s.atEnd() ? this.s.lastLine() : this.s.line): never {
    throw new MeshFormatError(this.file, line, detail);
  }

  private found(): string {
    const t = this.s.token();
    return t === '' ? (this.s.atEnd() ? 'the end of the file' : 'the end of the line') : `'${t}'`;
  }

  /** An integer token in min..max on the current line. */
  int(what: string, min: number, max: number): number {
    if (this.s.atLineEnd()) this.fail(`${what} is missing: found ${this.found()}`);
    const v = this.s.readInteger();
    if (Number.isNaN(v)) this.fail(`${what} must be ${describeRange(min, max)}, found ${this.found()}`);
    if (v < min || v > max) this.fail(`${what} must be ${describeRange(min, max)}, got ${v}`);
    return v;
  }

  /** A finite number token on the current line. */
  num(what: string): number {
    if (this.s.atLineEnd()) this.fail(`${what} is missing: found ${this.found()}`);
    const v = this.s.readNumber();
    if (Number.isNaN(v)) this.fail(`${what} must be a number, found ${this.found()}`);
    if (!Number.isFinite(v)) this.fail(`${what} must be finite, got ${v}`);
    return v;
  }

  /** Nothing else may follow on this line; moves to the next. */
  endLine(after: string): void {
    if (!this.s.atLineEnd()) this.fail(`unexpected ${this.found()} after ${after}`);
    this.s.nextLine();
  }

  /** Skips blank lines; false at the end of the file. */
  skipBlankLines(): boolean {
    for (;;) {
      if (this.s.atEnd()) return false;
      if (!this.s.atLineEnd()) return true;
      this.s.nextLine();
    }
  }

  /** The name of the section that starts here ('$Nodes' → 'Nodes'), consuming its line, or undefined at the end of the file. */
  sectionStart(): string | undefined {
    if (!this.skipBlankLines()) return undefined;
    const line = this.s.readRestOfLine(200).trim();
    if (!line.startsWith('$') || line.startsWith('$End') || /\s/.test(line)) this.fail(`expected a section start such as '$Nodes', found '${line}'`);
    this.s.nextLine();
    return line.slice(1);
  }

  /** The `$EndName` line of a section (after blank lines). */
  sectionEnd(name: string): void {
    if (!this.skipBlankLines()) this.fail(`'$End${name}' is missing: found the end of the file`);
    const line = this.s.readRestOfLine(200).trim();
    if (line !== `$End${name}`) this.fail(`expected '$End${name}', found '${line}'`);
    this.s.nextLine();
  }

  /** Skips a section this reader does not use, up to and including its `$EndName` line. */
  skipSection(name: string, start: number): void {
    const marker = Buffer.from(`$End${name}`);
    const at = this.s.bytes.indexOf(marker, this.s.pos);
    if (at < 0) this.fail(`'$End${name}' is missing for the section that starts here`, start);
    this.advanceTo(at);
    this.s.nextLine();
  }

  /** Moves the cursor to byte `pos` (after binary data), counting the newlines passed so line numbers stay right. */
  advanceTo(pos: number): void {
    const b = this.s.bytes;
    let p = this.s.pos;
    let lines = 0;
    for (;;) {
      const nl = b.indexOf(NEWLINE, p);
      if (nl < 0 || nl >= pos) break;
      lines++;
      p = nl + 1;
    }
    this.s.line += lines;
    this.s.pos = pos;
  }
}

function describeRange(min: number, max: number): string {
  if (min === 0 && max >= 2 ** 31 - 1) return 'a non-negative integer';
  if (min === 1 && max >= 2 ** 31 - 1) return 'a positive integer';
  return `an integer in ${min}..${max}`;
}
