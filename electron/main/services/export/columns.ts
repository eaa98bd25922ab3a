/**
 * The columns of an export and how a record becomes a row. Values stay typed here (JSONL keeps
 * numbers and booleans); CSV and XLSX render them. Every text value passes the phone guard.
 */
import type { RecordItem } from '../../../../shared/contract/records';
import { exportColumns, type ExportColumn, type ExportLocale } from '../../../../shared/contract/export';
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

function text(v: string | null): string | null {
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
