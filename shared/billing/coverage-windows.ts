/**
 * Package coverage over stretches of days instead of single days. Between two dates where some
 * package starts or ends, the set of valid packages does not change, and filling them day by
 * day in their fixed order (earliest expiry first) uses each exactly as much as filling them
 * with the stretch's total at once. So what earlier months used of a package needs only one
 * sum per stretch, not a row per day — the bill of a month then reads its own days, plus a few
 * sums, however long the packages have been running.
 */
import { addDays, shanghaiDate, startOfShanghaiDay } from '../time/shanghai';
import type { PackageInput } from './packages';

/** Dates [from, to) over which exactly `packageIds` are valid (never empty). */
export interface CoverageWindow {
  from: string;
  to: string;
  packageIds: string[];
}

/** The first Shanghai date that starts at or after the instant (coverage is decided at day start). */
function firstDayFrom(ms: number): string {
  const d = shanghaiDate(ms);
  return startOfShanghaiDay(d) >= ms ? d : addDays(d, 1);
}

/** The stretches before `beforeDate` in which at least one package is valid, in date order. */
export function coverageWindows(packages: readonly PackageInput[], beforeDate: string): CoverageWindow[] {
  const bounds = new Set<string>([beforeDate]);
  for (const p of packages) {
    bounds.add(firstDayFrom(p.validFrom));
    bounds.add(firstDayFrom(p.validTo));
  }
  const dates = [...bounds].filter((d) => d <= beforeDate).sort();
  const out: CoverageWindow[] = [];
  for (let i = 0; i + 1 < dates.length; i++) {
    const from = dates[i]!;
    const t = startOfShanghaiDay(from);
    const packageIds = packages.filter((p) => t >= p.validFrom && t < p.validTo).map((p) => p.packageId);
    if (packageIds.length) out.push({ from, to: dates[i + 1]!, packageIds });
  }
  return out;
}

/**
 * The windows that can change what is left, at `instant`, of the packages still valid then:
 * those where such a package is valid, and — transitively — those of every package that
 * shares a window with one (it competes for the same calls). Windows of packages that expired
 * on their own, long before, are left out.
 */
export function windowsAffecting(windows: readonly CoverageWindow[], packages: readonly PackageInput[], instant: number): CoverageWindow[] {
  const relevant = new Set(packages.filter((p) => p.validTo > instant).map((p) => p.packageId));
  for (let changed = true; changed;) {
    changed = false;
    for (const w of windows) {
      if (!w.packageIds.some((id) => relevant.has(id))) continue;
      for (const id of w.packageIds) {
        if (!relevant.has(id)) {
          relevant.add(id);
          changed = true;
        }
      }
    }
  }
  return windows.filter((w) => w.packageIds.some((id) => relevant.has(id)));
}

/** What each package covered over the windows, given each window's billable total. */
export function coverWindows(windows: readonly (CoverageWindow & { billable: number })[], packages: readonly PackageInput[]): Map<string, number> {
  const order = [...packages].sort((a, b) => a.validTo - b.validTo || a.validFrom - b.validFrom || (a.packageId < b.packageId ? -1 : 1));
  const remaining = new Map(order.map((p) => [p.packageId, p.quota]));
  const used = new Map<string, number>();
  for (const w of [...windows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    if (!Number.isSafeInteger(w.billable) || w.billable < 0) throw new RangeError(`bad billable count ${w.billable} in ${w.from}..${w.to}`);
    let left = w.billable;
    for (const p of order) {
      if (left === 0) break;
      if (!w.packageIds.includes(p.packageId)) continue;
      const take = Math.min(remaining.get(p.packageId)!, left);
      if (take > 0) {
        remaining.set(p.packageId, remaining.get(p.packageId)! - take);
        used.set(p.packageId, (used.get(p.packageId) ?? 0) + take);
        left -= take;
      }
    }
  }
  return used;
}

/** The packages as they stand after the windows: quota reduced by what the windows used. */
export function packagesAfterWindows(windows: readonly (CoverageWindow & { billable: number })[], packages: readonly PackageInput[]): PackageInput[] {
  const used = coverWindows(windows, packages);
  return packages.map((p) => ({ ...p, quota: p.quota - (used.get(p.packageId) ?? 0) }));
}
