/**
 * CSV lines straight from compact rows (export/compact-rows.ts): the bytes csvLine(displayCells(…))
 * writes for the same records, without a RecordItem or a cell array per row. Every cell still
 * passes the phone guard (columns.ts text) and the spreadsheet-safety rule (csvField) — once per
 * distinct value for what repeats (apps, codes, descriptions, words), per row for what does not
 * (record and trace ids). Values the codec stored in an encoded form whose decoding can neither
 * hold a whole phone number, a quote, a comma nor a formula prefix (masked phones, IPv4 numbers,
 * times) are written as decoded; their verbatim forms take the general path.
 * csv-compact.test.ts holds the output byte-identical to the general path on varied records.
 */
import type { ExportLocale } from '../../../../../shared/contract/export';
import { SHANGHAI_OFFSET_MS, toShanghaiIso } from '../../../../../shared/time/shanghai';
import { carrierDecoder, safePhone } from '../../records/record-item';
import { CATALOGUE_DESCRIPTION, OPERATOR_KEY, decodeIp, decodePhone } from '../../store/record-codec';
import { displayWords, text } from '../columns';
import type { CompactDictionaries, CompactRow } from '../compact-rows';
import { exportPhone } from '../phone-guard';
import { csvField } from './csv-writer';

const DAY_MS = 86_400_000;
/** Dictionary keys below this pack two to a cache key exactly (2^26 × 2^26 < 2^53); beyond it rows skip the cache. */
const KEY_LIMIT = 2 ** 26;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

const MINUTE_MS = 60_000;
/** "00".."59" and "000".."999": the seconds and milliseconds of a time, looked up rather than padded per row. */
const SECONDS = Array.from({ length: 60 }, (_x, i) => pad2(i));
const MILLIS = Array.from({ length: 1000 }, (_x, i) => pad3(i));

/**
 * toShanghaiIso, with everything up to the minute ("YYYY-MM-DDTHH:MM:") worked out once per minute
 * (rows come in time order; a minute never straddles a Shanghai day, whose offset is whole hours) and
 * the seconds and milliseconds looked up: no Date and no padding per row.
 */
export function shanghaiIsoClock(): (ms: number) => string {
  let dayStart = 0;
  let dayEnd = -1;
  let date = '';
  let start = 0;
  let end = -1;
  let prefix = '';
  return (ms) => {
    if (ms < start || ms >= end) {
      if (ms < dayStart || ms >= dayEnd) {
        dayStart = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
        dayEnd = dayStart + DAY_MS;
        date = toShanghaiIso(dayStart).slice(0, -18); // "YYYY-MM-DDT" (the year may be longer or signed)
      }
      start = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
      end = start + MINUTE_MS;
      const t = start - dayStart;
      prefix = `${date}${pad2(Math.floor(t / 3_600_000))}:${pad2(Math.floor(t / MINUTE_MS) % 60)}:`;
    }
    const t = ms - start;
    return `${prefix}${SECONDS[Math.floor(t / 1000)]!}.${MILLIS[t % 1000]!}+08:00`;
  };
}

/** Distinct values a formatter cache keeps before it starts over: bounded memory on any data (a worker's heap is capped). */
const CACHE_LIMIT = 4096;
/** map.get(key), else make(key) remembered (the map emptied first when full). */
function remember<K, V>(map: Map<K, V>, key: K, make: (key: K) => V): V {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= CACHE_LIMIT) map.clear();
    map.set(key, (v = make(key)));
  }
  return v;
}

/**
 * Whether a text cell is written exactly as it is (csvField(text(s)) === s), in one pass: no quote,
 * comma or line break, no formula prefix, and no stretch of digits, spaces, dashes and pluses holding
 * 11 digits (the only characters a whole phone number the guard masks is made of). Ids on every row
 * (record and trace ids) take this instead of the phone guard's and the quoting rule's regexes.
 */
function plainCell(s: string): boolean {
  const c0 = s.charCodeAt(0);
  // = + - @ tab CR: the spreadsheet-safety rule decides (spreadsheet-safety.ts).
  if (c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 === 9 || c0 === 13) return false;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= 11) return false;
    } else if (c === 34 || c === 44 || c === 10 || c === 13) return false;
    else if (c !== 32 && c !== 45 && c !== 43) digits = 0;
  }
  return true;
}

const cell = (v: string | null): string => csvField(text(v));
/** cell(v) for a value that differs on every row. */
const idCell = (v: string): string => (plainCell(v) ? v : cell(v));

/** A cached cell: its text and its UTF-8 bytes. */
interface Piece {
  s: string;
  b: Uint8Array;
}
const piece = (s: string): Piece => ({ s, b: Buffer.from(s, 'utf8') });

/**
 * Bytes kept free at every step of a line, for what is written without a check of its own (the
 * numbers written digit by digit: seq, the time's seconds and milliseconds, a decoded phone and
 * IPv4, separators: under 25 bytes between two checks). Every piece of variable length checks that it
 * leaves them.
 */
const ROW_RESERVE = 128;
/** Thrown (one shared value, no stack) when a line does not fit the rest of the buffer. */
const FULL = Symbol('buffer full');
const STAR = 42;
const COMMA = 44;
const DOT = 46;
const ZONE = Buffer.from('+08:00', 'latin1');

export interface CompactCsvEncoder {
  /** The CSV lines (CRLF-ended) of rows[from, to), as text. */
  lines(rows: readonly CompactRow[], from?: number, to?: number): string;
  /**
   * The same lines as UTF-8, written into `buf` from byte `at`: as many whole lines of rows[from, to)
   * as fit. Returns the end of what was written; `next` is then the first row not written (`from`
   * when not even one line fits).
   */
  encode(rows: readonly CompactRow[], from: number, to: number, buf: Buffer, at: number): number;
  readonly next: number;
}

/**
 * A formatter of compact rows into CSV lines (CRLF-ended), with its caches, as text or straight into bytes. The bytes path builds
 * no string per row: cached cells are copied as their UTF-8 bytes, numbers (seq, the time's
 * seconds and milliseconds, decoded phones and IPv4s) are written digit by digit and ids byte by
 * byte while they are checked (plainCell); only what is rare or verbatim takes the text path. On
 * millions of rows the strings were most of a worker's garbage, and scavenging them a quarter of its time.
 */
export function compactCsvEncoder(locale: ExportLocale, dict: CompactDictionaries): CompactCsvEncoder {
  const w = displayWords(locale);
  const capability = [csvField(w.login), csvField(w.verify)];
  const operatorNames = Object.entries(OPERATOR_KEY).sort((a, b) => a[1] - b[1]);
  const operator = operatorNames.map(([o]) => csvField(w[o as keyof typeof OPERATOR_KEY]));
  const operatorCode = operatorNames.map(([o]) => o as keyof typeof OPERATOR_KEY);
  const result = [csvField(w.failure), csvField(w.success)];
  const outcome = [csvField(w.match), csvField(w.mismatch), csvField(w.unknown)];
  const billable = [csvField(w.no), csvField(w.yes)];
  const decode = carrierDecoder();
  const clock = shanghaiIsoClock();

  // "appName,appId,id" of an app key, and its two ends for a record that carries another appId.
  interface AppCells {
    all: string;
    name: string;
    id: string;
    allB: Uint8Array;
    nameB: Uint8Array;
    idB: Uint8Array;
  }
  const apps = new Map<number, AppCells>();
  const appOf = (key: number): AppCells => {
    const a = dict.app(key);
    const name = cell(a?.name ?? null);
    const id = cell(a?.id ?? null);
    const all = `${name},${cell(a?.appId ?? null)},${id}`;
    return { all, name, id, allB: Buffer.from(all, 'utf8'), nameB: Buffer.from(name, 'utf8'), idB: Buffer.from(id, 'utf8') };
  };
  // Once per row: the lookup itself, no closure made per call.
  const appCells = (key: number): AppCells => apps.get(key) ?? remember(apps, key, appOf);
  const codes = new Map<number, string>();
  const codeCell = (key: number): string => remember(codes, key, () => cell(dict.code(key) ?? null));
  // "carrierCode,carrierMeaning" per operator × carrier code key.
  const carriers = new Map<number, string>();
  const carrierCells = (op: number, key: number | null): string => {
    if (key === null) return ',';
    return remember(carriers, key * 4 + op, () => {
      const code = dict.code(key) ?? null;
      const meaning = decode(operatorCode[op]!, code);
      return `${cell(code)},${cell(locale === 'zh-CN' ? meaning.zh : meaning.en)}`;
    });
  };
  const descriptions = new Map<number, string>();
  const descriptionCell = (key: number): string => remember(descriptions, key, () => cell(dict.description(key) ?? null));
  // A catalogue description is the store's adopted text for (operator, carrier code, else result code);
  // the combination cache below keys on all three, so this runs once per combination.
  const rowDescriptionCell = (r: CompactRow): string =>
    r[9] === CATALOGUE_DESCRIPTION ? cell(dict.catalogue(r[3], r[8] !== null, r[8] ?? r[7]) ?? null) : descriptionCell(r[9]);
  const authTypes = new Map<string | null, Piece>();
  const authTypeCell = (t: string | null): Piece => authTypes.get(t) ?? remember(authTypes, t, (v) => piece(cell(v)));
  // A time whose date part needs nothing (it starts with a digit) needs nothing at all.
  const timeCell = (ms: number): string => {
    const iso = clock(ms);
    const c = iso.charCodeAt(0);
    return c >= 48 && c <= 57 ? iso : csvField(iso);
  };

  // "capability,…,outcome," and ",billable\r\n" of one combination of the row's small codes and
  // dictionary keys (a few hundred at most): two map lookups per row instead of nine cells.
  interface MiddleCells {
    middle: string;
    end: string;
    middleB: Uint8Array;
    endB: Uint8Array;
  }
  const cellsOf = (r: CompactRow): MiddleCells => {
    const cap = r[4];
    const op = r[3];
    const ok = r[5];
    const oc = r[6];
    const middle =
      `${capability[cap]},${operator[op]},${result[ok]},${codeCell(r[7])},${carrierCells(op, r[8])},${rowDescriptionCell(r)},` +
      `${oc === null ? '' : (outcome[oc] ?? '')},`;
    const end = `,${billable[(cap === 0 ? ok === 1 : oc !== null && oc < 2) ? 1 : 0]}\r\n`;
    return { middle, end, middleB: Buffer.from(middle, 'utf8'), endB: Buffer.from(end, 'utf8') };
  };
  const middles = new Map<number, Map<number, MiddleCells>>();
  let middleCount = 0;
  const middleCells = (r: CompactRow): MiddleCells => {
    const cap = r[4];
    const op = r[3];
    const ok = r[5];
    const oc = r[6];
    const small = ((cap * 3 + op) * 2 + ok) * 4 + (oc === null ? 3 : oc);
    if (r[7] >= KEY_LIMIT || (r[8] ?? 0) >= KEY_LIMIT || r[9] >= KEY_LIMIT) return cellsOf(r);
    const k1 = r[9] * 64 + small;
    let byCodes = middles.get(k1);
    const k2 = r[7] * KEY_LIMIT + (r[8] === null ? 0 : r[8] + 1);
    let v = byCodes?.get(k2);
    if (!v) {
      // Bounded like the other caches (remember): emptied when full.
      if (++middleCount > CACHE_LIMIT) {
        middles.clear();
        middleCount = 1;
        byCodes = undefined;
      }
      if (!byCodes) middles.set(k1, (byCodes = new Map()));
      byCodes.set(k2, (v = cellsOf(r)));
    }
    return v;
  };

  const lines = (rows: readonly CompactRow[], from = 0, to = rows.length): string => {
    let out = '';
    for (let i = from; i < to; i++) {
      const r = rows[i]!;
      const app = appCells(r[2]);
      const mid = middleCells(r);
      const phone = r[12];
      const ip = r[14];
      out +=
        `${r[0]},${idCell(r[11])},${timeCell(r[1])},${r[10] === null ? app.all : `${app.name},${cell(r[10])},${app.id}`},${mid.middle}` +
        `${typeof phone === 'number' ? decodePhone(phone) : cell(exportPhone(safePhone(phone)))},${authTypeCell(r[13]).s},` +
        `${typeof ip === 'number' ? decodeIp(ip) : cell(ip)},${idCell(r[15])}${mid.end}`;
    }
    return out;
  };

  // The bytes path: `out` is the buffer being filled, `o` the write position, `cap` its end.
  const none = Buffer.alloc(0);
  let out: Buffer = none;
  let o = 0;
  let cap = 0;
  const putBytes = (b: Uint8Array): void => {
    const n = b.length;
    if (n > cap - o - ROW_RESERVE) throw FULL;
    if (n < 32) for (let k = 0; k < n; k++) out[o + k] = b[k]!;
    else out.set(b, o);
    o += n;
  };
  const putText = (s: string): void => {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (s.length * 3 > cap - o - ROW_RESERVE) throw FULL;
    o += out.write(s, o, 'utf8');
  };
  /** A safe non-negative integer's digits (room: ROW_RESERVE). */
  const putInt = (n: number): void => {
    let len = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
    let p = (o += len);
    while (n >= 10) {
      const q = Math.floor(n / 10);
      out[--p] = 48 + (n - q * 10);
      n = q;
    }
    out[--p] = 48 + n;
  };
  /** idCell(v): ASCII that plainCell passes is copied as it is checked; anything else takes the text path. */
  const putId = (v: string): void => {
    const n = v.length;
    if (n > cap - o - ROW_RESERVE) throw FULL;
    const c0 = v.charCodeAt(0);
    let plain = !(c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 === 9 || c0 === 13);
    let digits = 0;
    for (let k = 0; plain && k < n; k++) {
      const c = v.charCodeAt(k);
      if (c >= 48 && c <= 57) {
        if (++digits >= 11) plain = false;
      } else if (c === 34 || c === 44 || c === 10 || c === 13 || c >= 128) plain = false;
      else if (c !== 32 && c !== 45 && c !== 43) digits = 0;
      out[o + k] = c;
    }
    if (plain) o += n;
    else putText(idCell(v));
  };
  // The time's minute, as bytes ("YYYY-MM-DDTHH:MM:"); null when its date needs the text path.
  let minuteStart = 0;
  let minuteEnd = -1;
  let minute: Uint8Array | null = null;
  const putTime = (ms: number): void => {
    if (!Number.isSafeInteger(ms)) return putText(timeCell(ms));
    if (ms < minuteStart || ms >= minuteEnd) {
      const iso = clock(ms);
      const c = iso.charCodeAt(0);
      // clock(ms) is the minute's prefix then "SS.mmm+08:00" (12 characters).
      minute = c >= 48 && c <= 57 ? Buffer.from(iso.slice(0, -12), 'latin1') : null;
      minuteStart = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
      minuteEnd = minuteStart + MINUTE_MS;
    }
    if (!minute) return putText(timeCell(ms));
    putBytes(minute);
    const t = ms - minuteStart;
    const s = Math.floor(t / 1000);
    const m = t - s * 1000;
    out[o++] = 48 + Math.floor(s / 10);
    out[o++] = 48 + (s % 10);
    out[o++] = DOT;
    out[o++] = 48 + Math.floor(m / 100);
    out[o++] = 48 + (Math.floor(m / 10) % 10);
    out[o++] = 48 + (m % 10);
    putBytes(ZONE);
  };
  /** decodePhone(n): the digits with "****" after the first three. */
  const putPhone = (n: number): void => {
    if (!Number.isSafeInteger(n) || n < 0) return putText(decodePhone(n));
    const at = o;
    o += 4;
    putInt(n);
    const len = o - at - 4;
    if (len < 3) {
      out.copyWithin(at, at + 4, o);
      o -= 4;
      for (let k = 0; k < 4; k++) out[o++] = STAR;
      return;
    }
    out[at] = out[at + 4]!;
    out[at + 1] = out[at + 5]!;
    out[at + 2] = out[at + 6]!;
    for (let k = 3; k < 7; k++) out[at + k] = STAR;
  };
  /** decodeIp(n): four octets. */
  const putIp = (n: number): void => {
    const u = n + 2 ** 31;
    if (!Number.isSafeInteger(n) || u < 0) return putText(decodeIp(n));
    putInt(Math.floor(u / 16_777_216) % 256);
    out[o++] = DOT;
    putInt(Math.floor(u / 65_536) % 256);
    out[o++] = DOT;
    putInt(Math.floor(u / 256) % 256);
    out[o++] = DOT;
    putInt(u % 256);
  };

  const enc = {
    lines,
    next: 0,
    encode(rows: readonly CompactRow[], from: number, to: number, buf: Buffer, at: number): number {
      out = buf;
      cap = buf.length;
      o = at;
      let i = from;
      let start = at;
      try {
        for (; i < to; i++) {
          start = o;
          if (cap - o < ROW_RESERVE) throw FULL;
          const r = rows[i]!;
          const app = appCells(r[2]);
          const mid = middleCells(r);
          const seq = r[0];
          if (Number.isSafeInteger(seq) && seq >= 0) putInt(seq);
          else putText(String(seq));
          out[o++] = COMMA;
          putId(r[11]);
          out[o++] = COMMA;
          putTime(r[1]);
          out[o++] = COMMA;
          if (r[10] === null) putBytes(app.allB);
          else {
            putBytes(app.nameB);
            out[o++] = COMMA;
            putText(cell(r[10]));
            out[o++] = COMMA;
            putBytes(app.idB);
          }
          out[o++] = COMMA;
          putBytes(mid.middleB);
          const phone = r[12];
          if (typeof phone === 'number') putPhone(phone);
          else putText(cell(exportPhone(safePhone(phone))));
          out[o++] = COMMA;
          putBytes(authTypeCell(r[13]).b);
          out[o++] = COMMA;
          const ip = r[14];
          if (typeof ip === 'number') putIp(ip);
          else putText(cell(ip));
          out[o++] = COMMA;
          putId(r[15]);
          putBytes(mid.endB);
        }
        start = o;
      } catch (e) {
        if (e !== FULL) throw e;
      }
      enc.next = i;
      out = none;
      return start;
    },
  };
  return enc;
}
