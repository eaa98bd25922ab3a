/**
 * XLSX of an export document with exceljs: one worksheet per section, opened without fixing —
 * a bold, frozen header row with an autofilter, column widths from the content, integers and
 * money as numbers with a fixed format so finance can sum the columns, days and moments as real
 * dates with a display format, and text through the one spreadsheet-safety rule. Decimal
 * strings of at most a few billion yuan with three decimals convert to doubles exactly enough
 * to print back the same digits.
 */
import type ExcelJS from 'exceljs';
import { lazyModule } from '../../core/lazy-module';
import { DATE_FORMAT, DATE_TIME_FORMAT, shanghaiWallClock, spreadsheetDay, spreadsheetSerial } from '../../export/spreadsheet-date';
import { spreadsheetSafe } from '../../export/spreadsheet-safety';
import { cellKind, type Cell, type ColumnKind, type ExportDocument } from './document';

const NUM_FMT: Record<Exclude<ColumnKind, 'text'>, string> = {
  int: '#,##0',
  fen: '#,##0.00',
  mill: '#,##0.000',
  date: DATE_FORMAT,
  datetime: DATE_TIME_FORMAT,
};
/** The workbook's own dates: fixed, so the same document gives the same properties. */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function sheetName(title: string, used: Set<string>): string {
  let base =
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet';
  for (let n = 2; used.has(base); n++) base = `${base.slice(0, 28)} ${n}`;
  used.add(base);
  return base;
}

/** A cell typed by its kind: a number, a date serial, or safe text. */
function typed(v: Cell | undefined, kind: ColumnKind): string | number | null {
  if (v === null || v === undefined) return null;
  if (kind === 'text') return typeof v === 'string' ? spreadsheetSafe(v) : v;
  if (kind === 'date' && typeof v === 'string') return spreadsheetSerial(spreadsheetDay(v));
  if (kind === 'datetime' && typeof v === 'number') return spreadsheetSerial(shanghaiWallClock(v));
  return typeof v === 'number' ? v : Number(v);
}

/** Display width in characters: CJK characters take two. */
function textWidth(v: unknown): number {
  let w = 0;
  for (const ch of String(v ?? '')) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}

const exceljs = lazyModule<typeof ExcelJS>('exceljs');

export function documentWorkbook(doc: ExportDocument): ExcelJS.Workbook {
  const wb = new (exceljs().Workbook)();
  wb.creator = 'onetap-console';
  wb.title = doc.title;
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const used = new Set<string>();
  for (const section of doc.sections) {
    const ws = wb.addWorksheet(sheetName(section.title, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = section.columns.map((c) => {
      const widest = Math.max(textWidth(c.header), ...section.rows.map((r) => (c.kind === 'datetime' ? 19 : textWidth(r[c.key]))));
      return { header: c.header, key: c.key, width: Math.max(8, Math.min(60, widest + 2)) };
    });
    ws.getRow(1).font = { bold: true };
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: section.columns.length } };
    section.rows.forEach((row, i) => {
      const added = ws.addRow(section.columns.map((c) => typed(row[c.key], cellKind(section, i, c))));
      section.columns.forEach((c, j) => {
        const kind = cellKind(section, i, c);
        if (kind !== 'text' && row[c.key] !== null && row[c.key] !== undefined) added.getCell(j + 1).numFmt = NUM_FMT[kind];
      });
    });
  }
  return wb;
}

export async function writeXlsx(doc: ExportDocument, path: string): Promise<void> {
  await documentWorkbook(doc).xlsx.writeFile(path);
}
