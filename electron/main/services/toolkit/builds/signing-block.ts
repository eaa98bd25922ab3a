/**
 * The APK Signing Block (schemes v2, v3 and v3.1), read by random access: the end-of-central-directory
 * record, the 24-byte footer just before the central directory, then the block itself, with positional
 * reads on one file handle. The rest of the APK is never read. Format: source.android.com/docs/security/
 * features/apksigning/v2 (block layout) and /v3 (signer layout and the proof-of-rotation attribute).
 */
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { ByteReader } from './byte-reader';
import { BuildFileError, damaged } from './errors';

const MAGIC = Buffer.from('APK Sig Block 42', 'latin1');
const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
/** A signing block holds certificates and digests; real ones are a few KiB, padded to 4 KiB. */
const MAX_BLOCK = 16 * 1024 * 1024;

export const blockIds = { v2: 0x7109871a, v3: 0xf05368c0, v31: 0x1b93ad61 } as const;
const PROOF_OF_ROTATION_ATTR = 0x3ba06f8c;

export interface BlockSigner {
  scheme: 'v2' | 'v3';
  /** DER of the signer's own certificate (the first of its list). */
  certificate: Buffer;
  /** v3 only: the rotation lineage, oldest certificate first, when the signer carries one. */
  lineage?: Buffer[];
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw new BuildFileError('truncated', 'the file ends early (truncated)');
  return buf;
}

async function centralDirectoryOffset(fh: FileHandle, size: number): Promise<number> {
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLen, tailLen);
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIG) continue;
    if (i + 22 + tail.readUInt16LE(i + 20) !== tailLen) continue;
    const cdOffset = tail.readUInt32LE(i + 16);
    if (cdOffset !== 0xffffffff) return cdOffset;
    const eocdPos = size - tailLen + i;
    if (eocdPos < 20) throw damaged('zip64 locator missing');
    const locator = await readAt(fh, eocdPos - 20, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIG) throw damaged('zip64 locator missing');
    const z64Pos = Number(locator.readBigUInt64LE(8));
    if (!Number.isSafeInteger(z64Pos) || z64Pos + 56 > size) throw damaged('zip64 record out of range');
    const z64 = await readAt(fh, z64Pos, 56);
    if (z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw damaged('zip64 record missing');
    return Number(z64.readBigUInt64LE(48));
  }
  throw new BuildFileError('truncated', 'no end of central directory: truncated or not a zip archive');
}

function parseLineage(value: Buffer): Buffer[] {
  const r = new ByteReader(value, 'the v3 rotation lineage');
  r.u32(); // format version
  const certs: Buffer[] = [];
  while (r.remaining > 0) {
    const node = r.lengthPrefixed();
    const signedData = node.lengthPrefixed();
    certs.push(Buffer.from(signedData.lengthPrefixed().rest()));
  }
  return certs;
}

function parseSigner(scheme: 'v2' | 'v3', signer: ByteReader): BlockSigner {
  const signedData = signer.lengthPrefixed();
  signedData.lengthPrefixed(); // digests
  const certs = signedData.lengthPrefixed();
  if (certs.remaining === 0) throw damaged(`a ${scheme} signer lists no certificate`);
  const certificate = Buffer.from(certs.lengthPrefixed().rest());
  if (scheme === 'v2') return { scheme, certificate };
  signedData.u32(); // minSdk
  signedData.u32(); // maxSdk
  const attrs = signedData.lengthPrefixed();
  let lineage: Buffer[] | undefined;
  while (attrs.remaining > 0) {
    const attr = attrs.lengthPrefixed();
    if (attr.u32() === PROOF_OF_ROTATION_ATTR) lineage = parseLineage(attr.rest());
  }
  return lineage ? { scheme, certificate, lineage } : { scheme, certificate };
}

function parseSchemeBlock(scheme: 'v2' | 'v3', value: Buffer): BlockSigner[] {
  const signers = new ByteReader(value, `the ${scheme} signature block`).lengthPrefixed();
  const out: BlockSigner[] = [];
  while (signers.remaining > 0) out.push(parseSigner(scheme, signers.lengthPrefixed()));
  return out;
}

/** Every v2/v3/v3.1 signer of the APK at `path`; [] when the APK has no signing block (v1 only or unsigned). */
export async function readSigningBlock(path: string): Promise<BlockSigner[]> {
  const fh = await openFile(path, 'r');
  try {
    const { size } = await fh.stat();
    const cdOffset = await centralDirectoryOffset(fh, size);
    if (cdOffset > size) throw new BuildFileError('truncated', 'the central directory lies past the end of the file (truncated)');
    if (cdOffset < 32) return [];
    const footer = await readAt(fh, cdOffset - 24, 24);
    if (!footer.subarray(8).equals(MAGIC)) return [];
    const blockSize = Number(footer.readBigUInt64LE(0));
    if (!Number.isSafeInteger(blockSize) || blockSize < 24 || blockSize + 8 > cdOffset) throw damaged('signing block size out of range');
    if (blockSize > MAX_BLOCK) throw new BuildFileError('entry-too-large', `the signing block declares ${blockSize} bytes`);
    const start = cdOffset - blockSize - 8;
    const block = await readAt(fh, start, blockSize + 8 - 24);
    if (Number(block.readBigUInt64LE(0)) !== blockSize) throw damaged('the signing block sizes disagree');
    const pairs = block.subarray(8);
    const out: BlockSigner[] = [];
    let pos = 0;
    while (pos < pairs.length) {
      if (pos + 12 > pairs.length) throw damaged('signing block entry cut short');
      const len = Number(pairs.readBigUInt64LE(pos));
      if (len < 4 || len > pairs.length - pos - 8) throw damaged('signing block entry length out of range');
      const id = pairs.readUInt32LE(pos + 8);
      const value = pairs.subarray(pos + 12, pos + 8 + len);
      if (id === blockIds.v2) out.push(...parseSchemeBlock('v2', value));
      else if (id === blockIds.v3 || id === blockIds.v31) out.push(...parseSchemeBlock('v3', value));
      pos += 8 + len;
    }
    return out;
  } finally {
    await fh.close();
  }
}
