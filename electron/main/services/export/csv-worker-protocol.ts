/** The messages between a parallel CSV export (parallel-csv.ts) and its worker threads (csv-worker.ts). */
import type { ExportLocale } from '../../../../shared/contract/export';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { TimeSlice } from './record-source';

export interface CsvWorkerData {
  /** The workspace database file, opened read-only by the worker. */
  file: string;
  nativeBinding?: string;
  filter: RecordsFilter;
  locale: ExportLocale;
  /** Rows per keyset page. */
  batchSize: number;
  /** Bytes of each output buffer, and how many the worker owns (they travel to the writer and back). */
  bufferBytes: number;
  buffers: number;
}

export type CsvWorkerRequest =
  /** Open a read transaction (ending any before) and read in it: the worker's snapshot is pinned. */
  | { type: 'pin' }
  /** Encode the filter's rows of one slice; its chunks carry `slice`. */
  | { type: 'slice'; slice: number; range: TimeSlice }
  /** A buffer back from the writer, written and free for the next chunk. */
  | { type: 'buffer'; bytes: ArrayBuffer }
  | { type: 'close' };

export type CsvWorkerReply =
  | { type: 'pinned' }
  /**
   * CSV lines of `rows` records of a slice, in order (the first `length` bytes of `bytes`, null when
   * empty); `last` ends the slice.
   */
  | { type: 'chunk'; slice: number; rows: number; bytes: ArrayBuffer | null; length: number; last: boolean }
  | { type: 'error'; message: string };
