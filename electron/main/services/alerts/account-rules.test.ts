import { describe, expect, it } from 'vitest';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import { insertRecords, putPackages } from '../billing/testing/fixtures';
import { monthBill } from '../billing/month-bill';
import { memorySecretStore } from '../core/secrets';
import { appsWriter } from '../store/apps-repo';
import { syncStateRepo } from '../store/sync-state-repo';
import { openTestWorkspaceDb } from '../testing/context';
import { alertRules } from '../../../../shared/contract/alerts';
import { packageRules, reviewPending, spendRules, syncStale } from './account-rules';
import { ACCOUNT_CACHE_PREFIX, evaluateRules } from './evaluate';
import { RollupCache } from './rollup-query';
import { inQuietHours } from './quiet-hours';
import { defaultRuleConfig } from './rules-repo';
import { platformApp } from './testing/apps';

const at = (s: string) => Date.parse(s);
const NOW = at('2026-11-16T12:00:00+08:00'); // a Monday
const DAY = 86_400_000;
const input = { now: NOW, apps: [] };
const withParams = <R extends Parameters<typeof defaultRuleConfig>[0]>(r: R, params: Record<string, number>) => ({
  ...defaultRuleConfig(r),
  params: { ...defaultRuleConfig(r).params, ...params },
});

describe('package rules', () => {
  const db = openTestWorkspaceDb();
  putPackages(db, {
    subscribed: true,
    items: [
      {
        packageId: 'P-WARN',
        kind: 'trial',
        quota: 500,
        used: 420,
        validFrom: toShanghaiIso(NOW - 60 * DAY),
        validTo: toShanghaiIso(NOW + 5 * DAY),
        status: 'active',
      },
      {
        packageId: 'P-FULL',
        kind: 'commercial',
        quota: 1000,
        used: 1000,
        validFrom: toShanghaiIso(NOW - 10 * DAY),
        validTo: toShanghaiIso(NOW + 200 * DAY),
        status: 'exhausted',
      },
      {
        packageId: 'P-OK',
        kind: 'commercial',
        quota: 1000,
        used: 100,
        validFrom: toShanghaiIso(NOW - 10 * DAY),
        validTo: toShanghaiIso(NOW + 200 * DAY),
        status: 'active',
      },
      {
        packageId: 'P-OLD',
        kind: 'trial',
        quota: 500,
        used: 500,
        validFrom: toShanghaiIso(NOW - 200 * DAY),
        validTo: toShanghaiIso(NOW - 100 * DAY),
        status: 'expired',
      },
    ],
  });

  it('80 % and 100 % used are separate episodes; N days before expiry with calls left; expired packages are quiet', () => {
    const f = packageRules(defaultRuleConfig('packageUsage'), defaultRuleConfig('packageExpiry'), db, input);
    expect(f.map((x) => x.key).sort()).toEqual(['packageExpiry|P-WARN', 'packageUsage|P-FULL|100', 'packageUsage|P-WARN|warn']);
    expect(f.find((x) => x.key === 'packageExpiry|P-WARN')!.numbers).toMatchObject({ daysToExpiry: 5, remaining: 80 });
    expect(f.every((x) => x.link.view === 'billing')).toBe(true);
    // Tighter thresholds: only what crosses them.
    const g = packageRules(withParams('packageUsage', { warnPercent: 90 }), withParams('packageExpiry', { daysBefore: 3 }), db, input);
    expect(g.map((x) => x.key)).toEqual(['packageUsage|P-FULL|100']);
  });
});

describe('spend rules', () => {
  const db = openTestWorkspaceDb();
  // 3,000 billable calls a day since the 1st: about 90,000 by month end.
  for (let d = 1; d <= 16; d++) insertRecords(db, { at: at(`2026-11-${String(d).padStart(2, '0')}T09:00:00+08:00`), count: d === 16 ? 1500 : 3000 });
  syncStateRepo(db).succeeded('records', NOW);
  const f = monthBill(db, '2026-11', NOW).forecast!;

  it('fires when the month-end forecast is over the budget, not under it', () => {
    const projected = Number(f.projectedAmount);
    expect(spendRules(withParams('spendBudget', { budgetYuan: Math.floor(projected) - 1 }), null, db, input)).toMatchObject([
      { rule: 'spendBudget', numbers: { projectedAmount: f.projectedAmount } },
    ]);
    expect(spendRules(withParams('spendBudget', { budgetYuan: Math.ceil(projected) + 1 }), null, db, input)).toEqual([]);
    expect(spendRules(withParams('spendBudget', { budgetYuan: 0 }), null, db, input)).toEqual([]);
  });

  it('names the day the month crosses into the next tier when it is near', () => {
    expect(f.nextTier?.reachedOn).toBeTruthy();
    const days = Math.round((Date.parse(`${f.nextTier!.reachedOn}T00:00:00+08:00`) - at('2026-11-16T00:00:00+08:00')) / DAY);
    const near = spendRules(null, withParams('tierCrossing', { daysAhead: days }), db, input);
    expect(near).toMatchObject([{ rule: 'tierCrossing', subject: { reachedOn: f.nextTier!.reachedOn } }]);
    expect(spendRules(null, withParams('tierCrossing', { daysAhead: Math.max(0, days - 1) }), db, input)).toEqual(days > 0 ? [] : near);
  });
});

describe('review and sync rules', () => {
  it('an app pending over one working day (weekends do not count)', () => {
    const db = openTestWorkspaceDb();
    db.transaction(() =>
      appsWriter(db, memorySecretStore()).upsert(
        [
          platformApp('late', 'reviewing', at('2026-11-13T10:00:00+08:00')), // Friday 10:00 → Monday 12:00: 1 day 2 h of work
          platformApp('fresh', 'pending', at('2026-11-14T10:00:00+08:00')), // Saturday: no working time yet beyond Monday 12 h
          platformApp('done', 'approved', at('2026-11-01T10:00:00+08:00')),
        ],
        NOW,
      ),
    )();
    const f = reviewPending(defaultRuleConfig('reviewPending'), db, input);
    expect(f.map((x) => x.scope.app)).toEqual(['late']);
    expect(f[0]!.link).toEqual({ view: 'apps', query: { id: 'late' } });
  });

  it('data older than the limit, and a failed last attempt', () => {
    const db = openTestWorkspaceDb();
    const s = syncStateRepo(db);
    s.succeeded('apps', NOW - 30 * 60_000);
    s.succeeded('records', NOW - 90 * 60_000);
    expect(syncStale(defaultRuleConfig('syncStale'), db, input).map((x) => x.key)).toEqual(['syncStale|stale']);
    expect(syncStale(withParams('syncStale', { staleMinutes: 120 }), db, input)).toEqual([]);
    s.failed('apps', NOW - 60_000, { code: 'PLATFORM_UNREACHABLE', message: 'connect ECONNREFUSED' });
    expect(syncStale(withParams('syncStale', { staleMinutes: 120 }), db, input)).toMatchObject([
      { key: 'syncStale|failed', numbers: { error: 'PLATFORM_UNREACHABLE' } },
    ]);
  });
});

describe('quiet hours', () => {
  it('hold in Shanghai wall time, wrapping midnight', () => {
    const q = { from: '22:00', to: '08:00' };
    expect(inQuietHours(q, at('2026-11-16T23:30:00+08:00'))).toBe(true);
    expect(inQuietHours(q, at('2026-11-16T07:59:00+08:00'))).toBe(true);
    expect(inQuietHours(q, at('2026-11-16T08:00:00+08:00'))).toBe(false);
    expect(inQuietHours({ from: '12:00', to: '13:00' }, at('2026-11-16T12:30:00+08:00'))).toBe(true);
    expect(inQuietHours({ from: '12:00', to: '13:00' }, at('2026-11-16T13:30:00+08:00'))).toBe(false);
    expect(inQuietHours(null, NOW)).toBe(false);
  });
});

describe('account rules between sync runs', () => {
  const keys = (e: ReturnType<typeof evaluateRules>) => e.findings.map((f) => f.key).sort();
  const only = (rule: string, params: Record<string, number> = {}) =>
    alertRules.map((r) => {
      const c = defaultRuleConfig(r);
      return { ...c, enabled: r === rule, params: { ...c.params, ...(r === rule ? params : {}) } };
    });

  it('after a sync run the month’s bill is read again by the next full pass (the timer’s), not by the evaluation after the run', () => {
    const db = openTestWorkspaceDb();
    for (let d = 1; d <= 15; d++) insertRecords(db, { at: at(`2026-11-${String(d).padStart(2, '0')}T09:00:00+08:00`), count: 3000 });
    syncStateRepo(db).succeeded('records', NOW);
    const configs = only('spendBudget', { budgetYuan: Math.ceil(Number(monthBill(db, '2026-11', NOW).forecast!.projectedAmount)) + 1 });
    const cache = new RollupCache();
    expect(keys(evaluateRules(db, configs, NOW, cache))).toEqual([]);
    // A sync run brings a busy day that puts the month's forecast over the budget.
    insertRecords(db, { at: at('2026-11-15T10:00:00+08:00'), count: 60_000 });
    cache.expire(ACCOUNT_CACHE_PREFIX);
    expect(keys(evaluateRules(db, configs, NOW + 1000, cache, { incremental: true }))).toEqual([]);
    expect(keys(evaluateRules(db, configs, NOW + 2000, cache))).toEqual(['spendBudget|2026-11']);
    expect(keys(evaluateRules(db, configs, NOW + 3000, cache, { incremental: true }))).toEqual(['spendBudget|2026-11']);
    // Nothing kept: everything is read.
    expect(keys(evaluateRules(db, configs, NOW + 3000, new RollupCache(), { incremental: true }))).toEqual(['spendBudget|2026-11']);
  });

  it('packages are read afresh by the evaluation after the run', () => {
    const db = openTestWorkspaceDb();
    const pkg = (used: number) =>
      putPackages(db, {
        subscribed: true,
        items: [
          {
            packageId: 'P-1',
            kind: 'trial',
            quota: 1000,
            used,
            validFrom: toShanghaiIso(NOW - 10 * DAY),
            validTo: toShanghaiIso(NOW + 200 * DAY),
            status: 'active',
          },
        ],
      });
    const configs = only('packageUsage');
    const cache = new RollupCache();
    pkg(100);
    expect(keys(evaluateRules(db, configs, NOW, cache))).toEqual([]);
    pkg(900);
    cache.expire(ACCOUNT_CACHE_PREFIX);
    expect(keys(evaluateRules(db, configs, NOW + 1000, cache, { incremental: true }))).toEqual(['packageUsage|P-1|warn']);
  });
});
