import { describe, expect, it } from 'vitest';
import { capabilities, operators } from '../platform/domain';
import { datesOfMonth, startOfShanghaiDay } from '../time/shanghai';
import { computeMonthBill, exactAmountOfDays } from './bill';
import { reconcileMonth, type PlatformBillSummary, type UsageLine } from './reconcile';
import { prng } from './testing/prng';

const line = (date: string, id: string, capability: 'login' | 'verify', operator: 'CMCC' | 'CUCC' | 'CTCC', billable: number, extra = 0): UsageLine => ({
  date,
  id,
  appId: `A-${id}`,
  capability,
  operator,
  calls: billable + extra,
  successes: billable,
  billable,
});

const billOf = (lines: UsageLine[], status: 'open' | 'final' = 'final'): PlatformBillSummary => {
  const b = computeMonthBill({ month: '2026-11', lines });
  return { status, billable: b.calls, packageCovered: b.packageCovered, charged: b.charged, tiers: b.tiers, amount: b.amount };
};

describe('reconciliation', () => {
  const local = [
    line('2026-11-01', 'a', 'login', 'CMCC', 6_000, 40),
    line('2026-11-01', 'a', 'verify', 'CUCC', 3_000),
    line('2026-11-02', 'b', 'login', 'CTCC', 1_000, 7),
  ];

  it('matches when every line and the bill agree', () => {
    const r = reconcileMonth({ month: '2026-11', local, platform: local.map((l) => ({ ...l })), platformBill: billOf(local) });
    expect(r).toMatchObject({
      status: 'matched',
      missing: [],
      differences: [],
      billDifferences: [],
      lineCount: 3,
      matchedLines: 3,
      amountLocal: '260.00',
      amountPlatform: '260.00',
      amountFromStatement: '260.00',
      deltaAmount: '0.00',
    });
  });

  it('never matches without the platform statement and bill', () => {
    const r = reconcileMonth({ month: '2026-11', local, platform: null, platformBill: null });
    expect(r.status).toBe('mismatched');
    expect(r.missing).toEqual(['statement', 'bill']);
    expect(r.amountPlatform).toBeNull();
    expect(r.amountFromStatement).toBeNull();
  });

  it('lists each drifted line with its size in calls and money', () => {
    const platform = local.map((l) => ({ ...l }));
    platform[0] = { ...platform[0]!, billable: 6_005, successes: 6_005, calls: 6_045 };
    const r = reconcileMonth({ month: '2026-11', local, platform, platformBill: billOf(platform) });
    expect(r.status).toBe('mismatched');
    expect(r.differences).toHaveLength(1);
    expect(r.differences[0]).toMatchObject({
      date: '2026-11-01',
      id: 'a',
      appId: 'A-a',
      capability: 'login',
      operator: 'CMCC',
      local: 6_000,
      platform: 6_005,
      delta: 5,
      presence: 'both',
    });
    // 10,000 billable locally: the 5 extra calls are calls 10,001–10,005, priced at 0.024.
    expect(r.differences[0]!.amount).toBe('0.120');
    expect(r.billDifferences.map((d) => d.field)).toEqual(['billable', 'charged', 'amount', 'tiers.1.count', 'tiers.1.amount']);
    expect(r.deltaAmount).toBe('0.12');
    expect(r.amountFromStatement).toBe(r.amountPlatform);
  });

  it('prices a difference across a tier boundary and sums the parts to the whole gap', () => {
    const base = [line('2026-11-03', 'a', 'login', 'CMCC', 9_990), line('2026-11-04', 'b', 'login', 'CMCC', 10)];
    const platform = [line('2026-11-03', 'a', 'login', 'CMCC', 9_995), line('2026-11-04', 'b', 'login', 'CMCC', 20)];
    const r = reconcileMonth({ month: '2026-11', local: base, platform, platformBill: billOf(platform) });
    // Local 10,000 exactly. +5 → calls 10,001–10,005 at 0.024; then +10 → 10,006–10,015 at 0.024.
    expect(r.differences.map((d) => d.amount)).toEqual(['0.120', '0.240']);
    const shrink = reconcileMonth({ month: '2026-11', local: platform, platform: base, platformBill: billOf(base) });
    expect(shrink.differences.map((d) => d.amount)).toEqual(['-0.120', '-0.240']);
  });

  it('reports lines only one side has, and differences in calls that leave billable alone', () => {
    const platform = [local[0]!, { ...local[1]!, calls: local[1]!.calls + 3 }, line('2026-11-05', 'c', 'verify', 'CMCC', 0, 4)];
    const r = reconcileMonth({ month: '2026-11', local, platform, platformBill: billOf(local) });
    expect(r.differences.map((d) => [d.date, d.id, d.presence, d.delta, d.localCalls, d.platformCalls, d.amount])).toEqual([
      ['2026-11-01', 'a', 'both', 0, 3_000, 3_003, '0.000'],
      ['2026-11-02', 'b', 'local-only', -1_000, 1_007, 0, '-26.000'],
      ['2026-11-05', 'c', 'platform-only', 0, 0, 4, '0.000'],
    ]);
    expect(r.lineCount).toBe(4);
    expect(r.matchedLines).toBe(1);
  });

  it('treats an all-zero line on one side as the same as no line', () => {
    const r = reconcileMonth({ month: '2026-11', local, platform: [...local, line('2026-11-09', 'z', 'login', 'CUCC', 0)], platformBill: billOf(local) });
    expect(r.status).toBe('matched');
  });

  it('flags a bill that disagrees with an agreeing statement', () => {
    const bill = { ...billOf(local), amount: '260.01' };
    const r = reconcileMonth({ month: '2026-11', local, platform: local, platformBill: bill });
    expect(r.differences).toEqual([]);
    expect(r.billDifferences).toEqual([{ field: 'amount', local: '260.00', platform: '260.01' }]);
    expect(r.status).toBe('mismatched');
    // "260.000" and "260.00" are the same money.
    const same = reconcileMonth({ month: '2026-11', local, platform: local, platformBill: { ...billOf(local), amount: '260.000' } });
    expect(same.status).toBe('matched');
  });

  it('prices differences with the packages as they stood', () => {
    const pkg = { packageId: 'p', quota: 10_500, validFrom: startOfShanghaiDay('2026-11-01'), validTo: startOfShanghaiDay('2027-01-01') };
    const platform = [{ ...local[0]!, billable: 6_600, successes: 6_600, calls: 6_640 }, local[1]!, local[2]!];
    const r = reconcileMonth({ month: '2026-11', local, platform, platformBill: null, packages: [pkg] });
    // Locally 10,000 covered; the platform's 600 extra use the last 500 of the package, 100 are charged.
    expect(r.differences[0]!.amount).toBe('2.600');
    expect(r.localBill.packageCovered).toBe(10_000);
  });

  it('property: exactly the drifted lines are listed, and their money sums to the gap', () => {
    const r = prng(424242);
    const dates = datesOfMonth('2026-11');
    for (let n = 0; n < 40; n++) {
      const keys = new Map<string, UsageLine>();
      for (let i = 0; i < r.int(1, 60); i++) {
        const l = line(r.pick(dates), `app${r.int(1, 5)}`, r.pick(capabilities), r.pick(operators), r.int(0, 9_000), r.int(0, 50));
        keys.set(`${l.date}|${l.id}|${l.capability}|${l.operator}`, l);
      }
      const localLines = [...keys.values()];
      const drifted = new Set<number>();
      const platform = localLines.map((l, i) => {
        if (r.int(0, 4) !== 0) return { ...l };
        drifted.add(i);
        const d = r.int(-Math.min(l.billable, 300), 300) || 1;
        return { ...l, billable: l.billable + d, successes: l.successes + d, calls: l.calls + d };
      });
      const res = reconcileMonth({ month: '2026-11', local: localLines, platform, platformBill: null });
      expect(res.differences.length).toBe(drifted.size);
      const want = new Set([...drifted].map((i) => `${localLines[i]!.date}|${localLines[i]!.id}|${localLines[i]!.capability}|${localLines[i]!.operator}`));
      expect(new Set(res.differences.map((d) => `${d.date}|${d.id}|${d.capability}|${d.operator}`))).toEqual(want);
      const dayTotals = (ls: UsageLine[]) => dates.map((date) => ({ date, billable: ls.filter((l) => l.date === date).reduce((s, l) => s + l.billable, 0) }));
      const gap = exactAmountOfDays(dayTotals(platform), []) - exactAmountOfDays(dayTotals(localLines), []);
      expect(res.differences.reduce((s, d) => s + d.amountMills, 0)).toBe(gap);
    }
  });
});
