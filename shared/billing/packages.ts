/**
 * Package coverage (platform-api §3): billable calls are covered first by packages, the one
 * expiring earliest first, and only while the package is valid; the remainder of an expired
 * package is lost. Coverage is decided per Shanghai day: a package covers a day's calls when
 * the day starts inside [validFrom, validTo). Packages are issued on day boundaries, so this
 * is the same as deciding per call.
 */
import { startOfShanghaiDay } from '../time/shanghai';

export interface PackageInput {
  packageId: string;
  quota: number;
  /** Epoch ms. */
  validFrom: number;
  validTo: number;
}

export interface DailyBillable {
  date: string;
  billable: number;
}

export interface DailyCoverage {
  date: string;
  billable: number;
  covered: number;
  /** packageId → calls covered that day. */
  byPackage: Record<string, number>;
}

/** Walks the days in order (all history, not just one month: packages span months). */
export function coverByPackages(days: readonly DailyBillable[], packages: readonly PackageInput[]): DailyCoverage[] {
  const order = [...packages].sort((a, b) => a.validTo - b.validTo || a.validFrom - b.validFrom || (a.packageId < b.packageId ? -1 : 1));
  const remaining = new Map(order.map((p) => [p.packageId, p.quota]));
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return sorted.map(({ date, billable }) => {
    const t = startOfShanghaiDay(date);
    let left = billable;
    const byPackage: Record<string, number> = {};
    for (const p of order) {
      if (left === 0) break;
      if (t < p.validFrom || t >= p.validTo) continue;
      const r = remaining.get(p.packageId)!;
      const take = Math.min(r, left);
      if (take > 0) {
        remaining.set(p.packageId, r - take);
        byPackage[p.packageId] = take;
        left -= take;
      }
    }
    return { date, billable, covered: billable - left, byPackage };
  });
}

/** Used per package after the given days. */
export function packageUsage(coverage: readonly DailyCoverage[]): Map<string, number> {
  const used = new Map<string, number>();
  for (const d of coverage) for (const [id, n] of Object.entries(d.byPackage)) used.set(id, (used.get(id) ?? 0) + n);
  return used;
}
