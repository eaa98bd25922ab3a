import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_BOOKS,
  bookForMonth,
  breakEvenPoints,
  cheapestPackages,
  compareBooks,
  priceBookFromInput,
  priceBookSchema,
  priceBookToInput,
  quoteWithBook,
} from './price-books';
import { computeMonthBill } from './bill';

/**
 * Independent calculation: prices in fen×10 from the text, written out by hand, each
 * call walked one tier at a time (progressive) or the total's tier looked up (all-units).
 */
const ALIYUN = [
  [100_000, 40],
  [5_000_000, 35],
  [10_000_000, 30],
  [Infinity, 26],
] as const;
const ONETAP = [
  [10_000, 26],
  [50_000, 24],
  [250_000, 21],
  [Infinity, 18],
] as const;
function oracleAllUnits(calls: number): number {
  const price = ALIYUN.find(([upTo]) => calls <= upTo)![1];
  return calls * price;
}
function oracleProgressive(calls: number): number {
  let mills = 0;
  let prev = 0;
  for (const [upTo, price] of ONETAP) {
    const n = Math.max(0, Math.min(calls, upTo) - prev);
    mills += n * price;
    prev = upTo;
  }
  return mills;
}
const toFen = (mills: number): string => {
  const fen = Math.floor((mills + 5) / 10);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
};

describe('price books', () => {
  const aliyun = BUILT_IN_BOOKS['aliyun-dypns'];
  const onetap = BUILT_IN_BOOKS.onetap;

  const allUnitsEdges = [0, 1, 99_999, 100_000, 100_001, 4_999_999, 5_000_000, 5_000_001, 9_999_999, 10_000_000, 10_000_001, 23_456_789];
  it.each(allUnitsEdges)('all-units at %i calls equals the independent calculation', (n) => {
    const q = quoteWithBook(n, 0, aliyun);
    expect(q.model).toBe('all-units');
    expect(q.amount).toBe(toFen(oracleAllUnits(n)));
    expect(q.tiers.reduce((s, t) => s + t.count, 0)).toBe(n);
    expect(q.tiers.filter((t) => t.count > 0).length).toBe(n === 0 ? 0 : 1);
  });

  const progressiveEdges = [0, 1, 9_999, 10_000, 10_001, 49_999, 50_000, 50_001, 249_999, 250_000, 250_001, 100_000, 5_000_000, 10_000_000, 10_000_001];
  it.each(progressiveEdges)('progressive at %i calls equals the independent calculation', (n) => {
    expect(quoteWithBook(n, 0, onetap).amount).toBe(toFen(oracleProgressive(n)));
  });

  it.each([
    [100_050, 50],
    [5_000_040, 40],
    [10_000_001, 1],
    [10_000_001, 20_000_000],
  ])('with packages: %i calls, %i covered first, the rest on the book', (n, pkg) => {
    const charged = Math.max(0, n - pkg);
    expect(quoteWithBook(n, pkg, aliyun).amount).toBe(toFen(oracleAllUnits(charged)));
    expect(quoteWithBook(n, pkg, onetap).amount).toBe(toFen(oracleProgressive(charged)));
  });

  it('a month bill under the all-units model, with a package covering the first days', () => {
    const lines = [
      { date: '2026-03-01', id: 's1', operator: 'CMCC' as const, capability: 'login' as const, billable: 60_000 },
      { date: '2026-03-02', id: 's1', operator: 'CMCC' as const, capability: 'verify' as const, billable: 45_000 },
    ];
    const packages = [{ packageId: 'p', quota: 5_000, validFrom: Date.parse('2026-02-28T16:00:00Z'), validTo: Date.parse('2027-02-28T16:00:00Z') }];
    const b = computeMonthBill({ month: '2026-03', lines, packages, ladder: aliyun.tiers, model: aliyun.model });
    expect(b.charged).toBe(100_000);
    expect(b.amount).toBe(toFen(oracleAllUnits(100_000)));
    // Default stays today's behaviour: progressive.
    expect(computeMonthBill({ month: '2026-03', lines, ladder: aliyun.tiers }).amount).toBe('4175.00'); // 100,000 × 0.040 + 5,000 × 0.035
  });

  it('round-trips a negotiated book through its schema and refuses a broken ladder', () => {
    const nego = priceBookFromInput({
      ...priceBookToInput(aliyun),
      id: 'aliyun-2027',
      name: '阿里云 协议价',
      source: 'contract 2027-001',
      tiers: [{ from: 0, to: null, unitPriceMills: 31 }],
    });
    expect(nego.custom).toBe(true);
    expect(quoteWithBook(1000, 0, nego).amount).toBe('31.00');
    const own = { ...priceBookToInput(aliyun), id: 'aliyun-copy' };
    expect(priceBookSchema.safeParse(own).success).toBe(true);
    expect(priceBookSchema.safeParse({ ...own, tiers: [{ from: 0, to: 10, unitPriceMills: 100 }] }).success).toBe(false);
    expect(priceBookSchema.safeParse({ ...own, tiers: [{ from: 0, to: null, unitPriceMills: 0.1 }] }).success).toBe(false);
  });

  it('finds where a flat negotiated book stops being cheaper than the progressive ladder', () => {
    const flat = priceBookFromInput({ ...priceBookToInput(aliyun), id: 'flat', tiers: [{ from: 0, to: null, unitPriceMills: 22 }] });
    const points = breakEvenPoints(onetap, flat, 2_000_000);
    expect(points).toHaveLength(1);
    const p = points[0]!;
    // Independent: the first volume where the ladder's exact amount drops below 0.022 × n.
    const cheaperLadder = (n: number) => oracleProgressive(n) < n * 22;
    expect(cheaperLadder(p)).not.toBe(cheaperLadder(p - 1));
    let first = 1;
    while (cheaperLadder(first) === cheaperLadder(1)) first++;
    expect(p).toBe(first);
  });

  it('prices packages, compares books and finds the break-even points', () => {
    expect(cheapestPackages(150_000, aliyun)).toEqual({
      priceMills: 3_300_000 + 1_800_000,
      packages: [
        { calls: 100_000, count: 1 },
        { calls: 50_000, count: 1 },
      ],
    });
    // One 5万 package (1,800) beats 45 × 1千 (2,250); 20,000 calls: 20 × 1千 or 200 × 100, both 1,000.
    expect(cheapestPackages(45_000, aliyun)!.priceMills).toBe(1_800_000);
    expect(cheapestPackages(20_000, aliyun)!.priceMills).toBe(1_000_000);
    expect(cheapestPackages(1_000_050, aliyun)!.priceMills).toBe(10 * 3_300_000 + 5_000);
    // Brute force over every mix for small volumes.
    for (const n of [0, 1, 99, 101, 950, 1_001, 4_321, 49_999, 50_001, 99_000, 100_001, 160_000]) {
      let bestMills = Infinity;
      for (let a = 0; a <= 2; a++)
        for (let b = 0; b <= 4; b++)
          for (let c = 0; c <= 60; c++) {
            const covered = a * 100_000 + b * 50_000 + c * 1_000;
            const d = Math.max(0, Math.ceil((n - covered) / 100));
            bestMills = Math.min(bestMills, a * 3_300_000 + b * 1_800_000 + c * 50_000 + d * 5_000);
          }
      expect(cheapestPackages(n, aliyun)!.priceMills).toBe(bestMills);
    }
    expect(cheapestPackages(10, BUILT_IN_BOOKS.tencent)).toBeNull();
    const cmp = compareBooks(20_000, [onetap, aliyun]);
    expect(cmp.map((c) => [c.book, c.amount])).toEqual([
      ['onetap', '500.00'],
      ['aliyun-dypns', '800.00'],
    ]);
    const points = breakEvenPoints(onetap, aliyun, 20_000_000);
    const cheaper = (n: number): boolean => oracleProgressive(n) < oracleAllUnits(n);
    // Every reported point flips which book is cheaper; nothing else flips between them.
    for (const p of points) expect(cheaper(p)).not.toBe(cheaper(p - 1));
    const probe = [1, 1000, 99_999, 100_001, 1_000_000, 5_000_001, 10_000_001, 19_999_999];
    for (const n of probe) {
      const before = points.filter((p) => p <= n).length;
      expect(cheaper(n)).toBe(before % 2 === 0 ? cheaper(1) : !cheaper(1));
    }
  });
});

describe('bookForMonth', () => {
  const base = { id: 'base', effectiveDate: '2026-12-04' };
  const a = { id: 'a', effectiveDate: '2026-10-01' };
  const b = { id: 'b', effectiveDate: '2026-12-31' };
  const c = { id: 'c', effectiveDate: '2026-10-01' };
  it('takes the latest chosen book in effect by the month, the base before any, the later chosen on the same date', () => {
    expect(bookForMonth(base, [a, b], '2026-09')).toBe(base);
    expect(bookForMonth(null, [a, b], '2026-09')).toBeNull();
    expect(bookForMonth(base, [a, b], '2026-10')).toBe(a);
    expect(bookForMonth(base, [a, b], '2026-11')).toBe(a);
    // A book effective on the month's last day prices that month.
    expect(bookForMonth(base, [b, a], '2026-12')).toBe(b);
    expect(bookForMonth(base, [a, b], '2027-06')).toBe(b);
    expect(bookForMonth(base, [a, c], '2026-10')).toBe(c);
    expect(bookForMonth(base, [c, a], '2026-10')).toBe(a);
  });
});
