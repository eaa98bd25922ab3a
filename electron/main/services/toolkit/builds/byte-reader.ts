import { damaged } from './errors';

/**
 * Bounds-checked little-endian reads over one buffer: every length read from a hostile file is checked
 * against what is left before it is used, so a lie ends in a `damaged` error, never a huge allocation.
 */
export class ByteReader {
  private pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (n < 0 || n > this.remaining) throw damaged(`${this.what} is cut short`);
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A u32 length followed by that many bytes (the APK Signing Block's framing). */
  lengthPrefixed(): ByteReader {
    return new ByteReader(this.bytes(this.u32()), this.what);
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }
}
