/**
 * A month archive on disk: `<dataDir>/archives/<workspaceId>/records-YYYY-MM.jsonl.gz`, one
 * canonical record line each (the content digest's line, so the file's content hash is the store's
 * digest of the same records), gzip-compressed, with `<file>.manifest.json` beside it.
 *
 * gzip (Node's zlib) rather than zstd: it streams in both directions with no native add-on, and
 * any auditor can read the file with `zcat`. Reading is bounded whatever the file holds: a line
 * may not exceed MAX_LINE bytes, the lines may not outnumber the manifest's count, and a damaged
 * stream ends in zlib's error, so a hostile or truncated file fails fast with a clear message.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import * as z from 'zod';
import { archiveManifestSchema, type ArchiveManifest } from '../../../../shared/contract/archive';
import { capabilities, operators, verifyOutcomes } from '../../../../shared/platform/domain';
import { canonicalLine, fromCanonicalTuple, type CanonicalRecord } from '../store/content-digest';

export const ARCHIVE_SUFFIX = '.jsonl.gz';
/** Longer than any real record line (~300 bytes) by far; a longer one is not an archive line. */
const MAX_LINE = 8192;
const NL = 0x0a;

export function archiveDir(dataDir: string, workspaceId: string): string {
  return join(dataDir, 'archives', workspaceId.replace(/[^A-Za-z0-9_-]/g, '_'));
}

export function ensureArchiveDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export const archiveFileName = (month: string): string => `records-${month}${ARCHIVE_SUFFIX}`;
export const manifestPathOf = (file: string): string => `${file}.manifest.json`;

const text = (max: number) => z.string().max(max);
const lineSchema = z.tuple([
  z.number().int().nonnegative(),
  text(200),
  text(200),
  text(200),
  z.enum(capabilities),
  z.enum(operators),
  z.number().int(),
  text(50),
  z.boolean(),
  z.enum(verifyOutcomes).nullable(),
  text(50).nullable(),
  text(500),
  text(50).nullable(),
  text(50).nullable(),
  text(100).nullable(),
  text(200),
]);

export class ArchiveFormatError extends Error {}

function parseLine(line: string, lineNo: number): CanonicalRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ArchiveFormatError(`line ${lineNo} is not JSON`);
  }
  const p = lineSchema.safeParse(value);
  if (!p.success) throw new ArchiveFormatError(`line ${lineNo} is not an archived record (${p.error.issues[0]?.message ?? 'bad fields'})`);
  return fromCanonicalTuple(p.data);
}

export interface WrittenArchive {
  records: number;
  contentSha256: string;
  bytes: number;
  fileSha256: string;
}

export interface ArchiveWriter {
  write(records: readonly CanonicalRecord[]): Promise<void>;
  finish(): Promise<WrittenArchive>;
  /** Stops writing (the caller removes the part file). */
  abort(): void;
}

export function createArchiveWriter(path: string): ArchiveWriter {
  const gzip = createGzip({ level: 6 });
  const file = createWriteStream(path, { mode: 0o600 });
  const content = createHash('sha256');
  const fileHash = createHash('sha256');
  let bytes = 0;
  let records = 0;
  let failure: Error | null = null;
  const fail = (e: Error): void => {
    failure ??= e;
  };
  gzip.on('error', fail);
  file.on('error', fail);
  gzip.on('data', (chunk: Buffer) => {
    fileHash.update(chunk);
    bytes += chunk.length;
  });
  gzip.pipe(file);
  return {
    async write(batch) {
      if (failure) throw failure;
      if (batch.length === 0) return;
      let s = '';
      for (const r of batch) s += `${canonicalLine(r)}\n`;
      const buf = Buffer.from(s, 'utf8');
      content.update(buf);
      records += batch.length;
      if (!gzip.write(buf)) await once(gzip, 'drain');
      if (failure) throw failure;
    },
    async finish() {
      gzip.end();
      await finished(file);
      if (failure) throw failure;
      return { records, contentSha256: content.digest('hex'), bytes, fileSha256: fileHash.digest('hex') };
    },
    abort() {
      gzip.destroy();
      file.destroy();
    },
  };
}

/** SHA-256 and size of a file's bytes, streamed. */
export async function hashFile(path: string, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, signal ? { signal } : {}) as AsyncIterable<Buffer>) {
    h.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: h.digest('hex'), bytes };
}

/**
 * The archive's records in batches, with the running content hash available at the end. Stops
 * with ArchiveFormatError on a line that is too long or malformed, or on more lines than
 * `maxRecords`; with zlib's error on a damaged or truncated stream.
 */
export async function* readArchive(
  path: string,
  opts: { maxRecords: number; batch: number; signal?: AbortSignal },
): AsyncGenerator<CanonicalRecord[], { records: number; contentSha256: string }> {
  const content = createHash('sha256');
  const stream = createReadStream(path, opts.signal ? { signal: opts.signal } : {}).pipe(createGunzip());
  let carry: Buffer = Buffer.alloc(0);
  let batch: CanonicalRecord[] = [];
  let lineNo = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      content.update(chunk);
      const buf: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let i = buf.indexOf(NL, start); i >= 0; i = buf.indexOf(NL, start)) {
        lineNo++;
        if (lineNo > opts.maxRecords) throw new ArchiveFormatError(`the file holds more than the ${opts.maxRecords} records its manifest names`);
        if (i - start > MAX_LINE) throw new ArchiveFormatError(`line ${lineNo} is longer than any record`);
        batch.push(parseLine(buf.toString('utf8', start, i), lineNo));
        start = i + 1;
        if (batch.length >= opts.batch) {
          yield batch;
          batch = [];
        }
      }
      carry = buf.subarray(start);
      if (carry.length > MAX_LINE) throw new ArchiveFormatError(`line ${lineNo + 1} is longer than any record`);
    }
  } finally {
    stream.destroy();
  }
  if (carry.length > 0) throw new ArchiveFormatError('the last line is cut short (no newline)');
  if (batch.length > 0) yield batch;
  return { records: lineNo, contentSha256: content.digest('hex') };
}

/** The manifest beside an archive, or an error sentence. */
export function readArchiveManifest(file: string): ArchiveManifest | string {
  let raw: string;
  try {
    raw = readFileSync(manifestPathOf(file), 'utf8');
  } catch {
    return `no manifest beside the file (${manifestPathOf(file)})`;
  }
  if (raw.length > 64 * 1024) return 'the manifest is too large to be an archive manifest';
  try {
    const p = archiveManifestSchema.safeParse(JSON.parse(raw));
    return p.success ? p.data : `the manifest is not an archive manifest (${p.error.issues[0]?.path.join('.') ?? ''}: ${p.error.issues[0]?.message ?? ''})`;
  } catch {
    return 'the manifest is not JSON';
  }
}
