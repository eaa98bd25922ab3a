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

/** toShanghaiIso, with the date part worked out once per Shanghai day (rows come in time order). */
export function shanghaiIsoClock(): (ms: number) => string {
  let start = 0;
  let end = -1;
  let prefix = '';
  return (ms) => {
    if (ms < start || ms >= end) {
      start = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
      end = start + DAY_MS;
      prefix = toShanghaiIso(start).slice(0, -18); // "YYYY-MM-DDT" (the year may be longer or signed)
    }
    const t = ms - start;
    return `${prefix}${pad2(Math.floor(t / 3_600_000))}:${pad2(Math.floor(t / 60_000) % 60)}:${pad2(Math.floor(t / 1000) % 60)}.${pad3(t % 1000)}+08:00`;
  };
}

const cell = (v: string | null): string => csvField(text(v));

/** A formatter of compact rows into CSV lines (CRLF-ended), with its caches. */
export function compactCsvLines(locale: ExportLocale, dict: CompactDictionaries): (rows: readonly CompactRow[], from?: number, to?: number) => string {
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
  const apps = new Map<number, { all: string; name: string; id: string }>();
  const appCells = (key: number): { all: string; name: string; id: string } => {
    let v = apps.get(key);
    if (!v) {
      const a = dict.app(key);
      const name = cell(a?.name ?? null);
      const id = cell(a?.id ?? null);
      v = { all: `${name},${cell(a?.appId ?? null)},${id}`, name, id };
      apps.set(key, v);
    }
    return v;
  };
  const codes = new Map<number, string>();
  const codeCell = (key: number): string => {
    let v = codes.get(key);
    if (v === undefined) codes.set(key, (v = cell(dict.code(key) ?? null)));
    return v;
  };
  // "carrierCode,carrierMeaning" per operator × carrier code key.
  const carriers = new Map<number, string>();
  const carrierCells = (op: number, key: number | null): string => {
    if (key === null) return ',';
    const k = key * 4 + op;
    let v = carriers.get(k);
    if (v === undefined) {
      const code = dict.code(key) ?? null;
      const meaning = decode(operatorCode[op]!, code);
      carriers.set(k, (v = `${cell(code)},${cell(locale === 'zh-CN' ? meaning.zh : meaning.en)}`));
    }
    return v;
  };
  const descriptions = new Map<number, string>();
  const descriptionCell = (key: number): string => {
    let v = descriptions.get(key);
    if (v === undefined) descriptions.set(key, (v = cell(dict.description(key) ?? null)));
    return v;
  };
  // A catalogue description is the store's adopted text for (operator, carrier code, else result code);
  // the combination cache below keys on all three, so this runs once per combination.
  const rowDescriptionCell = (r: CompactRow): string =>
    r[9] === CATALOGUE_DESCRIPTION ? cell(dict.catalogue(r[3], r[8] !== null, r[8] ?? r[7]) ?? null) : descriptionCell(r[9]);
  const authTypes = new Map<string | null, string>();
  const authTypeCell = (t: string | null): string => {
    let v = authTypes.get(t);
    if (v === undefined) authTypes.set(t, (v = cell(t)));
    return v;
  };
  // A time whose date part needs nothing (it starts with a digit) needs nothing at all.
  const timeCell = (ms: number): string => {
    const iso = clock(ms);
    const c = iso.charCodeAt(0);
    return c >= 48 && c <= 57 ? iso : csvField(iso);
  };

  // "capability,…,outcome," and ",billable\r\n" of one combination of the row's small codes and
  // dictionary keys (a few hundred at most): two map lookups per row instead of nine cells.
  const cellsOf = (r: CompactRow): { middle: string; end: string } => {
    const cap = r[4];
    const op = r[3];
    const ok = r[5];
    const oc = r[6];
    return {
      middle:
        `${capability[cap]},${operator[op]},${result[ok]},${codeCell(r[7])},${carrierCells(op, r[8])},${rowDescriptionCell(r)},` +
        `${oc === null ? '' : (outcome[oc] ?? '')},`,
      end: `,${billable[(cap === 0 ? ok === 1 : oc !== null && oc < 2) ? 1 : 0]}\r\n`,
    };
  };
  const middles = new Map<number, Map<number, { middle: string; end: string }>>();
  const middleCells = (r: CompactRow): { middle: string; end: string } => {
    const cap = r[4];
    const op = r[3];
    const ok = r[5];
    const oc = r[6];
    const small = ((cap * 3 + op) * 2 + ok) * 4 + (oc === null ? 3 : oc);
    if (r[7] >= KEY_LIMIT || (r[8] ?? 0) >= KEY_LIMIT || r[9] >= KEY_LIMIT) return cellsOf(r);
    const k1 = r[9] * 64 + small;
    let byCodes = middles.get(k1);
    if (!byCodes) middles.set(k1, (byCodes = new Map()));
    const k2 = r[7] * KEY_LIMIT + (r[8] === null ? 0 : r[8] + 1);
    let v = byCodes.get(k2);
    if (!v) byCodes.set(k2, (v = cellsOf(r)));
    return v;
  };

  return (rows, from = 0, to = rows.length) => {
    let out = '';
    for (let i = from; i < to; i++) {
      const r = rows[i]!;
      const app = appCells(r[2]);
      const mid = middleCells(r);
      const phone = r[12];
      const ip = r[14];
      out +=
        `${r[0]},${cell(r[11])},${timeCell(r[1])},${r[10] === null ? app.all : `${app.name},${cell(r[10])},${app.id}`},${mid.middle}` +
        `${typeof phone === 'number' ? decodePhone(phone) : cell(exportPhone(safePhone(phone)))},${authTypeCell(r[13])},` +
        `${typeof ip === 'number' ? decodeIp(ip) : cell(ip)},${cell(r[15])}${mid.end}`;
    }
    return out;
  };
}
