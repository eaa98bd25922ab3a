/**
 * Everything the pure engine needs for one month, read from a workspace: the month's totals,
 * the ladder, and the packages as they stood when the month began. Packages span months, so
 * what earlier months used of them is worked out too — from one sum per stretch of days with
 * the same valid packages (shared/billing/coverage-windows), not from every earlier day.
 */
import { coverageWindows, packagesAfterWindows, windowsAffecting, type AppLabel, type CoverageWindow, type MonthTotals, type PackageInput } from '../../../../shared/billing';
import { startOfShanghaiDay } from '../../../../shared/time/shanghai';
import type { BillingRepo, StoredPackage } from './billing-repo';
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
export function windowTotals(repo: BillingRepo, windows: readonly CoverageWindow[]): (CoverageWindow & { billable: number })[] {
  return windows.map((w) => ({ ...w, billable: repo.billableBetween(w.from, w.to) }));
}

/** The packages as they stood at the start of `month`. */
export function packagesAtStartOf(repo: BillingRepo, packages: readonly PackageInput[], month: string): PackageInput[] {
  if (packages.length === 0) return [];
  const first = `${month}-01`;
  const windows = windowsAffecting(coverageWindows(packages, first), packages, startOfShanghaiDay(first));
  return packagesAfterWindows(windowTotals(repo, windows), packages);
}

export function monthInputs(repo: BillingRepo, month: string): MonthInputs {
  const storedPackages = repo.packages();
  const totals = repo.monthTotals(month);
  return {
    month,
    totals,
    packagesAtStart: packagesAtStartOf(repo, packageInputs(storedPackages), month),
    storedPackages,
    apps: repo.appLabels(totals.byApp.map((a) => a.id)),
    ...workspaceLadder(repo),
  };
}
