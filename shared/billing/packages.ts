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

/**
 * The packages as they stand after the given days: same validity, quota reduced by what those
 * days used. Covering a month's days with these is the same as covering all history, because
 * coverage walks days in order — it lets a bill or a forecast look at one month only.
 */
export function packagesAfter(days: readonly DailyBillable[], packages: readonly PackageInput[]): PackageInput[] {
  const used = packageUsage(coverByPackages(days, packages));
  return packages.map((p) => ({ ...p, quota: p.quota - (used.get(p.packageId) ?? 0) }));
}

export type PackageWarning = 'used80' | 'used100' | 'expiring' | 'expired';

/** Days before expiry at which a package is flagged as expiring. */
export const EXPIRY_WARNING_DAYS = 7;

/**
 * What finance should be told about one package: expired; or used up; or at least 80 % used
 * and/or expiring within 7 days. Only what still matters is listed (an expired package's
 * usage no longer does; an exhausted one's expiry neither).
 */
export function packageWarnings(p: { quota: number; used: number; validTo: number }, now: number): PackageWarning[] {
  if (now >= p.validTo) return ['expired'];
  if (p.used >= p.quota) return ['used100'];
  const out: PackageWarning[] = [];
  // Integer comparison (used/quota ≥ 0.8) so 8 of 10 is exactly 80 %.
  if (p.used * 5 >= p.quota * 4) out.push('used80');
  if (p.validTo - now <= EXPIRY_WARNING_DAYS * 86_400_000) out.push('expiring');
  return out;
}

/** The package's state at `now`, from its own usage (the platform's or ours). */
export function packageState(
  p: { quota: number; used: number; validFrom: number; validTo: number },
  now: number,
): 'pending' | 'active' | 'exhausted' | 'expired' {
  if (now >= p.validTo) return 'expired';
  if (p.used >= p.quota) return 'exhausted';
  if (now < p.validFrom) return 'pending';
  return 'active';
}
