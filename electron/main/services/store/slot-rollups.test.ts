/**
 * The ten-minute rollups: what ingest writes equals an independent count of the records, sums
 * to the hourly rollup, survives a page served twice, and workspace-0014 backfills an existing
 * store to exactly what ingest would have built.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../db/migrate';
import { workspaceMigrations } from '../db/migrations';
import { fixtureRecords, loadFixture } from '../records/testing/fixture';
import { authRecordsWriter } from './auth-records-repo';
import { openTestWorkspaceDb } from '../testing/context';
import { rollupsRepo } from './rollups-repo';
import { shanghaiSlot } from './slot-rollups-repo';

const dir = mkdtempSync(join(tmpdir(), 'onetap-slots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = Record<string, unknown>;
const slots = (db: Database.Database) => db.prepare('SELECT * FROM rollup_slots ORDER BY date, slot, id, operator, capability').all() as Row[];
const slotFailures = (db: Database.Database) =>
  db.prepare('SELECT * FROM rollup_slot_failures ORDER BY date, slot, id, operator, capability, result_code, carrier_code').all() as Row[];

/** The slots counted in JavaScript from the raw records (not the SQL the migration uses). */
function counted(db: Database.Database): { slots: Map<string, [number, number]>; failures: Map<string, number> } {
  const s = new Map<string, [number, number]>();
  const f = new Map<string, number>();
  const rows = db.prepare('SELECT id, operator, capability, request_ms, success, result_code, carrier_code FROM auth_records').all() as {
    id: string;
    operator: string;
    capability: string;
    request_ms: number;
    success: number;
    result_code: string;
    carrier_code: string | null;
  }[];
  for (const r of rows) {
    const date = new Date(r.request_ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const k = `${date}|${shanghaiSlot(r.request_ms)}|${r.id}|${r.operator}|${r.capability}`;
    const c = s.get(k) ?? [0, 0];
    c[0]++;
    c[1] += r.success;
    s.set(k, c);
    if (!r.success) f.set(`${k}|${r.result_code}|${r.carrier_code ?? ''}`, (f.get(`${k}|${r.result_code}|${r.carrier_code ?? ''}`) ?? 0) + 1);
  }
  return { slots: s, failures: f };
}

describe('rollup_slots', () => {
  it('ingest counts every record once in its Shanghai ten-minute slot, summing to the hourly rollup', () => {
    const db = openTestWorkspaceDb();
    loadFixture(db);
    const want = counted(db);
    const got = slots(db);
    expect(got.length).toBe(want.slots.size);
    for (const r of got) expect([r.calls, r.successes]).toEqual(want.slots.get(`${r.date}|${r.slot}|${r.id}|${r.operator}|${r.capability}`));
    const fails = slotFailures(db);
    expect(fails.length).toBe(want.failures.size);
    for (const r of fails)
      expect(r.failures).toBe(want.failures.get(`${r.date}|${r.slot}|${r.id}|${r.operator}|${r.capability}|${r.result_code}|${r.carrier_code}`));
    const perHour = db
      .prepare(
        `SELECT date, slot / 6 AS hour, id, operator, capability, SUM(calls) AS calls, SUM(successes) AS successes FROM rollup_slots
         GROUP BY date, hour, id, operator, capability ORDER BY date, hour, id, operator, capability`,
      )
      .all();
    expect(perHour).toEqual(
      db.prepare('SELECT date, hour, id, operator, capability, calls, successes FROM rollup_hourly ORDER BY date, hour, id, operator, capability').all(),
    );
    // The SQL rebuild (bulk loads, checks) gives the same rows.
    const before = [slots(db), slotFailures(db)];
    rollupsRepo(db).rebuild();
    expect([slots(db), slotFailures(db)]).toEqual(before);
    // A page served twice changes nothing.
    const again = fixtureRecords().slice(0, 700);
    expect(db.transaction(() => authRecordsWriter(db).insert(again))()).toBe(0);
    expect([slots(db), slotFailures(db)]).toEqual(before);
    db.close();
  });

  it('workspace-0014 backfills a store of the previous schema to what ingest builds, leaving the rest untouched', () => {
    const fresh = openTestWorkspaceDb(join(dir, 'fresh.db'));
    loadFixture(fresh);
    fresh.close();
    const old = new Database(join(dir, 'old.db'));
    const at = workspaceMigrations.findIndex((m) => m.name === 'rollup-slots');
    migrate(old, workspaceMigrations.slice(0, at));
    old.exec(`ATTACH '${join(dir, 'fresh.db')}' AS src`);
    // Records live in the compact table and its dictionaries (auth_records is the view that decodes them).
    for (const t of ['record_apps', 'record_codes', 'record_descriptions', 'auth_record_rows', 'rollup_hourly'])
      old.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`);
    old.exec('DETACH src');
    const hourly = old.prepare('SELECT * FROM rollup_hourly ORDER BY 1, 2, 3, 4, 5').all();
    migrate(old, workspaceMigrations);
    expect(schemaVersion(old)).toBe(workspaceMigrations.length);
    const ref = new Database(join(dir, 'fresh.db'), { readonly: true });
    expect(slots(ref).length).toBeGreaterThan(100);
    expect(slotFailures(ref).length).toBeGreaterThan(10);
    expect(slots(old)).toEqual(slots(ref));
    expect(slotFailures(old)).toEqual(slotFailures(ref));
    expect(old.prepare('SELECT * FROM rollup_hourly ORDER BY 1, 2, 3, 4, 5').all()).toEqual(hourly);
    ref.close();
    old.close();
  });
});
