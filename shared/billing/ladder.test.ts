import { describe, expect, it } from 'vitest';
import { formatFen, roundToFen } from '../money/mills';
import { DEFAULT_LADDER, ladderFromPricing, priceAllUnits, priceProgressive, tierOfOrdinal, tierPosition, validateLadder } from './ladder';
import { publicQuote, quote, quoteAllUnits } from './quote';
import { prng } from './testing/prng';

const fen = (calls: number): string => quote(calls).amount;

describe('progressive ladder (seed 000 §2.1.2)', () => {
  it("prices the seed's example: 20,000 calls → 500.00", () => {
    const q = quote(20_000);
    expect(q.amount).toBe('500.00');
    expect(q.tiers.map((t) => [t.count, t.amount])).toEqual([
      [10_000, '260.000'],
      [10_000, '240.000'],
      [0, '0.000'],
      [0, '0.000'],
    ]);
  });

  // Every boundary t: t−1 and t are priced inside the lower tier, t+1 is the first call of the next.
  it.each([
    [0, '0.00'],
    [1, '0.03'], // 0.026 → half-up to the fen
    [9_999, '259.97'], // 259.974
    [10_000, '260.00'],
    [10_001, '260.02'], // 260.024
    [49_999, '1219.98'], // 1219.976
    [50_000, '1220.00'],
    [50_001, '1220.02'], // 1220.021
    [249_999, '5419.98'], // 5419.979
    [250_000, '5420.00'],
    [250_001, '5420.02'], // 5420.018
  ])('%i calls → %s', (calls, amount) => {
    expect(fen(calls)).toBe(amount);
  });

  it('puts the boundary call in the lower tier and the next one in the higher', () => {
    for (const t of [10_000, 50_000, 250_000]) {
      const i = DEFAULT_LADDER.findIndex((x) => x.to === t);
      expect(priceProgressive(t).tiers[i]!.count).toBe(t - DEFAULT_LADDER[i]!.from);
      expect(priceProgressive(t).tiers[i + 1]!.count).toBe(0);
      expect(priceProgressive(t + 1).tiers[i + 1]!.count).toBe(1);
      expect(tierOfOrdinal(t)).toBe(i);
      expect(tierOfOrdinal(t + 1)).toBe(i + 1);
      expect(tierPosition(t - 1)).toEqual({ index: i, toNext: 1 });
      expect(tierPosition(t)).toEqual({ index: i + 1, toNext: DEFAULT_LADDER[i + 1]!.to === null ? null : DEFAULT_LADDER[i + 1]!.to! - t });
    }
    expect(tierPosition(0)).toEqual({ index: 0, toNext: 10_000 });
    expect(tierPosition(300_000)).toEqual({ index: 3, toNext: null });
  });

  it('rounds the month once, half-up: ties go up, never per tier', () => {
    // 50,005 calls: 1220.000 + 5 × 0.021 = 1220.105 → 1220.11
    expect(priceProgressive(50_005).amountMills).toBe(1_220_105);
    expect(fen(50_005)).toBe('1220.11');
    expect(fen(50_015)).toBe('1220.32'); // 1220.315
    expect(fen(50_004)).toBe('1220.08'); // 1220.084
    // A ladder with a price ending in 5 mills: 1 × 0.025 = 0.025 → 0.03; 3 calls = 0.075 → 0.08.
    const odd = ladderFromPricing([{ from: 0, to: null, unitPrice: '0.025' }]);
    expect(quote(1, 0, odd).amount).toBe('0.03');
    expect(quote(2, 0, odd).amount).toBe('0.05');
    expect(quote(3, 0, odd).amount).toBe('0.08');
    expect(roundToFen(4)).toBe(0);
    expect(roundToFen(5)).toBe(10);
    expect(roundToFen(-5)).toBe(-10);
    expect(formatFen(roundToFen(-4))).toBe('0.00'); // -0 from mills.ts, harmless once formatted
  });

  it('applies a package first, then the ladder from tier one', () => {
    const q = quote(20_500, 500);
    expect(q).toMatchObject({ calls: 20_500, packageCovered: 500, charged: 20_000, amount: '500.00' });
    expect(quote(300, 500)).toMatchObject({ packageCovered: 300, charged: 0, amount: '0.00' });
    expect(publicQuote(q)).not.toHaveProperty('amountMills');
  });

  it('compares with an all-units model', () => {
    expect(priceAllUnits(10_000).amountMills).toBe(260_000);
    expect(priceAllUnits(10_001).amountMills).toBe(240_024);
    expect(priceAllUnits(20_000).tier).toBe(DEFAULT_LADDER[1]);
    const all = quoteAllUnits(20_500, 500);
    expect(all).toMatchObject({ charged: 20_000, tierIndex: 1, unitPrice: '0.024', amount: '480.00' });
    expect(quoteAllUnits(0).amount).toBe('0.00');
  });

  it('refuses what is not a count', () => {
    expect(() => quote(-1)).toThrow(RangeError);
    expect(() => quote(1.5)).toThrow(RangeError);
    expect(() => quote(10, -1)).toThrow(RangeError);
    expect(() => priceProgressive(Number.NaN)).toThrow(RangeError);
    expect(() => tierOfOrdinal(0)).toThrow(RangeError);
  });

  it('reads the platform pricing and refuses a broken ladder', () => {
    const l = ladderFromPricing([
      { from: 0, to: 10000, unitPrice: '0.026' },
      { from: 10000, to: 50000, unitPrice: '0.024' },
      { from: 50000, to: 250000, unitPrice: '0.021' },
      { from: 250000, to: null, unitPrice: '0.018' },
    ]);
    expect(l).toEqual(DEFAULT_LADDER);
    expect(() => validateLadder([])).toThrow(/empty/);
    expect(() => ladderFromPricing([{ from: 0, to: 100, unitPrice: '0.02' }])).toThrow(/upper bound/);
    expect(() => ladderFromPricing([{ from: 1, to: null, unitPrice: '0.02' }])).toThrow(/starts at 1/);
    expect(() =>
      ladderFromPricing([
        { from: 0, to: 100, unitPrice: '0.02' },
        { from: 50, to: null, unitPrice: '0.01' },
      ]),
    ).toThrow(/starts at 50/);
    expect(() => ladderFromPricing([{ from: 0, to: null, unitPrice: '0.0261' }])).toThrow();
  });

  it('property: tier counts sum to the charged calls, amounts to the exact total, and the total never falls', () => {
    const r = prng(20261122);
    let prevCalls = -1;
    let prevAmount = -1;
    const cases = Array.from({ length: 400 }, () => r.pick([r.int(0, 20), r.int(0, 60_000), r.int(0, 400_000), r.int(0, 20_000_000)])).sort((a, b) => a - b);
    for (const calls of cases) {
      const pkg = r.int(0, 1000);
      const q = quote(calls, pkg);
      expect(q.packageCovered + q.charged).toBe(calls);
      expect(q.tiers.reduce((s, t) => s + t.count, 0)).toBe(q.charged);
      const exact = priceProgressive(q.charged);
      expect(exact.tiers.reduce((s, t) => s + t.amountMills, 0)).toBe(exact.amountMills);
      expect(Math.abs(roundToFen(exact.amountMills) - exact.amountMills)).toBeLessThanOrEqual(5);
      expect(formatFen(roundToFen(exact.amountMills))).toBe(q.amount);
      const plain = priceProgressive(calls).amountMills;
      if (calls > prevCalls) expect(plain).toBeGreaterThanOrEqual(prevAmount);
      // Every call costs between the cheapest and the dearest unit price.
      expect(plain).toBeLessThanOrEqual(calls * 26);
      expect(plain).toBeGreaterThanOrEqual(calls * 18);
      prevCalls = calls;
      prevAmount = plain;
    }
  });
});
