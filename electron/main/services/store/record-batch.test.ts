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
import { batchTransferList, prepareRecordBatch } from './record-batch';
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
        x.authType = pick(r, [null, '1', 'x']);
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

  it('stores the same after the batch crosses a thread with its buffers transferred', () => {
    const records = variedRecords().slice(0, 1500);
    const batch = prepareRecordBatch(records);
    const posted = structuredClone(batch, { transfer: batchTransferList(batch) });
    expect(batch.seq.length).toBe(0); // moved, not copied
    const db = openTestWorkspaceDb();
    const reference = openTestWorkspaceDb();
    expect(db.transaction(() => authRecordsWriter(db).insertBatch(posted))()).toBe(records.length);
    referenceInsert(reference, records);
    expect(storedRows(db)).toEqual(storedRows(reference));
    db.close();
    reference.close();
  });

  it('refuses a page with an instant without its offset, storing nothing of it', () => {
    const records = fixtureRecords(10, 7);
    records[5] = { ...records[5]!, requestTime: records[5]!.requestTime.replace(/(Z|[+-]\d\d:\d\d)$/, '') };
    expect(() => prepareRecordBatch(records)).toThrow(/bad requestTime/);
  });
});
