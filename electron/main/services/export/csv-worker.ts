/**
 * A worker thread of a parallel CSV export (parallel-csv.ts): reads the filter's compact rows of
 * the time slices it is given, on its own read-only connection pinned to the export's snapshot,
 * and encodes them with the same formatter as the sequential path (writers/csv-compact.ts), as
 * bytes written straight into a few fixed buffers that travel to the writer thread and back (transferred, never copied): the
 * worker's memory is those buffers and one page of rows, whatever the row count.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { begin, commit, setCacheKib } from '../db/connection';
import { openDatabase } from '../db/open';
import { appNamesById, loadApps } from '../records/app-directory';
import { resolveFilter, type ResolvedFilter } from '../records/resolve-filter';
import { readRecordDictionaries } from '../store/record-dictionaries-repo';
import { compactDictionaries } from './compact-rows';
import type { CsvWorkerData, CsvWorkerReply, CsvWorkerRequest } from './csv-worker-protocol';
import { EXPORT_READ_CACHE_KIB, readCompactBatches, type TimeSlice } from './record-source';
import { compactCsvEncoder, type CompactCsvEncoder } from './writers/csv-compact';

const port = parentPort;
if (!port) throw new Error('csv-worker runs only as a worker thread');
const data = workerData as CsvWorkerData;
const post = (msg: CsvWorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

const conn = openDatabase(data.file, { migrations: [], readonly: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
setCacheKib(conn, EXPORT_READ_CACHE_KIB);

let reading: { f: ResolvedFilter; csv: CompactCsvEncoder } | null = null;
const free: Buffer[] = Array.from({ length: data.buffers }, () => Buffer.allocUnsafeSlow(data.bufferBytes));
let wakeOnBuffer: (() => void) | null = null;
const queue: { slice: number; range: TimeSlice }[] = [];
let running = false;
let closing = false;

function pin(): void {
  if (conn.inTransaction) commit(conn);
  begin(conn);
  // The first read pins the WAL snapshot; everything this worker reads after it is of that moment.
  const apps = loadApps(conn);
  const dict = compactDictionaries(() => readRecordDictionaries(conn), appNamesById(apps));
  reading = { f: resolveFilter(data.filter, apps), csv: compactCsvEncoder(data.locale, dict) };
}

async function takeBuffer(): Promise<Buffer> {
  while (free.length === 0) await new Promise<void>((ok) => (wakeOnBuffer = ok));
  return free.pop()!;
}

async function encode(slice: number, range: TimeSlice): Promise<void> {
  if (!reading) throw new Error('slice before pin');
  const { f, csv } = reading;
  let buf: Buffer | null = null;
  let filled = 0;
  let rows = 0;
  const send = (last: boolean): void => {
    const bytes = buf && filled > 0 ? (buf.buffer as ArrayBuffer) : null;
    post({ type: 'chunk', slice, rows, bytes, length: filled, last }, bytes ? [bytes] : []);
    if (!bytes && buf) free.push(buf);
    buf = null;
    filled = 0;
    rows = 0;
  };
  for (const page of readCompactBatches(conn, f, data.batchSize, undefined, range)) {
    for (let i = 0; i < page.length;) {
      buf ??= await takeBuffer();
      // The lines go straight into the buffer as bytes, as many as fit.
      const end = csv.encode(page, i, page.length, buf, filled);
      if (csv.next > i) {
        rows += csv.next - i;
        filled = end;
        i = csv.next;
        if (i < page.length) send(false);
        continue;
      }
      if (filled > 0) {
        send(false);
        continue;
      }
      // One line longer than a buffer: it travels in a buffer of its own (dropped when it comes back).
      free.push(buf);
      const text = csv.lines(page, i, i + 1);
      buf = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
      filled = buf.write(text, 0, 'utf8');
      rows += 1;
      send(false);
      i += 1;
    }
    if (closing) return;
  }
  send(true);
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (queue.length > 0 && !closing) {
      const { slice, range } = queue.shift()!;
      await encode(slice, range);
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  } finally {
    running = false;
  }
}

port.on('message', (msg: CsvWorkerRequest) => {
  try {
    switch (msg.type) {
      case 'pin':
        pin();
        post({ type: 'pinned' });
        return;
      case 'slice':
        queue.push(msg);
        void drain();
        return;
      case 'buffer':
        if (msg.bytes.byteLength === data.bufferBytes) free.push(Buffer.from(msg.bytes));
        wakeOnBuffer?.();
        wakeOnBuffer = null;
        return;
      case 'close':
        closing = true;
        wakeOnBuffer?.();
        if (conn.inTransaction) commit(conn);
        conn.close();
        port.close();
        return;
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
