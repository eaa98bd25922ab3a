/**
 * A page of auth records made ready for the store, away from the database (issue 13: sync on both
 * cores). Everything a record's row and rollups need that does not depend on the store is done here
 * — instants parsed, fields encoded (record-codec.ts), the page's distinct apps, codes and
 * descriptions listed once, the rollup sums aggregated — so the sync's page worker does it on its
 * thread and the writer thread only looks up a few dictionary keys per page and inserts.
 *
 * The batch is columnar: one array per field, typed arrays where the values are numbers (they cross
 * to the writer thread as transferred buffers, not as cloned objects), so handing a page over costs
 * little and the writer binds values without building a row object per record.
 *
 * The rollup sums assume every record of the page is new; the writer recomputes them (batchRollups
 * with the records it actually wrote) when some were already stored, a page served twice.
 */
import { capabilities, isBillable, operators, verifyOutcomes, type Capability, type Operator, type VerifyOutcome } from '../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { SHANGHAI_OFFSET_MS, shanghaiDate } from '../../../../shared/time/shanghai';
import { CAPABILITY_KEY, ipNumber, OPERATOR_KEY, OUTCOME_KEY, phoneNumber, recordIdBlobHex, traceBlobHex } from './record-codec';
import type { DailyDelta, FailureDelta, HourlyDelta, RollupDelta, SlotDelta, SlotFailureDelta } from './rollup-journal';
import { shanghaiSlot } from './slot-rollups-repo';

/** [code, date, hour, failures] as upserted into rollup_codes_hourly. */
export type CodeHourDelta = readonly [string, string, number, number];

/** What a page adds to every rollup the ingest keeps. */
export interface BatchRollups extends RollupDelta {
  codes: readonly CodeHourDelta[];
}

/** The description a record carries, with what decides whether it is the code catalogue's. */
export interface BatchDescription {
  operator: Operator;
  resultCode: string;
  carrierCode: string | null;
  description: string;
}

/** No outcome (a login), in RecordBatch.outcome. */
export const NO_OUTCOME = 255;

export interface RecordBatch {
  count: number;
  seq: Float64Array;
  requestMs: Float64Array;
  /** Index into apps. */
  app: Uint32Array;
  operator: Uint8Array;
  capability: Uint8Array;
  success: Uint8Array;
  /** OUTCOME_KEY, or NO_OUTCOME. */
  outcome: Uint8Array;
  /** Index into codes. */
  resultCode: Uint32Array;
  /** Index into codes, or -1 for none. */
  carrierCode: Int32Array;
  /** Index into descriptions. */
  description: Uint32Array;
  /** The stored record_id: the blob's hex when compact (then recordIdText is null), else null and the text. */
  recordIdHex: (string | null)[];
  recordIdText: (string | null)[];
  /** The stored masked_phone: an integer when compact, else null and the text (or both null). */
  phoneNumber: (number | null)[];
  phoneText: (string | null)[];
  authType: (string | null)[];
  ipNumber: (number | null)[];
  ipText: (string | null)[];
  traceHex: (string | null)[];
  traceText: (string | null)[];
  /** The page's distinct (app id, appId) pairs, in order of first sight. */
  apps: [id: string, appId: string][];
  /** The page's distinct result and carrier codes, in order of first sight. */
  codes: string[];
  /** The page's distinct descriptions (with their operator and codes), in order of first sight. */
  descriptions: BatchDescription[];
  /** What the page adds to the rollups if every record is new. */
  rollups: BatchRollups;
}

/**
 * Epoch ms of an ISO 8601 instant that carries its offset. Cheaper than a full pattern match
 * (the platform client has already checked the format against the schema); what matters here
 * is that a time without an offset, which Date.parse would read as local time, is refused.
 */
export function instantMs(s: string): number {
  const n = s.length;
  const hasOffset =
    n >= 20 &&
    (s.charCodeAt(n - 1) === 90 /* Z */ || ((s.charCodeAt(n - 6) === 43 /* + */ || s.charCodeAt(n - 6) === 45) /* - */ && s.charCodeAt(n - 3) === 58)); /* : */
  return hasOffset && s.charCodeAt(10) === 84 /* T */ ? Date.parse(s) : NaN;
}

/** The buffers to transfer (not copy) when the batch is posted to another thread. */
export function batchTransferList(b: RecordBatch): ArrayBuffer[] {
  return [b.seq, b.requestMs, b.app, b.operator, b.capability, b.success, b.outcome, b.resultCode, b.carrierCode, b.description].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Index of a value in a first-sight list, adding it when new. */
function indexer<T>(list: T[]): (key: string, make: () => T) => number {
  const at = new Map<string, number>();
  return (key, make) => {
    let i = at.get(key);
    if (i === undefined) {
      i = list.length;
      list.push(make());
      at.set(key, i);
    }
    return i;
  };
}

/** Encodes a page of validated platform records; throws on an instant without an offset (nothing of the page is stored). */
export function prepareRecordBatch(records: readonly PlatformAuthRecord[]): RecordBatch {
  const n = records.length;
  const b: RecordBatch = {
    count: n,
    seq: new Float64Array(n),
    requestMs: new Float64Array(n),
    app: new Uint32Array(n),
    operator: new Uint8Array(n),
    capability: new Uint8Array(n),
    success: new Uint8Array(n),
    outcome: new Uint8Array(n),
    resultCode: new Uint32Array(n),
    carrierCode: new Int32Array(n),
    description: new Uint32Array(n),
    recordIdHex: new Array<string | null>(n),
    recordIdText: new Array<string | null>(n),
    phoneNumber: new Array<number | null>(n),
    phoneText: new Array<string | null>(n),
    authType: new Array<string | null>(n),
    ipNumber: new Array<number | null>(n),
    ipText: new Array<string | null>(n),
    traceHex: new Array<string | null>(n),
    traceText: new Array<string | null>(n),
    apps: [],
    codes: [],
    descriptions: [],
    rollups: { daily: [], hourly: [], failures: [], slots: [], slotFailures: [], codes: [] },
  };
  const app = indexer(b.apps);
  const code = indexer(b.codes);
  const desc = indexer(b.descriptions);
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const ms = instantMs(r.requestTime);
    if (Number.isNaN(ms)) throw new Error(`record ${r.seq} has a bad requestTime ${r.requestTime}`);
    b.seq[i] = r.seq;
    b.requestMs[i] = ms;
    b.app[i] = app(`${r.id}\n${r.appId}`, () => [r.id, r.appId]);
    b.operator[i] = OPERATOR_KEY[r.operator];
    b.capability[i] = CAPABILITY_KEY[r.capability];
    b.success[i] = r.success ? 1 : 0;
    b.outcome[i] = r.outcome === null ? NO_OUTCOME : OUTCOME_KEY[r.outcome];
    b.resultCode[i] = code(r.resultCode, () => r.resultCode);
    b.carrierCode[i] = r.carrierCode === null ? -1 : code(r.carrierCode, () => r.carrierCode!);
    b.description[i] = desc(`${r.operator}\n${r.resultCode}\n${r.carrierCode ?? '\n'}\n${r.description}`, () => ({
      operator: r.operator,
      resultCode: r.resultCode,
      carrierCode: r.carrierCode,
      description: r.description,
    }));
    const rid = recordIdBlobHex(r.recordId);
    b.recordIdHex[i] = rid;
    b.recordIdText[i] = rid === null ? r.recordId : null;
    const phone = phoneNumber(r.maskedPhone);
    b.phoneNumber[i] = phone;
    b.phoneText[i] = phone === null ? r.maskedPhone : null;
    b.authType[i] = r.authType;
    const ip = ipNumber(r.clientIp);
    b.ipNumber[i] = ip;
    b.ipText[i] = ip === null ? r.clientIp : null;
    const trace = traceBlobHex(r.traceId);
    b.traceHex[i] = trace;
    b.traceText[i] = trace === null ? r.traceId : null;
  }
  b.rollups = batchRollups(b);
  return b;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Shanghai day and hour of an instant, remembering the last day seen (records arrive roughly in time order). */
function dayClock(): (ms: number) => { date: string; hour: number } {
  let start = 0;
  let end = -1;
  let date = '';
  const out = { date: '', hour: 0 };
  return (ms) => {
    if (ms < start || ms >= end) {
      start = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
      end = start + DAY_MS;
      date = shanghaiDate(ms);
    }
    out.date = date;
    out.hour = Math.floor((ms - start) / HOUR_MS);
    return out;
  };
}

/**
 * The rollup sums of a batch's records (of those marked in `written` when given): one entry per key,
 * as auth-records-repo upserts them. A failure counts under its result code and, when it differs, its
 * carrier code (a code filter matches either).
 */
export function batchRollups(b: RecordBatch, written?: Uint8Array): BatchRollups {
  const d = new Map<string, [string, string, Operator, Capability, number, number, number]>();
  const h = new Map<string, [string, number, string, Operator, Capability, number, number, number]>();
  const f = new Map<string, [string, string, Operator, Capability, string, string, number]>();
  const s = new Map<string, [string, number, string, Operator, Capability, number, number]>();
  const sf = new Map<string, [string, number, string, Operator, Capability, string, string, number]>();
  const c = new Map<string, [string, string, number, number]>();
  const countCode = (code: string, date: string, hour: number): void => {
    const k = `${code}|${date}|${hour}`;
    const v = c.get(k);
    if (v) v[3]++;
    else c.set(k, [code, date, hour, 1]);
  };
  const when = dayClock();
  for (let i = 0; i < b.count; i++) {
    if (written && !written[i]) continue;
    const ms = b.requestMs[i]!;
    const id = b.apps[b.app[i]!]![0];
    const operator = operators[b.operator[i]!]!;
    const capability = capabilities[b.capability[i]!]!;
    const success = b.success[i] === 1;
    const outcomeKey = b.outcome[i]!;
    const outcome: VerifyOutcome | null = outcomeKey === NO_OUTCOME ? null : verifyOutcomes[outcomeKey]!;
    const ok = success ? 1 : 0;
    const billable = isBillable(capability, success, outcome) ? 1 : 0;
    const { date, hour } = when(ms);
    const dk = `${date}|${id}|${operator}|${capability}`;
    const dv = d.get(dk);
    if (dv) {
      dv[4]++;
      dv[5] += ok;
      dv[6] += billable;
    } else d.set(dk, [date, id, operator, capability, 1, ok, billable]);
    const hk = `${dk}|${hour}`;
    const hv = h.get(hk);
    if (hv) {
      hv[5]++;
      hv[6] += ok;
      hv[7] += billable;
    } else h.set(hk, [date, hour, id, operator, capability, 1, ok, billable]);
    const slot = shanghaiSlot(ms);
    const sk = `${dk}|s${slot}`;
    const sv = s.get(sk);
    if (sv) {
      sv[5]++;
      sv[6] += ok;
    } else s.set(sk, [date, slot, id, operator, capability, 1, ok]);
    if (!success) {
      const resultCode = b.codes[b.resultCode[i]!]!;
      const cc = b.carrierCode[i]! < 0 ? '' : b.codes[b.carrierCode[i]!]!;
      const fk = `${dk}|${resultCode}|${cc}`;
      const fv = f.get(fk);
      if (fv) fv[6]++;
      else f.set(fk, [date, id, operator, capability, resultCode, cc, 1]);
      const sfk = `${sk}|${resultCode}|${cc}`;
      const sfv = sf.get(sfk);
      if (sfv) sfv[7]++;
      else sf.set(sfk, [date, slot, id, operator, capability, resultCode, cc, 1]);
      countCode(resultCode, date, hour);
      if (cc !== '' && cc !== resultCode) countCode(cc, date, hour);
    }
  }
  return {
    daily: [...d.values()] as DailyDelta[],
    hourly: [...h.values()] as HourlyDelta[],
    failures: [...f.values()] as FailureDelta[],
    slots: [...s.values()] as SlotDelta[],
    slotFailures: [...sf.values()] as SlotFailureDelta[],
    codes: [...c.values()],
  };
}
