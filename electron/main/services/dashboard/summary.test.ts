import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickRange } from '../../../../shared/contract/records';
import type { DashboardSummary } from '../../../../shared/contract/dashboard';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { dispatch } from '../core/dispatch';
import type { Db } from '../db/open';
import { handlers } from '../handlers';
import { countRecords, searchRecords } from '../records/record-scanner';
import { FIXTURE_NOW, FIXTURE_TODAY, fixtureApps, loadDashboardExtras, loadFixture } from '../records/testing/fixture';
import { byDate, oracleGroup, oracleSearch } from '../records/testing/oracle';
import { createTestContext, openTestWorkspaceDb, type TestContext } from '../testing/context';
import { schemesRepo } from '../providers/schemes-repo';
import { providerStatisticsWriter } from '../store/provider-statistics-repo';
import { callCountFilters, dashboardSummary } from './summary';

let t: TestContext;
let db: Db;
let records: PlatformAuthRecord[];

beforeAll(() => {
  t = createTestContext({ now: FIXTURE_NOW });
  db = t.workspace.db;
  records = loadFixture(db);
  loadDashboardExtras(db);
});
afterAll(() => t.cleanup());

const summary = (input: { app?: string } = {}): Promise<DashboardSummary> => dispatch(handlers, t.ctx, 'dashboard.summary', input) as Promise<DashboardSummary>;

describe('dashboard.summary', () => {
  it('counts calls today, this month, this year and ever exactly as records.search totals them', async () => {
    const s = await summary();
    const f = callCountFilters(FIXTURE_NOW);
    expect(f.today).toEqual({ from: FIXTURE_TODAY, to: '2026-11-16' });
    expect(f.month).toEqual({ from: '2026-11-01', to: '2026-11-16' });
    expect(f.year).toEqual({ from: '2026-01-01', to: '2026-11-16' });
    for (const k of ['today', 'month', 'year', 'all'] as const) {
      expect(s.calls[k]).toBe(oracleSearch(records, f[k]).length);
      expect(s.calls[k]).toBe(searchRecords(db, { ...f[k], limit: 1 }).total);
    }
    expect(s.calls.all).toBe(records.length);
    expect(s.calls.today).toBeGreaterThan(0);
    expect(s.calls.month).toBeLessThan(s.calls.year);
  });

  it('counts live apps by status', async () => {
    const s = await summary();
    expect(s.appCount).toBe(fixtureApps.filter((a) => a.status !== 'deleted').length);
    expect(s.appStatusCounts).toEqual({ pending: 1, reviewing: 0, approved: 2, rejected: 0 });
    expect(s.apps.map((a) => a.id)).toContain('app-delta');
  });

  it("charts the busiest app's last month by default, and another app on request (by appId)", async () => {
    const s = await summary();
    const window = quickRange('lastMonth', FIXTURE_NOW);
    expect(s.window).toEqual(window);
    const inWindow = oracleSearch(records, window);
    const perApp = oracleGroup(inWindow, (r) => r.id);
    const busiest = [...perApp].filter(([id]) => fixtureApps.some((a) => a.id === id)).sort((a, b) => b[1].length - a[1].length)[0]![0];
    expect(s.chart.app?.id).toBe(busiest);
    expect(s.chart.days).toHaveLength(30);

    const beta = await summary({ app: 'B2000002' });
    expect(beta.chart.app?.id).toBe('app-beta');
    const days = oracleGroup(perApp.get('app-beta')!, byDate);
    for (const d of beta.chart.days) {
      const rs = days.get(d.date) ?? [];
      expect(d).toEqual({ date: d.date, calls: rs.length, successes: rs.filter((r) => r.success).length, failures: rs.filter((r) => !r.success).length });
    }
  });

  it('rates operators and lists the top failure codes of the window', async () => {
    const s = await summary();
    const inWindow = oracleSearch(records, s.window);
    for (const o of s.operators) {
      const rs = inWindow.filter((r) => r.operator === o.operator);
      expect(o.calls).toBe(rs.length);
      expect(o.successes).toBe(rs.filter((r) => r.success).length);
      expect(o.successRate).toBe(rs.length ? o.successes / rs.length : null);
    }
    expect(s.topFailures.length).toBeLessThanOrEqual(5);
    const top = s.topFailures[0]!;
    const code = top.carrierCode || top.resultCode;
    // The link from a top failure code opens exactly that many records.
    expect(countRecords(db, { ...s.window, code, ...(top.operator ? { operator: top.operator } : {}) })).toBeGreaterThanOrEqual(top.failures);
    for (let i = 1; i < s.topFailures.length; i++) expect(s.topFailures[i - 1]!.failures).toBeGreaterThanOrEqual(s.topFailures[i]!.failures);
  });

  it('shows recent activities newest first, packages, bills and the last sync', async () => {
    const s = await summary();
    expect(s.activities).toHaveLength(10);
    expect(s.activities[0]!.seq).toBe(14);
    expect(s.activities.map((a) => Date.parse(a.at))).toEqual([...s.activities.map((a) => Date.parse(a.at))].sort((a, b) => b - a));
    // A review names its step (start / approve / reject), read from the activity's detail; other kinds have none.
    for (const a of s.activities) {
      if (a.kind !== 'app.reviewed') expect(a.review).toBeNull();
      else if (/reject|驳回/i.test(a.detail)) expect(a.review).toBe('rejected');
      else if (/approv|通过/i.test(a.detail)) expect(a.review).toBe('approved');
      else if (/start|开始/i.test(a.detail)) expect(a.review).toBe('reviewStarted');
    }
    expect(s.packages).toEqual([expect.objectContaining({ packageId: 'pkg-trial', quota: 500, used: 320, remaining: 180, status: 'active' })]);
    expect(s.bills.map((b) => [b.month, b.status, b.amount])).toEqual([
      ['2026-11', 'open', '17.16'],
      ['2026-10', 'final', '26.52'],
    ]);
    expect(Date.parse(s.lastSync.at!)).toBe(FIXTURE_NOW - 60_000);
    expect(s.lastSync.error).toBeNull();
  });

  it('works on an empty workspace', () => {
    const empty = openTestWorkspaceDb();
    const s = dashboardSummary(empty, {}, FIXTURE_NOW);
    expect(s.calls).toEqual({ today: 0, month: 0, year: 0, all: 0 });
    expect(s.chart).toEqual({ app: null, days: [] });
    expect(s.lastSync).toEqual({ at: null, error: null });
    empty.close();
  });

  it('reports the error of a resource whose last attempt failed', () => {
    db.prepare(
      `UPDATE sync_state SET last_attempt_at = ?, last_error = '{"code":"PLATFORM_UNREACHABLE","message":"connect ECONNREFUSED"}' WHERE resource = 'apps'`,
    ).run(FIXTURE_NOW);
    expect(dashboardSummary(db, {}, FIXTURE_NOW).lastSync.error).toEqual({ resource: 'apps', code: 'PLATFORM_UNREACHABLE', message: 'connect ECONNREFUSED' });
    db.prepare(`UPDATE sync_state SET last_error = NULL, last_success_at = ? WHERE resource = 'apps'`).run(FIXTURE_NOW);
  });
});

describe('dashboard.summary on an Alibaba Cloud workspace (schemes, daily statistics only)', () => {
  it("charts the busiest scheme under its own name, and offers every scheme as the chart's app", () => {
    const ali = openTestWorkspaceDb();
    const schemes = schemesRepo(ali);
    schemes.add({ code: 'FC100000001', name: '登录方案', appName: '示例', osType: 'Android', origin: 'created', addedAt: FIXTURE_NOW });
    schemes.add({ code: 'FC100000002', name: null, appName: '示例 iOS', osType: 'iOS', origin: 'added', addedAt: FIXTURE_NOW });
    const days = ['2026-11-10', '2026-11-11', '2026-11-12'];
    ali.transaction(() =>
      providerStatisticsWriter(ali).put(
        days.flatMap((date, i) => [
          { date, id: 'FC100000001', capability: 'login' as const, calls: 100 + i, successes: 90, billable: 90 },
          { date, id: 'FC100000002', capability: 'login' as const, calls: 10, successes: 9, billable: 9 },
        ]),
      ),
    )();
    const s = dashboardSummary(ali, {}, FIXTURE_NOW);
    expect(s.chart.app).toEqual({ id: 'FC100000001', appId: 'FC100000001', name: '登录方案', status: 'approved' });
    expect(s.chart.days.filter((d) => d.calls > 0).map((d) => [d.date, d.calls])).toEqual(days.map((d, i) => [d, 100 + i]));
    expect(s.apps.map((a) => [a.id, a.name])).toEqual(
      [
        ['FC100000002', '示例 iOS'],
        ['FC100000001', '登录方案'],
      ].sort((a, b) => new Intl.Collator('zh-CN').compare(a[1]!, b[1]!)),
    );
    expect(dashboardSummary(ali, { app: 'FC100000002' }, FIXTURE_NOW).chart.app?.name).toBe('示例 iOS');
    schemes.markDeleted('FC100000002', FIXTURE_NOW);
    expect(dashboardSummary(ali, {}, FIXTURE_NOW).apps.find((a) => a.id === 'FC100000002')?.status).toBe('deleted');
    ali.close();
  });
});
