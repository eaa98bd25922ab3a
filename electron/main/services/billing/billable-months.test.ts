/**
 * The month sums bills read (rollup_billable_monthly, workspace-0015) stay equal to a recount —
 * from rollup_daily and from the raw records themselves — through every writer of the rollups:
 * ingest, a resync of pages already held, late records, a provider's daily statistics (set,
 * revised, zeroed), a rebuild, a discard and fresh sync, archive drop + import, and the
 * migration's backfill of an existing store. And the month's totals a bill
 * is computed from are those of the old GROUP BY over the daily rollups, so bills are unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { computeMonthBillFromTotals, monthDays, type MonthTotals } from '../../../../shared/billing';
import type { CallName } from '../../../../shared/contract';
import { isBillable } from '../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { shanghaiDate } from '../../../../shared/time/shanghai';
import { dispatch } from '../core/dispatch';
import { migrate, schemaVersion } from '../db/migrate';
import { workspaceMigrations } from '../db/migrations';
import type { Db } from '../db/open';
import { handlers } from '../handlers';
import { fixtureRecords, loadFixture } from '../records/testing/fixture';
import { authRecordsWriter } from '../store/auth-records-repo';
import { discardRepo } from '../store/discard-repo';
import { providerStatisticsWriter } from '../store/provider-statistics-repo';
import { rollupsRepo } from '../store/rollups-repo';
import { createTestContext, openTestWorkspaceDb, type TestContext } from '../testing/context';
import { billingRepo } from './billing-repo';

type Row = [month: string, id: string, operator: string, capability: string, cells: number, calls: number, successes: number, billable: number];

/** The summary as stored. */
function summary(db: Db | Database.Database): Row[] {
  return db
    .prepare('SELECT month, id, operator, capability, cells, calls, successes, billable FROM rollup_billable_monthly ORDER BY 1, 2, 3, 4')
    .raw()
    .all() as Row[];
}

/** Recount from the daily rollups. */
function fromDaily(db: Db | Database.Database): Row[] {
  return db
    .prepare(
      `SELECT substr(date, 1, 7), id, operator, capability, COUNT(*), SUM(calls), SUM(successes), SUM(billable)
         FROM rollup_daily GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .raw()
    .all() as Row[];
}

/** Recount from raw platform records, in JS (no SQL, no rollups): month × app × operator × capability → [calls, successes, billable]. */
function fromRecords(records: readonly PlatformAuthRecord[]): string[] {
  const m = new Map<string, [number, number, number]>();
  for (const r of records) {
    const k = `${shanghaiDate(Date.parse(r.requestTime)).slice(0, 7)}|${r.id}|${r.operator}|${r.capability}`;
    const v = m.get(k) ?? [0, 0, 0];
    v[0]++;
    v[1] += r.success ? 1 : 0;
    v[2] += isBillable(r.capability, r.success, r.outcome) ? 1 : 0;
    m.set(k, v);
  }
  return [...m].map(([k, v]) => `${k}|${v.join('|')}`).sort();
}
const summaryCounts = (db: Db): string[] => summary(db).map(([month, id, op, cap, , calls, ok, bill]) => [month, id, op, cap, calls, ok, bill].join('|'));

/** The month's totals the way bills read them before workspace-0015: a GROUP BY over the daily rollups (the oracle). */
function groupedTotals(db: Db, month: string): MonthTotals {
  const rows = db.prepare(`SELECT date, id, operator, capability, billable FROM rollup_daily WHERE substr(date, 1, 7) = ?`).raw().all(month) as [
    string,
    string,
    string,
    string,
    number,
  ][];
  const days = new Map<string, number>();
  const apps = new Map<string, number>();
  const byOperator = { CMCC: 0, CUCC: 0, CTCC: 0 };
  const byCapability = { login: 0, verify: 0 };
  let unsplit = 0;
  for (const [date, id, operator, capability, billable] of rows) {
    days.set(date, (days.get(date) ?? 0) + billable);
    apps.set(id, (apps.get(id) ?? 0) + billable);
    if (operator === '') unsplit += billable;
    else byOperator[operator as keyof typeof byOperator] += billable;
    byCapability[capability as keyof typeof byCapability] += billable;
  }
  return {
    days: [...days].map(([date, billable]) => ({ date, billable })),
    byApp: [...apps].map(([id, billable]) => ({ id, billable })),
    byOperator,
    byCapability,
    ...(unsplit > 0 ? { unsplitOperator: unsplit } : {}),
  };
}

const sortApps = (t: MonthTotals): { id: string; billable: number }[] => [...t.byApp].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Everything equal: summary = recount from the daily rollups, and each month's bill inputs and bill = the old GROUP BY's. */
function expectConsistent(db: Db, months: readonly string[]): void {
  expect(summary(db)).toEqual(fromDaily(db));
  const repo = billingRepo(db);
  for (const month of months) {
    const now = repo.monthTotals(month);
    const old = groupedTotals(db, month);
    expect(monthDays(month, now.days)).toEqual(monthDays(month, old.days));
    expect(sortApps(now)).toEqual(sortApps(old));
    expect(now.byOperator).toEqual(old.byOperator);
    expect(now.byCapability).toEqual(old.byCapability);
    expect(now.unsplitOperator).toBe(old.unsplitOperator);
    expect(computeMonthBillFromTotals({ month, totals: now })).toEqual(computeMonthBillFromTotals({ month, totals: old }));
  }
}

const MONTHS = ['2026-09', '2026-10', '2026-11', '2026-12'];

let t: TestContext | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
});
const dir = mkdtempSync(join(tmpdir(), 'onetap-billable-months-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rollup_billable_monthly', () => {
  it('equals a recount from the rollups and from the records after ingest, a resync, late records and a rebuild', () => {
    const db = openTestWorkspaceDb();
    const records = loadFixture(db);
    expect(summary(db).length).toBeGreaterThan(20);
    expect(new Set(summary(db).map((r) => r[0]))).toEqual(new Set(['2026-10', '2026-11']));
    expect(summaryCounts(db)).toEqual(fromRecords(records));
    expectConsistent(db, MONTHS);

    // A resync serves the same pages again: nothing changes.
    const before = summary(db);
    db.transaction(() => authRecordsWriter(db).insert(records))();
    expect(summary(db)).toEqual(before);

    // Late records (new seqs, some in each month) add to the sums.
    const late = fixtureRecords(400, 7).map((r, i) => ({ ...r, seq: 1_000_000 + i }));
    db.transaction(() => authRecordsWriter(db).insert(late))();
    expect(summaryCounts(db)).toEqual(fromRecords([...records, ...late]));
    expectConsistent(db, MONTHS);

    // A rebuild from the records deletes and re-inserts every daily row.
    rollupsRepo(db).rebuild();
    expect(summaryCounts(db)).toEqual(fromRecords([...records, ...late]));
    expectConsistent(db, MONTHS);
    db.close();
  });

  it('follows a discard and a fresh sync', () => {
    const db = openTestWorkspaceDb();
    loadFixture(db);
    db.transaction(() => discardRepo(db).discard('records'))();
    expect(summary(db)).toEqual([]);
    const fresh = fixtureRecords(1500, 99);
    db.transaction(() => authRecordsWriter(db).insert(fresh))();
    expect(summaryCounts(db)).toEqual(fromRecords(fresh));
    expectConsistent(db, MONTHS);
    db.close();
  });

  it("follows a provider's daily statistics set, revised and zeroed (an app with no billable calls stays in the month)", () => {
    const db = openTestWorkspaceDb();
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
      w.put([
        row('2026-11-01', 'scheme-a', 10, 8),
        row('2026-11-02', 'scheme-a', 5, 5),
        row('2026-11-02', 'scheme-b', 7, 3),
        row('2026-12-01', 'scheme-b', 4, 4),
      ]),
    )();
    expectConsistent(db, MONTHS);
    db.transaction(() => w.put([row('2026-11-02', 'scheme-a', 6, 6), row('2026-11-02', 'scheme-b', 0, 0)]))();
    expectConsistent(db, MONTHS);
    // scheme-b's only November day was zeroed: it has a daily row, so it still has a (zero) month row and an allocation line.
    expect(summary(db).filter((r) => r[0] === '2026-11' && r[1] === 'scheme-b')).toEqual([['2026-11', 'scheme-b', '', 'login', 1, 0, 0, 0]]);
    expect(billingRepo(db).monthTotals('2026-11')).toMatchObject({
      unsplitOperator: 14,
      byApp: [
        { id: 'scheme-a', billable: 14 },
        { id: 'scheme-b', billable: 0 },
      ],
    });
    db.close();
  });

  it('is untouched by an archive drop and import (the rollups keep counting archived records)', async () => {
    t = createTestContext();
    const ctx = t.ctx;
    const db = t.workspace.db;
    const records = loadFixture(db, fixtureRecords(6000));
    const call = (name: CallName, input: unknown) => dispatch(handlers, ctx, name, input) as Promise<Record<string, unknown>>;
    const before = summary(db);
    await call('archive.create', { month: '2026-10', drop: true });
    expect(db.prepare('SELECT COUNT(*) FROM auth_records WHERE request_ms < ?').pluck().get(Date.parse('2026-10-31T16:00:00Z'))).toBe(0);
    expect(summary(db)).toEqual(before);
    expect(summaryCounts(db)).toEqual(fromRecords(records));
    expectConsistent(db, MONTHS);
    await call('archive.import', { month: '2026-10' });
    expect(summary(db)).toEqual(before);
    expectConsistent(db, MONTHS);
  });

  it('is backfilled by the migration on an existing store, leaving the other rollups as they were', () => {
    const ref = openTestWorkspaceDb(join(dir, 'ref.db'));
    const records = loadFixture(ref);
    ref.close();
    const version = workspaceMigrations.findIndex((m) => m.name === 'billable-months');
    expect(version).toBeGreaterThan(0);

    const old = new Database(join(dir, 'old.db'));
    migrate(old, workspaceMigrations.slice(0, version));
    expect(schemaVersion(old)).toBe(version);
    old.exec(`ATTACH '${join(dir, 'ref.db')}' AS src`);
    for (const table of ['rollup_daily', 'rollup_billable_daily']) old.exec(`DELETE FROM main.${table}; INSERT INTO main.${table} SELECT * FROM src.${table}`);
    old.exec('DETACH src');
    const daily = old.prepare('SELECT * FROM rollup_billable_daily ORDER BY date').raw().all();

    migrate(old, workspaceMigrations);
    expect(schemaVersion(old)).toBe(workspaceMigrations.length);
    expect(summary(old)).toEqual(fromDaily(old));
    expect(summary(old).map(([month, id, op, cap, , calls, ok, bill]) => [month, id, op, cap, calls, ok, bill].join('|'))).toEqual(fromRecords(records));
    expect(old.prepare('SELECT * FROM rollup_billable_daily ORDER BY date').raw().all()).toEqual(daily);

    // The ingest writer keeps the day and month sums of the migrated store (without triggers since workspace-0022).
    const late = fixtureRecords(300, 11).map((r, i) => ({ ...r, seq: 2_000_000 + i }));
    old.transaction(() => authRecordsWriter(old).insert(late))();
    expect(summary(old).map(([month, id, op, cap, , calls, ok, bill]) => [month, id, op, cap, calls, ok, bill].join('|'))).toEqual(
      fromRecords([...records, ...late]),
    );
    const sums = old.prepare('SELECT date, SUM(calls), SUM(successes), SUM(billable) FROM rollup_daily GROUP BY date ORDER BY date').raw().all();
    expect(old.prepare('SELECT date, calls, successes, billable FROM rollup_billable_daily ORDER BY date').raw().all()).toEqual(sums);
    expect(summary(old)).toEqual(fromDaily(old));
    old.close();
  });
});
