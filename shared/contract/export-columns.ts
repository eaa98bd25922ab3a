// The columns and header languages of every records export, without the contract's schemas: the
// CSV export's worker threads (services/export/csv-worker.ts) format rows with these and load no zod
// (a worker that imports the schemas holds them in its own heap, several MB per thread).
/** Languages of the header row (CSV/XLSX) and of the carrier-code meaning column. */
export const exportLocales = ['zh-CN', 'en-US'] as const;
export type ExportLocale = (typeof exportLocales)[number];

/** The columns of every export, in file order. JSONL uses these keys; CSV/XLSX a header row in the chosen language. */
export const exportColumns = [
  'seq',
  'recordId',
  'requestTime',
  'appName',
  'appId',
  'id',
  'capability',
  'operator',
  'result',
  'resultCode',
  'carrierCode',
  'carrierMeaning',
  'description',
  'outcome',
  'maskedPhone',
  'authType',
  'clientIp',
  'traceId',
  'billable',
] as const;
export type ExportColumn = (typeof exportColumns)[number];
