import type { RecordItem } from '../../../../../shared/contract/records';
import type { CompactDictionaries, CompactRow } from '../compact-rows';

/** Turns batches of records into one file format, written into a FileSink. */
export interface RecordWriter {
  /** Writes whatever comes before the rows (BOM, header row). */
  start(): Promise<void>;
  /** Writes a batch of rows, returning once the sink has taken them (backpressure). */
  rows(items: readonly RecordItem[]): Promise<void>;
  /**
   * The same from compact rows, when the format has a fast path for them (CSV): the export then
   * reads those instead of RecordItems. Same bytes as `rows` for the same records.
   */
  compactRows?(rows: readonly CompactRow[], dictionaries: CompactDictionaries): Promise<void>;
  /** Writes whatever comes after the rows; the sink is finished by the caller. */
  end(): Promise<void>;
  /** Stops any work still queued inside the writer (cancel, failure); the caller discards the sink. */
  abort(): void;
}
