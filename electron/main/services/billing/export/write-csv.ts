/**
 * CSV of an export document: UTF-8 with a BOM (so Excel on a Chinese Windows reads it as
 * UTF-8), each section headed by its title and separated by a blank line. Values are the
 * exact decimal strings; csv-stringify does the quoting.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import type { ExportDocument } from './document';

export function documentCsv(doc: ExportDocument): string {
  const records: (string | number)[][] = [];
  doc.sections.forEach((s, i) => {
    if (i > 0) records.push([]);
    records.push([s.title]);
    records.push(s.columns.map((c) => c.header));
    for (const row of s.rows) records.push(s.columns.map((c) => row[c.key] ?? ''));
  });
  return stringify(records, { bom: true, record_delimiter: 'windows' });
}

export async function writeCsv(doc: ExportDocument, path: string): Promise<void> {
  await writeFile(path, documentCsv(doc), 'utf8');
}
