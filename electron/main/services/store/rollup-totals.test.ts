/**
 * The day and month totals beside the rollups (rollup_billable_daily, rollup_billable_monthly,
 * rollup_codes_daily) equal sums recounted from the base rollups, in JS, through every writer of
 * rollup_daily and rollup_failures since workspace-0022 dropped the triggers that kept them: ingest
 * in pages, a page served again (whole or partly stored), late records, a rolled-back page, a
 * discard and fresh sync, an archive drop and import, a provider's daily statistics next to
 * records, a rebuild and a team store's tables loaded into a working copy. And workspace-0022 on a
 * store filled before it keeps every table's rows and content as they were.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../../shared/contract';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { dispatch } from '../core/dispatch';
import { migrate, schemaVersion } from '../db/migrate';
import { workspaceMigrations } from '../db/migrations';
import { workspaceRollupTotalsByWriters } from '../db/migrations/workspace-0022-rollup-totals-by-writers';
import { openDatabase, type Db } from '../db/open';
import { handlers } from '../handlers';
import { fixtureRecords, loadFixture } from '../records/testing/fixture';
import { createTestContext, openTestWorkspaceDb, type TestContext } from '../testing/context';
import { authRecordsWriter } from './auth-records-repo';
import { discardRepo } from './discard-repo';
import { providerStatisticsWriter } from './provider-statistics-repo';
import { rollupsRepo } from './rollups-repo';
import { WORKSPACE_TABLES, workspaceTablesRepo } from './workspace-tables-repo';

type Totals = { daily: string[]; monthly: string[]; codes: string[] };

/** The totals as stored, one line a row, sorted. */
function stored(db: Db): Totals {
  const lines = (sql: string): string[] => (db.prepare(sql).raw().all() as unknown[][]).map((r) => r.join('|')).sort();
  return {
    daily: lines('SELECT date, calls, successes, billable FROM rollup_billable_daily'),
    monthly: lines('SELECT month, id, operator, capability, cells, calls, successes, billable FROM rollup_billable_monthly'),
    codes: lines('SELECT code, date, failures FROM rollup_codes_daily'),
  };
}

/** The same sums recounted in JS from the base rollups' rows. */
function recounted(db: Db): Totals {
  const add = (m: Map<string, number[]>, k: string, v: number[]): void => {
    const s = m.get(k);
    if (s) v.forEach((x, i) => (s[i]! += x));
    else m.set(k, [...v]);
  };
  const daily = new Map<string, number[]>();
  const monthly = new Map<string, number[]>();
  const daily_ = db.prepare('SELECT date, id, operator, capability, calls, successes, billable FROM rollup_daily').raw().all() as [
    string,
    string,
    string,
    string,
    number,
    number,
    number,
  ][];
  for (const [date, id, operator, capability, calls, successes, billable] of daily_) {
    add(daily, date, [calls, successes, billable]);
    add(monthly, [date.slice(0, 7), id, operator, capability].join('|'), [1, calls, successes, billable]);
  }
  const codes = new Map<string, number[]>();
  const failures = db.prepare('SELECT date, result_code, carrier_code, failures FROM rollup_failures').raw().all() as [string, string, string, number][];
  for (const [date, rc, cc, n] of failures) {
    add(codes, `${rc}|${date}`, [n]);
    if (cc !== '' && cc !== rc) add(codes, `${cc}|${date}`, [n]);
  }
  const lines = (m: Map<string, number[]>): string[] => [...m].map(([k, v]) => [k, ...v].join('|')).sort();
  return { daily: lines(daily), monthly: lines(monthly), codes: lines(codes) };
}

/** Totals equal the recount, and there is something to compare. */
function expectRecounted(db: Db, nonEmpty = true): Totals {
  const s = stored(db);
  expect(s).toEqual(recounted(db));
  if (nonEmpty) for (const t of [s.daily, s.monthly, s.codes]) expect(t.length).toBeGreaterThan(0);
  return s;
}

const page = (db: Db, records: readonly PlatformAuthRecord[]): number => db.transaction(() => authRecordsWriter(db).insert(records))();

let t: TestContext | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
});
const dir = mkdtempSync(join(tmpdir(), 'onetap-rollup-totals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rollup totals kept by their writers', () => {
  it('ingest in pages, a page served again, a page partly stored, late records and a rolled-back page', () => {
    const db = openTestWorkspaceDb();
    const records = fixtureRecords(2500, 5);
    loadFixture(db, records.slice(0, 2000));
    const first = expectRecounted(db);

    // The same page again changes nothing.
    expect(page(db, records.slice(500, 1000))).toBe(0);
    expect(stored(db)).toEqual(first);

    // A page half stored, half new (its rollups count only the new records).
    expect(page(db, records.slice(1750, 2250))).toBe(250);
    expectRecounted(db);
    // Late records: new seqs on days already counted (new and existing cells alike).
    const late = fixtureRecords(600, 77).map((r, i) => ({ ...r, seq: 900_000 + i }));
    expect(page(db, late)).toBe(600);
    const afterLate = expectRecounted(db);
    expect(afterLate).not.toEqual(first);

    // A page whose transaction rolls back leaves every total as it was.
    expect(() =>
      db.transaction(() => {
        authRecordsWriter(db).insert(records.slice(2250));
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(stored(db)).toEqual(afterLate);

    // The same totals as one store filled at once.
    const once = openTestWorkspaceDb();
    loadFixture(once, [...records.slice(0, 2250), ...late]);
    expect(stored(once)).toEqual(afterLate);
    once.close();
    db.close();
  });

  it('a rebuild, then a discard and a fresh sync', () => {
    const db = openTestWorkspaceDb();
    loadFixture(db, fixtureRecords(1500, 9));
    const before = expectRecounted(db);
    rollupsRepo(db).rebuild();
    expect(expectRecounted(db)).toEqual(before);
    // Records gone without the ingest path (the rebuild's use: data changed in bulk), then a rebuild.
    db.prepare('DELETE FROM auth_records WHERE seq % 3 = 0').run();
    expect(db.prepare('SELECT COUNT(*) FROM auth_records').pluck().get()).toBe(1000);
    rollupsRepo(db).rebuild();
    expect(expectRecounted(db)).not.toEqual(before);

    db.transaction(() => discardRepo(db).discard('records'))();
    expect(stored(db)).toEqual({ daily: [], monthly: [], codes: [] });
    const fresh = fixtureRecords(800, 31);
    page(db, fresh);
    expectRecounted(db);
    const once = openTestWorkspaceDb();
    loadFixture(once, fresh);
    expect(stored(db)).toEqual(stored(once));
    once.close();
    db.close();
  });

  it("a provider's daily statistics set, revised and zeroed, on days that also hold records", () => {
    const db = openTestWorkspaceDb();
    const records = fixtureRecords(1200, 13);
    loadFixture(db, records);
    const days = (db.prepare('SELECT DISTINCT date FROM rollup_daily ORDER BY date').pluck().all() as string[]).slice(0, 3);
    const w = providerStatisticsWriter(db);
    const row = (date: string, id: string, calls: number, billable: number) => ({
      date,
      id,
      capability: 'login' as const,
      calls,
      successes: billable,
      billable,
    });
    db.transaction(() =>
      w.put([row(days[0]!, 'scheme-a', 10, 8), row(days[1]!, 'scheme-a', 5, 5), row(days[1]!, 'scheme-b', 7, 3), row('2026-12-01', 'scheme-b', 4, 4)]),
    )();
    expectRecounted(db);
    // Revised (set, not added to), zeroed, and one unchanged row: still the recount.
    db.transaction(() => w.put([row(days[1]!, 'scheme-a', 6, 6), row(days[1]!, 'scheme-b', 0, 0), row(days[0]!, 'scheme-a', 10, 8)]))();
    const s = expectRecounted(db);
    expect(s.monthly.filter((l) => l.startsWith(`${days[1]!.slice(0, 7)}|scheme-b|`))).toEqual([`${days[1]!.slice(0, 7)}|scheme-b||login|1|0|0|0`]);
    // Records ingested afterwards on the same days add to the recounted totals.
    page(
      db,
      fixtureRecords(300, 14).map((r, i) => ({ ...r, seq: 700_000 + i })),
    );
    expectRecounted(db);
    db.close();
  });

  it('an archive drop and import leave the totals as they were', async () => {
    t = createTestContext();
    const db = t.workspace.db;
    loadFixture(db, fixtureRecords(4000));
    const before = expectRecounted(db);
    const call = (name: CallName, input: unknown) => dispatch(handlers, t!.ctx, name, input) as Promise<Record<string, unknown>>;
    await call('archive.create', { month: '2026-10', drop: true });
    expect(expectRecounted(db)).toEqual(before);
    await call('archive.import', { month: '2026-10' });
    expect(expectRecounted(db)).toEqual(before);
    // Records synced after the import add to them.
    page(
      db,
      fixtureRecords(300, 41).map((r, i) => ({ ...r, seq: 800_000 + i })),
    );
    expectRecounted(db);
  });

  it("a team store's tables loaded into a working copy", () => {
    const source = openTestWorkspaceDb();
    loadFixture(source, fixtureRecords(1500, 21));
    const want = expectRecounted(source);
    const copy = openTestWorkspaceDb();
    const from = workspaceTablesRepo(source);
    const into = workspaceTablesRepo(copy);
    copy.transaction(() => {
      for (const table of WORKSPACE_TABLES) into.load(table, from.rows(table));
    })();
    expect(expectRecounted(copy)).toEqual(want);
    source.close();
    copy.close();
  });
});

/** Every row of every table (sqlite_master aside), in a canonical order, hashed per table. */
function tableHashes(db: Db): Record<string, string> {
  const out: Record<string, string> = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const table of tables) {
    const columns = db.prepare('SELECT COUNT(*) FROM pragma_table_info(?)').pluck().get(table) as number;
    const h = createHash('sha256');
    let n = 0;
    for (const row of db
      .prepare(`SELECT * FROM ${table} ORDER BY ${Array.from({ length: columns }, (_, i) => i + 1).join(', ')}`)
      .raw()
      .iterate()) {
      h.update(`${JSON.stringify(row, (_, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))}\n`);
      n++;
    }
    out[table] = `${n} ${h.digest('hex')}`;
  }
  return out;
}

describe('workspace-0022 rollup totals by writers', () => {
  it('migrates a store filled before it (totals kept by triggers): every table equal, triggers gone, the writer carries on', () => {
    const records = fixtureRecords(3000, 3);
    const file = join(dir, 'before-0022.db');
    const beforeSchema = workspaceMigrations.filter((m) => m.version < workspaceRollupTotalsByWriters.version);
    const old = openDatabase(file, { migrations: beforeSchema });
    expect(schemaVersion(old)).toBe(workspaceRollupTotalsByWriters.version - 1);
    loadFixture(old, records.slice(0, 2500));
    // A page served again and a provider's statistics, through the triggers.
    page(old, records.slice(2000, 2500));
    providerStatisticsWriter(old).put([{ date: '2026-11-02', id: 'scheme-a', capability: 'login', calls: 9, successes: 7, billable: 7 }]);
    const before = tableHashes(old);
    expect(Number(before.rollup_billable_monthly!.split(' ')[0])).toBeGreaterThan(0);
    expectRecounted(old);
    const triggers = old.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup_%'").pluck();
    expect(triggers.get()).toBe(11);

    migrate(old, workspaceMigrations);
    expect(schemaVersion(old)).toBe(workspaceMigrations.length);
    expect(triggers.get()).toBe(0);
    expect(tableHashes(old)).toEqual(before);
    expect(old.pragma('integrity_check', { simple: true })).toBe('ok');

    // The rest of the records through today's writer: the same totals as a store filled after 0022.
    page(old, records.slice(2500));
    expectRecounted(old);
    const fresh = openTestWorkspaceDb();
    loadFixture(fresh, records);
    providerStatisticsWriter(fresh).put([{ date: '2026-11-02', id: 'scheme-a', capability: 'login', calls: 9, successes: 7, billable: 7 }]);
    expect(stored(old)).toEqual(stored(fresh));
    fresh.close();
    old.close();
  });
});
