/**
 * Price books as data: who charges what, under which model, with which prepaid packages, and
 * where the figures come from. The built-in books are the published list prices; a user may
 * edit a copy or add a negotiated book (validated by `priceBookSchema`, stored by the console).
 * The engine (ladder / quote / bill / forecast) takes a book's tiers and model.
 */
import { z } from 'zod';
import type { BuiltInBookId } from './book-ids';
import { formatFen, formatMills, parseYuan, roundToFen, type Mills } from '../money/mills';
import { isDate } from '../time/shanghai';
import { DEFAULT_LADDER, priceByModel, pricingModels, validateLadder, type PricingModel, type Tier } from './ladder';
import { quote, type QuoteResult } from './quote';

/** A prepaid package one can buy: calls for a price, valid for some months, used before pay-as-you-go. */
export interface BookPackage {
  calls: number;
  priceMills: Mills;
  months: number;
}

export interface PriceBook {
  id: string;
  name: string;
  /** The provider whose list this is (a negotiated book names the provider it applies to). */
  provider: string;
  model: PricingModel;
  tiers: readonly Tier[];
  packages: readonly BookPackage[];
  /** Where the figures come from (document, page, or "negotiated contract …"). */
  source: string;
  /** First Shanghai day the prices apply. */
  effectiveDate: string;
  currency: 'CNY';
  /** A user's own book (edited copy or negotiated), as opposed to a built-in list price. */
  custom: boolean;
}

const ALL_UNITS_TIERS: readonly Tier[] = Object.freeze([
  { from: 0, to: 100_000, unitPriceMills: 40 },
  { from: 100_000, to: 5_000_000, unitPriceMills: 35 },
  { from: 5_000_000, to: 10_000_000, unitPriceMills: 30 },
  { from: 10_000_000, to: null, unitPriceMills: 26 },
]);

export { builtInBookIds, isBuiltInBookId, type BuiltInBookId } from './book-ids';

export const BUILT_IN_BOOKS: Readonly<Record<BuiltInBookId, PriceBook>> = Object.freeze({
  onetap: {
    id: 'onetap',
    name: 'onetap 平台 (天翼云 阶梯累进)',
    provider: 'onetap',
    model: 'progressive',
    tiers: DEFAULT_LADDER,
    packages: [],
    source: 'seeds/000 §2.1.2 price ladder (platform-api §3); a synced GET /v1/pricing replaces it per workspace',
    effectiveDate: '2026-01-01',
    currency: 'CNY',
    custom: false,
  },
  'aliyun-dypns': {
    id: 'aliyun-dypns',
    name: '阿里云 号码认证服务',
    provider: 'aliyun-dypns',
    model: 'all-units',
    tiers: ALL_UNITS_TIERS,
    packages: [
      { calls: 100, priceMills: 5_000, months: 12 },
      { calls: 1_000, priceMills: 50_000, months: 12 },
      { calls: 50_000, priceMills: 1_800_000, months: 12 },
      { calls: 100_000, priceMills: 3_300_000, months: 12 },
    ],
    source: 'Alibaba Cloud 号码认证服务 list price (pay-as-you-go tiers and resource packages; login and verify counted together), as recorded in issue 15',
    effectiveDate: '2026-12-04',
    currency: 'CNY',
    custom: false,
  },
  tencent: {
    id: 'tencent',
    name: '腾讯云 号码认证',
    provider: 'tencent',
    model: 'all-units',
    tiers: ALL_UNITS_TIERS,
    packages: [],
    source: 'Tencent Cloud 号码认证 list price (same all-units tiers as Alibaba Cloud), as recorded in issue 15',
    effectiveDate: '2026-12-04',
    currency: 'CNY',
    custom: false,
  },
});

const yuanSchema = z.string().regex(/^\d+(\.\d{1,3})?$/, 'a price in 元 with at most 3 decimals');
const countSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A book as a user writes it (prices as decimal strings in 元), checked completely. */
export const priceBookSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(80),
    provider: z.string().trim().min(1).max(40),
    model: z.enum(pricingModels),
    tiers: z
      .array(z.strictObject({ from: countSchema, to: countSchema.nullable(), unitPrice: yuanSchema }))
      .min(1)
      .max(20),
    packages: z
      .array(z.strictObject({ calls: countSchema.min(1), price: yuanSchema, months: z.number().int().min(1).max(120) }))
      .max(20)
      .default([]),
    source: z.string().trim().min(1).max(400),
    effectiveDate: z.string().refine(isDate, 'a date as YYYY-MM-DD'),
  })
  .superRefine((b, ctx) => {
    try {
      validateLadder(b.tiers.map((t) => ({ from: t.from, to: t.to, unitPriceMills: parseYuan(t.unitPrice) })));
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['tiers'], message: e instanceof Error ? e.message : String(e) });
    }
  });
export type PriceBookInput = z.input<typeof priceBookSchema>;

/** A user's book (validated) → the engine's form. Throws the schema's error on bad input. */
export function priceBookFromInput(input: unknown): PriceBook {
  const b = priceBookSchema.parse(input);
  return {
    id: b.id,
    name: b.name,
    provider: b.provider,
    model: b.model,
    tiers: b.tiers.map((t) => ({ from: t.from, to: t.to, unitPriceMills: parseYuan(t.unitPrice) })),
    packages: b.packages.map((p) => ({ calls: p.calls, priceMills: parseYuan(p.price), months: p.months })),
    source: b.source,
    effectiveDate: b.effectiveDate,
    currency: 'CNY',
    custom: true,
  };
}

/** The engine's form → the printable one (what priceBookSchema reads back). */
export function priceBookToInput(b: PriceBook): z.output<typeof priceBookSchema> {
  return {
    id: b.id,
    name: b.name,
    provider: b.provider,
    model: b.model,
    tiers: b.tiers.map((t) => ({ from: t.from, to: t.to, unitPrice: formatMills(t.unitPriceMills) })),
    packages: b.packages.map((p) => ({ calls: p.calls, price: formatMills(p.priceMills), months: p.months })),
    source: b.source,
    effectiveDate: b.effectiveDate,
  };
}

/** The `onetap bill quote --json` shape: today's quote plus the model and the book it was priced with. */
export interface BookQuote extends QuoteResult {
  model: PricingModel;
  book: string;
}

export function quoteWithBook(calls: number, packageRemaining: number, book: PriceBook): BookQuote & { amountMills: Mills } {
  const q = quote(calls, packageRemaining, book.tiers, book.model);
  return { ...q, model: book.model, book: book.id };
}

/**
 * The cheapest way to cover `calls` with the book's packages (any number of each), for the
 * cost comparison. Exact: the best-value package is bought for all but a tail of at most two
 * of the largest packages, and the tail is solved by a small dynamic programme over package
 * sizes in units of their greatest common divisor. Returns null when the book sells none.
 */
export function cheapestPackages(calls: number, book: PriceBook): { priceMills: Mills; packages: { calls: number; count: number }[] } | null {
  if (book.packages.length === 0) return null;
  if (!Number.isSafeInteger(calls) || calls < 0) throw new RangeError(`calls must be a non-negative integer: ${calls}`);
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const unit = book.packages.reduce((g, p) => gcd(g, p.calls), 0);
  const best = [...book.packages].sort((a, b) => a.priceMills * b.calls - b.priceMills * a.calls || b.calls - a.calls)[0]!;
  const largest = Math.max(...book.packages.map((p) => p.calls));
  const prefix = Math.max(0, Math.floor((calls - 2 * largest) / best.calls));
  const units = Math.ceil((calls - prefix * best.calls) / unit);
  const cost = new Array<number>(units + 1).fill(Infinity);
  const pick = new Array<number>(units + 1).fill(-1);
  cost[0] = 0;
  for (let u = 1; u <= units; u++) {
    book.packages.forEach((p, i) => {
      const c = p.priceMills + cost[Math.max(0, u - p.calls / unit)]!;
      if (c < cost[u]!) {
        cost[u] = c;
        pick[u] = i;
      }
    });
  }
  const counts = new Map<number, number>();
  if (prefix > 0) counts.set(best.calls, prefix);
  for (let u = units; u > 0;) {
    const p = book.packages[pick[u]!]!;
    counts.set(p.calls, (counts.get(p.calls) ?? 0) + 1);
    u = Math.max(0, u - p.calls / unit);
  }
  return {
    priceMills: prefix * best.priceMills + cost[units]!,
    packages: [...counts].map(([c, count]) => ({ calls: c, count })).sort((a, b) => b.calls - a.calls),
  };
}

/** One month's volume priced on every book: what the same traffic would cost elsewhere. */
export interface BookComparison {
  book: string;
  name: string;
  model: PricingModel;
  amount: string;
  amountMills: Mills;
  /** Pay-as-you-go amount if the volume were bought as packages instead, when the book sells them. */
  packagesAmount: string | null;
}

export function compareBooks(calls: number, books: readonly PriceBook[]): BookComparison[] {
  return books.map((b) => {
    const q = quoteWithBook(calls, 0, b);
    const pk = cheapestPackages(calls, b);
    return {
      book: b.id,
      name: b.name,
      model: b.model,
      amount: q.amount,
      amountMills: q.amountMills,
      packagesAmount: pk ? formatFen(roundToFen(pk.priceMills)) : null,
    };
  });
}

/**
 * Volumes where "book a is strictly cheaper than book b" changes, on the exact (unrounded)
 * amounts: the break-even points a finance user asks for. Between two tier edges both amounts
 * are linear in the volume, so each interval holds at most one change, found by bisection.
 */
export function breakEvenPoints(a: PriceBook, b: PriceBook, maxCalls = 20_000_000): number[] {
  // From one call: at zero every book costs nothing, which is no break-even.
  const edges = new Set<number>([1, maxCalls]);
  for (const t of [...a.tiers, ...b.tiers]) {
    if (t.to !== null && t.to < maxCalls) {
      edges.add(t.to);
      edges.add(t.to + 1);
    }
  }
  const sorted = [...edges].sort((x, y) => x - y);
  const sign = (n: number): boolean => priceByModel(n, a.tiers, a.model).amountMills < priceByModel(n, b.tiers, b.model).amountMills;
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    let lo = sorted[i - 1]!;
    let hi = sorted[i]!;
    const sLo = sign(lo);
    if (sLo === sign(hi)) continue;
    // Inside one edge interval both amounts are linear in n: the sign changes once; bisect it.
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (sign(mid) === sLo) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}
