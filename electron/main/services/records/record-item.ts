/** An auth_records row as the contract's RecordItem: app name joined, carrier code decoded, phone masked. */
import { codeMeaning, lookupCarrierCode } from '../../../../shared/codes';
import type { RecordItem } from '../../../../shared/contract/records';
import { maskPhone, type Capability, type Operator, type VerifyOutcome } from '../../../../shared/platform/domain';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import type { CanonicalRecord } from '../store/content-digest';

export interface RecordRow {
  seq: number;
  record_id: string;
  id: string;
  app_id: string;
  capability: Capability;
  operator: Operator;
  request_ms: number;
  result_code: string;
  success: number;
  outcome: VerifyOutcome | null;
  carrier_code: string | null;
  description: string;
  masked_phone: string | null;
  auth_type: string | null;
  client_ip: string | null;
  trace_id: string;
  billable: number;
}

/** Decodes carrier codes once per (operator, code): a page repeats the same few codes. */
export function carrierDecoder(): (operator: Operator, code: string | null) => { zh: string | null; en: string | null } {
  const cache = new Map<string, { zh: string | null; en: string | null }>();
  return (operator, code) => {
    if (code === null || code === '') return { zh: null, en: null };
    const key = `${operator}|${code}`;
    let v = cache.get(key);
    if (!v) {
      const e = lookupCarrierCode(code, operator);
      v = { zh: e ? codeMeaning(e, 'zh-CN') : null, en: e?.meaningEn ?? null };
      cache.set(key, v);
    }
    return v;
  };
}

/** The platform sends masked phones; anything that still looks like a whole number is masked again. */
export function safePhone(phone: string | null): string | null {
  if (phone === null) return null;
  return /^\d{3}\*{4}\d{4}$/.test(phone) ? phone : maskPhone(phone);
}

export function toRecordItem(r: RecordRow, appNames: ReadonlyMap<string, string>, decode: ReturnType<typeof carrierDecoder>): RecordItem {
  const carrier = decode(r.operator, r.carrier_code);
  return {
    seq: r.seq,
    recordId: r.record_id,
    id: r.id,
    appId: r.app_id,
    appName: appNames.get(r.id) ?? null,
    capability: r.capability,
    operator: r.operator,
    requestTime: toShanghaiIso(r.request_ms),
    resultCode: r.result_code,
    success: r.success === 1,
    outcome: r.outcome,
    carrierCode: r.carrier_code,
    description: r.description,
    carrierMeaning: carrier.zh,
    carrierMeaningEn: carrier.en,
    maskedPhone: safePhone(r.masked_phone),
    authType: r.auth_type,
    clientIp: r.client_ip,
    traceId: r.trace_id,
    billable: r.billable === 1,
  };
}

/** The row in the content digest's field names (what digests and month archives read). */
export function toCanonicalRecord(r: RecordRow): CanonicalRecord {
  return {
    seq: r.seq,
    recordId: r.record_id,
    id: r.id,
    appId: r.app_id,
    capability: r.capability,
    operator: r.operator,
    requestMs: r.request_ms,
    resultCode: r.result_code,
    success: r.success === 1,
    outcome: r.outcome,
    carrierCode: r.carrier_code,
    description: r.description,
    maskedPhone: r.masked_phone,
    authType: r.auth_type,
    clientIp: r.client_ip,
    traceId: r.trace_id,
  };
}

/**
 * An auth_records row read as an array (`stmt.raw()`, columns in RECORD_COLUMNS order) as a
 * RecordItem: for exports, which read millions of rows and need no intermediate row object.
 */
export type RawRecordRow = [
  seq: number,
  record_id: string,
  id: string,
  app_id: string,
  capability: Capability,
  operator: Operator,
  request_ms: number,
  result_code: string,
  success: number,
  outcome: VerifyOutcome | null,
  carrier_code: string | null,
  description: string,
  masked_phone: string | null,
  auth_type: string | null,
  client_ip: string | null,
  trace_id: string,
  billable: number,
];
export const RAW_SEQ = 0;
export const RAW_REQUEST_MS = 6;

export function rawToRecordItem(r: RawRecordRow, appNames: ReadonlyMap<string, string>, decode: ReturnType<typeof carrierDecoder>): RecordItem {
  const carrier = decode(r[5], r[10]);
  return {
    seq: r[0],
    recordId: r[1],
    id: r[2],
    appId: r[3],
    appName: appNames.get(r[2]) ?? null,
    capability: r[4],
    operator: r[5],
    requestTime: toShanghaiIso(r[6]),
    resultCode: r[7],
    success: r[8] === 1,
    outcome: r[9],
    carrierCode: r[10],
    description: r[11],
    carrierMeaning: carrier.zh,
    carrierMeaningEn: carrier.en,
    maskedPhone: safePhone(r[12]),
    authType: r[13],
    clientIp: r[14],
    traceId: r[15],
    billable: r[16] === 1,
  };
}
