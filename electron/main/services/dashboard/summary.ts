/**
 * `dashboard.summary`: the home screen (seed 000 §3.1.3) and more. Every call count comes from
 * the same counting path as `records.search` (records/aggregate.ts) with the filter the screen
 * links to, so a number on the dashboard and the total of the records it opens always agree:
 *   today = {from: today, to: tomorrow}, month = {from: 1st of the month, to: tomorrow},
 *   year = {from: 1 January, to: tomorrow}, all = {} (no filter).
 */
import * as z from 'zod';
import type { DashboardSummary } from '../../../../shared/contract/dashboard';
import { quickRange } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { operators } from '../../../../shared/platform/domain';
import { activityKinds } from '../../../../shared/platform/schemas';
import { addDays, addMonths, shanghaiDate, toShanghaiIso } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { aggregate } from '../records/aggregate';
import { appOptions, idsForApp, loadApps, type AppRow } from '../records/app-directory';
import { resolveFilter } from '../records/resolve-filter';
import { syncStateRepo } from '../store/sync-state-repo';
import { statsDaily } from '../stats/daily';
import { summaryQuery } from './summary-query';
import { countFailureCodes, withoutGroups } from '../stats/failure-codes';
import { reviewActivityKind } from '../apps/timeline';

/** Which review step an `app.reviewed` activity's detail describes (null when it cannot be read). */
function reviewStep(detail: string): 'reviewStarted' | 'approved' | 'rejected' | null {
  const k = reviewActivityKind(detail)?.kind;
  return k === 'reviewStarted' || k === 'approved' || k === 'rejected' ? k : null;
}

const RECENT_ACTIVITIES = 10;
const TOP_FAILURES = 5;

/** The record filters behind the dashboard's call counts (what its links open). */
export function callCountFilters(nowMs: number): Record<keyof DashboardSummary['calls'], RecordsFilter> {
  const today = shanghaiDate(nowMs);
  const tomorrow = addDays(today, 1);
  return {
    today: { from: today, to: tomorrow },
    month: { from: `${today.slice(0, 7)}-01`, to: tomorrow },
    year: { from: `${today.slice(0, 4)}-01-01`, to: tomorrow },
    all: {},
  };
}

const billDataSchema = z.object({
  billable: z.number().int().catch(0),
  charged: z.number().int().catch(0),
  amount: z.string().catch('0.00'),
});

function chartApp(db: Db, apps: readonly AppRow[], requested: string | undefined, window: RecordsFilter): AppRow | null {
  if (requested !== undefined) {
    const ids = idsForApp(apps, requested);
    return apps.find((a) => ids.includes(a.id)) ?? null;
  }
  // The busiest app of the window; with no calls at all, the first live app.
  const busiest = aggregate(db, resolveFilter(window, apps), ['id']).sort((a, b) => b.calls - a.calls || String(a.keys[0]).localeCompare(String(b.keys[0])));
  for (const row of busiest) {
    const app = apps.find((a) => a.id === row.keys[0]);
    if (app) return app;
  }
  const options = appOptions(apps);
  return apps.find((a) => a.id === options[0]?.id) ?? null;
}

/**
 * The chart's app and its days over `window` (the last month): what the summary shows and what the
 * host draws as the chart's first frame (trend-svg.ts), from one query.
 */
export function chartOf(
  db: Db,
  apps: readonly AppRow[],
  requested: string | undefined,
  window: RecordsFilter,
  nowMs: number,
): { app: AppRow | null; days: DashboardSummary['chart']['days'] } {
  const app = chartApp(db, apps, requested, window);
  const days = app
    ? statsDaily(db, { ...window, app: app.id }, nowMs).days.map(({ date, calls, successes, failures }) => ({ date, calls, successes, failures }))
    : [];
  return { app, days };
}

export function dashboardSummary(db: Db, input: { app?: string | undefined }, nowMs: number): DashboardSummary {
  const apps = loadApps(db);
  const today = shanghaiDate(nowMs);
  const window = quickRange('lastMonth', nowMs);
  const filters = callCountFilters(nowMs);
  // One pass over the daily counts answers all four figures: their filters are whole days, so each is a sum of days.
  const perDay = aggregate(db, resolveFilter({}, apps), ['date'], { callsOnly: true }).map((r) => ({ date: String(r.keys[0]), calls: r.calls }));
  const count = (filter: RecordsFilter): number =>
    perDay.reduce((n, d) => n + ((filter.from === undefined || d.date >= filter.from) && (filter.to === undefined || d.date < filter.to) ? d.calls : 0), 0);

  const live = apps.filter((a) => a.status !== 'deleted');
  const statusCount = (s: AppRow['status']): number => live.filter((a) => a.status === s).length;

  const { app, days } = chartOf(db, apps, input.app, window, nowMs);

  const windowFilter = resolveFilter(window, apps);
  const byOperator = new Map(aggregate(db, windowFilter, ['operator']).map((r) => [r.keys[0], r]));

  const query = summaryQuery(db);
  const activityRows = query.recentActivities(RECENT_ACTIVITIES);
  const packageRows = query.packages();
  const month = today.slice(0, 7);
  const billRows = query.bills(month, addMonths(month, -1));

  const syncRows = syncStateRepo(db).all();
  const lastSuccess = syncRows.reduce<number | null>((m, r) => (r.lastSuccessAt !== null && (m === null || r.lastSuccessAt > m) ? r.lastSuccessAt : m), null);
  const failing = syncRows
    .filter((r) => r.lastError !== null && (r.lastSuccessAt === null || (r.lastAttemptAt ?? 0) > r.lastSuccessAt))
    .sort((a, b) => (b.lastAttemptAt ?? 0) - (a.lastAttemptAt ?? 0))[0];

  return {
    today,
    asOf: toShanghaiIso(nowMs),
    appCount: live.length,
    appStatusCounts: {
      pending: statusCount('pending'),
      reviewing: statusCount('reviewing'),
      approved: statusCount('approved'),
      rejected: statusCount('rejected'),
    },
    calls: { today: count(filters.today), month: count(filters.month), year: count(filters.year), all: count(filters.all) },
    window,
    chart: { app: app ? { id: app.id, appId: app.appId, name: app.name, status: app.status } : null, days },
    apps: appOptions(apps),
    activities: activityRows
      .filter((a): a is typeof a & { kind: (typeof activityKinds)[number] } => (activityKinds as readonly string[]).includes(a.kind))
      .map((a) => ({ ...a, at: toShanghaiIso(a.at), review: a.kind === 'app.reviewed' ? reviewStep(a.detail) : null })),
    operators: operators.map((operator) => {
      const r = byOperator.get(operator);
      const calls = r?.calls ?? 0;
      const successes = r?.successes ?? 0;
      return { operator, calls, successes, successRate: calls ? successes / calls : null };
    }),
    topFailures: countFailureCodes(db, windowFilter).slice(0, TOP_FAILURES).map(withoutGroups),
    packages: packageRows.map((p) => ({
      ...p,
      remaining: Math.max(0, p.quota - p.used),
      validFrom: toShanghaiIso(p.validFrom),
      validTo: toShanghaiIso(p.validTo),
    })),
    bills: billRows.map((b) => {
      let data: unknown = {};
      try {
        data = JSON.parse(b.data);
      } catch {
        // A damaged row shows as zeros rather than hiding the card.
      }
      const d = billDataSchema.catch({ billable: 0, charged: 0, amount: '0.00' }).parse(data);
      return { month: b.month, status: b.status, ...d };
    }),
    lastSync: {
      at: lastSuccess === null ? null : toShanghaiIso(lastSuccess),
      error: failing?.lastError ? { resource: failing.resource, code: failing.lastError.code, message: failing.lastError.message } : null,
    },
  };
}
