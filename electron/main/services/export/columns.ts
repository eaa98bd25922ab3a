/**
 * The columns of an export and how a record becomes a row. Values stay typed here (JSONL keeps
 * numbers and booleans); CSV and XLSX render them. Every text value passes the phone guard.
 */
import type { RecordItem } from '../../../../shared/contract/records';
import { exportColumns, type ExportColumn, type ExportLocale } from '../../../../shared/contract/export-columns';
import { exportPhone, maskPhonesIn } from './phone-guard';

export type Cell = string | number | boolean | null;

const headers: Record<ExportColumn, { 'zh-CN': string; 'en-US': string }> = {
  seq: { 'zh-CN': '序号', 'en-US': 'Seq' },
  recordId: { 'zh-CN': '记录ID', 'en-US': 'Record ID' },
  requestTime: { 'zh-CN': '请求时间', 'en-US': 'Request time' },
  appName: { 'zh-CN': '应用名称', 'en-US': 'App name' },
  appId: { 'zh-CN': 'AppId', 'en-US': 'AppId' },
  id: { 'zh-CN': '应用内部ID', 'en-US': 'App internal id' },
  capability: { 'zh-CN': '能力', 'en-US': 'Capability' },
  operator: { 'zh-CN': '运营商', 'en-US': 'Operator' },
  result: { 'zh-CN': '结果', 'en-US': 'Result' },
  resultCode: { 'zh-CN': '返回码', 'en-US': 'Result code' },
  carrierCode: { 'zh-CN': '运营商返回码', 'en-US': 'Carrier code' },
  carrierMeaning: { 'zh-CN': '运营商返回码含义', 'en-US': 'Carrier code meaning' },
  description: { 'zh-CN': '描述', 'en-US': 'Description' },
  outcome: { 'zh-CN': '校验结果', 'en-US': 'Verify outcome' },
  maskedPhone: { 'zh-CN': '手机号(脱敏)', 'en-US': 'Phone (masked)' },
  authType: { 'zh-CN': '认证方式', 'en-US': 'Auth type' },
  clientIp: { 'zh-CN': '客户端IP', 'en-US': 'Client IP' },
  traceId: { 'zh-CN': '追踪ID', 'en-US': 'Trace ID' },
  billable: { 'zh-CN': '计费', 'en-US': 'Billable' },
};

export function headerRow(locale: ExportLocale): string[] {
  return exportColumns.map((c) => headers[c][locale]);
}

/** A text cell as every export writes it: with any whole phone number in it masked. */
export function text(v: string | null): string | null {
  return v === null ? null : maskPhonesIn(v);
}

/** One record as the export's cells, in `exportColumns` order. */
export function rowCells(r: RecordItem, locale: ExportLocale): Cell[] {
  return [
    r.seq,
    text(r.recordId),
    r.requestTime,
    text(r.appName),
    text(r.appId),
    text(r.id),
    r.capability,
    r.operator,
    r.success ? 'success' : 'failure',
    text(r.resultCode),
    text(r.carrierCode),
    text(locale === 'zh-CN' ? r.carrierMeaning : r.carrierMeaningEn),
    text(r.description),
    r.outcome,
    text(exportPhone(r.maskedPhone)),
    text(r.authType),
    text(r.clientIp),
    text(r.traceId),
    r.billable,
  ];
}

const words = {
  'zh-CN': {
    login: '一键登录',
    verify: '本机号码校验',
    CMCC: '中国移动',
    CUCC: '中国联通',
    CTCC: '中国电信',
    success: '成功',
    failure: '失败',
    yes: '是',
    no: '否',
    match: '一致',
    mismatch: '不一致',
    unknown: '无法判断',
  },
  'en-US': {
    login: 'One-click login',
    verify: 'Number verification',
    CMCC: 'China Mobile',
    CUCC: 'China Unicom',
    CTCC: 'China Telecom',
    success: 'Success',
    failure: 'Failure',
    yes: 'Yes',
    no: 'No',
    match: 'Match',
    mismatch: 'Mismatch',
    unknown: 'Unknown',
  },
} as const;

/** The words CSV and XLSX show for codes, in the export's language. */
export function displayWords(locale: ExportLocale): (typeof words)[ExportLocale] {
  return words[locale];
}

const COLUMN = Object.fromEntries(exportColumns.map((c, i) => [c, i])) as Record<ExportColumn, number>;

/**
 * One record as CSV and XLSX show it: capability, operator, result, verify outcome and billable in
 * the export's language (中国移动, 成功 / 失败, 一致 / 不一致 / 无法判断, …). JSONL keeps the raw codes
 * of rowCells for machines.
 */
export function displayCells(r: RecordItem, locale: ExportLocale): Cell[] {
  const w = words[locale];
  const cells = rowCells(r, locale);
  cells[COLUMN.capability] = w[r.capability];
  cells[COLUMN.operator] = w[r.operator];
  cells[COLUMN.result] = r.success ? w.success : w.failure;
  cells[COLUMN.billable] = r.billable ? w.yes : w.no;
  if (r.outcome !== null) cells[COLUMN.outcome] = w[r.outcome];
  return cells;
}

/** The index of the request time column (XLSX writes it as a real date). */
export const REQUEST_TIME_COLUMN = COLUMN.requestTime;
