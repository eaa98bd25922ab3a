/**
 * A records page (GET /v1/auth-records) read straight from the response's bytes: JSON syntax,
 * the schema's checks (authRecordsPageSchema) and the text decoding in one pass, without first
 * decoding the whole body into one string, building a generic object tree and walking it again
 * with zod. That path costs the page worker most of its time per record (issue 13).
 *
 * It is a shortcut, never a second opinion: it answers only for a body it understands completely
 * — valid UTF-8, every key of the schema once, no other key, each value of the plain form the
 * schema accepts — and then with exactly what JSON.parse and the schema would give (the same values,
 * the same key order). Anything else (an unknown or repeated key, an exponent or a fraction, a
 * value the schema refuses, broken JSON) gets null, and the caller takes the general path, whose
 * answer or error is the one that counts. So a bad record still fails its page with the schema's
 * message, and what this reads can only be a page the schema accepts.
 *
 * Text: a string of ASCII bytes is read as such; one with other bytes is decoded from its own bytes
 * (the body is checked to be valid UTF-8 first, and a string's bytes end at an ASCII quote, so the
 * decoding is the one the whole body's would give); one with escapes goes through JSON.parse itself.
 */
import { isUtf8 } from 'node:buffer';
import { capabilities, operators, verifyOutcomes } from '../../../../shared/platform/domain';
import { ISO_INSTANT_RE, MASKED_PHONE_RE, type PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { instantMs, NO_FIELDS, recordBatchBuilder, type BatchRecordFields, type RecordBatch, type RecordBatchBuilder } from '../store/record-batch';
import { ipNumber, phoneNumber, recordIdBlobHex, traceBlobHex } from '../store/record-codec';

/*
 * The enums record() reads for every record, as this module's own constants: run from the TypeScript
 * sources (tsx: the sync bench's page worker), an import is a getter call on the other module's exports
 * (see store/record-batch.ts). A bundle reads them directly either way.
 */
const CAPABILITIES = capabilities;
const OPERATORS = operators;
const VERIFY_OUTCOMES = verifyOutcomes;

export interface RecordsPageBody {
  items: PlatformAuthRecord[];
  nextSeq: number;
  hasMore: boolean;
}

/** A records page read straight into the store's batch (readRecordsBatch). */
export interface RecordsBatchBody {
  batch: RecordBatch;
  nextSeq: number;
  hasMore: boolean;
}

/** The record's keys in the schema's order (records-page-parser.test.ts checks them against authRecordSchema). */
export const RECORD_KEYS = [
  'seq',
  'recordId',
  'id',
  'appId',
  'capability',
  'operator',
  'requestTime',
  'resultCode',
  'success',
  'outcome',
  'carrierCode',
  'description',
  'maskedPhone',
  'authType',
  'clientIp',
  'traceId',
] as const;
const PAGE_KEYS = ['items', 'nextSeq', 'hasMore'] as const;
const ALL_RECORD_KEYS = (1 << RECORD_KEYS.length) - 1;
const RECORD_KEY_BYTES = RECORD_KEYS.map((k) => Buffer.from(k, 'latin1'));
const RECORD_KEY_INDEX = new Map<string, number>(RECORD_KEYS.map((k, i) => [k, i]));
const PAGE_KEY_INDEX = new Map<string, number>(PAGE_KEYS.map((k, i) => [k, i]));

/** Thrown inside to leave for the general path; never escapes. */
const GIVE_UP: unique symbol = Symbol('records-page-parser: general path');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Buffer's own slicers (typed here: @types/node leaves them out); toString(encoding, a, b) costs several times more per call. */
interface Slicers {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

let b: Buffer = Buffer.alloc(0);
let p = 0;
let end = 0;

function giveUp(): never {
  throw GIVE_UP;
}

function ws(): void {
  for (;;) {
    const c = b[p];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
    else return;
  }
}

function expect(c: number): void {
  ws();
  if (b[p] !== c) giveUp();
  p++;
}

/** The last string scanned: its content's bytes [tokStart, tokEnd), what it holds, and a hash of its bytes. */
let tokStart = 0;
let tokEnd = 0;
/** 0: ASCII only; bit 1: other bytes (UTF-8); bit 2: escapes. */
let tokKind = 0;
let tokHash = 0;

/** Scans the string at p (its opening quote) to just after its closing quote. */
function scan(): void {
  // Locals, not the module's variables, in the loop: it runs for every byte of every string.
  const buf = b;
  const n = end;
  let i = p;
  if (buf[i] !== QUOTE) giveUp();
  const start = ++i;
  let kind = 0;
  for (;;) {
    if (i >= n) giveUp();
    const c = buf[i]!;
    if (c === QUOTE) break;
    if (c > BACKSLASH) {
      if (c >= 0x80) kind |= 1;
    } else if (c === BACKSLASH) {
      // The escaped character is part of the string, even a quote; JSON.parse judges the escape.
      kind |= 2;
      i++;
      if (i >= n || buf[i]! < 0x20) giveUp();
    } else if (c < 0x20) giveUp();
    i++;
  }
  const len = i - start;
  tokStart = start;
  tokEnd = i;
  tokKind = kind;
  // Enough to spread a field's few values over the slots (equal bytes are checked on a hit).
  tokHash = len === 0 ? 0 : (len * 31 + buf[start]! * 7 + buf[i - 1]! * 3 + buf[start + (len >> 1)]!) | 0;
  p = i + 1;
}

/** The text of the string last scanned: exactly what JSON.parse gives for it. */
function decode(): string {
  if (tokKind === 0) return (b as unknown as Slicers).latin1Slice(tokStart, tokEnd);
  if (tokKind === 1) return (b as unknown as Slicers).utf8Slice(tokStart, tokEnd);
  const s = JSON.parse((b as unknown as Slicers).utf8Slice(tokStart - 1, tokEnd + 1)) as unknown;
  return typeof s === 'string' ? s : giveUp();
}

function str(): string {
  scan();
  return decode();
}

/**
 * Strings of a field whose values repeat through a page (app ids, codes, descriptions …): the bytes
 * of each value seen in a small open-addressing table (a value that finds its slot taken by another
 * tries the next few: the operators CMCC, CUCC and CTCC share a hash, and a page has a few dozen
 * values a field), and its text. A value is decoded once per page, later ones share its string (after
 * comparing bytes: equal bytes, equal text).
 */
interface Repeats {
  start: Int32Array;
  len: Int32Array;
  text: (string | undefined)[];
}
const SLOTS = 256;
/** How many slots a value tries after its own before it takes its own slot over. */
const PROBES = 8;
const repeats = (): Repeats => ({ start: new Int32Array(SLOTS), len: new Int32Array(SLOTS), text: new Array<string | undefined>(SLOTS) });
const appIds = repeats();
const appAppIds = repeats();
const resultCodes = repeats();
const carrierCodes = repeats();
const descriptions = repeats();
const authTypes = repeats();
const clientIps = repeats();
const ALL_REPEATS = [appIds, appAppIds, resultCodes, carrierCodes, descriptions, authTypes, clientIps];

/** The slot of the last repeated() value, and whether it was there already (its text shared). */
let lastSlot = 0;
let lastHit = false;

function repeated(r: Repeats): string {
  scan();
  const home = tokHash & (SLOTS - 1);
  const len = tokEnd - tokStart;
  const buf = b;
  const from = tokStart;
  // A free slot within reach, else the value's own (its old value is decoded again when it comes back).
  let free = home;
  for (let probe = 0, slot = home; probe <= PROBES; probe++, slot = (slot + 1) & (SLOTS - 1)) {
    const known = r.text[slot];
    if (known === undefined) {
      free = slot;
      break;
    }
    if (r.len[slot] === len) {
      const at = r.start[slot]!;
      let i = 0;
      while (i < len && buf[at + i] === buf[from + i]) i++;
      if (i === len) {
        lastSlot = slot;
        lastHit = true;
        return known;
      }
    }
  }
  const slot = free;
  lastSlot = slot;
  lastHit = false;
  const s = decode();
  r.start[slot] = tokStart;
  r.len[slot] = len;
  r.text[slot] = s;
  return s;
}

function nullableRepeated(r: Repeats): string | null {
  return b[p] === 0x6e /* n */ ? nul() : repeated(r);
}

function nullableStr(): string | null {
  return b[p] === 0x6e /* n */ ? nul() : str();
}

function nul(): null {
  if (b[p + 1] !== 0x75 || b[p + 2] !== 0x6c || b[p + 3] !== 0x6c) giveUp();
  p += 4;
  return null;
}

function bool(): boolean {
  if (b[p] === 0x74 /* t */ && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) {
    p += 4;
    return true;
  }
  if (b[p] === 0x66 /* f */ && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) {
    p += 5;
    return false;
  }
  return giveUp();
}

/**
 * A non-negative integer written as plain digits (no sign, fraction or exponent; at most 15 digits,
 * so exact). Anything else leaves for the general path, which judges it.
 */
function digits(): number {
  const start = p;
  let v = 0;
  for (;;) {
    const c = b[p];
    if (c === undefined || c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
    p++;
  }
  const len = p - start;
  if (len === 0 || len > 15 || (len > 1 && b[start] === 0x30)) giveUp();
  return v;
}

function oneOf<T extends string>(list: readonly T[], s: string): T {
  const i = list.indexOf(s as T);
  return i < 0 ? giveUp() : list[i]!;
}

const CAPABILITY_BYTES = CAPABILITIES.map((v) => Buffer.from(v, 'latin1'));
const OPERATOR_BYTES = OPERATORS.map((v) => Buffer.from(v, 'latin1'));
const OUTCOME_BYTES = VERIFY_OUTCOMES.map((v) => Buffer.from(v, 'latin1'));

/**
 * A value of an enum (capability, operator, outcome): the list's string whose bytes stand between the
 * quotes at p, or (escapes, anything else) the decoded string when the list has it.
 */
function enumValue<T extends string>(list: readonly T[], bytes: readonly Buffer[]): T {
  const buf = b;
  if (buf[p] === QUOTE) {
    const s = p + 1;
    for (let k = 0; k < bytes.length; k++) {
      const v = bytes[k]!;
      const n = v.length;
      if (buf[s + n] !== QUOTE) continue;
      let i = 0;
      while (i < n && buf[s + i] === v[i]) i++;
      if (i === n) {
        p = s + n + 1;
        return list[k]!;
      }
    }
  }
  return oneOf(list, str());
}

/** The key at p: its index in `keys`, trying `expected` first by its bytes (the platform sends them in order). */
function key(expected: number): number {
  if (b[p] !== QUOTE) giveUp();
  const kb = RECORD_KEY_BYTES[expected];
  if (kb !== undefined) {
    const buf = b;
    const start = p + 1;
    const len = kb.length;
    if (buf[start + len] === QUOTE) {
      let i = 0;
      while (i < len && buf[start + i] === kb[i]) i++;
      if (i === len) {
        p = start + len + 1;
        return expected;
      }
    }
  }
  return RECORD_KEY_INDEX.get(str()) ?? giveUp();
}

/**
 * Where record() puts a record: null, a record object (parseRecordsPage); else this builder, through
 * the one fields object (readRecordsBatch).
 */
let into: RecordBatchBuilder | null = null;
const fields: BatchRecordFields = { ...NO_FIELDS };

function record(): PlatformAuthRecord | null {
  expect(0x7b /* { */);
  const toBatch = into !== null;
  let seen = 0;
  let seq = 0;
  let recordId = '';
  let id = '';
  let appId = '';
  let capability: PlatformAuthRecord['capability'] = 'login';
  let operator: PlatformAuthRecord['operator'] = 'CMCC';
  let requestTime = '';
  let resultCode = '';
  let success = false;
  let outcome: PlatformAuthRecord['outcome'] = null;
  let carrierCode: string | null = null;
  let description = '';
  let maskedPhone: string | null = null;
  let authType: string | null = null;
  let clientIp: string | null = null;
  let traceId = '';
  let next = 0;
  for (;;) {
    ws();
    const f = key(next);
    const bit = 1 << f;
    if (seen & bit) giveUp();
    seen |= bit;
    expect(COLON);
    ws();
    switch (f) {
      case 0:
        seq = digits();
        if (seq < 1) giveUp();
        break;
      case 1:
        if (toBatch) batchRecordId();
        else recordId = str();
        break;
      case 2:
        id = repeated(appIds);
        break;
      case 3:
        appId = repeated(appAppIds);
        break;
      case 4:
        capability = enumValue(CAPABILITIES, CAPABILITY_BYTES);
        break;
      case 5:
        operator = enumValue(OPERATORS, OPERATOR_BYTES);
        break;
      case 6:
        if (toBatch) fields.requestMs = batchInstant();
        else {
          requestTime = str();
          if (!ISO_INSTANT_RE.test(requestTime)) giveUp();
        }
        break;
      case 7:
        resultCode = repeated(resultCodes);
        break;
      case 8:
        success = bool();
        break;
      case 9:
        outcome = b[p] === 0x6e ? nul() : enumValue(VERIFY_OUTCOMES, OUTCOME_BYTES);
        break;
      case 10:
        carrierCode = nullableRepeated(carrierCodes);
        break;
      case 11:
        description = repeated(descriptions);
        break;
      case 12:
        if (toBatch) batchPhone();
        else {
          maskedPhone = nullableStr();
          if (maskedPhone !== null && !MASKED_PHONE_RE.test(maskedPhone)) giveUp();
        }
        break;
      case 13:
        authType = nullableRepeated(authTypes);
        break;
      case 14:
        clientIp = nullableRepeated(clientIps);
        ipSlot = lastSlot;
        ipSlotHit = lastHit;
        break;
      default:
        if (toBatch) batchTrace();
        else traceId = str();
    }
    ws();
    const c = b[p++];
    if (c === COMMA) {
      next = f + 1;
      continue;
    }
    if (c === 0x7d /* } */) break;
    giveUp();
  }
  if (seen !== ALL_RECORD_KEYS) giveUp();
  if (toBatch) {
    const f = fields;
    f.seq = seq;
    f.id = id;
    f.appId = appId;
    f.operator = operator;
    f.capability = capability;
    f.success = success;
    f.outcome = outcome;
    f.resultCode = resultCode;
    f.carrierCode = carrierCode;
    f.description = description;
    f.authType = authType;
    // A client IP repeats through a page: its number is read once per value (kept beside its text in the slot).
    const ip = clientIp === null ? null : ipSlotHit ? (ipNumbers[ipSlot] ?? null) : (ipNumbers[ipSlot] = ipNumber(clientIp));
    f.ipNumber = ip;
    f.ipText = ip === null ? clientIp : null;
    into!.add(f);
    return null;
  }
  // The schema's output: its keys, in its order.
  return {
    seq,
    recordId,
    id,
    appId,
    capability,
    operator,
    requestTime,
    resultCode,
    success,
    outcome,
    carrierCode,
    description,
    maskedPhone,
    authType,
    clientIp,
    traceId,
  };
}

function items(): PlatformAuthRecord[] {
  const out: PlatformAuthRecord[] = [];
  ws();
  if (b[p] !== 0x5b /* [ */) giveUp();
  p++;
  ws();
  if (b[p] === 0x5d /* ] */) {
    p++;
    return out;
  }
  for (;;) {
    const r = record();
    if (r) out.push(r);
    ws();
    const c = b[p++];
    if (c === COMMA) continue;
    if (c === 0x5d) return out;
    giveUp();
  }
}

function page(): RecordsPageBody {
  expect(0x7b);
  let seen = 0;
  let list: PlatformAuthRecord[] = [];
  let nextSeq = 0;
  let hasMore = false;
  for (;;) {
    ws();
    const f = PAGE_KEY_INDEX.get(str()) ?? giveUp();
    if (seen & (1 << f)) giveUp();
    seen |= 1 << f;
    expect(COLON);
    ws();
    if (f === 0) list = items();
    else if (f === 1) nextSeq = digits();
    else hasMore = bool();
    ws();
    const c = b[p++];
    if (c === COMMA) continue;
    if (c === 0x7d) break;
    giveUp();
  }
  if (seen !== 0b111) giveUp();
  ws();
  if (p !== end) giveUp();
  return { items: list, nextSeq, hasMore };
}

// ——— Straight into the store's batch (readRecordsBatch) ———
// The fields the store encodes are read from their bytes when they have the platform's usual form
// (record ids, instants, masked phones), without the text the record would carry; any other form is
// decoded and goes through the schema's pattern and the codec's encoder, exactly as prepareRecordBatch.

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** Each byte's value as a lowercase hex digit, or 0xff (an OR of digits stays below 16 only if all were digits). */
const HEX_OF = new Uint8Array(256).fill(0xff);
for (let d = 0; d < 16; d++) HEX_OF['0123456789abcdef'.charCodeAt(d)] = d;
/** The compact blobs of the record being read, made from its bytes (handed to the builder, which copies them). */
let recordIdBytes = new Uint8Array(64);
let traceBytes = new Uint8Array(64);

/** The clientIps slot of the record's IP and whether its text was there already; the IP's number per slot. */
let ipSlot = 0;
let ipSlotHit = false;
const ipNumbers = new Array<number | null>(SLOTS).fill(null);

/**
 * trace_id: whole bytes of lowercase hex in plain ASCII → the bytes it is stored as (traceBlobHex's),
 * decoded straight from the page's bytes; any other form through the codec.
 */
function batchTrace(): void {
  // Decoded as it is checked, in one pass: pairs of lowercase hex digits up to the closing quote.
  const buf = b;
  if (buf[p] === QUOTE) {
    const n = end;
    let out = traceBytes;
    let i = p + 1;
    let o = 0;
    while (i + 1 < n) {
      const hi = HEX_OF[buf[i]!]!;
      const lo = HEX_OF[buf[i + 1]!]!;
      if ((hi | lo) > 15) break;
      if (o === out.length) {
        const grown = new Uint8Array(out.length * 2);
        grown.set(out);
        out = traceBytes = grown;
      }
      out[o++] = (hi << 4) | lo;
      i += 2;
    }
    if (o > 0 && buf[i] === QUOTE) {
      p = i + 1;
      fields.traceHex = null;
      fields.traceBlob = out;
      fields.traceBlobLen = o;
      fields.traceText = null;
      return;
    }
  }
  // Any other form: scanned and judged as a string, then through the codec.
  scan();
  const v = decode();
  const hex = traceBlobHex(v);
  fields.traceHex = hex;
  fields.traceBlob = null;
  fields.traceText = hex === null ? v : null;
}

/**
 * record_id: `rec_` + 8 lowercase hex + [0-9a-z]* in plain ASCII → the blob recordIdBlobHex stands for
 * (the eight hex digits' 4 bytes, then the tail's bytes as they are), made straight from the page's bytes.
 */
function batchRecordId(): void {
  scan();
  const s = tokStart;
  const len = tokEnd - s;
  const buf = b;
  if (tokKind === 0 && len >= 12 && buf[s] === 0x72 && buf[s + 1] === 0x65 && buf[s + 2] === 0x63 && buf[s + 3] === 0x5f /* rec_ */) {
    const size = 4 + (len - 12);
    if (recordIdBytes.length < size) recordIdBytes = new Uint8Array(size * 2);
    const out = recordIdBytes;
    let bad = 0;
    for (let i = s + 4, o = 0; o < 4; i += 2, o++) {
      const hi = HEX_OF[buf[i]!]!;
      const lo = HEX_OF[buf[i + 1]!]!;
      bad |= hi | lo;
      out[o] = (hi << 4) | lo;
    }
    let ok = bad < 16;
    for (let i = s + 12, o = 4; ok && i < tokEnd; i++, o++) {
      const c = buf[i]!;
      ok = isDigit(c) || (c >= 0x61 && c <= 0x7a);
      out[o] = c;
    }
    if (ok) {
      fields.recordIdHex = null;
      fields.recordIdBlob = out;
      fields.recordIdBlobLen = size;
      fields.recordIdText = null;
      return;
    }
  }
  const v = decode();
  const hex = recordIdBlobHex(v);
  fields.recordIdHex = hex;
  fields.recordIdBlob = null;
  fields.recordIdText = hex === null ? v : null;
}

/** Two ASCII digits at i as a number, or NaN. */
function two(i: number): number {
  const x = b[i]! - 0x30;
  const y = b[i + 1]! - 0x30;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : NaN;
}

/** The last date read from bytes (yyyymmdd) and its UTC midnight, or NaN for a day its month does not have. */
let lastDate = -1;
let lastDateMs = NaN;

/**
 * requestTime in the platform's usual form, `yyyy-mm-ddThh:mm:ss.sss` then `Z` or `±hh:mm`, every field in
 * its range (record-batch.ts usualInstantMs) → epoch ms from the bytes; any other form through the
 * schema's pattern and instantMs, as prepareRecordBatch reads it (a page it refuses is left to the general path).
 */
function batchInstant(): number {
  scan();
  const s = tokStart;
  const n = tokEnd - s;
  const buf = b;
  if (
    tokKind === 0 &&
    (n === 24 ? buf[s + 23] === 0x5a /* Z */ : n === 29 && (buf[s + 23] === 0x2b || buf[s + 23] === 0x2d) && buf[s + 26] === COLON) &&
    buf[s + 4] === 0x2d &&
    buf[s + 7] === 0x2d &&
    buf[s + 10] === 0x54 /* T */ &&
    buf[s + 13] === COLON &&
    buf[s + 16] === COLON &&
    buf[s + 19] === 0x2e /* . */
  ) {
    const y = two(s) * 100 + two(s + 2);
    const mo = two(s + 5);
    const d = two(s + 8);
    const h = two(s + 11);
    const mi = two(s + 14);
    const sec = two(s + 17);
    const milli = two(s + 20) * 10 + (isDigit(buf[s + 22]!) ? buf[s + 22]! - 0x30 : NaN);
    const oh = n === 29 ? two(s + 24) : 0;
    const om = n === 29 ? two(s + 27) : 0;
    // (NaN fails every comparison.) Years below 100 are left to the general reading, as in usualInstantMs.
    if (y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && sec <= 59 && milli >= 0 && oh <= 23 && om <= 59) {
      const date = (y * 100 + mo) * 100 + d;
      if (date !== lastDate) {
        lastDate = date;
        lastDateMs = d > new Date(Date.UTC(y, mo, 0)).getUTCDate() ? NaN : Date.UTC(y, mo - 1, d);
      }
      if (!Number.isNaN(lastDateMs)) {
        const offsetMin = (buf[s + 23] === 0x2d ? -1 : 1) * (oh * 60 + om);
        return lastDateMs + ((h * 60 + mi) * 60 + sec) * 1000 + milli - offsetMin * 60_000;
      }
    }
  }
  const v = decode();
  if (!ISO_INSTANT_RE.test(v)) giveUp();
  const ms = instantMs(v);
  return Number.isNaN(ms) ? giveUp() : ms;
}

/** masked_phone: `ddd****dddd` in plain ASCII → its number (phoneNumber) from the bytes; any other form through the schema's pattern. */
function batchPhone(): void {
  if (b[p] === 0x6e /* n */) {
    nul();
    fields.phoneNumber = null;
    fields.phoneText = null;
    return;
  }
  scan();
  const s = tokStart;
  const buf = b;
  if (tokKind === 0 && tokEnd - s === 11 && buf[s + 3] === 0x2a && buf[s + 4] === 0x2a && buf[s + 5] === 0x2a && buf[s + 6] === 0x2a) {
    let v = 0;
    let ok = true;
    for (const i of PHONE_DIGITS) {
      const c = buf[s + i]!;
      if (!isDigit(c)) ok = false;
      v = v * 10 + (c - 0x30);
    }
    if (ok && buf[s] !== 0x30) {
      fields.phoneNumber = v;
      fields.phoneText = null;
      return;
    }
  }
  const v = decode();
  if (!MASKED_PHONE_RE.test(v)) giveUp();
  const phone = phoneNumber(v);
  fields.phoneNumber = phone;
  fields.phoneText = phone === null ? v : null;
}
const PHONE_DIGITS = [0, 1, 2, 7, 8, 9, 10];

/**
 * The batch prepareRecordBatch(parseRecordsPage(body).items) gives, read in one pass from the bytes,
 * with the page's nextSeq and hasMore; or null when the direct read leaves the body to the general path
 * (see above: then the caller parses, validates and prepares as before, and its error is the one that counts).
 * `limit` is the request's (how many records the page may hold). Never throws.
 */
export function readRecordsBatch(body: Buffer, limit = Infinity): RecordsBatchBody | null {
  if (!isUtf8(body)) return null;
  // Room for the records the page can hold: a record takes over 200 bytes of JSON, and a page no more
  // than the request's limit (a full page: exactly its records, so its columns cross to the writer
  // with no spare room). The builder grows if a page has more.
  into = recordBatchBuilder(Math.min(limit, Math.ceil(body.length / 200) + 1));
  b = body;
  p = 0;
  end = body.length;
  try {
    const pg = page();
    return { batch: into.finish(), nextSeq: pg.nextSeq, hasMore: pg.hasMore };
  } catch {
    return null;
  } finally {
    into = null;
    b = Buffer.alloc(0);
    for (const r of ALL_REPEATS) r.text.fill(undefined);
  }
}

/**
 * The page authRecordsPageSchema.parse(JSON.parse(body as UTF-8)) gives, or null when this parser
 * leaves the body to that general path (see above). Never throws.
 */
export function parseRecordsPage(body: Buffer): RecordsPageBody | null {
  if (!isUtf8(body)) return null;
  b = body;
  p = 0;
  end = body.length;
  try {
    return page();
  } catch {
    // GIVE_UP, or JSON.parse refusing an escape: either way the general path decides.
    return null;
  } finally {
    b = Buffer.alloc(0);
    for (const r of ALL_REPEATS) r.text.fill(undefined);
  }
}
