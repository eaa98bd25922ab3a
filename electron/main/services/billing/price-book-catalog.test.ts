/**
 * The user's price books through the contract (priceBooks.*, workspaces.priceBooks/setPriceBooks)
 * and what they do to a workspace's money: every refused book changes nothing and says why in
 * the console's language; a negotiated book changes the month's bill by exactly the difference
 * an independent calculation gives, at every tier edge; each month is billed with the book in
 * effect for it; the reconciliation, the what-if and the comparison read the same book.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, calls, type CallName, type CallOutput } from '../../../../shared/contract';
import type { PriceBookInput } from '../../../../shared/billing';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { createTestContext, type TestContext } from '../testing/context';
import { putStatement } from './testing/fixtures';

let t: TestContext;
afterEach(() => t?.cleanup());

async function call<N extends CallName>(name: N, input: unknown = {}): Promise<CallOutput<N>> {
  const out = await dispatch(handlers, t.ctx, name, input);
  return calls[name].output.parse(out) as CallOutput<N>;
}
async function refusal(name: CallName, input: unknown): Promise<ApiError> {
  try {
    await dispatch(handlers, t.ctx, name, input);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`${name} was not refused`);
}

/** A month whose statement says `billable` calls (no records: the statement is the basis). */
function statementOf(month: string, billable: number): void {
  putStatement(t.workspace.db, {
    month,
    items: [{ date: `${month}-03`, id: 'app-1', appId: 'A1', capability: 'login', operator: 'CMCC', calls: billable, successes: billable, billable }],
    generatedAt: `${month}-28T12:00:00.000+08:00`,
  });
}

/** Independent prices, in thousandths of a yuan, written out from the books' own words. */
const SEED = [
  [10_000, 26],
  [50_000, 24],
  [250_000, 21],
  [Infinity, 18],
] as const; // seed 000 §2.1, progressive
const NEGOTIATED = [
  [100_000, 38],
  [5_000_000, 33],
  [10_000_000, 28],
  [Infinity, 24],
] as const; // all-units
function progressiveMills(n: number): number {
  let sum = 0;
  let prev = 0;
  for (const [upTo, price] of SEED) {
    sum += Math.max(0, Math.min(n, upTo) - prev) * price;
    prev = upTo;
  }
  return sum;
}
const allUnitsMills = (n: number): number => n * NEGOTIATED.find(([upTo]) => n <= upTo)![1];
/** Half-up to the fen, once per bill. */
const fenOf = (mills: number): number => Math.floor((mills + 5) / 10);
const fen = (yuan: string): number => Math.round(Number(yuan) * 100);

const negotiated: PriceBookInput = {
  name: '协议价 2026',
  provider: 'onetap',
  model: 'all-units',
  tiers: [
    { from: 0, to: 100_000, unitPriceMills: 38 },
    { from: 100_000, to: 5_000_000, unitPriceMills: 33 },
    { from: 5_000_000, to: 10_000_000, unitPriceMills: 28 },
    { from: 10_000_000, to: null, unitPriceMills: 24 },
  ],
  source: '合同 HT-2026-017 附件二',
  effectiveDate: '2026-10-01',
};

describe('price books', () => {
  it('refuses every bad book at the door, says why per field in the console language, and changes nothing', async () => {
    t = createTestContext({ now: Date.parse('2026-11-15T04:00:00Z') });
    const before = await call('priceBooks.list');
    expect(before.books.map((b) => [b.id, b.custom])).toEqual([
      ['onetap', false],
      ['aliyun-dypns', false],
      ['tencent', false],
    ]);
    const tiers = negotiated.tiers;
    const bad: [string, unknown, string][] = [
      ['gap', { ...negotiated, tiers: [tiers[0], { ...tiers[1]!, from: 100_001 }, tiers[2], tiers[3]] }, 'tiers.1.from'],
      ['overlap', { ...negotiated, tiers: [tiers[0], { ...tiers[1]!, from: 90_000 }, tiers[2], tiers[3]] }, 'tiers.1.from'],
      ['not from 0', { ...negotiated, tiers: [{ ...tiers[0]!, from: 1 }, ...tiers.slice(1)] }, 'tiers.0.from'],
      ['descending', { ...negotiated, tiers: [tiers[0], { ...tiers[1]!, to: 50_000 }, tiers[2], tiers[3]] }, 'tiers.1.to'],
      ['closed last', { ...negotiated, tiers: [tiers[0], { ...tiers[1]!, to: 20_000_000 }] }, 'tiers.1.to'],
      ['open middle', { ...negotiated, tiers: [{ ...tiers[0]!, to: null }, tiers[1]] }, 'tiers.0.to'],
      ['negative price', { ...negotiated, tiers: [{ ...tiers[0]!, unitPriceMills: -1 }, ...tiers.slice(1)] }, 'tiers.0.unitPriceMills'],
      ['fractional price', { ...negotiated, tiers: [{ ...tiers[0]!, unitPriceMills: 38.5 }, ...tiers.slice(1)] }, 'tiers.0.unitPriceMills'],
      ['price as text', { ...negotiated, tiers: [{ ...tiers[0]!, unitPriceMills: '0.038' }, ...tiers.slice(1)] }, 'tiers.0.unitPriceMills'],
      ['no tiers', { ...negotiated, tiers: [] }, 'tiers'],
      ['no such day', { ...negotiated, effectiveDate: '2026-02-29' }, 'effectiveDate'],
      ['not a date', { ...negotiated, effectiveDate: '2026/10/01' }, 'effectiveDate'],
      ['model', { ...negotiated, model: 'flat' }, 'model'],
      ['provider', { ...negotiated, provider: 'huawei' }, 'provider'],
      ['empty name', { ...negotiated, name: '  ' }, 'name'],
      ['built-in id', { ...negotiated, id: 'aliyun-dypns' }, 'id'],
      ['unknown field', { ...negotiated, discount: 0.1 }, 'discount'],
      ['package of 0 calls', { ...negotiated, packages: [{ calls: 0, priceMills: 1, months: 12 }] }, 'packages.0.calls'],
    ];
    for (const [why, book, field] of bad) {
      const e = await refusal('priceBooks.save', { book });
      expect(e.code, why).toBe('VALIDATION_FAILED');
      expect(Object.keys(e.fields ?? {}), why).toContain(field);
    }
    // In the console's language: Chinese by default, English when the user chose it.
    const gap = await refusal('priceBooks.save', { book: bad[0]![1] });
    expect(gap.fields!['tiers.1.from']).toBe('与上一阶梯之间有空档：应从 100000 开始');
    await call('settings.set', { locale: 'en-US' });
    const gapEn = await refusal('priceBooks.save', { book: bad[0]![1] });
    expect(gapEn.fields!['tiers.1.from']).toBe('Leaves a gap after the previous tier: it must start at 100000');
    expect(await call('priceBooks.list')).toEqual(before);

    // Built-in books are read-only.
    expect((await refusal('priceBooks.delete', { id: 'onetap' })).code).toBe('CONFLICT');
    // A name is unique (the command line names books by it).
    await call('priceBooks.save', { book: negotiated });
    expect((await refusal('priceBooks.save', { book: { ...negotiated, effectiveDate: '2027-01-01' } })).code).toBe('CONFLICT');
    expect((await refusal('priceBooks.save', { book: { ...negotiated, name: '腾讯云 号码认证' } })).code).toBe('CONFLICT');
  });

  it('a negotiated book changes the month by exactly the independent difference at every tier edge', async () => {
    t = createTestContext({ now: Date.parse('2026-12-10T04:00:00Z') });
    const edges = [99_999, 100_000, 100_001, 4_999_999, 5_000_000, 5_000_001, 9_999_999, 10_000_000, 10_000_001];
    const before = new Map<number, string>();
    for (const n of edges) {
      statementOf('2026-11', n);
      const b = await call('billing.month', { month: '2026-11' });
      expect(b.basis).toBe('statement');
      expect(b.ladder.source).toBe('default');
      expect(fen(b.amount)).toBe(fenOf(progressiveMills(n)));
      before.set(n, b.amount);
    }
    const saved = await call('priceBooks.save', { book: negotiated });
    expect(saved).toMatchObject({ custom: true, usedBy: [], model: 'all-units' });
    const chosen = await call('workspaces.setPriceBooks', { books: [saved.name] });
    expect(chosen.chosen.map((b) => b.id)).toEqual([saved.id]);
    for (const n of edges) {
      statementOf('2026-11', n);
      const b = await call('billing.month', { month: '2026-11' });
      expect(b.ladder).toMatchObject({ source: 'book', model: 'all-units', book: { id: saved.id, custom: true, effectiveDate: '2026-10-01' } });
      expect(fen(b.amount) - fen(before.get(n)!), `at ${n}`).toBe(fenOf(allUnitsMills(n)) - fenOf(progressiveMills(n)));
      // The reconciliation prices its local side with the same book.
      expect((await call('billing.reconcile', { month: '2026-11' })).amountLocal).toBe(b.amount);
    }
    // The what-if and the comparison read the same book.
    const q = await call('billing.quote', { calls: 100_001 });
    expect(q.ladder.book?.id).toBe(saved.id);
    expect(fen(q.allUnits.amount)).toBe(fenOf(allUnitsMills(100_001)));
    const cmp = await call('billing.compare', { calls: 100_001 });
    expect(cmp.items.find((i) => i.book === saved.id)?.amount).toBe(q.allUnits.amount);
    // A book a workspace bills with cannot be deleted; once unchosen it can.
    expect((await call('priceBooks.get', { book: saved.id })).usedBy).toEqual(['test']);
    expect((await refusal('priceBooks.delete', { id: saved.id })).code).toBe('CONFLICT');
    await call('workspaces.setPriceBooks', { books: [] });
    expect(await call('priceBooks.delete', { id: saved.id })).toEqual({ deleted: true });
    statementOf('2026-11', 100_001);
    expect((await call('billing.month', { month: '2026-11' })).amount).toBe(before.get(100_001));
  });

  it('bills each month with the book in effect for it', async () => {
    t = createTestContext({ now: Date.parse('2027-02-10T04:00:00Z') });
    const flat = (name: string, mills: number, effectiveDate: string): PriceBookInput => ({
      name,
      provider: 'onetap',
      model: 'progressive',
      tiers: [{ from: 0, to: null, unitPriceMills: mills }],
      source: name,
      effectiveDate,
    });
    const oct = await call('priceBooks.save', { book: flat('十月起', 20, '2026-10-01') });
    // Effective in the middle of December: December is billed with it (a month is priced by one book).
    const dec = await call('priceBooks.save', { book: flat('十二月中起', 10, '2026-12-15') });
    // An Alibaba Cloud book cannot price our platform's workspace.
    const ali = await call('priceBooks.save', { book: { ...flat('阿里云协议', 30, '2026-01-01'), provider: 'aliyun-dypns', model: 'all-units' } });
    expect((await refusal('workspaces.setPriceBooks', { books: [ali.id] })).code).toBe('INVALID_INPUT');
    const set = await call('workspaces.setPriceBooks', { books: [dec.id, oct.id] });
    expect(set.base).toBeNull();
    expect(set.months).toEqual([
      { month: '2026-09', book: null },
      { month: '2026-10', book: oct.id },
      { month: '2026-11', book: oct.id },
      { month: '2026-12', book: dec.id },
      { month: '2027-01', book: dec.id },
      { month: '2027-02', book: dec.id },
    ]);
    const n = 20_000;
    for (const [month, mills] of [
      ['2026-09', progressiveMills(n)],
      ['2026-10', n * 20],
      ['2026-11', n * 20],
      ['2026-12', n * 10],
      ['2027-01', n * 10],
    ] as const) {
      statementOf(month, n);
      const b = await call('billing.month', { month });
      expect(fen(b.amount), month).toBe(fenOf(mills));
    }
    // Editing a book reprices the months it covers (here: moved to January).
    await call('priceBooks.save', { book: { ...flat('十二月中起', 10, '2027-01-01'), id: dec.id } });
    expect(fen((await call('billing.month', { month: '2026-12' })).amount)).toBe(fenOf(n * 20));
    expect(fen((await call('billing.month', { month: '2027-01' })).amount)).toBe(fenOf(n * 10));
  });
});
