import { describe, expect, it } from 'vitest';
import { datesOfMonth, startOfShanghaiDay } from '../time/shanghai';
import { computeMonthBill } from './bill';
import { coverByPackages, packageState, packageUsage, packagesAfter, packageWarnings, type PackageInput } from './packages';

const day = (d: string): number => startOfShanghaiDay(d);
const DAY = 86_400_000;
const flat = (month: string, perDay: number) => datesOfMonth(month).map((date) => ({ date, billable: perDay }));
const lines = (month: string, perDay: number) =>
  flat(month, perDay).map((d) => ({ ...d, id: 'app1', operator: 'CMCC' as const, capability: 'login' as const }));

describe('package coverage (platform-api §3)', () => {
  const trial: PackageInput = { packageId: 'trial', quota: 500, validFrom: day('2026-09-01'), validTo: day('2026-12-01') };

  it('covers a month partially and carries the rest into the next month', () => {
    const oct = computeMonthBill({
      month: '2026-10',
      lines: [{ date: '2026-10-05', id: 'a', operator: 'CMCC', capability: 'login', billable: 300 }],
      packages: [trial],
    });
    expect(oct).toMatchObject({ calls: 300, packageCovered: 300, charged: 0, amount: '0.00' });
    const nov = computeMonthBill({
      month: '2026-11',
      lines: [{ date: '2026-11-02', id: 'a', operator: 'CMCC', capability: 'login', billable: 400 }],
      priorDays: [{ date: '2026-10-05', billable: 300 }],
      packages: [trial],
    });
    expect(nov).toMatchObject({ calls: 400, packageCovered: 200, charged: 200, amount: '5.20' });
    expect(nov.packageCoverage).toEqual([{ packageId: 'trial', covered: 200 }]);
  });

  it('stops covering when a package expires mid-month; the remainder is lost', () => {
    const p: PackageInput = { packageId: 'p', quota: 5_000, validFrom: day('2026-10-01'), validTo: day('2026-11-16') };
    const bill = computeMonthBill({ month: '2026-11', lines: lines('2026-11', 100), packages: [p] });
    expect(bill.packageCovered).toBe(1_500); // 1–15 November
    expect(bill.charged).toBe(1_500); // 16–30 November, although 3,500 of the quota were never used
    expect(bill.days.find((d) => d.date === '2026-11-15')).toMatchObject({ covered: 100, charged: 0 });
    expect(bill.days.find((d) => d.date === '2026-11-16')).toMatchObject({ covered: 0, charged: 100 });
  });

  it('is exhausted part-way through a day and charges the rest of that day', () => {
    const p: PackageInput = { packageId: 'p', quota: 500, validFrom: day('2026-11-01'), validTo: day('2027-02-01') };
    const cov = coverByPackages(flat('2026-11', 200).slice(0, 4), [p]);
    expect(cov.map((d) => d.covered)).toEqual([200, 200, 100, 0]);
    expect(packageUsage(cov).get('p')).toBe(500);
  });

  it('uses the package expiring first, and a package only within its validity', () => {
    const late: PackageInput = { packageId: 'late', quota: 5_000, validFrom: day('2026-11-01'), validTo: day('2027-03-01') };
    const early: PackageInput = { packageId: 'early', quota: 150, validFrom: day('2026-11-01'), validTo: day('2026-12-01') };
    const future: PackageInput = { packageId: 'future', quota: 1_000, validFrom: day('2026-11-20'), validTo: day('2026-11-25') };
    const cov = coverByPackages(flat('2026-11', 100), [late, future, early]);
    expect(cov[0]!.byPackage).toEqual({ early: 100 });
    expect(cov[1]!.byPackage).toEqual({ early: 50, late: 50 });
    // From the 20th the short "future" package expires first, so it goes before "late".
    expect(cov[19]!.byPackage).toEqual({ future: 100 });
    expect(cov[24]!.byPackage).toEqual({ late: 100 });
    const used = packageUsage(cov);
    expect(used.get('future')).toBe(500);
    expect(used.get('early')).toBe(150);
    expect(used.get('late')).toBe(3000 - 150 - 500);
  });

  it('packagesAfter leaves validity alone and reduces quota by what was used', () => {
    const after = packagesAfter(
      [
        { date: '2026-10-01', billable: 120 },
        { date: '2026-08-01', billable: 99 },
      ],
      [trial],
    );
    expect(after).toEqual([{ ...trial, quota: 380 }]); // August is before the trial began
  });

  it('refuses prior days that are not before the month', () => {
    expect(() => computeMonthBill({ month: '2026-11', lines: [], priorDays: [{ date: '2026-11-01', billable: 1 }], packages: [trial] })).toThrow(/not before/);
  });
});

describe('package warnings', () => {
  const now = day('2026-11-10');
  const p = { quota: 100, used: 0, validFrom: day('2026-09-01'), validTo: day('2026-12-31') };
  it('warns at 80 % and 100 % used', () => {
    expect(packageWarnings({ ...p, used: 79 }, now)).toEqual([]);
    expect(packageWarnings({ ...p, used: 80 }, now)).toEqual(['used80']);
    expect(packageWarnings({ ...p, used: 99 }, now)).toEqual(['used80']);
    expect(packageWarnings({ ...p, used: 100 }, now)).toEqual(['used100']);
    expect(packageWarnings({ ...p, quota: 500, used: 399 }, now)).toEqual([]);
    expect(packageWarnings({ ...p, quota: 500, used: 400 }, now)).toEqual(['used80']);
  });
  it('warns 7 days before expiry, and once expired says only that', () => {
    const validTo = now + 7 * DAY;
    expect(packageWarnings({ ...p, validTo: validTo + 1 }, now)).toEqual([]);
    expect(packageWarnings({ ...p, validTo }, now)).toEqual(['expiring']);
    expect(packageWarnings({ ...p, validTo, used: 90 }, now)).toEqual(['used80', 'expiring']);
    expect(packageWarnings({ ...p, validTo: now, used: 90 }, now)).toEqual(['expired']);
  });
  it('states the package', () => {
    expect(packageState(p, now)).toBe('active');
    expect(packageState({ ...p, used: 100 }, now)).toBe('exhausted');
    expect(packageState({ ...p, validTo: now }, now)).toBe('expired');
    expect(packageState({ ...p, validFrom: now + 1 }, now)).toBe('pending');
  });
});
