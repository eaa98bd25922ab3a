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

export interface RecordsPageBody {
  items: PlatformAuthRecord[];
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
 * of the last value seen in each slot of a small table, and its text. A value is decoded once per
 * page, later ones share its string (after comparing bytes: equal bytes, equal text).
 */
interface Repeats {
  start: Int32Array;
  len: Int32Array;
  text: (string | undefined)[];
}
const SLOTS = 256;
const repeats = (): Repeats => ({ start: new Int32Array(SLOTS), len: new Int32Array(SLOTS), text: new Array<string | undefined>(SLOTS) });
const appIds = repeats();
const appAppIds = repeats();
const resultCodes = repeats();
const carrierCodes = repeats();
const descriptions = repeats();
const authTypes = repeats();
const clientIps = repeats();
const enums = repeats();
const ALL_REPEATS = [appIds, appAppIds, resultCodes, carrierCodes, descriptions, authTypes, clientIps, enums];

function repeated(r: Repeats): string {
  scan();
  const slot = tokHash & (SLOTS - 1);
  const len = tokEnd - tokStart;
  const known = r.text[slot];
  if (known !== undefined && r.len[slot] === len) {
    const buf = b;
    const at = r.start[slot]!;
    const from = tokStart;
    let i = 0;
    while (i < len && buf[at + i] === buf[from + i]) i++;
    if (i === len) return known;
  }
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

function record(): PlatformAuthRecord {
  expect(0x7b /* { */);
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
        recordId = str();
        break;
      case 2:
        id = repeated(appIds);
        break;
      case 3:
        appId = repeated(appAppIds);
        break;
      case 4:
        capability = oneOf(capabilities, repeated(enums));
        break;
      case 5:
        operator = oneOf(operators, repeated(enums));
        break;
      case 6:
        requestTime = str();
        if (!ISO_INSTANT_RE.test(requestTime)) giveUp();
        break;
      case 7:
        resultCode = repeated(resultCodes);
        break;
      case 8:
        success = bool();
        break;
      case 9:
        outcome = b[p] === 0x6e ? nul() : oneOf(verifyOutcomes, repeated(enums));
        break;
      case 10:
        carrierCode = nullableRepeated(carrierCodes);
        break;
      case 11:
        description = repeated(descriptions);
        break;
      case 12:
        maskedPhone = nullableStr();
        if (maskedPhone !== null && !MASKED_PHONE_RE.test(maskedPhone)) giveUp();
        break;
      case 13:
        authType = nullableRepeated(authTypes);
        break;
      case 14:
        clientIp = nullableRepeated(clientIps);
        break;
      default:
        traceId = str();
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
    out.push(record());
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
