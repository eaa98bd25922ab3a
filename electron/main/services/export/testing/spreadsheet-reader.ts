/**
 * Reading what the exports wrote with readers other than their writers: zip entries with
 * yauzl (the XLSX parts, the CSV zips), the sheet XML as text for panes and filters, and
 * an RFC 4180 CSV parser. exceljs reads cell types, as Excel would see them.
 */
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

export async function zipEntries(path: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(path, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

/** Each worksheet's XML (xl/worksheets/sheetN.xml) in sheet order. */
export async function sheetXml(path: string): Promise<string[]> {
  const entries = await zipEntries(path);
  return [...entries.keys()]
    .filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]))
    .map((k) => entries.get(k)!.toString('utf8'));
}

export interface ReadSheet {
  name: string;
  rows: ExcelJS.CellValue[][];
}

export async function readXlsx(path: string): Promise<ReadSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((ws) => {
    const rows: ExcelJS.CellValue[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, i) => {
      const values: ExcelJS.CellValue[] = [];
      for (let c = 1; c <= ws.columnCount; c++) values.push(row.getCell(c).value);
      rows[i - 1] = values;
    });
    return { name: ws.name, rows };
  });
}

/** RFC 4180: quotes, doubled quotes, CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

/** Text cells a spreadsheet would run as formulas (what the safety rule must leave none of). */
export function formulaCells(cells: Iterable<unknown>): string[] {
  return [...cells].filter((c): c is string => typeof c === 'string' && /^[=+\-@]/.test(c) && !/^[+-]?\d+(\.\d+)?$/.test(c));
}
