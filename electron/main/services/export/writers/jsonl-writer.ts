/** JSON Lines: one object per record with the export's column keys, in column order; LF ends. */
import { exportColumns, type ExportLocale } from '../../../../../shared/contract/export';
import { rowCells } from '../columns';
import type { FileSink } from '../file-sink';
import type { RecordWriter } from './types';

const ROWS_PER_WRITE = 256;

export function jsonlWriter(sink: FileSink, locale: ExportLocale): RecordWriter {
  return {
    async start() {
      // No header: every line names its fields.
    },
    async rows(items) {
      for (let i = 0; i < items.length; i += ROWS_PER_WRITE) {
        let out = '';
        for (const r of items.slice(i, i + ROWS_PER_WRITE)) {
          const cells = rowCells(r, locale);
          const obj: Record<string, unknown> = {};
          exportColumns.forEach((c, k) => {
            obj[c] = cells[k];
          });
          out += `${JSON.stringify(obj)}\n`;
        }
        await sink.write(out);
      }
    },
    async end() {},
    abort() {},
  };
}
