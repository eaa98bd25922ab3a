import { describe, expect, it } from 'vitest';
import { allocate } from './allocation';
import { prng } from './testing/prng';

describe('allocation (largest remainder)', () => {
  it('splits pro rata and places the remainders so the parts sum exactly', () => {
    // 1.00 元 over three equal weights: 0.34 + 0.33 + 0.33, the extra fen to the first.
    const parts = allocate(1_000, [
      { key: 'a', weight: 1 },
      { key: 'b', weight: 1 },
      { key: 'c', weight: 1 },
    ]);
    expect(parts.map((p) => p.amountMills)).toEqual([340, 330, 330]);
  });

  it('gives a tie to the larger weight first', () => {
    // 0.10 元 by weights 1 and 3 → 2.5 and 7.5 fen; both remainders equal, the larger weight wins.
    const parts = allocate(100, [
      { key: 'small', weight: 1 },
      { key: 'big', weight: 3 },
    ]);
    expect(parts).toEqual([
      { key: 'small', weight: 1, amountMills: 20 },
      { key: 'big', weight: 3, amountMills: 80 },
    ]);
  });

  it('handles zero weights, zero totals and refuses impossible splits', () => {
    expect(allocate(0, [{ key: 'a', weight: 0 }])).toEqual([{ key: 'a', weight: 0, amountMills: 0 }]);
    expect(
      allocate(500, [
        { key: 'a', weight: 0 },
        { key: 'b', weight: 7 },
      ]).map((p) => p.amountMills),
    ).toEqual([0, 500]);
    expect(() => allocate(10, [{ key: 'a', weight: 0 }])).toThrow(/zero weights/);
    expect(() => allocate(15, [{ key: 'a', weight: 1 }])).toThrow(/multiple/);
    expect(() => allocate(-10, [{ key: 'a', weight: 1 }])).toThrow(RangeError);
    expect(() => allocate(10, [{ key: 'a', weight: -1 }])).toThrow(/weight/);
    expect(() => allocate(10, [{ key: 'a', weight: 1.5 }])).toThrow(/weight/);
  });

  it('stays exact where units × weight passes 2^53', () => {
    const parts = allocate(9_000_000_000_000, [
      { key: 'a', weight: 3_000_000_001 },
      { key: 'b', weight: 6_999_999_999 },
    ]);
    expect(parts.reduce((s, p) => s + p.amountMills, 0)).toBe(9_000_000_000_000);
    expect(parts.every((p) => p.amountMills % 10 === 0)).toBe(true);
  });

  it('property: parts sum to the total, are whole fen, and each is within one fen of its exact share', () => {
    const r = prng(7);
    for (let n = 0; n < 300; n++) {
      const total = r.int(0, 2_000_000) * 10;
      const weights = Array.from({ length: r.int(1, 12) }, (_, i) => ({ key: `k${i}`, weight: r.int(0, 100_000) }));
      const sumW = weights.reduce((s, w) => s + w.weight, 0);
      if (sumW === 0) continue;
      const parts = allocate(total, weights);
      expect(parts.reduce((s, p) => s + p.amountMills, 0)).toBe(total);
      for (const p of parts) {
        expect(p.amountMills % 10).toBe(0);
        expect(Math.abs(p.amountMills - (total * p.weight) / sumW)).toBeLessThan(10);
      }
      // Deterministic: the same input gives the same split.
      expect(allocate(total, weights)).toEqual(parts);
    }
  });
});
