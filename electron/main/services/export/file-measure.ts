/**
 * What an export file holds, measured from its bytes: SHA-256, size, and its data rows. One
 * streaming pass hashes and (for CSV and JSONL) counts; XLSX rows are counted with exceljs's
 * streaming reader. Memory stays flat for files of any size.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
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

async function xlsxDataRows(path: string, signal?: AbortSignal): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  let rows = 0;
  for await (const sheet of reader) {
    let inSheet = 0;
    for await (const _row of sheet as AsyncIterable<unknown>) {
      inSheet++;
      if ((inSheet & 0xffff) === 0) signal?.throwIfAborted();
    }
    // Every sheet starts with its header row.
    rows += Math.max(0, inSheet - 1);
  }
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
