/**
 * `billing.reconcile` / `onetap reconcile`: our usage of a month against the platform's
 * statement and bill as sync stored them, by the shared engine's reconcileMonth.
 */
import { reconcileMonth } from '../../../../shared/billing';
import type { ReconcileOutput } from '../../../../shared/contract/billing';
import type { Db } from '../db/open';
import { billingRepo } from './billing-repo';
import { workspaceLadder } from './ladder-source';
import { packageInputs, packagesAtStartOf } from './month-inputs';

export function reconcile(db: Db, month: string): ReconcileOutput {
  const repo = billingRepo(db);
  const { ladder } = workspaceLadder(repo);
  const local = repo.monthUsage(month);
  const statement = repo.statement(month);
  const stored = repo.bill(month);
  const apps = repo.appLabels(new Set([...local, ...(statement?.lines ?? [])].map((l) => l.id)));
  const r = reconcileMonth({
    month,
    local,
    platform: statement ? statement.lines : null,
    platformBill: stored ? stored.bill : null,
    packagesAtStart: packagesAtStartOf(repo, packageInputs(repo.packages()), month),
    ladder,
    apps,
  });
  return {
    month,
    status: r.status,
    missing: r.missing,
    differences: r.differences.map(({ amountMills: _m, ...d }) => ({ ...d, appName: apps.get(d.id)?.name ?? null })),
    billDifferences: r.billDifferences,
    totals: r.totals,
    lineCount: r.lineCount,
    matchedLines: r.matchedLines,
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
