/**
 * Reading the binary sections of a Gmsh 4.1 binary file: ints (4 bytes), size_t (the size the
 * file's header declares, 4 or 8) and doubles, in the file's byte order (detected from the
 * integer 1 the header writes). Every read checks that the bytes are there.
 * @internal
 */
export class BinaryCursor {
  private readonly view: DataView;

  constructor(
    readonly bytes: Buffer,
    public pos: number,
    private readonly littleEndian: boolean,
    private readonly sizeTBytes: number,
    /** Called with what was being read when the data ends early or a value is out of range; throws. */
    private readonly fail: (detail: string) => never,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) this.fail(`unexpected end of binary data reading ${what} at byte ${this.pos}`);
  }

  int(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }

  /** A size_t; values beyond 2^53 (never a real count or tag) read as Infinity so range checks reject them. */
  sizeT(what: string): number {
    this.need(this.sizeTBytes, what);
    let v: number;
    if (this.sizeTBytes === 4) {
      v = this.view.getUint32(this.pos, this.littleEndian);
    } else {
      // Two 32-bit halves (no BigInt: this is the inner loop of a binary file).
      const lo = this.view.getUint32(this.littleEndian ? this.pos : this.pos + 4, this.littleEndian);
      const hi = this.view.getUint32(this.littleEndian ? this.pos + 4 : this.pos, this.littleEndian);
      v = hi >= 2 ** 21 ? Infinity : hi * 2 ** 32 + lo;
    }
    this.pos += this.sizeTBytes;
    return v;
  }

  double(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, this.littleEndian);
    this.pos += 8;
    return v;
  }

  /** Bytes left, to bound counts before allocating. */
  remaining(): number {
    return this.bytes.length - this.pos;
  }
}
