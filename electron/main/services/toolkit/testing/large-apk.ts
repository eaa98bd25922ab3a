/**
 * A large APK for the upload tests, written in chunks (never whole in memory): a real signed fixture
 * with one big stored asset added after its entries. The v1 signature's certificate is untouched, so
 * the inspector must still find it behind tens of MiB of data.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export function writeLargeApk(from: string, to: string, assetBytes: number): void {
  const src = readFileSync(from);
  const eocd = src.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory');
  const entries = src.readUInt16LE(eocd + 10);
  const cdSize = src.readUInt32LE(eocd + 12);
  const cdOffset = src.readUInt32LE(eocd + 16);
  const name = Buffer.from('assets/large.bin');
  const chunk = Buffer.alloc(1 << 20, 0x5a);
  let crc = 0;
  for (let left = assetBytes; left > 0; left -= chunk.length) crc = crc32(chunk.subarray(0, Math.min(chunk.length, left)), crc);
  const fd = openSync(to, 'w');
  try {
    writeSync(fd, src, 0, cdOffset);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(assetBytes, 18);
    local.writeUInt32LE(assetBytes, 22);
    local.writeUInt16LE(name.length, 26);
    writeSync(fd, local);
    writeSync(fd, name);
    for (let left = assetBytes; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, left));
    const newCdOffset = cdOffset + 30 + name.length + assetBytes;
    writeSync(fd, src, cdOffset, cdSize);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(assetBytes, 20);
    central.writeUInt32LE(assetBytes, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(cdOffset, 42);
    writeSync(fd, central);
    writeSync(fd, name);
    const end = Buffer.from(src.subarray(eocd, eocd + 22));
    end.writeUInt16LE(entries + 1, 8);
    end.writeUInt16LE(entries + 1, 10);
    end.writeUInt32LE(cdSize + 46 + name.length, 12);
    end.writeUInt32LE(newCdOffset, 16);
    end.writeUInt16LE(0, 20);
    writeSync(fd, end);
  } finally {
    closeSync(fd);
  }
}
