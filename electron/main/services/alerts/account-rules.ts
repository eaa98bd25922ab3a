/**
 * The rules about the account rather than the traffic: packages (used up / expiring), spend
 * (month-end forecast over budget, the day the month crosses into the next tier), apps waiting
 * in review, and the sync itself. Each reads the functions the billing, apps and sync screens
 * use, so an alert and the screen it links to never disagree.
 */
import type { RuleConfig } from '../../../../shared/contract/alerts';
import { workingMsBetween, WORKING_DAY_MS } from '../../../../shared/apps/working-day';
import { formatFen, parseYuan, roundToFen } from '../../../../shared/money/mills';
import { addDays, shanghaiDate, shanghaiMonth, toShanghaiIso } from '../../../../shared/time/shanghai';
import { appsQuery } from '../apps/apps-query';
import { buildTimeline, waitingSince } from '../apps/timeline';
import { monthBill } from '../billing/month-bill';
import { packagesOverview } from '../billing/packages-overview';
import type { Db } from '../db/open';
import { syncStateRepo } from '../store/sync-state-repo';
import { findingKey, inScope, round4, type Finding, type RuleInput } from './finding';

const DAY_MS = 86_400_000;

export function packageRules(usage: RuleConfig | null, expiry: RuleConfig | null, db: Db, input: RuleInput): Finding[] {
  const out: Finding[] = [];
  const overview = packagesOverview(db, input.now);
  for (const p of overview.items) {
    if (p.validTo <= input.now || p.quota <= 0) continue;
    const used = p.quota - p.remaining;
    const share = used / p.quota;
    const link = { view: 'billing' as const, query: { tab: 'packages', package: p.packageId } };
    if (usage) {
      const warn = (usage.params.warnPercent ?? 80) / 100;
      // 100 % and the warning level are separate episodes: running out deserves its own message.
      const level = share >= 1 ? 100 : share >= warn ? Math.round(warn * 100) : null;
      if (level !== null) {
        out.push({
          rule: 'packageUsage',
          key: findingKey('packageUsage', [p.packageId, String(level === 100 ? 100 : 'warn')]),
          scope: {},
          subject: { packageId: p.packageId, kind: p.kind },
          numbers: { quota: p.quota, used, remaining: p.remaining, usedShare: round4(share), level },
          topCodes: [],
          detail: `package ${p.packageId} (${p.kind}) ${level === 100 ? 'used up' : `at ${(share * 100).toFixed(1)}% used`}: ${used}/${p.quota}, ${p.remaining} left`,
          link,
        });
      }
    }
    if (expiry) {
      const days = Math.ceil((p.validTo - input.now) / DAY_MS);
      if (days <= (expiry.params.daysBefore ?? 7) && p.remaining > 0) {
        out.push({
          rule: 'packageExpiry',
          key: findingKey('packageExpiry', [p.packageId]),
          scope: {},
          subject: { packageId: p.packageId, kind: p.kind },
          numbers: { daysToExpiry: days, validTo: toShanghaiIso(p.validTo), remaining: p.remaining },
          topCodes: [],
          detail: `package ${p.packageId} (${p.kind}) expires in ${days} day(s) (${shanghaiDate(p.validTo)}) with ${p.remaining} calls unused`,
          link,
        });
      }
    }
  }
  return out;
}

export function spendRules(budget: RuleConfig | null, tier: RuleConfig | null, db: Db, input: RuleInput): Finding[] {
  const month = shanghaiMonth(input.now);
  const bill = monthBill(db, month, input.now);
  const f = bill.forecast;
  if (!f) return [];
  const out: Finding[] = [];
  const link = { view: 'billing' as const, query: { month } };
  const budgetYuan = budget?.params.budgetYuan ?? 0;
  if (budget && budgetYuan > 0) {
    const projected = parseYuan(f.projectedAmount);
    const limit = roundToFen(Math.round(budgetYuan * 1000));
    if (projected > limit) {
      out.push({
        rule: 'spendBudget',
        key: findingKey('spendBudget', [month]),
        scope: {},
        subject: { month },
        numbers: {
          projectedAmount: f.projectedAmount,
          budget: formatFen(limit),
          chargedSoFar: f.chargedSoFar,
          projectedCalls: f.projectedCalls,
          dailyRate: Math.round(f.dailyRate),
        },
        topCodes: [],
        detail: `${month} is forecast to cost ¥${f.projectedAmount} by month end, over the ¥${formatFen(limit)} budget`,
        link,
      });
    }
  }
  const next = f.nextTier;
  if (tier && next?.reachedOn) {
    const today = shanghaiDate(input.now);
    if (next.reachedOn >= today && next.reachedOn <= addDays(today, tier.params.daysAhead ?? 7)) {
      out.push({
        rule: 'tierCrossing',
        key: findingKey('tierCrossing', [month, String(next.index)]),
        scope: {},
        subject: { month, reachedOn: next.reachedOn },
        numbers: { tierIndex: next.index, from: next.from, unitPrice: next.unitPrice, reachedOn: next.reachedOn, chargedSoFar: f.chargedSoFar },
        topCodes: [],
        detail: `${month} is forecast to cross into tier ${next.index + 1} (from call ${next.from}, ¥${next.unitPrice} each) on ${next.reachedOn}`,
        link,
      });
    }
  }
  return out;
}

export function reviewPending(config: RuleConfig, db: Db, input: RuleInput): Finding[] {
  const q = appsQuery(db);
  const waiting = q.all(false).filter((a) => a.status === 'pending' || a.status === 'reviewing');
  if (!waiting.length) return [];
  const ids = waiting.map((a) => a.data.id);
  const versions = q.versionsOf(ids);
  const activities = q.activitiesOf(ids);
  const out: Finding[] = [];
  const limit = (config.params.workingDays ?? 1) * WORKING_DAY_MS;
  for (const a of waiting) {
    if (!inScope(config, input.apps, a.data.id, null)) continue;
    const since = waitingSince(a.status, buildTimeline(versions.get(a.data.id) ?? [], activities.get(a.data.id) ?? []), a.createdAt);
    if (since === null) continue;
    const worked = workingMsBetween(since, input.now);
    if (worked <= limit) continue;
    out.push({
      rule: 'reviewPending',
      // The wait restarts on a resubmission: a new waiting-since is a new episode.
      key: findingKey('reviewPending', [a.data.id, String(since)]),
      scope: { app: a.data.id },
      subject: { appName: a.data.name, status: a.status },
      numbers: { waitingSince: toShanghaiIso(since), workingHours: Math.round(worked / 3_600_000), status: a.status },
      topCodes: [],
      detail: `app ${a.data.name} has been ${a.status} for ${(worked / WORKING_DAY_MS).toFixed(1)} working day(s) (since ${toShanghaiIso(since).slice(0, 16)})`,
      link: { view: 'apps', query: { id: a.data.id } },
    });
  }
  return out;
}

/** Data older than N minutes (the oldest last success among synced resources), or the last attempt failed. */
export function syncStale(config: RuleConfig, db: Db, input: RuleInput): Finding[] {
  const rows = syncStateRepo(db)
    .all()
    .filter((r) => r.lastAttemptAt !== null);
  if (!rows.length) return [];
  const out: Finding[] = [];
  const failed = rows.filter((r) => r.lastError !== null && (r.lastSuccessAt ?? 0) < (r.lastAttemptAt ?? 0));
  if (failed.length) {
    out.push({
      rule: 'syncStale',
      key: findingKey('syncStale', ['failed']),
      scope: {},
      subject: { resources: failed.map((r) => r.resource).join(',') },
      numbers: { failed: failed.length, error: failed[0]!.lastError!.code, message: failed[0]!.lastError!.message.slice(0, 200) },
      topCodes: [],
      detail: `the last sync failed for ${failed.map((r) => r.resource).join(', ')}: ${failed[0]!.lastError!.code} ${failed[0]!.lastError!.message.slice(0, 200)}`,
      link: { view: 'settings', query: {} },
    });
  }
  const successes = rows.map((r) => r.lastSuccessAt);
  const asOf = successes.every((s) => s !== null) ? Math.min(...(successes as number[])) : null;
  const staleMs = asOf === null ? null : input.now - asOf;
  const limitMs = (config.params.staleMinutes ?? 60) * 60_000;
  if (staleMs !== null && staleMs > limitMs) {
    out.push({
      rule: 'syncStale',
      key: findingKey('syncStale', ['stale']),
      scope: {},
      subject: {},
      numbers: { dataAsOf: toShanghaiIso(asOf!), staleMinutes: Math.round(staleMs / 60_000), limitMinutes: config.params.staleMinutes ?? 60 },
      topCodes: [],
      detail: `local data is ${Math.round(staleMs / 60_000)} min old (as of ${toShanghaiIso(asOf!).slice(0, 16)}), over ${config.params.staleMinutes ?? 60} min`,
      link: { view: 'settings', query: {} },
    });
  }
  return out;
}
