/**
 * The prepared ingest path (record-batch.ts + authRecordsWriter.insertBatch) stores exactly what the
 * codec's reference encoder (compactRow, bound value by value) stores — every column's bytes and type,
 * every dictionary row — for records with values the codec keeps verbatim; a page partly stored
 * already adds only its new records to the rollups (checked against the rollups recomputed from the
 * records in SQL) and to the rollup journal; a batch posted across threads (buffers transferred)
 * stores the same.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../shared/random/mulberry32';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import type { Db } from '../db/open';
import { fixtureRecords, insertFixtureApps } from '../records/testing/fixture';
import { openTestWorkspaceDb } from '../testing/context';
import { authRecordsWriter } from './auth-records-repo';
import { fromPlatformRecord } from './content-digest';
import { batchTransferList, instantMs, mergeRollups, prepareRecordBatch, type BatchRollups } from './record-batch';
import { COMPACT_COLUMNS, compactRow, recordDictionaries } from './record-codec';
import { watchRollups, type RollupDelta } from './rollup-journal';
import { rollupsRepo } from './rollups-repo';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Fixture records, a third of them with a field the codec cannot encode (kept verbatim) or an unusual app. */
function variedRecords(): PlatformAuthRecord[] {
  const r = mulberry32(1313);
  return fixtureRecords(3000, 4141).map((rec, i) => {
    const x: PlatformAuthRecord = { ...rec };
    switch (i % 9) {
      case 0:
        x.recordId = pick(r, ['rec_deadbeefXYZ', 'rec_DEADBEEF', 'rec_0123abcd', `rec_0a1b2c3d${i}`, 'odd id', '']);
        break;
      case 1:
        x.maskedPhone = pick(r, ['099****1234', '138****5678', '100****0000', null]);
        break;
      case 2:
        x.clientIp = pick(r, ['::1', '999.1.1.1', '0.0.0.0', '255.255.255.255', '128.0.0.0', '127.255.255.255', null, '01.2.3.4']);
        break;
      case 3:
        x.traceId = pick(r, ['ABCDEF', 'abc', '', '00ff', `${i}`.padStart(12, '1'), 'zz']);
        break;
      case 4:
        x.appId = pick(r, ['OTHER-1', 'A1000001-b']);
        break;
      case 5:
        if (!x.success) x.carrierCode = pick(r, ['', '103111', x.resultCode, null]);
        break;
      case 6:
        x.description = pick(r, ['', '自定义描述', x.description]);
        break;
      case 7:
        x.authType = pick(r, [null, '1', 'x', '']);
        break;
      default:
        break;
    }
    return x;
  });
}

function quoted(db: Db, table: string, columns: readonly string[], order: string): unknown[][] {
  return db
    .prepare(`SELECT ${columns.map((c) => `quote(${c})`).join(', ')} FROM ${table} ORDER BY ${order}`)
    .raw()
    .all() as unknown[][];
}

function storedRows(db: Db): Record<string, unknown[][]> {
  return {
    rows: quoted(db, 'auth_record_rows', COMPACT_COLUMNS, 'seq'),
    apps: quoted(db, 'record_apps', ['app', 'id', 'app_id'], 'app'),
    codes: quoted(db, 'record_codes', ['code', 'text'], 'code'),
    descriptions: quoted(db, 'record_descriptions', ['description', 'text'], 'description'),
    catalogue: quoted(db, 'record_catalogue', ['operator', 'carrier', 'code', 'text'], '1, 2, 3'),
  };
}

/** The reference: the codec's encoder, one row at a time, with a plain INSERT. */
function referenceInsert(db: Db, records: readonly PlatformAuthRecord[]): void {
  const ins = db.prepare(`INSERT INTO auth_record_rows (${COMPACT_COLUMNS.join(', ')}) VALUES (${COMPACT_COLUMNS.map(() => '?').join(', ')})`);
  db.transaction(() => {
    const dict = recordDictionaries(db);
    for (const r of records) ins.run(...compactRow(fromPlatformRecord(r), dict));
  })();
}

const ROLLUPS = [
  'rollup_daily',
  'rollup_hourly',
  'rollup_failures',
  'rollup_codes_hourly',
  'rollup_codes_daily',
  'rollup_billable_daily',
  'rollup_slots',
  'rollup_slot_failures',
];
function rollups(db: Db): Record<string, unknown[]> {
  return Object.fromEntries(
    ROLLUPS.map((t) => [
      t,
      db
        .prepare(`SELECT * FROM ${t}`)
        .raw()
        .all()
        .map((r) => JSON.stringify(r))
        .sort(),
    ]),
  );
}

/** variedRecords with some records a day and a half later, in the same page (a sparse feed). */
function sparseRecords(): PlatformAuthRecord[] {
  return variedRecords().map((r, i) => (i % 11 === 0 ? { ...r, requestTime: new Date(Date.parse(r.requestTime) + 36 * 3_600_000).toISOString() } : r));
}

/** The reference rollup sums: string keys built from each record's own fields, as the tables key their rows. */
function referenceSums(records: readonly PlatformAuthRecord[]): Map<string, number[]> {
  const sums = new Map<string, number[]>();
  const add = (key: string, values: number[]): void => {
    const v = sums.get(key);
    if (v) values.forEach((x, i) => (v[i]! += x));
    else sums.set(key, [...values]);
  };
  const billableOf = (r: PlatformAuthRecord): number =>
    r.capability === 'login' ? (r.success ? 1 : 0) : r.outcome === 'match' || r.outcome === 'mismatch' ? 1 : 0;
  for (const r of records) {
    const ms = Date.parse(r.requestTime) + 8 * 3_600_000;
    const date = new Date(ms).toISOString().slice(0, 10);
    const hour = new Date(ms).getUTCHours();
    const slot = hour * 6 + Math.floor(new Date(ms).getUTCMinutes() / 10);
    const cell = [r.id, r.operator, r.capability].join('|');
    const ok = r.success ? 1 : 0;
    add(`d|${date}|${cell}`, [1, ok, billableOf(r)]);
    add(`h|${date}|${hour}|${cell}`, [1, ok, billableOf(r)]);
    add(`s|${date}|${slot}|${cell}`, [1, ok]);
    if (!r.success) {
      const cc = r.carrierCode ?? '';
      add(`f|${date}|${cell}|${r.resultCode}|${cc}`, [1]);
      add(`sf|${date}|${slot}|${cell}|${r.resultCode}|${cc}`, [1]);
      add(`c|${r.resultCode}|${date}|${hour}`, [1]);
      if (cc !== '' && cc !== r.resultCode) add(`c|${cc}|${date}|${hour}`, [1]);
    }
  }
  return sums;
}

/** A batch's rollup rows by the same keys; each key at most once. */
function rollupSums(r: BatchRollups): Map<string, number[]> {
  const got = new Map<string, number[]>();
  const put = (key: string, values: number[]): void => {
    expect(got.has(key), `${key} twice`).toBe(false);
    got.set(key, values);
  };
  for (const [date, id, op, cap, ...v] of r.daily) put(`d|${date}|${id}|${op}|${cap}`, v);
  for (const [date, hour, id, op, cap, ...v] of r.hourly) put(`h|${date}|${hour}|${id}|${op}|${cap}`, v);
  for (const [date, slot, id, op, cap, ...v] of r.slots) put(`s|${date}|${slot}|${id}|${op}|${cap}`, v);
  for (const [date, id, op, cap, rc, cc, n] of r.failures) put(`f|${date}|${id}|${op}|${cap}|${rc}|${cc}`, [n]);
  for (const [date, slot, id, op, cap, rc, cc, n] of r.slotFailures) put(`sf|${date}|${slot}|${id}|${op}|${cap}|${rc}|${cc}`, [n]);
  for (const [code, date, hour, n] of r.codes) put(`c|${code}|${date}|${hour}`, [n]);
  return got;
}

describe('the prepared ingest path', () => {
  it('stores every record exactly as the codec encodes it, dictionaries included', () => {
    const records = variedRecords();
    const prepared = openTestWorkspaceDb();
    const reference = openTestWorkspaceDb();
    insertFixtureApps(prepared);
    insertFixtureApps(reference);
    const writer = authRecordsWriter(prepared);
    for (let i = 0; i < records.length; i += 700) {
      const page = records.slice(i, i + 700);
      expect(prepared.transaction(() => writer.insert(page))()).toBe(page.length);
      referenceInsert(reference, page);
    }
    const got = storedRows(prepared);
    // The variety reached both forms of each encoded column.
    const types = prepared
      .prepare('SELECT DISTINCT typeof(record_id) || typeof(masked_phone) || typeof(client_ip) || typeof(trace_id) FROM auth_record_rows')
      .pluck()
      .all();
    expect(types.length).toBeGreaterThan(4);
    expect(got.rows).toHaveLength(records.length);
    expect(got).toEqual(storedRows(reference));
    prepared.close();
    reference.close();
  });

  it('a page partly stored already adds only its new records, to the rollups and to the journal', () => {
    const records = variedRecords();
    const db = openTestWorkspaceDb();
    insertFixtureApps(db);
    const writer = authRecordsWriter(db);
    const deltas: RollupDelta[] = [];
    const stop = watchRollups(db, { added: (d) => deltas.push(d), reset: () => undefined });
    // Pages overlapping the ones before them (a page served again with new records after it), and one wholly stored.
    const pages = [records.slice(0, 900), records.slice(600, 1800), records.slice(1000, 1200), records.slice(1700)];
    const written = pages.map((p) => db.transaction(() => writer.insert(p))());
    expect(written).toEqual([900, 900, 0, records.length - 1800]);
    stop();
    const counted = deltas.flatMap((d) => d.daily).reduce((n, v) => n + v[4], 0);
    expect(counted).toBe(records.length);
    expect(deltas.flatMap((d) => d.slotFailures).reduce((n, v) => n + v[7], 0)).toBe(records.filter((r) => !r.success).length);
    const incremental = rollups(db);
    rollupsRepo(db).rebuild();
    expect(incremental).toEqual(rollups(db));
    db.close();
  });

  it('pages written in groups, one transaction each, store exactly what they store one by one: records, dictionaries, rollups, totals and journal', () => {
    const records = sparseRecords();
    // Pages as a feed brings them, with one served again and one partly stored (a replay straddling the cursor).
    const pages = [
      records.slice(0, 500),
      records.slice(500, 1000),
      records.slice(250, 750),
      records.slice(900, 1500),
      records.slice(1500, 2200),
      records.slice(2200),
    ];
    const write = (groups: number[][]): { db: Db; written: number[]; deltas: RollupDelta[] } => {
      const db = openTestWorkspaceDb();
      insertFixtureApps(db);
      const writer = authRecordsWriter(db);
      const deltas: RollupDelta[] = [];
      watchRollups(db, { added: (d) => deltas.push(d), reset: () => undefined });
      const written = groups.map((g) => db.transaction(() => writer.insertBatches(g.map((k) => prepareRecordBatch(pages[k]!))))());
      return { db, written, deltas };
    };
    const one = write([[0], [1], [2], [3], [4], [5]]);
    const grouped = write([
      [0, 1, 2, 3],
      [4, 5],
    ]);
    expect(one.written).toEqual([500, 500, 0, 500, 700, records.length - 2200]);
    expect(grouped.written).toEqual([1500, 700 + records.length - 2200]);
    expect(storedRows(grouped.db)).toEqual(storedRows(one.db));
    const all = [...ROLLUPS, 'rollup_billable_monthly'];
    const tables = (db: Db): Record<string, unknown[]> =>
      Object.fromEntries(all.map((t) => [t, (db.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort()]));
    const stored = tables(grouped.db);
    expect(stored.rollup_slot_failures!.length).toBeGreaterThan(0);
    expect(stored).toEqual(tables(one.db));
    // And what the records recount to (the six rollups and the totals rebuilt from the stored records).
    rollupsRepo(grouped.db).rebuild();
    expect(tables(grouped.db)).toEqual(stored);
    // The journal: one delta a transaction, the same sums.
    expect(grouped.deltas).toHaveLength(2);
    const journal = (deltas: RollupDelta[]): Map<string, number[]> => rollupSums(mergeRollups(deltas.map((d) => ({ ...d, codes: [] }))));
    expect(journal(grouped.deltas)).toEqual(journal(one.deltas));
    one.db.close();
    grouped.db.close();
  });

  it('stores the same after the batch crosses a thread with its buffers transferred', () => {
    const records = variedRecords().slice(0, 1500);
    const batch = prepareRecordBatch(records);
    const posted = structuredClone(batch, { transfer: batchTransferList(batch) });
    expect(batch.seq.length).toBe(0); // moved, not copied
    expect([batch.blobs.length, batch.blobAt.length, batch.phoneNumber.length]).toEqual([0, 0, 0]);
    expect(posted.blobs.length).toBeGreaterThan(0);
    const db = openTestWorkspaceDb();
    const reference = openTestWorkspaceDb();
    expect(db.transaction(() => authRecordsWriter(db).insertBatch(posted))()).toBe(records.length);
    referenceInsert(reference, records);
    expect(storedRows(db)).toEqual(storedRows(reference));
    db.close();
    reference.close();
  });

  it("sums each page's rollups once per key, equal to a plain per-record count (renamed apps, '' and null carrier codes, days apart)", () => {
    const shifted = sparseRecords();
    const batch = prepareRecordBatch(shifted);
    expect(new Set(batch.apps.map(([id]) => id)).size).toBeLessThan(batch.apps.length); // an id under two appIds
    expect(shifted.some((r) => !r.success && r.carrierCode === '') && shifted.some((r) => !r.success && r.carrierCode === null)).toBe(true);
    expect(rollupSums(batch.rollups)).toEqual(referenceSums(shifted));
  });

  it('adds up the rollups of several pages once per key (a grouped commit), equal to the plain count, leaving each page as it was', () => {
    const shifted = sparseRecords();
    const pages = [0, 1, 2, 3, 4, 5].map((k) => prepareRecordBatch(shifted.slice(k * 500, (k + 1) * 500)));
    const before = JSON.stringify(pages.map((p) => p.rollups));
    const merged = mergeRollups(pages.map((p) => p.rollups));
    expect(rollupSums(merged)).toEqual(referenceSums(shifted));
    // Fewer rows than the pages' together: keys shared between pages are written once.
    const rows = (r: BatchRollups): number => r.daily.length + r.hourly.length + r.failures.length + r.slots.length + r.slotFailures.length + r.codes.length;
    expect(rows(merged)).toBeLessThan(pages.reduce((n, p) => n + rows(p.rollups), 0));
    expect(JSON.stringify(pages.map((p) => p.rollups))).toBe(before);
    // One page is its own sum.
    expect(mergeRollups([pages[0]!.rollups])).toEqual(pages[0]!.rollups);
  });

  it('refuses a page with an instant without its offset, storing nothing of it', () => {
    const records = fixtureRecords(10, 7);
    records[5] = { ...records[5]!, requestTime: records[5]!.requestTime.replace(/(Z|[+-]\d\d:\d\d)$/, '') };
    expect(() => prepareRecordBatch(records)).toThrow(/bad requestTime/);
  });
});

describe('instantMs', () => {
  it('reads every instant as Date.parse does, and refuses one without an offset', () => {
    // The definition: Date.parse, for a time that carries its offset (else NaN: Date.parse would read local time).
    const byDefinition = (s: string): number => (/(Z|[+-]\d{2}:\d{2})$/.test(s) && s.length >= 20 && s[10] === 'T' ? Date.parse(s) : NaN);
    const r = mulberry32(13);
    const two = (max: number): string => String(Math.floor(r() * max)).padStart(2, '0');
    const cases = [
      '2026-12-04T00:00:23.201+08:00',
      '2026-02-29T00:00:00.000Z',
      '2024-02-29T23:59:59.999-05:30',
      '0099-01-01T00:00:00.000Z',
      '2026-12-04T24:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2026-12-04T00:00:00.000',
      '2026-12-04 00:00:00.000Z',
      '2026-12-04T00:00:00Z',
      '2026-12-04T00:00:00.1234+08:00',
    ];
    for (let i = 0; i < 20_000; i++) {
      const year = r() < 0.05 ? String(Math.floor(r() * 10_000)).padStart(4, '0') : String(1970 + Math.floor(r() * 100));
      const offset = r() < 0.3 ? 'Z' : `${r() < 0.5 ? '+' : '-'}${two(r() < 0.9 ? 24 : 30)}:${two(r() < 0.9 ? 60 : 70)}`;
      let s = `${year}-${two(r() < 0.9 ? 13 : 20)}-${two(r() < 0.9 ? 32 : 40)}T${two(r() < 0.9 ? 24 : 26)}:${two(r() < 0.9 ? 60 : 62)}:${two(r() < 0.9 ? 60 : 62)}.${String(Math.floor(r() * 1000)).padStart(3, '0')}${offset}`;
      if (r() < 0.05) {
        const at = Math.floor(r() * s.length);
        s = s.slice(0, at) + '0123456789-:.TZ+ x'[Math.floor(r() * 18)]! + s.slice(at + 1);
      }
      cases.push(s);
    }
    expect(cases.filter((s) => !Number.isNaN(byDefinition(s))).length).toBeGreaterThan(10_000);
    for (const s of cases) expect(instantMs(s), s).toBe(byDefinition(s));
  });
});
