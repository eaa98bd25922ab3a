/**
 * Writes a JSON body straight into bytes. The feed serves hundreds of thousands of records a
 * second; assembling them as JavaScript strings spends most of that time in rope flattening
 * and garbage collection, and the bytes are what get hashed and sent anyway.
 */
const HEX_CODES = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX_CODES[i] = '0123456789abcdef'.charCodeAt(i);
const B36_CODES = new Uint8Array(36);
for (let i = 0; i < 36; i++) B36_CODES[i] = '0123456789abcdefghijklmnopqrstuvwxyz'.charCodeAt(i);

export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(capacity = 4096) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Makes room for n more bytes. Callers reserve once per record, then write unchecked. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    if (n < 24) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = b[i]!;
      this.pos = p;
    } else {
      this.buf.set(b, this.pos);
      this.pos += n;
    }
  }

  /** A string of ASCII characters (no escaping needed). */
  ascii(s: string): void {
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer in decimal. */
  uint(n: number): void {
    if (n < 10) {
      this.buf[this.pos++] = 48 + n;
      return;
    }
    const start = this.pos;
    let x = n;
    while (x > 0) {
      const q = Math.floor(x / 10);
      this.buf[this.pos++] = 48 + (x - q * 10);
      x = q;
    }
    this.buf.subarray(start, this.pos).reverse();
  }

  /** Exactly `width` decimal digits (zero-padded). */
  digits(n: number, width: number): void {
    let p = this.pos + width;
    this.pos = p;
    let x = n;
    for (let i = 0; i < width; i++) {
      const q = (x / 10) | 0;
      this.buf[--p] = 48 + (x - q * 10);
      x = q;
    }
  }

  /** 8 lower-case hex digits of a 32-bit number. */
  hex8(x: number): void {
    const buf = this.buf;
    let p = this.pos;
    for (let shift = 28; shift >= 0; shift -= 4) buf[p++] = HEX_CODES[(x >>> shift) & 15]!;
    this.pos = p;
  }

  /** A non-negative integer in base 36 (lower case). */
  base36(n: number): void {
    if (n === 0) {
      this.buf[this.pos++] = 48;
      return;
    }
    const start = this.pos;
    let x = n;
    while (x > 0) {
      const q = Math.floor(x / 36);
      this.buf[this.pos++] = B36_CODES[x - q * 36]!;
      x = q;
    }
    this.buf.subarray(start, this.pos).reverse();
  }

  /** The bytes written so far (a view, not a copy). */
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

export const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/**
 * JSON text with every non-ASCII character written as a \uXXXX escape. Same JSON value, but
 * an all-ASCII page decodes to a one-byte string in V8, which clients decode and JSON.parse
 * markedly faster than a two-byte one (the Chinese descriptions would otherwise make the
 * whole 2 MB page two-byte).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
