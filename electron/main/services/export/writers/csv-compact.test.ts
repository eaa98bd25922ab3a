/**
 * The CSV fast path (compact rows, in-memory dictionaries, per-key caches) writes exactly the bytes
 * of the general path (RecordItems through the decoding view, displayCells, csvLine) on a few
 * thousand varied records: quotes, commas, line breaks, formula prefixes, whole phone numbers in
 * free text, values the codec keeps verbatim (odd record ids, trace ids, phones, IPs), a record
 * carrying another appId than its app's, apps never synced, ties in time across page edges.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportLocale } from '../../../../../shared/contract/export';
import type { RecordsFilter } from '../../../../../shared/contract/records-filter';
import type { PlatformAuthRecord } from '../../../../../shared/platform/schemas';
import { toShanghaiIso } from '../../../../../shared/time/shanghai';
import { mulberry32 } from '../../../../../shared/random/mulberry32';
import { fixtureRecords, insertFixtureApps, type FixtureApp } from '../../records/testing/fixture';
import { authRecordsWriter } from '../../store/auth-records-repo';
import { displayCells, headerRow } from '../columns';
import { openRecordSnapshot } from '../record-source';
import { runExport } from '../run-export';
import { exportTestBed, type ExportTestBed } from '../testing/support';
import type { CompactDictionaries, CompactRow } from '../compact-rows';
import { compactCsvEncoder, shanghaiIsoClock, type CompactCsvEncoder } from './csv-compact';
import { csvLine } from './csv-writer';

const apps: FixtureApp[] = [
  { id: 'app-alpha', appId: 'A1000001', name: '=HYPERLINK("http://x","点我")', status: 'approved', platform: 'android' },
  { id: 'app-beta', appId: 'B2000002', name: 'Beta, "支付"\r\n第二行', status: 'approved', platform: 'ios' },
  { id: 'app-gamma', appId: null, name: '+cmd 13812345678', status: 'pending', platform: 'h5' },
  { id: 'app-delta', appId: 'D4000004', name: '-20101', status: 'deleted', platform: 'android' },
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** The fixture's records with one field or another replaced by something awkward, about half of them. */
function variedRecords(): PlatformAuthRecord[] {
  const r = mulberry32(4242);
  const awkward = [
    'a,b',
    'say "hi"',
    'two\nlines',
    'cr\r\nlf',
    '=1+1',
    '+cmd',
    '-cmd',
    '@SUM(A1)',
    '\tTab',
    '\rCR',
    '-20101',
    '+8.5',
    '',
    ' 13912345678 ',
    '中文，逗号',
  ];
  return fixtureRecords(2500, 777).map((rec, i) => {
    const x: PlatformAuthRecord = { ...rec };
    switch (i % 12) {
      case 0:
        x.description = pick(r, awkward);
        break;
      case 1:
        x.recordId = pick(r, ['rec_deadbeefXYZ', 'rec-with,comma', '=cmd()', 'rec_0123abcd', `rec_0a1b2c3d${i}`, 'id "q"', 'x13812345678']);
        break;
      case 2:
        x.maskedPhone = pick(r, ['13812345678', '+86 138 1234 5678', 'garbage', '', '099****1234', '138****5678', null]);
        break;
      case 3:
        x.clientIp = pick(r, ['::1', '=1+1', '999.1.1.1', '192.168.100.200', '0.0.0.0', '255.255.255.255', null, '10.0.0.1, 10.0.0.2']);
        break;
      case 4:
        // Hex ids as sync stores them, and the edges of the one-pass check for ids (csv-compact plainCell):
        // 10 digits, 11 split by spaces/dashes, +86 in front, digit runs broken by a letter.
        x.traceId = pick(r, [
          '0a13812345678b',
          'Trace-ID,1',
          'ABCDEF',
          '-ff00',
          `${i}`.padStart(12, '1'),
          'abc',
          '9f86d081884c7d659a2feaa0c55ad015',
          'a1381234567b',
          'ab 138-1234-5678 cd',
          'x+8613812345678',
          '1381234567a8',
          'say "x"',
          '',
        ]);
        break;
      case 5:
        x.authType = pick(r, ['=x', 'a,b', null, '1', '2']);
        break;
      case 6:
        x.appId = pick(r, ['OTHER,1', '=evil', 'A1000001-b']);
        break;
      case 7:
        if (!x.success) x.carrierCode = pick(r, ['', '=1', '10,5', '103111', '-20101', null]);
        break;
      case 8:
        x.id = pick(r, ['app-ghost', 'app "odd", id', '=app']);
        break;
      case 9:
        x.resultCode = x.success ? x.resultCode : pick(r, ['=1', '10500', 'E,1']);
        break;
      default:
        break;
    }
    return x;
  });
}

let bed: ExportTestBed;
beforeAll(() => {
  bed = exportTestBed({ records: false });
  const db = bed.t.workspace.db;
  insertFixtureApps(db, apps);
  db.transaction(() => authRecordsWriter(db).insert(variedRecords()))();
});
afterAll(() => bed.cleanup());

/** The general path's bytes: RecordItems as the search reads them, each line through displayCells and csvLine. */
function referenceCsv(filter: RecordsFilter, locale: ExportLocale): Buffer {
  const snap = openRecordSnapshot(bed.t.workspace.db, filter);
  try {
    let out = `\uFEFF${csvLine(headerRow(locale))}`;
    for (const batch of snap.batches(333)) for (const item of batch) out += csvLine(displayCells(item, locale));
    return Buffer.from(out, 'utf8');
  } finally {
    snap.close();
  }
}

let n = 0;
describe('the CSV fast path', () => {
  const filters: RecordsFilter[] = [
    {},
    { app: 'app-alpha' },
    { app: 'app-ghost' },
    { code: '10500' },
    { result: 'failure', operator: 'CMCC' },
    { from: '2026-10-20T09:30:00+08:00', to: '2026-11-02T17:45:10.5+08:00', capability: 'verify' },
  ];
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const filter of filters)
      it(`writes the general path's bytes (${locale}, ${JSON.stringify(filter)})`, async () => {
        const target = join(bed.dir, `fast-${++n}.csv`);
        // A small page size: many page edges, some inside runs of equal request times.
        const res = await runExport(bed.env({ batchSize: 97 }), { exportId: `exp_compact_${n}`, filter, format: 'csv', locale, target });
        const want = referenceCsv(filter, locale);
        const got = readFileSync(target);
        expect(res.rows).toBeGreaterThan(0);
        if (JSON.stringify(filter) === '{}') expect(res.rows).toBe(2500);
        expect(got.length).toBe(want.length);
        expect(got.equals(want)).toBe(true);
      });

  it('neutralises formulas and masks whole phone numbers on the fast path too', () => {
    const csv = readFileSync(join(bed.dir, 'fast-1.csv'), 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(csv).toContain("'=cmd()");
    expect(csv).toContain('0a138****5678b');
    expect(csv).not.toMatch(/(?<![0-9])1[3-9][0-9]{9}(?![0-9])/);
  });
});

describe('shanghaiIsoClock', () => {
  it('formats as toShanghaiIso does, in order and out of it', () => {
    const clock = shanghaiIsoClock();
    const r = mulberry32(9);
    const times: number[] = [0, -1, 1, Date.parse('2026-10-31T16:00:00Z'), Date.parse('2026-10-31T15:59:59.999Z'), -62_000_000_000_000, 253_402_300_799_999];
    for (let i = 0; i < 5000; i++) times.push(Math.floor((r() - 0.3) * 4e12));
    let ms = Date.parse('2026-11-15T04:00:00Z');
    for (let i = 0; i < 5000; i++) times.push((ms -= Math.floor(r() * 40_000)));
    for (const t of times) expect(clock(t)).toBe(toShanghaiIso(t));
  });
});

/** Every line of `rows` through encode() into buffers of `size` bytes (appending while lines fit), and text where none fits. */
function encodeAll(enc: CompactCsvEncoder, rows: readonly CompactRow[], size: number, step: number): { bytes: Buffer; asText: number } {
  const parts: Buffer[] = [];
  let asText = 0;
  let buf = Buffer.alloc(size);
  let at = 0;
  for (let i = 0; i < rows.length;) {
    const end = enc.encode(rows, i, Math.min(rows.length, i + step), buf, at);
    if (enc.next > i) {
      expect(end).toBeGreaterThan(at);
      expect(end).toBeLessThanOrEqual(size);
      at = end;
      i = enc.next;
      continue;
    }
    expect(end).toBe(at);
    parts.push(buf.subarray(0, at));
    if (at === 0) {
      // Not one line fits an empty buffer: the caller writes it as text.
      parts.push(Buffer.from(enc.lines(rows, i, i + 1), 'utf8'));
      asText++;
      i++;
    }
    buf = Buffer.alloc(size);
    at = 0;
  }
  parts.push(buf.subarray(0, at));
  return { bytes: Buffer.concat(parts), asText };
}

describe('the CSV encoder as bytes', () => {
  it('writes the UTF-8 of its text lines into buffers of any size, whole lines only', () => {
    const snap = openRecordSnapshot(bed.t.workspace.db, {});
    try {
      const { dictionaries, batches } = snap.compactBatches(5000);
      const rows = [...batches].flat();
      expect(rows.length).toBe(2500);
      for (const locale of ['zh-CN', 'en-US'] as const) {
        const enc = compactCsvEncoder(locale, dictionaries);
        const want = Buffer.from(enc.lines(rows), 'utf8');
        for (const [size, step] of [
          [200, 7],
          [333, 1000],
          [1024, 37],
          [4099, 2500],
          [1 << 20, 2500],
        ] as const) {
          const got = encodeAll(enc, rows, size, step);
          // Buffers smaller than most lines send those as text; larger ones never need to.
          if (size === 200) expect(got.asText).toBeGreaterThan(100);
          if (size >= 1024) expect(got.asText).toBe(0);
          expect(got.bytes.length).toBe(want.length);
          expect(got.bytes.equals(want)).toBe(true);
        }
      }
    } finally {
      snap.close();
    }
  });

  it('writes the numbers it writes digit by digit as the text path does, at their edges', () => {
    const dict: CompactDictionaries = {
      app: (key) => (key === 1 ? { id: 'app-1', appId: 'A1', name: '应用' } : undefined),
      code: (key) => String(key),
      description: () => '成功',
      catalogue: () => undefined,
    };
    const base: CompactRow = [1, Date.parse('2026-11-15T04:00:00Z'), 1, 0, 0, 1, null, 200, null, 3, null, 'rec_1', 1381234, '1', 167772161 - 2 ** 31, 'ab'];
    const phones = [0, 5, 12, 123, 1234, 13812345678, 99999999999, -1, -13812345678, 2 ** 53, 1.5, 1e21];
    const ips = [-(2 ** 31), 2 ** 31 - 1, 0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 40, 0.5];
    const times = [0, -1, 1, 59_999, 60_000, -62_000_000_000_000, 253_402_300_799_999, 253_402_300_800_000, 1.5, Date.parse('2026-10-31T15:59:59.999Z')];
    const seqs = [0, 9, 10, 2 ** 53 - 1, 2 ** 53, -3, 0.25];
    const rows: CompactRow[] = [];
    for (const p of phones) rows.push(Object.assign([...base], { 12: p }) as CompactRow);
    for (const ip of ips) rows.push(Object.assign([...base], { 14: ip }) as CompactRow);
    for (const t of times) rows.push(Object.assign([...base], { 1: t }) as CompactRow);
    for (const s of seqs) rows.push(Object.assign([...base], { 0: s }) as CompactRow);
    rows.push(Object.assign([...base], { 10: 'OTHER,1', 11: '中文id', 15: '=x', 13: null, 12: '13812345678' }) as CompactRow);
    const enc = compactCsvEncoder('zh-CN', dict);
    const want = Buffer.from(enc.lines(rows), 'utf8');
    for (const size of [256, 4096]) expect(encodeAll(enc, rows, size, rows.length).bytes.equals(want)).toBe(true);
    // And they are what decodePhone / decodeIp / toShanghaiIso say.
    const text = enc.lines(rows);
    expect(text).toContain(',12****,');
    expect(text).toContain(',138****12345678,');
    expect(text).toContain(',10.0.0.1,');
    expect(text).toContain(`,${toShanghaiIso(-62_000_000_000_000)},`);
  });
});
