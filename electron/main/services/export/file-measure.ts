/**
 * What an export file holds, measured from its bytes: SHA-256, size, and its data rows. One
 * streaming pass hashes and (for CSV and JSONL) counts; XLSX rows are counted by reading the
 * archive with yauzl and counting the `<row` elements of each worksheet as it inflates. Memory
 * stays flat for files of any size, and a damaged file ends in an error, never a hang: yauzl
 * checks the central directory and every entry's size, and zlib fails on damaged deflate data
 * (exceljs's streaming reader, used before, never settled on some truncated files).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { ExportFormat } from '../../../../shared/contract/export';

const QUOTE = 0x22;
const LF = 0x0a;

/**
 * Counts CSV records (RFC 4180: a newline inside quotes belongs to the field; a doubled quote
 * toggles twice, so it needs no special case). Fed chunk by chunk.
 */
export function csvRecordCounter(): { feed(chunk: Buffer): void; records(): number } {
  let inQuotes = false;
  let records = 0;
  let pending = false; // bytes seen since the last record end
  return {
    feed(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b === QUOTE) inQuotes = !inQuotes;
        if (b === LF && !inQuotes) {
          records++;
          pending = false;
        } else pending = true;
      }
    },
    records: () => records + (pending ? 1 : 0),
  };
}

/** Counts JSON Lines (non-empty lines). */
export function lineCounter(): { feed(chunk: Buffer): void; records(): number } {
  let lines = 0;
  let pending = false;
  return {
    feed(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === LF) {
          if (pending) lines++;
          pending = false;
        } else if (chunk[i] !== 0x0d) pending = true;
      }
    },
    records: () => lines + (pending ? 1 : 0),
  };
}

export interface Measured {
  sha256: string;
  bytes: number;
  /** Data rows (header rows not counted); null when not counted or not countable. */
  rows: number | null;
  /** Why the rows could not be counted (a damaged XLSX), else null. */
  rowsError: string | null;
}

const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const ROW_OPEN = Buffer.from('<row', 'latin1');

/** Counts `<row` followed by a space, `>` or `/` in a stream of XML chunks (a match may span chunks). */
function rowTagCounter(): { feed(chunk: Buffer): void; count(): number } {
  let count = 0;
  let tail = Buffer.alloc(0);
  return {
    feed(chunk) {
      const buf = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      let at = buf.indexOf(ROW_OPEN);
      let consumed = 0;
      while (at !== -1) {
        const next = buf[at + ROW_OPEN.length];
        if (next === undefined) break; // undecided until the next chunk
        if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) count++;
        consumed = at + 1;
        at = buf.indexOf(ROW_OPEN, at + 1);
      }
      // Keep enough bytes to complete a tag split across chunks.
      const keepFrom = Math.max(consumed, buf.length - ROW_OPEN.length);
      tail = Buffer.from(buf.subarray(keepFrom));
    },
    count: () => count,
  };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((ok, fail) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (err, zip) => (err ? fail(err) : ok(zip)));
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((ok, fail) => zip.openReadStream(entry, (err, stream) => (err ? fail(err) : ok(stream))));
}

async function xlsxDataRows(path: string, signal?: AbortSignal): Promise<number> {
  const zip = await openZip(path);
  let rows = 0;
  let sheets = 0;
  try {
    await new Promise<void>((ok, fail) => {
      zip.on('error', fail);
      zip.on('end', () => ok());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (signal?.aborted) {
          fail(signal.reason);
          return;
        }
        if (!WORKSHEET.test(entry.fileName)) {
          zip.readEntry();
          return;
        }
        void (async () => {
          const counter = rowTagCounter();
          for await (const chunk of await entryStream(zip, entry)) {
            counter.feed(chunk as Buffer);
            signal?.throwIfAborted();
          }
          sheets++;
          // Every sheet starts with its header row.
          rows += Math.max(0, counter.count() - 1);
          zip.readEntry();
        })().catch(fail);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  if (sheets === 0) throw new Error('no worksheet in the workbook');
  return rows;
}

/**
 * Hashes the file and counts its data rows as `format` (null: hash only). Throws when the file
 * cannot be read at all; a file that does not parse as its format sets `rowsError`.
 */
export async function measureFile(path: string, format: ExportFormat | null, signal?: AbortSignal): Promise<Measured> {
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = format === 'csv' ? csvRecordCounter() : format === 'jsonl' ? lineCounter() : null;
  for await (const chunk of createReadStream(path, signal ? { signal } : {})) {
    const buf = chunk as Buffer;
    hash.update(buf);
    bytes += buf.length;
    counter?.feed(buf);
  }
  let rows: number | null = null;
  let rowsError: string | null = null;
  if (format === 'csv') rows = Math.max(0, counter!.records() - 1);
  else if (format === 'jsonl') rows = counter!.records();
  else if (format === 'xlsx') {
    try {
      rows = await xlsxDataRows(path, signal);
    } catch (e) {
      signal?.throwIfAborted();
      rowsError = e instanceof Error ? e.message : String(e);
    }
  }
  return { sha256: hash.digest('hex'), bytes, rows, rowsError };
}
