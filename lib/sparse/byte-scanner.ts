/**
 * A cursor over the bytes of a text file, for line-oriented numeric formats
 * (Matrix Market, triplet files) with millions of lines.
 *
 * Why bytes and not strings: decoding a 100 MB file into one string, splitting it
 * into lines and running a regular expression per line allocates several objects
 * per entry and dominates the parse time. Here numbers are scanned in place; the
 * common short decimal ("-1", "4", "0.25", "3.5e-3") is converted exactly without
 * creating a string (see `readNumber`), and only long mantissas fall back to
 * `parseFloat` on a slice.
 *
 * Tokens are separated by spaces, tabs or carriage returns (so CRLF files work);
 * lines end at '\n'. The scanner tracks the 1-based line number for messages.
 * Readers return NaN instead of throwing when the next token is not what they
 * expect, and leave the cursor on that token, so the caller can word the error
 * with `token()` ("expected row index, found 'abc'").
 */

const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const CR = 13;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const LOWER_E = 101;
const UPPER_E = 69;
const PERCENT = 37;

/** Exact powers of ten: 10^k is exactly representable in a double for k <= 22. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Largest digit count whose integer is exact in a double (10^15 < 2^53). */
const MAX_EXACT_DIGITS = 15;

function isSeparator(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === NEWLINE;
}

export class ByteScanner {
  /** Index of the next unread byte. */
  pos: number;
  /** 1-based number of the line that holds `pos`. */
  line = 1;
  readonly end: number;

  constructor(readonly bytes: Buffer) {
    this.end = bytes.length;
    // A UTF-8 byte-order mark is not part of the first token.
    this.pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Skips spaces, tabs and carriage returns (not newlines). */
  skipSpaces(): void {
    const b = this.bytes;
    let p = this.pos;
    while (p < this.end) {
      const c = b[p];
      if (c !== SPACE && c !== TAB && c !== CR) break;
      p++;
    }
    this.pos = p;
  }

  /** After skipping spaces: true at a newline or at the end of the input. */
  atLineEnd(): boolean {
    this.skipSpaces();
    return this.pos >= this.end || this.bytes[this.pos] === NEWLINE;
  }

  /** Moves to the start of the next line (skipping whatever is left of this one). */
  nextLine(): void {
    const p = this.bytes.indexOf(NEWLINE, this.pos);
    if (p < 0) {
      this.pos = this.end;
    } else {
      this.pos = p + 1;
      this.line++;
    }
  }

  /**
   * Skips blank lines and comment lines (first non-blank character '%') and leaves
   * the cursor on the first token of the next content line. False at end of input.
   */
  skipToContent(): boolean {
    for (;;) {
      this.skipSpaces();
      if (this.pos >= this.end) return false;
      const c = this.bytes[this.pos];
      if (c === NEWLINE) {
        this.pos++;
        this.line++;
      } else if (c === PERCENT) {
        this.nextLine();
      } else {
        return true;
      }
    }
  }

  /** The line to blame for "unexpected end of input": the last line, not the empty one after a final newline. */
  lastLine(): number {
    return this.end > 0 && this.bytes[this.end - 1] === NEWLINE ? this.line - 1 : this.line;
  }

  /**
   * The rest of the current line as text (without the newline), consumed. For
   * headers only: at most `maxBytes` are decoded, so a file without line breaks
   * (a binary file passed by mistake) does not become one giant string.
   */
  readRestOfLine(maxBytes = 4096): string {
    const stop = this.bytes.indexOf(NEWLINE, this.pos);
    const end = stop < 0 ? this.end : stop;
    const text = this.bytes.toString('utf8', this.pos, Math.min(end, this.pos + maxBytes));
    this.pos = end;
    return text;
  }

  /** The next token as text, not consumed, shortened for messages. Empty at a line end. */
  token(): string {
    this.skipSpaces();
    return this.tokenAt(this.pos);
  }

  /** The token starting at (or after spaces from) byte `start`, shortened for messages. */
  tokenAt(start: number): string {
    const b = this.bytes;
    let from = start;
    while (from < this.end && (b[from] === SPACE || b[from] === TAB || b[from] === CR)) from++;
    let p = from;
    while (p < this.end && !isSeparator(b[p])) p++;
    const text = b.toString('utf8', from, Math.min(p, from + 40));
    return p - from > 40 ? text + '…' : text;
  }

  /**
   * An optionally signed decimal integer token, or NaN (cursor unmoved) when the
   * next token is anything else. Values beyond 2^53 lose precision, which is
   * harmless here: every caller rejects them as out of range.
   */
  readInteger(): number {
    this.skipSpaces();
    const b = this.bytes;
    const end = this.end;
    let p = this.pos;
    let negative = false;
    if (p < end && (b[p] === MINUS || b[p] === PLUS)) {
      negative = b[p] === MINUS;
      p++;
    }
    const digitsStart = p;
    let value = 0;
    while (p < end) {
      const d = b[p] - ZERO;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      p++;
    }
    if (p === digitsStart || (p < end && !isSeparator(b[p]))) return NaN;
    this.pos = p;
    return negative ? -value : value;
  }

  /**
   * A decimal floating-point token (`[+-]digits[.digits][(e|E)[+-]digits]`, at least
   * one mantissa digit), correctly rounded; NaN (cursor unmoved) for anything else,
   * including "nan" and "inf" which the caller reports as non-finite. Overflow gives
   * ±Infinity, which the caller also reports.
   *
   * Fast path (Clinger): with at most 15 significant digits the mantissa is an exact
   * integer, and with a decimal exponent of at most 22 in magnitude 10^e is exact
   * too, so a single multiplication or division is correctly rounded — the same
   * double parseFloat would give. Anything else is handed to parseFloat.
   */
  readNumber(): number {
    this.skipSpaces();
    const b = this.bytes;
    const end = this.end;
    const start = this.pos;
    let p = start;
    let negative = false;
    if (p < end && (b[p] === MINUS || b[p] === PLUS)) {
      negative = b[p] === MINUS;
      p++;
    }
    let mantissa = 0;
    let significant = 0; // digits after the leading zeros
    let scale = 0; // decimal exponent contributed by fraction digits
    let anyDigit = false;
    while (p < end) {
      const d = b[p] - ZERO;
      if (d < 0 || d > 9) break;
      anyDigit = true;
      if (mantissa !== 0 || d !== 0) significant++;
      mantissa = mantissa * 10 + d;
      p++;
    }
    if (p < end && b[p] === DOT) {
      p++;
      while (p < end) {
        const d = b[p] - ZERO;
        if (d < 0 || d > 9) break;
        anyDigit = true;
        if (mantissa !== 0 || d !== 0) significant++;
        mantissa = mantissa * 10 + d;
        scale--;
        p++;
      }
    }
    if (!anyDigit) return NaN;
    let exponent = 0;
    if (p < end && (b[p] === LOWER_E || b[p] === UPPER_E)) {
      p++;
      let expNegative = false;
      if (p < end && (b[p] === MINUS || b[p] === PLUS)) {
        expNegative = b[p] === MINUS;
        p++;
      }
      const expStart = p;
      while (p < end) {
        const d = b[p] - ZERO;
        if (d < 0 || d > 9) break;
        // Cap instead of overflowing: any exponent this large already means 0 or Infinity.
        if (exponent < 100000) exponent = exponent * 10 + d;
        p++;
      }
      if (p === expStart) return NaN;
      if (expNegative) exponent = -exponent;
    }
    if (p < end && !isSeparator(b[p])) return NaN;
    this.pos = p;
    const power = exponent + scale;
    let value: number;
    if (significant <= MAX_EXACT_DIGITS && power >= -22 && power <= 22) {
      value = power >= 0 ? mantissa * POW10[power] : mantissa / POW10[-power];
      return negative ? -value : value;
    }
    return parseFloat(b.toString('latin1', start, p));
  }
}
