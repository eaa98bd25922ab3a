/**
 * The package name from an APK's binary AndroidManifest.xml (Android's compiled "AXML" resource format:
 * a string pool, then start-element chunks whose attributes point into it; frameworks/base
 * libs/androidfw/include/androidfw/ResourceTypes.h). Only the root <manifest package="…"> is needed, so
 * this reads chunks until it, with every offset checked against the buffer.
 */
import { damaged } from './errors';

const RES_XML_TYPE = 0x0003;
const RES_STRING_POOL_TYPE = 0x0001;
const RES_XML_START_ELEMENT_TYPE = 0x0102;
const UTF8_FLAG = 1 << 8;
const TYPE_STRING = 0x03;
const NO_INDEX = 0xffffffff;

function check(buf: Buffer, pos: number, n: number): void {
  if (pos < 0 || n < 0 || pos + n > buf.length) throw damaged('AndroidManifest.xml is cut short');
}

function stringPool(buf: Buffer, at: number, chunkSize: number): (i: number) => string {
  check(buf, at, 28);
  const headerSize = buf.readUInt16LE(at + 2);
  const count = buf.readUInt32LE(at + 8);
  const flags = buf.readUInt32LE(at + 16);
  const stringsStart = buf.readUInt32LE(at + 20);
  if (count > chunkSize / 4) throw damaged('string pool count out of range');
  check(buf, at + headerSize, count * 4);
  const utf8 = (flags & UTF8_FLAG) !== 0;
  const end = at + chunkSize;
  return (i: number): string => {
    if (i === NO_INDEX || i >= count) return '';
    let p = at + stringsStart + buf.readUInt32LE(at + headerSize + i * 4);
    if (utf8) {
      check(buf, p, 2);
      p += buf[p]! & 0x80 ? 2 : 1; // length in UTF-16 units
      check(buf, p, 2);
      let n = buf[p]!;
      if (n & 0x80) {
        n = ((n & 0x7f) << 8) | buf[p + 1]!;
        p += 2;
      } else p += 1;
      if (p + n > end) throw damaged('string runs past its pool');
      return buf.toString('utf8', p, p + n);
    }
    check(buf, p, 2);
    let n = buf.readUInt16LE(p);
    if (n & 0x8000) {
      check(buf, p, 4);
      n = ((n & 0x7fff) << 16) | buf.readUInt16LE(p + 2);
      p += 4;
    } else p += 2;
    if (p + n * 2 > end) throw damaged('string runs past its pool');
    return buf.toString('utf16le', p, p + n * 2);
  };
}

/** The root element's `package` attribute, or null when the manifest has none. */
export function manifestPackage(buf: Buffer): string | null {
  check(buf, 0, 8);
  if (buf.readUInt16LE(0) !== RES_XML_TYPE) throw damaged('AndroidManifest.xml is not compiled binary XML');
  let str: ((i: number) => string) | null = null;
  let pos = buf.readUInt16LE(2);
  while (pos + 8 <= buf.length) {
    const type = buf.readUInt16LE(pos);
    const headerSize = buf.readUInt16LE(pos + 2);
    const size = buf.readUInt32LE(pos + 4);
    if (size < 8 || pos + size > buf.length) throw damaged('AndroidManifest.xml chunk out of range');
    if (type === RES_STRING_POOL_TYPE && !str) str = stringPool(buf, pos, size);
    if (type === RES_XML_START_ELEMENT_TYPE) {
      if (!str) throw damaged('AndroidManifest.xml has no string pool');
      const ext = pos + headerSize;
      check(buf, ext, 20);
      if (str(buf.readUInt32LE(ext + 4)) !== 'manifest') throw damaged('the root element is not <manifest>');
      const attrStart = buf.readUInt16LE(ext + 8);
      const attrSize = buf.readUInt16LE(ext + 10);
      const attrCount = buf.readUInt16LE(ext + 12);
      for (let a = 0; a < attrCount; a++) {
        const at = ext + attrStart + a * attrSize;
        check(buf, at, 20);
        if (str(buf.readUInt32LE(at + 4)) !== 'package') continue;
        const raw = buf.readUInt32LE(at + 8);
        if (raw !== NO_INDEX) return str(raw);
        if (buf[at + 15] === TYPE_STRING) return str(buf.readUInt32LE(at + 16));
        return null;
      }
      return null;
    }
    pos += size;
  }
  throw damaged('AndroidManifest.xml has no <manifest> element');
}
