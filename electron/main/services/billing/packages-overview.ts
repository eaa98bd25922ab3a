/**
 * `billing.packages`: the account's packages as the platform reported them, set beside what our
 * own records say each has covered, with the warnings finance asked for (80 % / 100 % used,
 * 7 days before expiry) and the month's calls refused for want of a package (10301–10304).
 */
import { coverageWindows, coverWindows, packageCodeReason, packageResultCodes, packageWarnings } from '../../../../shared/billing';
import type { PackagesOutput } from '../../../../shared/contract/billing';
import { addDays, shanghaiDate, shanghaiMonth } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { billingRepo } from './billing-repo';
import { packageInputs, windowTotals } from './month-inputs';

const DAY_MS = 86_400_000;

export function packagesOverview(db: Db, now: number, month: string = shanghaiMonth(now)): PackagesOutput {
  const repo = billingRepo(db);
  const stored = repo.packages();
  const inputs = packageInputs(stored);
  // Coverage over everything synced up to today: what our records say each package has used.
  const usedLocal = coverWindows(windowTotals(repo, coverageWindows(inputs, addDays(shanghaiDate(now), 1))), inputs);
  const refusals = repo.refusals(month);
  const sub = repo.subscribed();
  return {
    subscribed: sub ? sub.subscribed : null,
    fetchedAt: stored.length ? Math.max(...stored.map((p) => p.fetchedAt)) : sub ? sub.fetchedAt : null,
    items: stored.map((p) => {
      const local = usedLocal.get(p.packageId) ?? 0;
      // Warn on whichever count is further along: the platform's figure may be a sync behind.
      const used = Math.max(p.used, local);
      return {
        packageId: p.packageId,
        kind: p.kind,
        quota: p.quota,
        used: p.used,
        remaining: Math.max(0, p.quota - used),
        usedLocal: local,
        validFrom: p.validFrom,
        validTo: p.validTo,
        status: p.status,
        warnings: packageWarnings({ quota: p.quota, used, validTo: p.validTo }, now),
        daysToExpiry: Math.ceil((p.validTo - now) / DAY_MS),
      };
    }),
    refusals: packageResultCodes
      .filter((c) => (refusals.get(c) ?? 0) > 0)
      .map((code) => ({ code, reason: packageCodeReason[code], count: refusals.get(code)! })),
    month,
  };
}
