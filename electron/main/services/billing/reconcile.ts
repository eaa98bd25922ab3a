/**
 * `billing.reconcile` / `onetap reconcile`: our usage of a month against the platform's
 * statement and bill as sync stored them, by the shared engine's reconcileMonth.
 */
import { reconcileMonth } from '../../../../shared/billing';
import type { ReconcileOutput } from '../../../../shared/contract/billing';
import type { Db } from '../db/open';
import { billingRepo } from './billing-repo';
import { monthBasis } from './basis';
import { workspaceLadder } from './ladder-source';
import { isStatisticsSource, monthBill, type BillSource, type StatisticsSource } from './month-bill';
import { packageInputs, packagesAtStartOf, usageSource } from './month-inputs';

/**
 * On a provider billed from its daily statistics the provider's billing lines are read online
 * (`providers.reconcile`); offline (exports, the printed statement) the local side stands alone,
 * with the provider's bill named as missing rather than pretended to match.
 */
function statisticsReconcile(db: Db, month: string, statistics: StatisticsSource, now: number): ReconcileOutput {
  const bill = monthBill(db, month, now, statistics);
  const totals = billingRepo(db)
    .monthUsage(month)
    .reduce((t, l) => ({ calls: t.calls + l.calls, successes: t.successes + l.successes, billable: t.billable + l.billable }), {
      calls: 0,
      successes: 0,
      billable: 0,
    });
  return {
    month,
    basis: 'statistics',
    status: 'mismatched',
    missing: ['bill'],
    differences: [],
    billDifferences: [],
    totals: { local: totals, platform: null },
    lineCount: 0,
    matchedLines: 0,
    amountLocal: bill.amount,
    amountPlatform: null,
    amountFromStatement: null,
    deltaAmount: null,
    billStatus: null,
    statementGeneratedAt: null,
    statementFetchedAt: null,
    billFetchedAt: null,
  };
}

export function reconcile(db: Db, month: string, source: BillSource | null = null, now: number = Date.now()): ReconcileOutput {
  if (isStatisticsSource(source)) return statisticsReconcile(db, month, source, now);
  const repo = billingRepo(db);
  // The month's own book when the user chose one (the same the bill is priced with), else the platform's pricing.
  const { ladder, model } = workspaceLadder(repo, source?.book ?? null);
  const { basis, statement: basisStatement } = monthBasis(db, repo, month);
  const statement = basisStatement ?? repo.statement(month);
  // On the statement basis the local side is the statement itself: its lines agree by definition and are
  // not reported as compared; what is checked is the platform's bill against that statement, priced by our rules.
  const local = basis === 'records' ? repo.monthUsage(month) : basis === 'statement' ? statement!.lines : [];
  const stored = repo.bill(month);
  const apps = repo.appLabels(new Set([...local, ...(statement?.lines ?? [])].map((l) => l.id)));
  const r = reconcileMonth({
    month,
    local,
    platform: statement ? statement.lines : null,
    platformBill: stored ? stored.bill : null,
    packagesAtStart: packagesAtStartOf(usageSource(repo, basis), packageInputs(repo.packages()), month),
    ladder,
    model,
    apps,
  });
  const linesCompared = basis === 'records';
  return {
    month,
    basis,
    status: r.status,
    missing: r.missing,
    differences: r.differences.map(({ amountMills: _m, ...d }) => ({ ...d, appName: apps.get(d.id)?.name ?? null })),
    billDifferences: r.billDifferences,
    totals: r.totals,
    lineCount: linesCompared ? r.lineCount : 0,
    matchedLines: linesCompared ? r.matchedLines : 0,
    amountLocal: r.amountLocal,
    amountPlatform: r.amountPlatform,
    amountFromStatement: r.amountFromStatement,
    deltaAmount: r.deltaAmount,
    billStatus: stored ? stored.bill.status : null,
    statementGeneratedAt: statement ? statement.generatedAt : null,
    statementFetchedAt: statement ? statement.fetchedAt : null,
    billFetchedAt: stored ? stored.fetchedAt : null,
  };
}
