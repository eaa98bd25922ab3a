/**
 * XLSX of an export document with exceljs: one worksheet per section, a bold header row, money
 * as numbers with a fixed two- or three-decimal format so finance can sum the columns.
 * Decimal strings of at most a few billion yuan with three decimals convert to doubles exactly
 * enough to print back the same digits.
 */
import ExcelJS from 'exceljs';
import { cellKind, type ExportDocument } from './document';

const NUM_FMT = { int: '#,##0', fen: '#,##0.00', mill: '#,##0.000' } as const;

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function sheetName(title: string, used: Set<string>): string {
  let base = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet';
  for (let n = 2; used.has(base); n++) base = `${base.slice(0, 28)} ${n}`;
  used.add(base);
  return base;
}

export function documentWorkbook(doc: ExportDocument): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'onetap-console';
  wb.title = doc.title;
  const used = new Set<string>();
  for (const section of doc.sections) {
    const ws = wb.addWorksheet(sheetName(section.title, used));
    ws.columns = section.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(10, Math.min(40, c.header.length * 2 + 4)) }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    section.rows.forEach((row, i) => {
      const added = ws.addRow(section.columns.map((c) => row[c.key] ?? null));
      section.columns.forEach((c, j) => {
        const kind = cellKind(section, i, c);
        const v = row[c.key];
        if (kind === 'text' || v === null || v === undefined) return;
        const cell = added.getCell(j + 1);
        cell.value = typeof v === 'number' ? v : Number(v);
        cell.numFmt = NUM_FMT[kind];
      });
    });
  }
  return wb;
}

export async function writeXlsx(doc: ExportDocument, path: string): Promise<void> {
  await documentWorkbook(doc).xlsx.writeFile(path);
}
