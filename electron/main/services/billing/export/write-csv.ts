/**
 * CSV of an export document: one table per file (a spreadsheet opens a CSV as one table), each
 * UTF-8 with a BOM (so Excel on a Chinese Windows reads it as UTF-8), CRLF line ends. The cells
 * go through the records exports' CSV writer, so the quoting and the spreadsheet-safety rule
 * are the same in every CSV the console writes. Several tables reach the user as several
 * files: beside each other from the command line, in one zip through a download or save dialog.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { zipSync } from 'fflate';
import { csvLine } from '../../export/writers/csv-writer';
import { toShanghaiIso } from '../../../../../shared/time/shanghai';
import { cellKind, type ExportDocument, type Section } from './document';

const BOM = '\uFEFF';
/** Zip entries carry a fixed time: the same document gives the same bytes. */
const ZIP_TIME = new Date(Date.UTC(1980, 0, 1));

function sectionCsv(section: Section): string {
  let out = BOM + csvLine(section.columns.map((c) => c.header));
  section.rows.forEach((row, i) => {
    out += csvLine(
      section.columns.map((c) => {
        const v = row[c.key] ?? null;
        // A moment as the Shanghai wall clock "YYYY-MM-DD HH:mm:ss", which spreadsheets read as a date and time.
        if (cellKind(section, i, c) === 'datetime' && typeof v === 'number') return toShanghaiIso(v).slice(0, 19).replace('T', ' ');
        return v;
      }),
    );
  });
  return out;
}

/** Each section as its own CSV text, named by the section's key. */
export function documentCsvFiles(doc: ExportDocument): { key: string; text: string }[] {
  return doc.sections.map((s) => ({ key: s.key, text: sectionCsv(s) }));
}

/** The files written for `out`: "bill.csv" → "bill-summary.csv", "bill-tiers.csv", … */
export function csvFileNames(doc: ExportDocument, out: string): string[] {
  const stem = basename(out, extname(out));
  return doc.sections.map((s) => join(dirname(out), `${stem}-${s.key}.csv`));
}

export async function writeCsvFiles(doc: ExportDocument, out: string): Promise<string[]> {
  const names = csvFileNames(doc, out);
  const files = documentCsvFiles(doc);
  for (let i = 0; i < files.length; i++) await writeFile(names[i]!, files[i]!.text, 'utf8');
  return names;
}

/** All sections' CSV files in one zip, entries named `<stem>-<section>.csv`. */
export function csvZip(doc: ExportDocument, stem: string): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const f of documentCsvFiles(doc)) entries[`${stem}-${f.key}.csv`] = [new TextEncoder().encode(f.text), { mtime: ZIP_TIME }];
  return zipSync(entries, { level: 6 });
}

export async function writeCsvZip(doc: ExportDocument, stem: string, path: string): Promise<void> {
  await writeFile(path, csvZip(doc, stem));
}
