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
import { capabilities, isBillable, operators, verifyOutcomes, type Capability, type Operator } from '../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { SHANGHAI_OFFSET_MS, shanghaiDate } from '../../../../shared/time/shanghai';
import { CAPABILITY_KEY, ipNumber, OPERATOR_KEY, OUTCOME_KEY, phoneNumber, recordIdBlobHex, traceBlobHex } from './record-codec';
import type { DailyDelta, FailureDelta, HourlyDelta, RollupDelta, SlotDelta, SlotFailureDelta } from './rollup-journal';
import { SLOT_MS, SLOTS_PER_DAY } from './slot-rollups-repo';

/*
 * The imported values the per-record loops read (add, firstDay, batchRollups), as this module's own
 * constants. Run from the TypeScript sources (tsx: the sync bench's page worker, vitest), an import is
 * compiled to a getter call on the other module's exports, so a loop paid a call per read until V8
 * inlined it, and a fresh page worker compiled each getter as a function of its own (seen with
 * --trace-opt: OPERATOR_KEY, SLOT_MS, operators …). A bundle reads them directly either way.
 */
const OPERATOR_KEYS = OPERATOR_KEY;
const CAPABILITY_KEYS = CAPABILITY_KEY;
const OUTCOME_KEYS = OUTCOME_KEY;
const OPERATORS = operators;
const CAPABILITIES = capabilities;
const VERIFY_OUTCOMES = verifyOutcomes;
const billableOf = isBillable;
const SHANGHAI_OFFSET = SHANGHAI_OFFSET_MS;
const SLOT = SLOT_MS;
const SLOTS_A_DAY = SLOTS_PER_DAY;
const shanghaiDateOf = shanghaiDate;

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

/** A batch without its rollups: what batchRollups reads. */
export type BatchColumns = Omit<RecordBatch, 'rollups'>;

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
  /**
   * The bytes of the page's compact record_id and trace_id blobs, back to back, as the columns store
   * them (record-codec.ts): the writer binds a view of them, one value per column, with no hex
   * conversion in SQL, and they cross to the writer thread as one transferred buffer, not a string a record.
   */
  blobs: Uint8Array;
  /**
   * Where each record's blobs lie in blobs: record i's record_id is blobs[blobAt[2i], blobAt[2i + 1]),
   * its trace_id blobs[blobAt[2i + 1], blobAt[2i + 2]). An empty span: the value is not compact (a
   * compact one is never empty), and it is stored as its text (recordIdText, traceText).
   */
  blobAt: Uint32Array;
  /**
   * The stored record_id's text when it is not compact, else null. A text column (recordIdText,
   * phoneText, ipText, traceText) is empty when no record of the page has one: it is then all nulls,
   * and an empty array crosses to the writer thread for nothing.
   */
  recordIdText: (string | null)[];
  /** The stored masked_phone: an integer when compact (NaN for none: then the text, or null), transferred like the other numbers. */
  phoneNumber: Float64Array;
  phoneText: (string | null)[];
  /**
   * Index into authTypes, or -1 for none. A number a record, in a transferred buffer: as a string a
   * record it was structured-cloned to the writer thread, a new string per record made on the writer's
   * side, the sync's critical path, for a field with a handful of values.
   */
  authType: Int32Array;
  /** The page's distinct auth types, in order of first sight. */
  authTypes: string[];
  /** The stored client_ip: an integer when compact (NaN for none: then the text, or null). */
  ipNumber: Float64Array;
  ipText: (string | null)[];
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
 * The platform's usual form (milliseconds, then Z or ±hh:mm) is read by hand, several times
 * cheaper than Date.parse; any other form, or a field out of its range, goes to Date.parse.
 */
export function instantMs(s: string): number {
  const n = s.length;
  const hasOffset =
    n >= 20 &&
    (s.charCodeAt(n - 1) === 90 /* Z */ || ((s.charCodeAt(n - 6) === 43 /* + */ || s.charCodeAt(n - 6) === 45) /* - */ && s.charCodeAt(n - 3) === 58)); /* : */
  if (!hasOffset || s.charCodeAt(10) !== 84 /* T */) return NaN;
  const ms = (n === 24 || n === 29) && s.charCodeAt(19) === 46 /* . */ ? usualInstantMs(s, n) : NaN;
  return Number.isNaN(ms) ? Date.parse(s) : ms;
}

/** Digits of s from i to i + len as a number, or NaN. */
function digitsAt(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** `yyyy-mm-ddThh:mm:ss.sss` then `Z` (n 24) or `±hh:mm` (n 29), every field in its range; else NaN (Date.parse decides). */
function usualInstantMs(s: string, n: number): number {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  const h = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const sec = digitsAt(s, 17, 2);
  const milli = digitsAt(s, 20, 3);
  // (NaN fails every comparison.) Years below 100 are left to Date.parse: Date.UTC would read them as 19xx.
  if (!(y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && sec <= 59 && milli >= 0)) return NaN;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return NaN;
  let offsetMin = 0;
  if (n === 29) {
    const oh = digitsAt(s, 24, 2);
    const om = digitsAt(s, 27, 2);
    if (!(oh <= 23 && om <= 59)) return NaN;
    offsetMin = (s.charCodeAt(23) === 45 ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(y, mo - 1, d, h, mi, sec, milli) - offsetMin * 60_000;
}

/** The buffers to transfer (not copy) when the batch is posted to another thread. */
export function batchTransferList(b: RecordBatch): ArrayBuffer[] {
  return [
    b.seq,
    b.requestMs,
    b.app,
    b.operator,
    b.capability,
    b.success,
    b.outcome,
    b.resultCode,
    b.carrierCode,
    b.description,
    b.authType,
    b.blobs,
    b.blobAt,
    b.phoneNumber,
    b.ipNumber,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** The value of each lowercase hex digit by character code (the codec's compact forms are lowercase hex). */
const HEX_VALUE = new Uint8Array(128);
for (let d = 0; d < 16; d++) HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;

/** Writes the bytes of whole-byte lowercase hex (as recordIdBlobHex and traceBlobHex give) into to from at; returns the end. */
function putHex(to: Uint8Array, at: number, hex: string): number {
  for (let i = 0; i < hex.length; i += 2) to[at++] = (HEX_VALUE[hex.charCodeAt(i)]! << 4) | HEX_VALUE[hex.charCodeAt(i + 1)]!;
  return at;
}

/**
 * A record as the batch takes it: the platform record's fields, with those the store encodes already
 * encoded (record-codec.ts: recordIdBlobHex, phoneNumber, ipNumber, traceBlobHex — the compact form,
 * or null and the text) and the instant as epoch ms. prepareRecordBatch fills it from a validated
 * record; the page worker's direct read (platform/records-batch-reader.ts) from the page's bytes.
 */
export interface BatchRecordFields {
  seq: number;
  requestMs: number;
  id: string;
  appId: string;
  operator: Operator;
  capability: Capability;
  success: boolean;
  outcome: PlatformAuthRecord['outcome'];
  resultCode: string;
  carrierCode: string | null;
  description: string;
  recordIdHex: string | null;
  /**
   * Or, instead of recordIdHex (then null), the compact blob's bytes already made: its first
   * recordIdBlobLen bytes (the page worker's direct read decodes them from the page's bytes, no hex
   * text in between). Read by add() at once: the caller may reuse the array for the next record.
   */
  recordIdBlob: Uint8Array | null;
  recordIdBlobLen: number;
  recordIdText: string | null;
  phoneNumber: number | null;
  phoneText: string | null;
  authType: string | null;
  ipNumber: number | null;
  ipText: string | null;
  traceHex: string | null;
  /** Or the trace_id blob's bytes already made, as recordIdBlob. */
  traceBlob: Uint8Array | null;
  traceBlobLen: number;
  traceText: string | null;
}

/** Builds a batch record by record; typed columns grow as needed (a reader of bytes does not know the count ahead). */
export interface RecordBatchBuilder {
  add(r: BatchRecordFields): void;
  /** The batch of the records added, its rollups summed. */
  finish(): RecordBatch;
}

/** A column grown to `size`, its values kept. */
function grown<A extends Float64Array | Uint32Array | Uint8Array | Int32Array>(a: A, size: number): A {
  const g = new (a.constructor as new (n: number) => A)(size);
  g.set(a);
  return g;
}

/** A view of a column's first `size` values, not a copy: the spare tail crosses with it (transferred, not copied) and goes with it. */
function fit<A extends Float64Array | Uint32Array | Uint8Array | Int32Array>(a: A, size: number): A {
  return a.length === size ? a : (a.subarray(0, size) as A);
}

/**
 * The builder: one class, not closures made per batch. The page worker makes a builder per page, and
 * closures made per builder (its add, its indexers) were a new call target on every page: the parser's
 * record(), compiled with the first page's add inlined, deoptimised on the second page ("wrong call
 * target"), and add on its indexers, so a fresh worker compiled them again and again. A class's methods
 * are one function for every page, and its fields keep one shape.
 */
class Builder implements RecordBatchBuilder {
  private cap: number;
  private n = 0;
  private seq: Float64Array;
  private requestMs: Float64Array;
  private app: Uint32Array;
  private operator: Uint8Array;
  private capability: Uint8Array;
  private success: Uint8Array;
  private outcome: Uint8Array;
  private resultCode: Uint32Array;
  private carrierCode: Int32Array;
  private description: Uint32Array;
  private blobs: Uint8Array;
  private blobAt: Uint32Array;
  private blobEnd = 0;
  private readonly recordIdText: (string | null)[];
  private phoneNumber: Float64Array;
  private readonly phoneText: (string | null)[];
  private authType: Int32Array;
  private ipNumber: Float64Array;
  private readonly ipText: (string | null)[];
  private readonly traceText: (string | null)[];
  /** The page's distinct (app id, appId) pairs, codes and descriptions, in order of first sight. */
  private readonly apps: [id: string, appId: string][] = [];
  private readonly codes: string[] = [];
  private readonly authTypes: string[] = [];
  private readonly descriptions: BatchDescription[] = [];
  /** Index in apps of each id's pairs (one appId per id, as a rule). */
  private readonly appsById = new Map<string, number[]>();
  /** Index in codes of each code. */
  private readonly codeAt = new Map<string, number>();
  /** Index in authTypes of each auth type; the last one looked up and its index (a page's records mostly share one value, often the same string). */
  private readonly authTypeAt = new Map<string, number>();
  private lastAuthType: string | null = null;
  private lastAuthTypeIndex = -1;
  /**
   * Index in descriptions of each text's entries (with their operator and codes): looked up by the text,
   * then among its few entries, with no composite key string built per record (the text is often
   * non-ASCII, and the page has thousands of records).
   */
  private readonly descriptionsByText = new Map<string, number[]>();
  /** Whether a text column (recordIdText, phoneText, ipText, traceText) has a value yet. */
  private someText = 0;

  constructor(capacity: number) {
    // A small integer (| 0): the page worker's capacity comes from Math.ceil, a number V8 may keep as a
    // double, and a double here made add's `n === cap` deoptimise on the next page ("not a Smi").
    const cap = Math.max(1, capacity) | 0;
    this.cap = cap;
    this.seq = new Float64Array(cap);
    this.requestMs = new Float64Array(cap);
    this.app = new Uint32Array(cap);
    this.operator = new Uint8Array(cap);
    this.capability = new Uint8Array(cap);
    this.success = new Uint8Array(cap);
    this.outcome = new Uint8Array(cap);
    this.resultCode = new Uint32Array(cap);
    this.carrierCode = new Int32Array(cap);
    this.description = new Uint32Array(cap);
    // A usual record's blobs take 4 + its id's tail and 16 bytes; the buffer grows when a page needs more.
    this.blobs = new Uint8Array(cap * 28);
    this.blobAt = new Uint32Array(2 * cap + 1);
    this.recordIdText = new Array<string | null>(cap);
    this.phoneNumber = new Float64Array(cap);
    this.phoneText = new Array<string | null>(cap);
    this.authType = new Int32Array(cap);
    this.ipNumber = new Float64Array(cap);
    this.ipText = new Array<string | null>(cap);
    this.traceText = new Array<string | null>(cap);
  }

  private grow(): void {
    const cap = (this.cap *= 2);
    this.seq = grown(this.seq, cap);
    this.requestMs = grown(this.requestMs, cap);
    this.app = grown(this.app, cap);
    this.operator = grown(this.operator, cap);
    this.capability = grown(this.capability, cap);
    this.success = grown(this.success, cap);
    this.outcome = grown(this.outcome, cap);
    this.resultCode = grown(this.resultCode, cap);
    this.carrierCode = grown(this.carrierCode, cap);
    this.description = grown(this.description, cap);
    this.authType = grown(this.authType, cap);
    this.phoneNumber = grown(this.phoneNumber, cap);
    this.ipNumber = grown(this.ipNumber, cap);
    this.blobAt = grown(this.blobAt, 2 * cap + 1);
  }

  /** Index of an (id, appId) pair in apps, adding it when new. */
  private appIndex(id: string, appId: string): number {
    let at = this.appsById.get(id);
    if (at === undefined) this.appsById.set(id, (at = []));
    const list = this.apps;
    for (let k = 0; k < at.length; k++) {
      const i = at[k]!;
      if (list[i]![1] === appId) return i;
    }
    const i = list.length;
    list.push([id, appId]);
    at.push(i);
    return i;
  }

  /** Index of a code in codes, adding it when new. */
  private codeIndex(code: string): number {
    let i = this.codeAt.get(code);
    if (i === undefined) {
      i = this.codes.length;
      this.codes.push(code);
      this.codeAt.set(code, i);
    }
    return i;
  }

  /** Index of an auth type in authTypes, adding it when new; remembered as the last one looked up. */
  private authTypeIndex(t: string): number {
    let i = this.authTypeAt.get(t);
    if (i === undefined) {
      i = this.authTypes.length;
      this.authTypes.push(t);
      this.authTypeAt.set(t, i);
    }
    this.lastAuthType = t;
    this.lastAuthTypeIndex = i;
    return i;
  }

  /** Index of a record's description (with its operator and codes) in descriptions, adding it when new. */
  private descriptionIndex(operator: Operator, resultCode: string, carrierCode: string | null, description: string): number {
    let at = this.descriptionsByText.get(description);
    if (at === undefined) this.descriptionsByText.set(description, (at = []));
    const list = this.descriptions;
    for (let k = 0; k < at.length; k++) {
      const i = at[k]!;
      const d = list[i]!;
      if (d.operator === operator && d.resultCode === resultCode && d.carrierCode === carrierCode) return i;
    }
    const i = list.length;
    list.push({ operator, resultCode, carrierCode, description });
    at.push(i);
    return i;
  }

  /** Appends a compact value's bytes (from its hex) to blobs, growing them when needed. */
  private putBlob(hex: string | null): void {
    if (hex === null) return;
    const need = this.blobEnd + hex.length / 2;
    if (need > this.blobs.length) this.blobs = grown(this.blobs, Math.max(need, this.blobs.length * 2));
    this.blobEnd = putHex(this.blobs, this.blobEnd, hex);
  }

  /** Appends a compact value's bytes as made by the caller. */
  private putBytes(from: Uint8Array, len: number): void {
    const need = this.blobEnd + len;
    if (need > this.blobs.length) this.blobs = grown(this.blobs, Math.max(need, this.blobs.length * 2));
    const to = this.blobs;
    let at = this.blobEnd;
    // Byte by byte: a record's blobs are a few bytes each, less than a call to set() costs.
    for (let i = 0; i < len; i++) to[at++] = from[i]!;
    this.blobEnd = at;
  }

  add(r: BatchRecordFields): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.seq[i] = r.seq;
    this.requestMs[i] = r.requestMs;
    this.app[i] = this.appIndex(r.id, r.appId);
    this.operator[i] = OPERATOR_KEYS[r.operator];
    this.capability[i] = CAPABILITY_KEYS[r.capability];
    this.success[i] = r.success ? 1 : 0;
    this.outcome[i] = r.outcome === null ? NO_OUTCOME : OUTCOME_KEYS[r.outcome];
    const rc = r.resultCode;
    this.resultCode[i] = this.codeIndex(rc);
    const cc = r.carrierCode;
    this.carrierCode[i] = cc === null ? -1 : this.codeIndex(cc);
    this.description[i] = this.descriptionIndex(r.operator, rc, cc, r.description);
    const blobAt = this.blobAt;
    blobAt[2 * i] = this.blobEnd;
    if (r.recordIdBlob !== null) this.putBytes(r.recordIdBlob, r.recordIdBlobLen);
    else this.putBlob(r.recordIdHex);
    this.recordIdText[i] = r.recordIdText;
    this.phoneNumber[i] = r.phoneNumber ?? NaN;
    this.phoneText[i] = r.phoneText;
    const t = r.authType;
    this.authType[i] = t === null ? -1 : t === this.lastAuthType ? this.lastAuthTypeIndex : this.authTypeIndex(t);
    this.ipNumber[i] = r.ipNumber ?? NaN;
    this.ipText[i] = r.ipText;
    if (r.recordIdText !== null) this.someText |= 1;
    if (r.phoneText !== null) this.someText |= 2;
    if (r.ipText !== null) this.someText |= 4;
    if (r.traceText !== null) this.someText |= 8;
    blobAt[2 * i + 1] = this.blobEnd;
    if (r.traceBlob !== null) this.putBytes(r.traceBlob, r.traceBlobLen);
    else this.putBlob(r.traceHex);
    blobAt[2 * i + 2] = this.blobEnd;
    this.traceText[i] = r.traceText;
  }

  finish(): RecordBatch {
    const n = this.n;
    const { recordIdText, phoneText, ipText, traceText } = this;
    for (const a of [recordIdText, phoneText, ipText, traceText]) a.length = n;
    // A text column of nulls only (the usual page: every value compact) crosses empty.
    [recordIdText, phoneText, ipText, traceText].forEach((a, k) => {
      if ((this.someText & (1 << k)) === 0) a.length = 0;
    });
    // The columns first, then the batch and its rollups in one literal. A placeholder replaced by the
    // rollups afterwards changed a field of the batch after it was made (another kind of object in it),
    // which deoptimises code V8 compiled for it: measured, batchRollups compiled 2–5 times in a fresh
    // isolate with this, 5 every time with the placeholder.
    const columns: BatchColumns = {
      count: n,
      seq: fit(this.seq, n),
      requestMs: fit(this.requestMs, n),
      app: fit(this.app, n),
      operator: fit(this.operator, n),
      capability: fit(this.capability, n),
      success: fit(this.success, n),
      outcome: fit(this.outcome, n),
      resultCode: fit(this.resultCode, n),
      carrierCode: fit(this.carrierCode, n),
      description: fit(this.description, n),
      blobs: fit(this.blobs, this.blobEnd),
      blobAt: fit(this.blobAt, 2 * n + 1),
      recordIdText,
      phoneNumber: fit(this.phoneNumber, n),
      phoneText,
      authType: fit(this.authType, n),
      authTypes: this.authTypes,
      ipNumber: fit(this.ipNumber, n),
      ipText,
      traceText,
      apps: this.apps,
      codes: this.codes,
      descriptions: this.descriptions,
    };
    return { ...columns, rollups: batchRollups(columns) };
  }
}

export function recordBatchBuilder(capacity: number): RecordBatchBuilder {
  return new Builder(capacity);
}

/** Encodes a page of validated platform records; throws on an instant without an offset (nothing of the page is stored). */
export function prepareRecordBatch(records: readonly PlatformAuthRecord[]): RecordBatch {
  const builder = recordBatchBuilder(records.length);
  // One fields object for the whole page: add() copies what it keeps.
  const f: BatchRecordFields = { ...NO_FIELDS };
  for (const r of records) {
    const ms = instantMs(r.requestTime);
    if (Number.isNaN(ms)) throw new Error(`record ${r.seq} has a bad requestTime ${r.requestTime}`);
    f.seq = r.seq;
    f.requestMs = ms;
    f.id = r.id;
    f.appId = r.appId;
    f.operator = r.operator;
    f.capability = r.capability;
    f.success = r.success;
    f.outcome = r.outcome;
    f.resultCode = r.resultCode;
    f.carrierCode = r.carrierCode;
    f.description = r.description;
    const rid = recordIdBlobHex(r.recordId);
    f.recordIdHex = rid;
    f.recordIdText = rid === null ? r.recordId : null;
    const phone = phoneNumber(r.maskedPhone);
    f.phoneNumber = phone;
    f.phoneText = phone === null ? r.maskedPhone : null;
    f.authType = r.authType;
    const ip = ipNumber(r.clientIp);
    f.ipNumber = ip;
    f.ipText = ip === null ? r.clientIp : null;
    const trace = traceBlobHex(r.traceId);
    f.traceHex = trace;
    f.traceText = trace === null ? r.traceId : null;
    builder.add(f);
  }
  return builder.finish();
}

/** A fields object's first values (every field present, so one object shape throughout). */
export const NO_FIELDS: Readonly<BatchRecordFields> = {
  seq: 0,
  requestMs: 0,
  id: '',
  appId: '',
  operator: 'CMCC',
  capability: 'login',
  success: false,
  outcome: null,
  resultCode: '',
  carrierCode: null,
  description: '',
  recordIdHex: null,
  recordIdBlob: null,
  recordIdBlobLen: 0,
  recordIdText: null,
  phoneNumber: null,
  phoneText: null,
  authType: null,
  ipNumber: null,
  ipText: null,
  traceHex: null,
  traceBlob: null,
  traceBlobLen: 0,
  traceText: null,
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const CELLS_PER_APP = OPERATORS.length * CAPABILITIES.length;

/** Row of one key of a failure rollup, found by a number (the key without codes), then by the code pair. */
type ByCodes<R> = Map<number, Map<number, R>>;
function codeRows<R>(m: ByCodes<R>, key: number): Map<number, R> {
  let inner = m.get(key);
  if (inner === undefined) m.set(key, (inner = new Map()));
  return inner;
}

/**
 * The first Shanghai day (days since the epoch) of a batch's records (of those marked in written).
 * Its own function, not a first loop in batchRollups: a loop that runs hot is compiled on the spot
 * (on-stack replacement), and compiled before the main loop had run once, batchRollups had no type
 * feedback for it and deoptimised at once.
 */
function firstDay(b: BatchColumns, written: Uint8Array | undefined): number {
  const n = b.count;
  const requestMs = b.requestMs;
  let minDay = Infinity;
  for (let i = 0; i < n; i++) {
    if (written !== undefined && written[i] === 0) continue;
    const day = Math.floor((requestMs[i]! + SHANGHAI_OFFSET) / DAY_MS);
    if (day < minDay) minDay = day;
  }
  return minDay;
}

/**
 * Each (id, appId) pair's rollup cell: the index of the first pair of its id. A typed array, not
 * apps.map(): the array map() made had one elements kind from the builtin and another where the
 * optimiser inlined it, and batchRollups deoptimised on its first read of it ("wrong map").
 */
function appCells(apps: BatchColumns['apps']): Uint32Array {
  const firstOfId = new Map<string, number>();
  const cells = new Uint32Array(apps.length);
  for (let i = 0; i < apps.length; i++) {
    const id = apps[i]![0];
    const first = firstOfId.get(id);
    if (first !== undefined) cells[i] = first;
    else {
      firstOfId.set(id, i);
      cells[i] = i;
    }
  }
  return cells;
}

/**
 * The rollup sums of a batch's records (of those marked in `written` when given): one entry per key,
 * in order of first sight, as auth-records-repo upserts them. A failure counts under its result code
 * and, when it differs, its carrier code (a code filter matches either).
 *
 * Keys are numbers made of the page's own indexes (its Shanghai day, its app, operator and capability
 * keys, its code list), not strings built per record: this runs once per record in the page worker.
 */
export function batchRollups(b: BatchColumns, written?: Uint8Array): BatchRollups {
  const n = b.count;
  // The page's Shanghai days: numbered from its first, named once each.
  const minDay = firstDay(b, written);
  const dates: string[] = [];
  const dateOf = (day: number): string => (dates[day - minDay] ??= shanghaiDateOf(day * DAY_MS - SHANGHAI_OFFSET));
  // Rollups are keyed by the app's id: two (id, appId) pairs of one id (an app renamed mid-page) share its cells.
  const appCell = appCells(b.apps);
  const cells = b.apps.length * CELLS_PER_APP;
  const codeCount = b.codes.length + 1;

  const daily: [string, string, Operator, Capability, number, number, number][] = [];
  const hourly: [string, number, string, Operator, Capability, number, number, number][] = [];
  const failures: [string, string, Operator, Capability, string, string, number][] = [];
  const slots: [string, number, string, Operator, Capability, number, number][] = [];
  const slotFailures: [string, number, string, Operator, Capability, string, string, number][] = [];
  const codes: [string, string, number, number][] = [];
  const d = new Map<number, (typeof daily)[number]>();
  const h = new Map<number, (typeof hourly)[number]>();
  const s = new Map<number, (typeof slots)[number]>();
  const f: ByCodes<(typeof failures)[number]> = new Map();
  const sf: ByCodes<(typeof slotFailures)[number]> = new Map();
  const c = new Map<number, (typeof codes)[number]>();
  const countCode = (code: number, date: string, dayKey: number, hour: number): void => {
    const k = (code * 24 + hour) * 0x100000 + dayKey;
    const v = c.get(k);
    if (v) v[3]++;
    else {
      const row: (typeof codes)[number] = [b.codes[code]!, date, hour, 1];
      c.set(k, row);
      codes.push(row);
    }
  };
  for (let i = 0; i < n; i++) {
    if (written !== undefined && written[i] === 0) continue;
    const ms = b.requestMs[i]!;
    const appIndex = appCell[b.app[i]!]!;
    const op = b.operator[i]!;
    const cap = b.capability[i]!;
    const success = b.success[i] === 1;
    const outcomeKey = b.outcome[i]!;
    const ok = success ? 1 : 0;
    const capability = CAPABILITIES[cap]!;
    const billable = billableOf(capability, success, outcomeKey === NO_OUTCOME ? null : VERIFY_OUTCOMES[outcomeKey]!) ? 1 : 0;
    const shifted = ms + SHANGHAI_OFFSET;
    const day = Math.floor(shifted / DAY_MS);
    const dayKey = day - minDay;
    const sinceMidnight = shifted - day * DAY_MS;
    const hour = Math.floor(sinceMidnight / HOUR_MS);
    const slot = Math.floor(sinceMidnight / SLOT);
    const cell = (appIndex * OPERATORS.length + op) * CAPABILITIES.length + cap;
    const dk = dayKey * cells + cell;
    let dv = d.get(dk);
    if (dv) {
      dv[4]++;
      dv[5] += ok;
      dv[6] += billable;
    } else {
      dv = [dateOf(day), b.apps[appIndex]![0], OPERATORS[op]!, capability, 1, ok, billable];
      d.set(dk, dv);
      daily.push(dv);
    }
    const date = dv[0];
    const id = dv[1];
    const operator = dv[2];
    const hk = dk * 24 + hour;
    const hv = h.get(hk);
    if (hv) {
      hv[5]++;
      hv[6] += ok;
      hv[7] += billable;
    } else {
      const row: (typeof hourly)[number] = [date, hour, id, operator, capability, 1, ok, billable];
      h.set(hk, row);
      hourly.push(row);
    }
    const sk = dk * SLOTS_A_DAY + slot;
    const sv = s.get(sk);
    if (sv) {
      sv[5]++;
      sv[6] += ok;
    } else {
      const row: (typeof slots)[number] = [date, slot, id, operator, capability, 1, ok];
      s.set(sk, row);
      slots.push(row);
    }
    if (!success) {
      const rc = b.resultCode[i]!;
      const ccIndex = b.carrierCode[i]!;
      const resultCode = b.codes[rc]!;
      const cc = ccIndex < 0 ? '' : b.codes[ccIndex]!;
      // '' as a carrier code and no carrier code are one key, as in the tables.
      const pair = rc * codeCount + (cc === '' ? 0 : ccIndex + 1);
      const fm = codeRows(f, dk);
      const fv = fm.get(pair);
      if (fv) fv[6]++;
      else {
        const row: (typeof failures)[number] = [date, id, operator, capability, resultCode, cc, 1];
        fm.set(pair, row);
        failures.push(row);
      }
      const sfm = codeRows(sf, sk);
      const sfv = sfm.get(pair);
      if (sfv) sfv[7]++;
      else {
        const row: (typeof slotFailures)[number] = [date, slot, id, operator, capability, resultCode, cc, 1];
        sfm.set(pair, row);
        slotFailures.push(row);
      }
      countCode(rc, date, dayKey, hour);
      if (cc !== '' && cc !== resultCode) countCode(ccIndex, date, dayKey, hour);
    }
  }
  return {
    daily: daily as DailyDelta[],
    hourly: hourly as HourlyDelta[],
    failures: failures as FailureDelta[],
    slots: slots as SlotDelta[],
    slotFailures: slotFailures as SlotFailureDelta[],
    codes,
  };
}

/**
 * The rollup sums of several pages written in one transaction, one entry per key (in order of first
 * sight), so the writer upserts each rollup key once per transaction instead of once per page: at
 * 200,000 records a day a daily key is touched by every page of its day. The parts are left as they
 * were (a prepared page may be written again: the sync bench feeds the same pages to several runs).
 */
export function mergeRollups(parts: readonly BatchRollups[]): BatchRollups {
  if (parts.length === 1) return parts[0]!;
  return {
    daily: sumRows(
      parts.map((p) => p.daily),
      4,
    ),
    hourly: sumRows(
      parts.map((p) => p.hourly),
      5,
    ),
    failures: sumRows(
      parts.map((p) => p.failures),
      6,
    ),
    slots: sumRows(
      parts.map((p) => p.slots),
      5,
    ),
    slotFailures: sumRows(
      parts.map((p) => p.slotFailures),
      7,
    ),
    codes: sumRows(
      parts.map((p) => p.codes),
      3,
    ),
  };
}

/** Rows of several lists whose first keyLength values are their key and the rest counts: the counts summed per key. */
function sumRows<R extends readonly (string | number)[]>(lists: readonly (readonly R[])[], keyLength: number): R[] {
  const out: R[] = [];
  const at = new Map<string, (string | number)[]>();
  for (const list of lists) {
    for (const row of list) {
      let k = String(row[0]);
      for (let i = 1; i < keyLength; i++) k += `\u0000${row[i]}`;
      const sum = at.get(k);
      if (sum === undefined) {
        const copy = row.slice();
        at.set(k, copy);
        out.push(copy as unknown as R);
      } else for (let i = keyLength; i < row.length; i++) (sum[i] as number) += row[i] as number;
    }
  }
  return out;
}
