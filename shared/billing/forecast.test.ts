import { describe, expect, it } from 'vitest';
import { datesOfMonth, startOfShanghaiDay } from '../time/shanghai';
import { forecastMonth, isOpenMonth } from './forecast';

const days = (month: string, n: number, perDay: number) =>
  datesOfMonth(month)
    .slice(0, n)
    .map((date) => ({ date, billable: perDay }));

describe('forecast of the open month', () => {
  it('projects the month-to-date rate to month end', () => {
    // 00:00 on 16 November (Shanghai): exactly 15 days elapsed, 1,000 a day.
    const f = forecastMonth({ month: '2026-11', now: startOfShanghaiDay('2026-11-16'), days: days('2026-11', 15, 1_000) });
    expect(f.dailyRate).toBeCloseTo(1_000, 6);
    expect(f.projectedCalls).toBe(30_000);
    expect(f.projectedAmount).toBe('740.00'); // 260 + 20,000 × 0.024
    expect(f.chargedSoFar).toBe(15_000);
    expect(f.currentTierIndex).toBe(1);
    expect(f.nextTier).toEqual({ index: 2, from: 50_000, unitPrice: '0.021', reachedOn: null });
    expect(f.days.filter((d) => d.projected)).toHaveLength(15);
    expect(f.days.reduce((s, d) => s + d.billable, 0)).toBe(30_000);
  });

  it('finds the day the next tier is reached', () => {
    const f = forecastMonth({ month: '2026-11', now: startOfShanghaiDay('2026-11-16'), days: days('2026-11', 15, 3_000) });
    // 45,000 so far; 48,000 after the 16th, 51,000 after the 17th: call 50,001 arrives on the 17th.
    expect(f.nextTier?.reachedOn).toBe('2026-11-17');
    expect(f.projectedCalls).toBe(90_000);
    expect(f.projectedAmount).toBe('2060.00'); // 260 + 960 + 40,000 × 0.021
  });

  it('has no next tier in the last one', () => {
    const f = forecastMonth({ month: '2026-11', now: startOfShanghaiDay('2026-11-11'), days: days('2026-11', 10, 30_000) });
    expect(f.currentTierIndex).toBe(3);
    expect(f.nextTier).toBeNull();
  });

  it('splits today between what happened and what is projected', () => {
    // 12:00 on 3 November: 2.5 days elapsed, 2,500 calls → 1,000 a day; today so far 500.
    const now = startOfShanghaiDay('2026-11-03') + 12 * 3_600_000;
    const f = forecastMonth({
      month: '2026-11',
      now,
      days: [
        { date: '2026-11-01', billable: 1_000 },
        { date: '2026-11-02', billable: 1_000 },
        { date: '2026-11-03', billable: 500 },
      ],
    });
    expect(f.days[2]).toMatchObject({ date: '2026-11-03', billable: 1_000, projected: true });
    expect(f.days[1]).toMatchObject({ projected: false, billable: 1_000 });
    expect(f.projectedCalls).toBe(30_000);
  });

  it('lets packages cover projected days only while they are valid', () => {
    const pkg = { packageId: 'p', quota: 100_000, validFrom: startOfShanghaiDay('2026-10-01'), validTo: startOfShanghaiDay('2026-11-21') };
    const f = forecastMonth({ month: '2026-11', now: startOfShanghaiDay('2026-11-11'), days: days('2026-11', 10, 1_000), packagesAtStart: [pkg] });
    expect(f.chargedSoFar).toBe(0);
    expect(f.projectedPackageCovered).toBe(20_000); // 1–20 November
    expect(f.projectedCharged).toBe(10_000);
    expect(f.projectedAmount).toBe('260.00');
    expect(f.nextTier?.reachedOn).toBeNull();
  });

  it('starts from zero at the first instant and refuses a closed month', () => {
    const start = startOfShanghaiDay('2026-11-01');
    const f = forecastMonth({ month: '2026-11', now: start, days: [] });
    expect(f.projectedCalls).toBe(0);
    expect(f.projectedAmount).toBe('0.00');
    expect(isOpenMonth('2026-11', start - 1)).toBe(false);
    expect(isOpenMonth('2026-11', startOfShanghaiDay('2026-12-01'))).toBe(false);
    expect(() => forecastMonth({ month: '2026-10', now: start, days: [] })).toThrow(/not open/);
    expect(() => forecastMonth({ month: '2026-11', now: start + 1, days: [{ date: '2026-10-31', billable: 1 }] })).toThrow(/not in/);
  });
});
