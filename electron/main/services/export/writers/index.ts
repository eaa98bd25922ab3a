import type { ExportFormat, ExportLocale } from '../../../../../shared/contract/export';
import type { FileSink } from '../file-sink';
import { csvWriter } from './csv-writer';
import { jsonlWriter } from './jsonl-writer';
import type { RecordWriter } from './types';
import { xlsxWriter } from './xlsx-writer';

export type { RecordWriter } from './types';

const SHEET_NAME: Record<ExportLocale, string> = { 'zh-CN': '认证记录', 'en-US': 'Auth records' };

export function writerFor(format: ExportFormat, sink: FileSink, locale: ExportLocale): RecordWriter {
  switch (format) {
    case 'csv':
      return csvWriter(sink, locale);
    case 'jsonl':
      return jsonlWriter(sink, locale);
    case 'xlsx':
      return xlsxWriter(sink, locale, SHEET_NAME[locale]);
  }
}
