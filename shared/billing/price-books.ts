/**
 * Price books as data: who charges what, under which model, with which prepaid packages, and
 * where the figures come from. The built-in books are the published list prices; a user may
 * edit a copy or add a negotiated book (validated by `priceBookSchema`, stored by the console).
 * The engine (ladder / quote / bill / forecast) takes a book's tiers and model.
 */
import * as z from 'zod';
import { isBuiltInBookId, type BuiltInBookId } from './book-ids';
import { formatFen, formatMills, roundToFen, type Mills } from '../money/mills';
import { isDate } from '../time/shanghai';
import { DEFAULT_LADDER, priceByModel, pricingModels, type PricingModel, type Tier } from './ladder';
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

/** Who a book may name: the workspace providers and the providers compared with them. */
export const bookProviders = ['onetap', 'aliyun-dypns', 'tencent'] as const;
export type BookProvider = (typeof bookProviders)[number];

/**
 * Why a book was refused, one code per rule; the message tables below say it in Chinese and
 * English. Codes are what the schema's issues carry (their `message`), so every door (contract,
 * CLI file, editor form) reports the same words.
 */
export const priceBookIssueCodes = [
  'type',
  'unknownKey',
  'required',
  'tooLong',
  'idFormat',
  'idReserved',
  'provider',
  'model',
  'count',
  'priceMills',
  'tiersCount',
  'tierStart',
  'tierGap',
  'tierOverlap',
  'tierEmpty',
  'tierOpenEnd',
  'tierOpenMiddle',
  'packagesCount',
  'packageCalls',
  'packageMonths',
  'date',
  'invalid',
] as const;
export type PriceBookIssueCode = (typeof priceBookIssueCodes)[number];

export const priceBookMessages: Record<'zh-CN' | 'en-US', Record<PriceBookIssueCode, string>> = {
  'zh-CN': {
    type: '类型不正确',
    unknownKey: '不认识的字段',
    required: '此项为必填项',
    tooLong: '不能超过 {max} 个字符',
    idFormat: '编号只能包含小写字母、数字和连字符（-），以字母或数字开头，最长 63 个字符',
    idReserved: '“{id}”是内置价格手册的编号，请换一个',
    provider: '服务商须为 onetap、aliyun-dypns 或 tencent',
    model: '计费模式须为 progressive（阶梯累进）或 all-units（全量单价）',
    count: '须为不小于 0 的整数',
    priceMills: '单价须为不小于 0 的整数（单位：厘，即千分之一元），且不超过 {max}',
    tiersCount: '须有 1 到 {max} 个阶梯',
    tierStart: '第一个阶梯须从 0 开始',
    tierGap: '与上一阶梯之间有空档：应从 {expected} 开始',
    tierOverlap: '与上一阶梯重叠：应从 {expected} 开始',
    tierEmpty: '上限须大于下限 {from}',
    tierOpenEnd: '最后一个阶梯不设上限（留空）',
    tierOpenMiddle: '只有最后一个阶梯可以不设上限',
    packagesCount: '资源包最多 {max} 个',
    packageCalls: '资源包次数须为正整数',
    packageMonths: '有效期须为 1 到 120 个月',
    date: '生效日期须为有效的日期（YYYY-MM-DD，北京时间），在 2000 到 2099 年之间',
    invalid: '取值无效',
  },
  'en-US': {
    type: 'Wrong type',
    unknownKey: 'Unknown field',
    required: 'This field is required',
    tooLong: 'At most {max} characters',
    idFormat: 'The id takes lower-case letters, digits and dashes, starts with a letter or digit, and has at most 63 characters',
    idReserved: '"{id}" is the id of a built-in price book; choose another',
    provider: 'The provider must be onetap, aliyun-dypns or tencent',
    model: 'The model must be progressive or all-units',
    count: 'Must be a whole number, 0 or more',
    priceMills: 'The unit price must be a whole number of thousandths of a yuan (厘), 0 or more and at most {max}',
    tiersCount: 'Give 1 to {max} tiers',
    tierStart: 'The first tier must start at 0',
    tierGap: 'Leaves a gap after the previous tier: it must start at {expected}',
    tierOverlap: 'Overlaps the previous tier: it must start at {expected}',
    tierEmpty: 'The upper bound must be above the lower bound {from}',
    tierOpenEnd: 'The last tier has no upper bound (leave it empty)',
    tierOpenMiddle: 'Only the last tier may have no upper bound',
    packagesCount: 'At most {max} packages',
    packageCalls: 'A package holds a positive whole number of calls',
    packageMonths: 'Validity must be 1 to 120 months',
    date: 'The effective date must be a real date (YYYY-MM-DD, Asia/Shanghai) between 2000 and 2099',
    invalid: 'Invalid value',
  },
};

const MAX_TIERS = 20;
const MAX_PACKAGES = 20;
const MAX_PRICE_MILLS = 1_000_000_000;
const count = z.number({ error: 'count' }).int({ error: 'count' }).nonnegative({ error: 'count' }).max(Number.MAX_SAFE_INTEGER, { error: 'count' });
const mills = z.number({ error: 'priceMills' }).int({ error: 'priceMills' }).nonnegative({ error: 'priceMills' }).max(MAX_PRICE_MILLS, { error: 'priceMills' });
const text = (max: number) => z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(max, { error: 'tooLong' });

/**
 * A book as a user writes it (editor form, `onetap books add --file`, the contract): prices are
 * integers in thousandths of a yuan (厘), exact; tiers are (from, to] call ordinals, ascending,
 * starting at 0, each starting where the previous ended, the last open. The id is optional on a
 * new book (the console makes one). Checked completely by this one schema at every door.
 */
export const priceBookSchema = z
  .strictObject({
    id: z
      .string({ error: 'idFormat' })
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'idFormat' })
      .refine((id) => !isBuiltInBookId(id), { error: 'idReserved' })
      .optional(),
    name: text(80),
    provider: z.enum(bookProviders, { error: 'provider' }),
    model: z.enum(pricingModels, { error: 'model' }),
    tiers: z
      .array(z.strictObject({ from: count, to: count.nullable(), unitPriceMills: mills }))
      .min(1, { error: 'tiersCount' })
      .max(MAX_TIERS, { error: 'tiersCount' }),
    packages: z
      .array(
        z.strictObject({
          calls: z
            .number({ error: 'packageCalls' })
            .int({ error: 'packageCalls' })
            .min(1, { error: 'packageCalls' })
            .max(Number.MAX_SAFE_INTEGER, { error: 'packageCalls' }),
          priceMills: mills,
          months: z.number({ error: 'packageMonths' }).int({ error: 'packageMonths' }).min(1, { error: 'packageMonths' }).max(120, { error: 'packageMonths' }),
        }),
      )
      .max(MAX_PACKAGES, { error: 'packagesCount' })
      .default([]),
    source: text(400),
    effectiveDate: z.string({ error: 'date' }).refine((d) => isDate(d) && d >= '2000-01-01' && d <= '2099-12-31', { error: 'date' }),
  })
  .superRefine((b, ctx) => {
    // The ladder, tier by tier, so each refusal names the tier and the bound it expected.
    let expected = 0;
    b.tiers.forEach((t, i) => {
      const last = i === b.tiers.length - 1;
      if (t.from !== expected) {
        const code = i === 0 ? 'tierStart' : t.from > expected ? 'tierGap' : 'tierOverlap';
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'from'], message: code, params: { expected } });
      }
      if (last && t.to !== null) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'to'], message: 'tierOpenEnd' });
      if (!last && t.to === null) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'to'], message: 'tierOpenMiddle' });
      if (t.to !== null && t.to <= t.from) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'to'], message: 'tierEmpty', params: { from: t.from } });
      expected = t.to ?? expected;
    });
  });
export type PriceBookInput = z.input<typeof priceBookSchema>;
export type PriceBookForm = z.output<typeof priceBookSchema>;

const issueParams: Partial<Record<PriceBookIssueCode, Record<string, number>>> = {
  priceMills: { max: MAX_PRICE_MILLS },
  tiersCount: { max: MAX_TIERS },
  packagesCount: { max: MAX_PACKAGES },
};

/** A refused book's issues as field path → message in `locale` (the contract error's `fields`). */
export function priceBookIssues(error: z.ZodError, locale: 'zh-CN' | 'en-US' = 'zh-CN', input?: unknown): Record<string, string> {
  const table = priceBookMessages[locale];
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(book)';
    const code: PriceBookIssueCode = (priceBookIssueCodes as readonly string[]).includes(issue.message)
      ? (issue.message as PriceBookIssueCode)
      : issue.code === 'unrecognized_keys'
        ? 'unknownKey'
        : issue.code === 'invalid_type'
          ? 'type'
          : 'invalid';
    const params: Record<string, string | number> = {
      ...issueParams[code],
      ...((issue as { params?: Record<string, number> }).params ?? {}),
      ...(code === 'tooLong' ? { max: (issue as { maximum?: number }).maximum ?? (key === 'source' ? 400 : 80) } : {}),
      ...(code === 'idReserved' ? { id: String((input as { id?: unknown } | null)?.id ?? '') } : {}),
    };
    const keys = code === 'unknownKey' ? ((issue as { keys?: string[] }).keys ?? []).map((k) => (key === '(book)' ? k : `${key}.${k}`)) : [key];
    for (const k of keys) out[k] ??= table[code].replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m));
  }
  return out;
}

/** The book's issues in one line (for a command line or a log). */
export function describePriceBookIssues(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

/** A user's book (validated) → the engine's form. Throws the schema's error on bad input. */
export function priceBookFromInput(input: unknown, id?: string): PriceBook {
  const b = priceBookSchema.parse(input);
  return priceBookFromForm(b, id);
}

/** A parsed form → the engine's form (the id given, or the form's). */
export function priceBookFromForm(b: PriceBookForm, id?: string): PriceBook {
  const bookId = id ?? b.id;
  if (!bookId) throw new RangeError('a price book needs an id');
  return {
    id: bookId,
    name: b.name,
    provider: b.provider,
    model: b.model,
    tiers: b.tiers.map((t) => ({ from: t.from, to: t.to, unitPriceMills: t.unitPriceMills })),
    packages: b.packages.map((p) => ({ calls: p.calls, priceMills: p.priceMills, months: p.months })),
    source: b.source,
    effectiveDate: b.effectiveDate,
    currency: 'CNY',
    custom: true,
  };
}

/** The engine's form → the printable one (what priceBookSchema reads back, id included). */
export function priceBookToInput(b: PriceBook): PriceBookForm & { id: string } {
  return {
    id: b.id,
    name: b.name,
    provider: b.provider as BookProvider,
    model: b.model,
    tiers: b.tiers.map((t) => ({ from: t.from, to: t.to, unitPriceMills: t.unitPriceMills })),
    packages: b.packages.map((p) => ({ calls: p.calls, priceMills: p.priceMills, months: p.months })),
    source: b.source,
    effectiveDate: b.effectiveDate,
  };
}

/** A book as `billing.books` prints it: prices as decimal strings in 元. */
export function priceBookPrintable(b: PriceBook) {
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

/**
 * The book a month is billed with. A month is priced by one book (a ladder counts a whole
 * month). The workspace's chosen books apply from the month of their effective date on: of
 * those whose effective date falls in or before `month`, the latest date wins (on the same
 * date, the one chosen later). Months before every chosen book keep `base` (the provider's
 * list price; null: the platform's own pricing).
 */
export function bookForMonth<B extends Pick<PriceBook, 'effectiveDate'>>(base: B | null, chosen: readonly B[], month: string): B | null {
  let pick: B | null = null;
  for (const b of chosen) {
    if (b.effectiveDate.slice(0, 7) > month) continue;
    if (!pick || b.effectiveDate >= pick.effectiveDate) pick = b;
  }
  return pick ?? base;
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
