import { describe, expect, it } from 'vitest';
import { addDays, startOfShanghaiDay } from '../time/shanghai';
import { computeMonthBill, computeMonthBillFromTotals, packagesAtMonthStart, totalsOfLines } from './bill';
import { coverageWindows, packagesAfterWindows, windowsAffecting, type CoverageWindow } from './coverage-windows';
import type { DailyBillable, PackageInput } from './packages';
import { prng } from './testing/prng';

const day = (d: string): number => startOfShanghaiDay(d);
const sumOver = (days: readonly DailyBillable[], w: CoverageWindow) =>
  days.filter((d) => d.date >= w.from && d.date < w.to).reduce((s, d) => s + d.billable, 0);

describe('coverage windows', () => {
  const trial: PackageInput = { packageId: 'trial', quota: 500, validFrom: day('2026-01-01'), validTo: day('2026-04-01') };
  const pack: PackageInput = { packageId: 'pack', quota: 9_000, validFrom: day('2026-03-15'), validTo: day('2027-03-15') };
  const solo: PackageInput = { packageId: 'solo', quota: 100, validFrom: day('2025-06-01'), validTo: day('2025-07-01') };

  it('cuts history where the set of valid packages changes', () => {
    expect(coverageWindows([trial, pack, solo], '2026-11-01')).toEqual([
      { from: '2025-06-01', to: '2025-07-01', packageIds: ['solo'] },
      { from: '2026-01-01', to: '2026-03-15', packageIds: ['trial'] },
      { from: '2026-03-15', to: '2026-04-01', packageIds: ['trial', 'pack'] },
      { from: '2026-04-01', to: '2026-11-01', packageIds: ['pack'] },
    ]);
    // A package starting mid-day covers from the next day on (coverage is decided at day start).
    const noon = { ...solo, validFrom: day('2025-06-01') + 12 * 3_600_000 };
    expect(coverageWindows([noon], '2026-01-01')[0]!.from).toBe('2025-06-02');
  });

  it('keeps only windows that can change what a still-valid package has left', () => {
    const w = windowsAffecting(coverageWindows([trial, pack, solo], '2026-11-01'), [trial, pack, solo], day('2026-11-01'));
    // solo never shared a day with pack: its window does not matter; trial did, so all of trial's do.
    expect(w.map((x) => x.from)).toEqual(['2026-01-01', '2026-03-15', '2026-04-01']);
  });

  it('property: window sums leave the same quotas as walking every day', () => {
    const r = prng(31337);
    for (let n = 0; n < 150; n++) {
      const start = '2025-01-01';
      const days: DailyBillable[] = Array.from({ length: 700 }, (_, i) => ({ date: addDays(start, i), billable: r.pick([0, r.int(0, 50), r.int(0, 2_000)]) }));
      const packages: PackageInput[] = Array.from({ length: r.int(0, 5) }, (_, i) => {
        const from = day(addDays(start, r.int(0, 650))) + r.pick([0, 0, 3_600_000]);
        return { packageId: `p${i}`, quota: r.int(0, 40_000), validFrom: from, validTo: from + r.int(1, 200) * 86_400_000 };
      });
      const month = r.pick(['2025-06', '2025-11', '2026-04', '2026-10']);
      const monthStart = day(`${month}-01`);
      const prior = days.filter((d) => d.date < `${month}-01`);
      const windows = windowsAffecting(coverageWindows(packages, `${month}-01`), packages, monthStart).map((w) => ({ ...w, billable: sumOver(prior, w) }));
      const fast = packagesAfterWindows(windows, packages);
      const slow = packagesAtMonthStart(month, prior, packages);
      for (const p of packages.filter((x) => x.validTo > monthStart)) {
        expect(fast.find((x) => x.packageId === p.packageId)!.quota, `${month} ${p.packageId}`).toBe(slow.find((x) => x.packageId === p.packageId)!.quota);
      }
      // And the month's bill is the same either way.
      const lines = days.filter((d) => d.date.startsWith(month)).map((d) => ({ ...d, id: 'a', operator: 'CMCC' as const, capability: 'login' as const }));
      const a = computeMonthBill({ month, lines, priorDays: prior, packages });
      const b = computeMonthBillFromTotals({ month, totals: totalsOfLines(lines), packagesAtStart: fast });
      expect(b.amount).toBe(a.amount);
      expect(b.packageCovered).toBe(a.packageCovered);
    }
  });

  it('refuses totals whose breakdowns do not add up to the days', () => {
    expect(() =>
      computeMonthBillFromTotals({
        month: '2026-11',
        totals: { days: [{ date: '2026-11-01', billable: 5 }], byApp: [{ id: 'a', billable: 4 }], byOperator: { CMCC: 5 }, byCapability: { login: 5 } },
      }),
    ).toThrow(/by apps \(4\)/);
  });
});
