/**
 * The records-page parser against the general path it shortcuts (JSON.parse of the body as UTF-8,
 * then authRecordsPageSchema): on every body, hostile ones included, it either leaves (null) or
 * gives exactly the general path's value, key order included — and it does not leave on the plain
 * pages a platform sends, or the shortcut would be dead code.
 *
 * The same for its read straight into the store's batch (readRecordsBatch) against the general path
 * then prepareRecordBatch: on every body it answers exactly when the parser answers and the batch can
 * be prepared, and then with exactly that batch (every column, dictionary list and rollup sum).
 */
import { describe, expect, it } from 'vitest';
import { authRecordSchema, authRecordsPageSchema } from '../../../../shared/platform/schemas';
import { EmulatedPlatform } from '../../../../emulator/platform';
import { resolveOptions } from '../../../../emulator/options';
import { parseRecordsPage, readRecordsBatch, RECORD_KEYS, type RecordsPageBody } from './records-page-parser';
import { prepareRecordBatch, type RecordBatch } from '../store/record-batch';
import { pageRecord } from './testing/records';
import { mulberry32 as rng } from '../../../../shared/random/mulberry32';

/** The general path: its value, or null when it refuses the body. */
function general(body: Buffer): unknown {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const r = authRecordsPageSchema.safeParse(json);
  return r.success ? r.data : null;
}

/** Same values and same key order, recursively (toEqual ignores key order). */
const exact = (v: unknown): string => JSON.stringify(v);

/** The general path's page prepared for the store, or null when it refuses the body or the batch cannot be prepared. */
function preparedGeneral(body: Buffer): { batch: RecordBatch; nextSeq: number; hasMore: boolean } | null {
  const g = general(body) as RecordsPageBody | null;
  if (g === null) return null;
  try {
    return { batch: prepareRecordBatch(g.items), nextSeq: g.nextSeq, hasMore: g.hasMore };
  } catch {
    return null;
  }
}

/**
 * The property: the parser leaves, or agrees with the general path (which then accepts); the batch
 * reader answers exactly when the parser does and the page can be prepared, with exactly that batch.
 * Returns whether the parser answered.
 */
function agrees(body: Buffer): boolean {
  const direct = parseRecordsPage(body);
  const batch = readRecordsBatch(body);
  if (direct === null) {
    expect(batch, `the batch reader answered where the parser leaves: ${body.toString('utf8').slice(0, 300)}`).toBeNull();
    return false;
  }
  const g = general(body);
  expect(g, `the parser accepted a body the general path refuses: ${body.toString('utf8').slice(0, 300)}`).not.toBeNull();
  expect(exact(direct)).toBe(exact(g));
  const prepared = preparedGeneral(body);
  if (prepared === null) expect(batch, 'the batch reader answered for a page that cannot be prepared').toBeNull();
  else expect(batch, `the batch reader differs: ${body.toString('utf8').slice(0, 300)}`).toStrictEqual(prepared);
  return true;
}

const PIECES = [
  'a',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  'ß',
  '成功',
  '号码',
  '😀',
  '\ud800',
  '\udfff',
  '\u2028',
  '\ufeff',
  'rec_',
  '****',
];

function randomText(r: () => number, max = 6): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)]!;
  return s;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

/** Instants of the usual form (read from the bytes by the batch reader) and near it. */
const USUAL_INSTANTS = [
  '2026-11-01T10:00:00.000+08:00',
  '2026-11-01T02:00:00.000Z',
  '2024-02-29T23:59:59.999-00:30',
  '1970-01-01T00:00:00.000Z',
  '2026-12-31T16:00:00.000+00:00',
  '2026-11-01T09:59:59.999+23:59',
];
/** Other forms the schema accepts, some of them no instant at all (the page then cannot be prepared). */
const OTHER_INSTANTS = [
  '2026-11-01T02:00:00Z',
  '2026-11-01T02:00:00.123456789-05:30',
  '2026-11-01T02:00:00.5+08:00',
  '2026-02-30T10:00:00.000Z',
  '2026-02-29T10:00:00.000+08:00',
  '2026-13-01T00:00:00.000Z',
  '2026-11-01T24:00:00.000Z',
  '2026-11-01T10:60:00.000Z',
  '2026-11-01T10:00:00.000+24:00',
  '0099-01-01T00:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
];
/** Record ids of the compact form and near it. */
const RECORD_IDS = [
  'rec_0a1b2c3d',
  'rec_0a1b2c3dxyz019',
  'rec_ffffffff0',
  'rec_0A1B2C3D',
  'rec_0a1b2c3',
  'rec_0a1b2c3g',
  'rec_g0a1b2c3',
  'rec_0a1b2c3d-x',
  'rec_0a1b2c3dZ',
  'rec_0a1b2c3d{',
  'REC_0a1b2c3d',
];
/** Trace ids of the compact form (whole bytes of lowercase hex, read into bytes by the batch reader) and near it. */
const TRACE_IDS = ['00', 'ff', '0a1b2c3d4e5f60718293a4b5c6d7e8f9', '0a1', '0A1B', '0a1g', 'g0a1', '0a:b', '0a`b', '0a/b', '0a1b2c3d4e5f60718293a4b5c6d7e8f9ab'];

/** A record the schema accepts, with hostile but valid text in its free-text fields. */
function validRecord(r: () => number, seq: number): Record<string, unknown> {
  const rec: Record<string, unknown> = { ...pageRecord(seq) };
  for (const k of ['recordId', 'id', 'appId', 'resultCode', 'description', 'traceId'] as const) if (r() < 0.5) rec[k] = randomText(r);
  for (const k of ['carrierCode', 'authType', 'clientIp'] as const) rec[k] = r() < 0.2 ? null : r() < 0.5 ? randomText(r) : rec[k];
  rec.capability = pick(r, ['login', 'verify']);
  rec.operator = pick(r, ['CMCC', 'CUCC', 'CTCC']);
  rec.outcome = pick(r, [null, 'match', 'mismatch', 'unknown']);
  rec.success = r() < 0.5;
  rec.maskedPhone =
    r() < 0.2
      ? null
      : `${pick(r, ['1', '1', '0', '9'])}${Math.floor(r() * 100)
          .toString()
          .padStart(2, '0')}****${Math.floor(r() * 10000)
          .toString()
          .padStart(4, '0')}`;
  rec.requestTime = pick(r, USUAL_INSTANTS.concat(OTHER_INSTANTS));
  if (r() < 0.3) rec.recordId = pick(r, RECORD_IDS);
  if (r() < 0.3) rec.traceId = pick(r, TRACE_IDS);
  rec.seq = pick(r, [seq, 999_999_999_999_999]);
  return rec;
}

/** Values the schema refuses or a plain reader should not take, for one field. */
const HOSTILE_VALUES: readonly unknown[] = [
  0,
  -1,
  1.5,
  1e21,
  2 ** 53,
  '1',
  true,
  null,
  [],
  {},
  'login ',
  'Login',
  'CMCC\u0000',
  'cmcc',
  '2026-11-01T10:00:00',
  '2026-11-01 10:00:00+08:00',
  '２０２６-11-01T10:00:00Z',
  '138****000',
  '１38****0000',
  '',
];

function shuffled<T>(r: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Serialised as a platform might: compact or indented, keys in the schema's order or any. */
function serialise(r: () => number, page: { items: Record<string, unknown>[]; nextSeq: unknown; hasMore: unknown }): Buffer {
  const reorder = r() < 0.3;
  const items = reorder ? page.items.map((it) => Object.fromEntries(shuffled(r, Object.entries(it)))) : page.items;
  const body = reorder ? Object.fromEntries(shuffled(r, Object.entries({ ...page, items }))) : { ...page, items };
  const text = r() < 0.3 ? JSON.stringify(body, null, pick(r, [1, 2, '\t'])) : JSON.stringify(body);
  return Buffer.from(r() < 0.2 ? escapeSome(r, text) : text, 'utf8');
}

/** The same JSON with some letters and digits inside its strings (keys and values) written as \u escapes. */
function escapeSome(r: () => number, text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!inString) {
      if (c === '"') inString = true;
      out += c;
    } else if (c === '\\') {
      // An escape the text already has, whole: \" \\ \n … or \uXXXX.
      const n = text[i + 1] === 'u' ? 6 : 2;
      out += text.slice(i, i + n);
      i += n - 1;
    } else if (c === '"') {
      inString = false;
      out += c;
    } else out += /[A-Za-z0-9]/.test(c) && r() < 0.1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

describe('records page parser', () => {
  it('knows the record keys of the schema, in its order', () => {
    expect(RECORD_KEYS).toEqual(Object.keys(authRecordSchema.shape));
  });

  it("reads the emulator's pages exactly as JSON.parse and the schema do, its escaped non-ASCII text included", () => {
    // A fixed clock at noon in Shanghai: on the system clock, just after Shanghai midnight the day in progress
    // held almost nothing and the history fell to three pages.
    const noon = Date.UTC(2026, 11, 5, 4);
    const platform = new EmulatedPlatform(resolveOptions({ seed: 7, days: 3, daily: 1500, now: () => noon }));
    let after = 0;
    let pages = 0;
    let nonAscii = 0;
    for (;;) {
      const body = platform.feed.page(after, 1000).body;
      expect(agrees(body)).toBe(true);
      const page = parseRecordsPage(body)!;
      nonAscii += page.items.filter((i) => /[\u0080-\uffff]/.test(i.description)).length;
      pages++;
      after = page.nextSeq;
      if (!page.hasMore) break;
    }
    expect(pages).toBeGreaterThan(3);
    expect(nonAscii).toBeGreaterThan(0);
  });

  it('answers every valid page exactly, whatever its text, spacing and key order', () => {
    const r = rng(1);
    for (let c = 0; c < 400; c++) {
      const items = Array.from({ length: Math.floor(r() * 4) }, (_, i) => validRecord(r, i + 1));
      const body = serialise(r, { items, nextSeq: Math.floor(r() * 1000), hasMore: r() < 0.5 });
      expect(agrees(body), `case ${c}: ${body.toString('utf8').slice(0, 300)}`).toBe(true);
    }
  });

  it('keeps non-ASCII and escaped text exact', () => {
    const rec = { ...pageRecord(1), description: '号码校验失败 "é" \\ \n 😀 \u2028', authType: '\ud83d', resultCode: '\u0000x' };
    const page = parseRecordsPage(Buffer.from(JSON.stringify({ items: [rec], nextSeq: 1, hasMore: false }), 'utf8'));
    expect(page?.items[0]?.description).toBe(rec.description);
    expect(page?.items[0]?.authType).toBe('\ud83d');
    expect(page?.items[0]?.resultCode).toBe('\u0000x');
  });

  it('never accepts what the schema refuses: a hostile value in any field, a missing, extra or repeated key', () => {
    const r = rng(2);
    let refused = 0;
    for (let c = 0; c < 1500; c++) {
      const items = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => validRecord(r, i + 1));
      const target = pick(r, items);
      const key = pick(r, RECORD_KEYS);
      const mutation = Math.floor(r() * 4);
      if (mutation === 0) target[key] = pick(r, HOSTILE_VALUES);
      else if (mutation === 1) delete target[key];
      else if (mutation === 2) target[pick(r, ['extra', 'seq ', 'Seq', '__proto__', 'constructor'])] = 1;
      let body = serialise(r, { items, nextSeq: pick(r, [5, 0, -1, 1.5, '5', null]), hasMore: pick(r, [true, false, 0, 'true']) });
      if (mutation === 3) {
        // A repeated key: JSON.parse keeps the last one.
        const text = body.toString('utf8');
        const at = text.indexOf(`"${key}":`);
        body = Buffer.from(`${text.slice(0, at)}"${key}":${JSON.stringify(pick(r, HOSTILE_VALUES))},${text.slice(at)}`, 'utf8');
      }
      agrees(body);
      if (general(body) === null) refused++;
    }
    expect(refused).toBeGreaterThan(500);
  });

  it('leaves or agrees on bodies broken byte by byte: cut, spliced, invalid UTF-8', () => {
    const r = rng(3);
    const base = serialise(r, { items: [validRecord(r, 1), validRecord(r, 2)], nextSeq: 2, hasMore: true });
    const bytes = [0x00, 0x20, 0x22, 0x2c, 0x30, 0x31, 0x2d, 0x2e, 0x3a, 0x45, 0x5b, 0x5c, 0x5d, 0x65, 0x6e, 0x75, 0x7b, 0x7d, 0x80, 0xc3, 0xe6, 0xef, 0xff];
    let answered = 0;
    for (let c = 0; c < 3000; c++) {
      const b = Buffer.from(base);
      let body: Buffer;
      const at = Math.floor(r() * b.length);
      const kind = Math.floor(r() * 5);
      if (kind === 0) {
        b[at] = pick(r, bytes);
        body = b;
      } else if (kind === 1) body = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
      else if (kind === 2) body = Buffer.concat([b.subarray(0, at), Buffer.from([pick(r, bytes)]), b.subarray(at)]);
      else if (kind === 3) body = b.subarray(0, at);
      else
        body = Buffer.concat([
          pick(r, [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' \n'), Buffer.alloc(0)]),
          b,
          pick(r, [Buffer.from('x'), Buffer.from(' '), Buffer.from(',')]),
        ]);
      if (agrees(body)) answered++;
    }
    // Many single-byte changes leave a page the schema accepts (a digit, a letter in free text): those are answered too.
    expect(answered).toBeGreaterThan(100);
  });
});
