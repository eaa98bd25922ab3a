/**
 * Everything the pure engine needs for one month, read from a workspace: the month's totals,
 * the ladder, and the packages as they stood when the month began. Packages span months, so
 * what earlier months used of them is worked out too — from one sum per stretch of days with
 * the same valid packages (shared/billing/coverage-windows), not from every earlier day.
 */
import {
  coverageWindows,
  packagesAfterWindows,
  totalsOfLines,
  windowsAffecting,
  type AppLabel,
  type CoverageWindow,
  type MonthTotals,
  type PackageInput,
  type PriceBook,
} from '../../../../shared/billing';
import type { BillBasis } from '../../../../shared/contract/billing';
import { startOfShanghaiDay } from '../../../../shared/time/shanghai';
import type { BillingRepo, StoredPackage, StoredStatement } from './billing-repo';
import { workspaceLadder, type WorkspaceLadder } from './ladder-source';

export interface MonthInputs extends WorkspaceLadder {
  month: string;
  totals: MonthTotals;
  packagesAtStart: PackageInput[];
  storedPackages: StoredPackage[];
  apps: Map<string, AppLabel>;
}

export function packageInputs(stored: readonly StoredPackage[]): PackageInput[] {
  return stored.map((p) => ({ packageId: p.packageId, quota: p.quota, validFrom: p.validFrom, validTo: p.validTo }));
}

/** The windows with their billable totals, read as one sum each. */
export function windowTotals(repo: Pick<BillingRepo, 'billableBetween'>, windows: readonly CoverageWindow[]): (CoverageWindow & { billable: number })[] {
  return windows.map((w) => ({ ...w, billable: repo.billableBetween(w.from, w.to) }));
}

/** The packages as they stood at the start of `month`. */
export function packagesAtStartOf(repo: Pick<BillingRepo, 'billableBetween'>, packages: readonly PackageInput[], month: string): PackageInput[] {
  if (packages.length === 0) return [];
  const first = `${month}-01`;
  const windows = windowsAffecting(coverageWindows(packages, first), packages, startOfShanghaiDay(first));
  return packagesAfterWindows(windowTotals(repo, windows), packages);
}

/** Earlier months' usage on a basis: what packages had already covered before this month. */
export function usageSource(repo: BillingRepo, basis: BillBasis): Pick<BillingRepo, 'billableBetween'> {
  return basis === 'statement' ? { billableBetween: (from, before) => repo.statementBillableBetween(from, before) } : repo;
}

export function monthInputs(
  repo: BillingRepo,
  month: string,
  basis: { basis: BillBasis; statement: StoredStatement | null } = { basis: 'records', statement: null },
  book: PriceBook | null = null,
): MonthInputs {
  const storedPackages = repo.packages();
  const totals = basis.basis === 'statement' && basis.statement ? totalsOfLines(basis.statement.lines) : repo.monthTotals(month);
  return {
    month,
    totals,
    packagesAtStart: packagesAtStartOf(usageSource(repo, basis.basis), packageInputs(storedPackages), month),
    storedPackages,
    apps: repo.appLabels(totals.byApp.map((a) => a.id)),
    ...workspaceLadder(repo, book),
  };
}
