/**
 * A tiny zip writer for hostile test archives: it writes what it is told, including lies a normal zip
 * library refuses to write (declared sizes that are not the real ones, entries sharing one local header,
 * names that climb out of the archive).
 */
import { deflateRawSync, crc32 } from 'node:zlib';

export interface RawEntry {
  name: string;
  data: Buffer;
  deflate?: boolean;
  /** Declared uncompressed size, if not the real one. */
  declaredSize?: number;
  /** Point the central-directory record at another entry's local header (index). */
  shareLocalOf?: number;
}

export function writeZip(entries: RawEntry[], extraCentral: RawEntry[] = []): Buffer {
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  const meta: { name: Buffer; crc: number; csize: number; usize: number; method: number }[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const crc = crc32(e.data);
    const usize = e.declaredSize ?? e.data.length;
    const method = e.deflate ? 8 : 0;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(body.length, 18);
    h.writeUInt32LE(usize, 22);
    h.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    locals.push(h, name, body);
    offset += 30 + name.length + body.length;
    meta.push({ name, crc, csize: body.length, usize, method });
  }
  const central: Buffer[] = [];
  const all = [...entries, ...extraCentral];
  all.forEach((e, i) => {
    const m = i < meta.length ? meta[i]! : { ...meta[e.shareLocalOf ?? 0]!, name: Buffer.from(e.name, 'utf8') };
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(m.method, 10);
    c.writeUInt32LE(m.crc, 16);
    c.writeUInt32LE(m.csize, 20);
    c.writeUInt32LE(m.usize, 24);
    c.writeUInt16LE(m.name.length, 28);
    c.writeUInt32LE(offsets[e.shareLocalOf ?? i]!, 42);
    central.push(c, m.name);
  });
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(all.length, 8);
  end.writeUInt16LE(all.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
