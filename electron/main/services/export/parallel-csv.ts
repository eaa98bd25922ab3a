/**
 * A CSV export on several cores. The rows of a file-backed workspace are read and encoded by
 * worker threads (csv-worker.ts), each on its own read-only connection, a time slice at a time
 * (time-slices.ts: the range cut into slices of about `sliceRows` matching records); this thread
 * writes the slices' chunks in order into the sink (which hashes them) and hands each buffer back.
 * The bytes are the sequential path's: the same formatter, the same rows in the same order.
 *
 * One snapshot for all: an export is the records of one moment. The workers' read transactions
 * are pinned while a probe connection's data_version stays put (SQLite changes it exactly when
 * another connection commits), read before the export's own snapshot is taken and again after
 * every worker has pinned its own: equal readings prove no commit fell between, so every
 * connection reads the same WAL snapshot. A commit in between (a sync running) retakes the
 * snapshot; after a few tries the export runs on one thread in the snapshot it has.
 *
 * Memory is bounded by construction: each worker owns BUFFERS buffers of BUFFER_BYTES, and a
 * chunk of a later slice waits in its buffer (the worker stalls when it has none left) until the
 * slices before it are written (the queue between the workers and the writer is those buffers:
 * backpressure). Where a worker's memory goes (measured in a fresh process): about 8 MB is Node's
 * own worker bootstrap (an idle worker), then its code (the worker loads no zod: export-columns.ts),
 * its heap up to the old-generation cap (WORKER_LIMITS), its buffers (2 MB) and its page cache
 * (EXPORT_READ_CACHE_KIB); none of it grows with the row count.
 */
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ApiError } from '../../../../shared/contract/errors';
import type { ExportLocale } from '../../../../shared/contract/export';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { workerEntry } from '../core/worker-entry';
import { dataVersion } from '../db/connection';
import { defaultNativeBinding, openDatabase, type Db } from '../db/open';
import type { CsvWorkerData, CsvWorkerReply, CsvWorkerRequest } from './csv-worker-protocol';
import type { FileSink } from './file-sink';
import { openRecordSnapshot, type RecordSnapshot, type TimeSlice } from './record-source';
import { sliceCutter } from './time-slices';

export interface ParallelOptions {
  /** Worker threads (default: defaultWorkerCount(); 1 runs the export on this thread). */
  workers?: number;
  /** Exports of fewer rows run on one thread (starting workers costs more than they save). */
  minRows?: number;
  /** Stored records per slice. */
  sliceRows?: number;
  /** Rows per keyset page in a worker (small: less is promoted while a worker waits for a buffer). */
  batchSize?: number;
  /** Output buffers per worker, and their size. */
  buffers?: number;
  bufferBytes?: number;
  /** The workers' heap limits (default WORKER_LIMITS). */
  workerLimits?: ResourceLimits;
}

/**
 * Slices of ~8k rows (~1.6 MB of CSV) and four 512 KiB buffers per worker: a worker ahead of the
 * writer holds about one slice before it waits, so both stay busy while at most 2 MB wait per worker.
 * Pages of 500 rows: 2,000 measured more CPU (6.9 µs/row against 5.5) and memory (a page is the
 * worker's live set, copied by every scavenge).
 */
const DEFAULTS = { minRows: 100_000, sliceRows: 8192, batchSize: 500, buffers: 4, bufferBytes: 512 * 1024 };
/**
 * A worker's heap: its rows are short-lived (the lines go into the buffers as bytes, no string per
 * row: writers/csv-compact.ts), so a small young generation (collected often, cheaply) keeps its
 * resident memory low (V8's default lets it grow to 48 MB per thread). The old generation is capped
 * near the worker's live set (code, dictionaries, the formatter's bounded caches, one page): garbage
 * promoted while a worker waits for a buffer would otherwise pile up to the ceiling before a full
 * collection. Measured in a fresh process, 500k rows, 2 workers, built, the same run (bench/export.bench.ts,
 * load 14 on 2 cores, so CPU time is the figure): young 2 MB +38 MB RSS, 6.3 µs/row CPU; 4 MB +45 MB,
 * 6.2; 8 MB +48 MB, 5.6; 16 MB +48 MB, 6.0 (repeated runs: 5.5–5.8 µs/row for all four, the spread is
 * the load's). With strings per row a larger young generation paid (GC was a quarter of a worker's
 * time, 580 scavenges and 15 full collections per worker at 500k rows); with bytes it is 160 scavenges
 * and none, and a larger one buys no measurable CPU for 7–10 MB more. A worker that does run out
 * fails the export at once (startPool), never silently.
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 };

/** Tries at one snapshot for all before the export settles for one thread. */
const PIN_TRIES = 3;

/**
 * Two workers where a core is free for the second, else one thread. Two workers encode while this
 * thread only writes (hash and file: about a tenth of the CPU, 0.4–0.5 µs/row of 4.5–6); the parallel
 * path spends more CPU in all (two workers' start, about 0.3 s; messages; two formatters' caches;
 * measured 5.5–6.3 µs/row against 4.3–4.5 on one thread at 500k rows) and two threads' memory,
 * which only pays when a second core is there to take it: at a load of 14 on 2 cores the one-thread
 * export ran faster (87k rows/s against 59k). A third worker on this machine's 2 cores measured more
 * CPU per row (6.6 µs) and memory (+51 MB) for nothing: there is no third core for it. Windows
 * reports no load average (zeros): there it is the core count alone.
 */
export function defaultWorkerCount(): number {
  const cores = availableParallelism();
  if (cores < 2) return 1;
  return loadavg()[0]! <= cores - 1 ? 2 : 1;
}

interface Pool {
  workers: Worker[];
  /** Messages of worker i, delivered to whoever listens. */
  onMessage(handler: (i: number, msg: CsvWorkerReply) => void): void;
  send(i: number, msg: CsvWorkerRequest, transfer?: ArrayBuffer[]): void;
  /** Rejects on the first worker failure. */
  failed: Promise<never>;
  close(): Promise<void>;
}

function startPool(count: number, data: CsvWorkerData, limits: ResourceLimits): Pool {
  const entry = workerEntry('csv-worker', import.meta.url, 'the CSV export worker');
  let handler: (i: number, msg: CsvWorkerReply) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_ok, no) => (fail = no));
  failed.catch(() => undefined);
  /** Workers that have stopped (crashed, out of memory, closed): `close` waits for no 'exit' from them. */
  const exited = new Set<Worker>();
  const workers = Array.from({ length: count }, (_x, i) => {
    const options = { workerData: data, resourceLimits: limits };
    const w = entry.kind === 'built' ? new Worker(entry.url, options) : new Worker(entry.code, { ...options, eval: true });
    w.on('message', (msg: CsvWorkerReply) => {
      if (msg.type === 'error') fail(new ApiError('INTERNAL', `the CSV export worker failed: ${msg.message}`));
      else handler(i, msg);
    });
    w.on('error', (e) => fail(new ApiError('INTERNAL', `the CSV export worker failed: ${e.message}`)));
    w.on('exit', (code) => {
      exited.add(w);
      if (code !== 0) fail(new ApiError('INTERNAL', `the CSV export worker stopped (exit ${code})`));
    });
    return w;
  });
  let closed = false;
  return {
    workers,
    onMessage: (h) => (handler = h),
    send: (i, msg, transfer = []) => workers[i]!.postMessage(msg, transfer),
    failed,
    async close() {
      if (closed) return;
      closed = true;
      fail = () => undefined;
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((done) => {
              // A worker that died (out of memory, a crash) fires no second 'exit': waiting for one hung the export.
              if (exited.has(w)) return done();
              const t = setTimeout(() => void w.terminate(), 2000);
              w.once('exit', () => {
                clearTimeout(t);
                done();
              });
              w.postMessage({ type: 'close' } satisfies CsvWorkerRequest);
            }),
        ),
      );
    },
  };
}

/** Every worker pins its read transaction; resolves once all have. */
async function pinAll(pool: Pool): Promise<void> {
  let left = pool.workers.length;
  await Promise.race([
    pool.failed,
    new Promise<void>((done) => {
      pool.onMessage((_i, msg) => {
        if (msg.type === 'pinned' && --left === 0) done();
      });
      pool.workers.forEach((_w, i) => pool.send(i, { type: 'pin' }));
    }),
  ]);
}

export interface ExportReading {
  snapshot: RecordSnapshot;
  /** Workers pinned to the snapshot, for a CSV export of enough rows; null: read on this thread. */
  parallel: ParallelCsv | null;
}

export interface ParallelCsv {
  readonly threads: number;
  /** Writes the CSV lines of every row into the sink, in order; the number of rows. */
  write(sink: FileSink, onRows: (rows: number) => void, signal?: AbortSignal): Promise<number>;
  close(): Promise<void>;
}

/**
 * The export's snapshot, and for a CSV export of a file-backed workspace with at least `minRows`
 * rows, workers reading that same snapshot.
 */
export async function openExportReading(
  db: Db,
  filter: RecordsFilter,
  csv: { locale: ExportLocale } | null,
  opts: ParallelOptions = {},
  signal?: AbortSignal,
): Promise<ExportReading> {
  const workers = opts.workers ?? defaultWorkerCount();
  const o = { ...DEFAULTS, ...opts };
  const onDisk = !db.memory && db.name !== '' && db.name !== ':memory:';
  if (!csv || workers < 2 || !onDisk) return { snapshot: openRecordSnapshot(db, filter), parallel: null };
  const probe = openDatabase(db.name, { migrations: [], readonly: true });
  let snapshot: RecordSnapshot | null = null;
  let pool: Pool | null = null;
  try {
    for (let attempt = 0; attempt < PIN_TRIES; attempt++) {
      snapshot?.close();
      const before = dataVersion(probe);
      snapshot = openRecordSnapshot(db, filter);
      if (snapshot.total < o.minRows) {
        await pool?.close();
        return { snapshot, parallel: null };
      }
      pool ??= startPool(
        workers,
        {
          file: resolve(db.name),
          ...(defaultNativeBinding() ? { nativeBinding: defaultNativeBinding()! } : {}),
          filter,
          locale: csv.locale,
          batchSize: o.batchSize,
          buffers: o.buffers,
          bufferBytes: o.bufferBytes,
        },
        o.workerLimits ?? WORKER_LIMITS,
      );
      await pinAll(pool);
      signal?.throwIfAborted();
      if (dataVersion(probe) === before) return { snapshot, parallel: parallelCsv(pool, snapshot, o.sliceRows) };
    }
    // Commits kept landing between the pins: one thread, in the snapshot it has.
    await pool?.close();
    return { snapshot: snapshot!, parallel: null };
  } catch (e) {
    snapshot?.close();
    await pool?.close();
    throw e;
  } finally {
    probe.close();
  }
}

interface Chunk {
  worker: number;
  rows: number;
  bytes: ArrayBuffer | null;
  length: number;
  last: boolean;
}

function parallelCsv(pool: Pool, snapshot: RecordSnapshot, sliceRows: number): ParallelCsv {
  return {
    threads: pool.workers.length,
    async write(sink, onRows, signal) {
      const { f, span } = snapshot.span();
      const cutter = sliceCutter(f, span, snapshot.total, sliceRows);
      const ranges = new Map<number, { range: TimeSlice; rows: number }>();
      let assigned = 0;
      let exhausted = false;
      /** Chunks that arrived, by slice; the writer takes them from the slice it is at. */
      const arrived = new Map<number, Chunk[]>();
      let wake: (() => void) | null = null;
      const assign = (worker: number): void => {
        if (exhausted) return;
        const range = cutter.next();
        if (!range) {
          exhausted = true;
          return;
        }
        ranges.set(assigned, { range, rows: 0 });
        pool.send(worker, { type: 'slice', slice: assigned++, range });
      };
      let problem: unknown = null;
      pool.onMessage((i, msg) => {
        if (msg.type !== 'chunk') return;
        let list = arrived.get(msg.slice);
        if (!list) arrived.set(msg.slice, (list = []));
        list.push({ worker: i, rows: msg.rows, bytes: msg.bytes, length: msg.length, last: msg.last });
        const read = ranges.get(msg.slice);
        if (read) read.rows += msg.rows;
        try {
          if (msg.last && read) {
            ranges.delete(msg.slice);
            cutter.done(read.range, read.rows);
          }
          if (msg.last) assign(i);
        } catch (e) {
          problem = e;
        }
        wake?.();
        wake = null;
      });
      const failed = pool.failed.catch((e: unknown) => {
        problem = e;
        wake?.();
      });
      void failed;
      const onAbort = (): void => {
        wake?.();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        pool.workers.forEach((_w, i) => assign(i));
        let rows = 0;
        for (let at = 0; at < assigned || !exhausted;) {
          if (problem) throw problem;
          signal?.throwIfAborted();
          const chunk = arrived.get(at)?.shift();
          if (!chunk) {
            await new Promise<void>((ok) => (wake = ok));
            continue;
          }
          if (chunk.bytes) {
            await sink.write(Buffer.from(chunk.bytes, 0, chunk.length));
            pool.send(chunk.worker, { type: 'buffer', bytes: chunk.bytes }, [chunk.bytes]);
          }
          rows += chunk.rows;
          onRows(chunk.rows);
          if (chunk.last) arrived.delete(at++);
        }
        if (rows !== snapshot.total) throw new ApiError('INTERNAL', `the export read ${rows} rows where its snapshot counts ${snapshot.total}`);
        return rows;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    close: () => pool.close(),
  };
}
