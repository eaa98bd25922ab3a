/**
 * XLSX through exceljs's streaming WorkbookWriter: each row is committed as it is written, so
 * memory stays flat however many rows there are. A sheet holds at most 1,048,576 rows, so a
 * long export continues on sheets "records 2", "records 3", … each with its own header row.
 *
 * Reproducible bytes: the same records must give the same file, but exceljs stamps the
 * workbook properties and every zip entry with the current time. The workbook dates are passed
 * in, and the zip entries are dated through the archiver instance the writer owns (its first
 * entries are appended inside the WorkbookWriter constructor, hence the hook in addThemes).
 *
 * Opened without fixing: a frozen, filterable header row, column widths, the request time as a
 * real date with a display format, and text through the one spreadsheet-safety rule.
 */
import type ExcelJS from 'exceljs';
import { once } from 'node:events';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ExportLocale } from '../../../../../shared/contract/export';
import { displayCells, headerRow, REQUEST_TIME_COLUMN, type Cell } from '../columns';
import { DATE_TIME_FORMAT, spreadsheetTime } from '../spreadsheet-date';
import { spreadsheetSafe } from '../spreadsheet-safety';
import type { FileSink } from '../file-sink';
import type { RecordWriter } from './types';
import { lazyModule } from '../../core/lazy-module';

/** Excel's limit per sheet, header row included. */
export const XLSX_MAX_ROWS_PER_SHEET = 1_048_576;
/** Zip (DOS) timestamps start in 1980; any fixed instant will do. */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

interface ZipLike {
  append(source: unknown, data: Record<string, unknown>): unknown;
  abort(): unknown;
  on(event: 'error', listener: (e: unknown) => void): unknown;
}

const exceljs = lazyModule<typeof ExcelJS>('exceljs');
type WorkbookWriterClass = typeof ExcelJS.stream.xlsx.WorkbookWriter;
let reproducible: WorkbookWriterClass | undefined;

/** exceljs's streaming writer with fixed zip entry dates; defined on first use, as exceljs loads lazily. */
function reproducibleWorkbookWriter(): WorkbookWriterClass {
  return (reproducible ??= class ReproducibleWorkbookWriter extends exceljs().stream.xlsx.WorkbookWriter {
    override addThemes(): Promise<void> {
      const zip = (this as unknown as { zip: ZipLike & { __fixedDates?: true } }).zip;
      if (!zip.__fixedDates) {
        const append = zip.append.bind(zip);
        zip.append = (source, data) => append(source, { ...data, date: FIXED_DATE });
        zip.__fixedDates = true;
      }
      return super.addThemes();
    }
  });
}

/** Widths in characters, in exportColumns order (seq, record id, request time, app name, …). */
const COLUMN_WIDTHS = [10, 22, 20, 20, 12, 14, 14, 10, 8, 10, 12, 24, 24, 10, 16, 10, 16, 24, 8];

/** Text through the safety rule, the request time as a date; numbers stay numbers. */
function xlsxCells(cells: Cell[]): Cell[] {
  return cells.map((c, i) => {
    if (i === REQUEST_TIME_COLUMN && typeof c === 'string') return spreadsheetTime(c) ?? c;
    return typeof c === 'string' ? spreadsheetSafe(c) : c;
  });
}

export function xlsxWriter(sink: FileSink, locale: ExportLocale, sheetName: string, rowsPerSheet = XLSX_MAX_ROWS_PER_SHEET): RecordWriter {
  // exceljs honours created/modified/creator but its typings omit them.
  const options = {
    stream: sink.stream,
    // Styles carry the date display format.
    useStyles: true,
    useSharedStrings: false,
    created: FIXED_DATE,
    modified: FIXED_DATE,
    creator: 'onetap-console',
    lastModifiedBy: 'onetap-console',
    // Deterministic deflate: the same level on every machine.
    zip: { zlib: { level: 6 } },
  } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0];
  const book = new (reproducibleWorkbookWriter())(options);
  const header = headerRow(locale);
  let sheet: ExcelJS.Worksheet | null = null;
  let sheetRows = 0;
  let sheets = 0;

  function openSheet(): ExcelJS.Worksheet {
    sheets++;
    const ws = book.addWorksheet(sheets === 1 ? sheetName : `${sheetName} ${sheets}`, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = header.map((h, i) => ({ width: COLUMN_WIDTHS[i] ?? Math.max(10, h.length * 2 + 2) }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
    const head = ws.addRow(header);
    head.font = { bold: true };
    head.commit();
    sheetRows = 1;
    return ws;
  }

  return {
    async start() {
      sheet = openSheet();
    },
    async rows(items) {
      for (const r of items) {
        if (!sheet || sheetRows >= rowsPerSheet) {
          sheet?.commit();
          sheet = openSheet();
        }
        const row = sheet.addRow(xlsxCells(displayCells(r, locale)));
        row.getCell(REQUEST_TIME_COLUMN + 1).numFmt = DATE_TIME_FORMAT;
        row.commit();
        sheetRows++;
      }
      // Let the zip stream drain into the file before the next batch piles on.
      const out = sink.stream;
      if (out.writableNeedDrain) {
        // 'error' rejects; a destroyed stream ('close') must not leave the export waiting forever.
        await Promise.race([once(out, 'drain'), once(out, 'close')]);
        if (out.destroyed) throw out.errored ?? new Error('the export file was closed');
      } else await yieldToLoop();
    },
    async end() {
      sheet ??= openSheet();
      await book.commit();
    },
    abort() {
      // The zip may still hold queued entries; stop it, and let no late error escape unhandled.
      const zip = (book as unknown as { zip: ZipLike }).zip;
      zip.on('error', () => undefined);
      zip.abort();
    },
  };
}
