/**
 * Reconciliation of a month (platform-api §2.5, §3): our usage, counted from the records we
 * synced, against the platform's usage statement (one line per day × app × capability ×
 * operator) and its bill. A month is "matched" only when every statement line agrees in
 * calls, successes and billable calls, and the platform's bill agrees with ours field by field.
 *
 * Each differing line also gets its size in money. The ladder is progressive, so a call is
 * worth whatever tier the month has reached; we attribute money by applying the line deltas to
 * our month one at a time (in date order) and taking the change of the exact month amount at
 * each step. The parts then add up exactly to the gap between the platform's statement and our
 * usage, priced by the same rules.
 */
import { formatFen, formatMills, parseYuan, roundToFen, type Mills } from '../money/mills';
import type { Capability, Operator } from '../platform/domain';
import { datesOfMonth } from '../time/shanghai';
import { computeMonthBillFromTotals, exactAmountOfDays, packagesAtMonthStart, totalsOfLines, type AppLabel, type MonthBill } from './bill';
import { DEFAULT_LADDER, type PricingModel, type Tier } from './ladder';
import type { DailyBillable, PackageInput } from './packages';
import type { QuoteTier } from './quote';

export interface UsageCounts {
  calls: number;
  successes: number;
  billable: number;
}

/** One line of usage: ours from rollups, or the platform's statement line. */
export interface UsageLine extends UsageCounts {
  date: string;
  id: string;
  appId: string | null;
  capability: Capability;
  operator: Operator;
}

/** The parts of the platform's bill we compare (GET /v1/bills). */
export interface PlatformBillSummary {
  status?: 'open' | 'final';
  billable: number;
  packageCovered: number;
  charged: number;
  tiers: readonly QuoteTier[];
  amount: string;
}

export interface ReconcileInput {
  month: string;
  local: readonly UsageLine[];
  /** The platform's statement lines; null when the statement has not been fetched. */
  platform: readonly UsageLine[] | null;
  /** The platform's bill; null when it has not been fetched. */
  platformBill: PlatformBillSummary | null;
  priorDays?: readonly DailyBillable[];
  packages?: readonly PackageInput[];
  /** The packages as they stood at the month's start; when given, priorDays and packages are not used. */
  packagesAtStart?: readonly PackageInput[];
  ladder?: readonly Tier[];
  /** How the ladder prices the month (a price book's model); progressive when absent. */
  model?: PricingModel;
  apps?: ReadonlyMap<string, AppLabel>;
}

export interface LineDifference {
  date: string;
  id: string;
  appId: string | null;
  capability: Capability;
  operator: Operator;
  /** Billable calls: ours, the platform's, and platform − ours. */
  local: number;
  platform: number;
  delta: number;
  localCalls: number;
  platformCalls: number;
  localSuccesses: number;
  platformSuccesses: number;
  /** Which side has the line at all. */
  presence: 'both' | 'local-only' | 'platform-only';
  /** Money effect of `delta`, exact to the mill, signed (platform − ours). */
  amount: string;
  amountMills: Mills;
}

export interface BillFieldDifference {
  /** 'billable' | 'packageCovered' | 'charged' | 'amount' | 'tiers' | 'tiers.<i>.count' | 'tiers.<i>.amount' | 'tiers.<i>.unitPrice' */
  field: string;
  local: string;
  platform: string;
}

export interface ReconcileResult {
  month: string;
  status: 'matched' | 'mismatched';
  /** Platform documents not available locally (a month cannot match without them). */
  missing: ('statement' | 'bill')[];
  differences: LineDifference[];
  billDifferences: BillFieldDifference[];
  totals: { local: UsageCounts; platform: UsageCounts | null };
  /** Lines compared, and how many agreed. */
  lineCount: number;
  matchedLines: number;
  /** Our bill, fen string. */
  amountLocal: string;
  /** The platform's bill amount as it states it, or null without a bill. */
  amountPlatform: string | null;
  /** The platform's statement priced by the same rules (what its bill should say), or null without a statement. */
  amountFromStatement: string | null;
  /** amountPlatform − amountLocal in fen, or null without a bill. */
  deltaAmount: string | null;
  localBill: MonthBill;
}

const keyOf = (l: { date: string; id: string; capability: string; operator: string }): string =>
  `${l.date}\u0000${l.id}\u0000${l.capability}\u0000${l.operator}`;

function checkCounts(l: UsageLine, side: string): void {
  for (const k of ['calls', 'successes', 'billable'] as const) {
    if (!Number.isSafeInteger(l[k]) || l[k] < 0) throw new RangeError(`${side} line ${l.date}/${l.id}/${l.capability}/${l.operator} has a bad ${k}: ${l[k]}`);
  }
}

/** Sums lines that share a key (the same day × app × capability × operator); lines are not copied unless merged. */
function indexLines(lines: readonly UsageLine[], side: string): Map<string, UsageLine> {
  const out = new Map<string, UsageLine>();
  for (const l of lines) {
    checkCounts(l, side);
    const k = keyOf(l);
    const cur = out.get(k);
    if (cur)
      out.set(k, {
        ...cur,
        calls: cur.calls + l.calls,
        successes: cur.successes + l.successes,
        billable: cur.billable + l.billable,
        appId: cur.appId ?? l.appId,
      });
    else out.set(k, l);
  }
  return out;
}

const sum = (lines: Iterable<UsageCounts>): UsageCounts => {
  const t = { calls: 0, successes: 0, billable: 0 };
  for (const l of lines) {
    t.calls += l.calls;
    t.successes += l.successes;
    t.billable += l.billable;
  }
  return t;
};

function compareBill(local: MonthBill, platform: PlatformBillSummary): BillFieldDifference[] {
  const out: BillFieldDifference[] = [];
  for (const f of ['billable', 'packageCovered', 'charged'] as const) {
    const mine = f === 'billable' ? local.calls : local[f];
    if (mine !== platform[f]) out.push({ field: f, local: String(mine), platform: String(platform[f]) });
  }
  if (local.amountMills !== parseYuan(platform.amount)) out.push({ field: 'amount', local: local.amount, platform: platform.amount });
  if (local.tiers.length !== platform.tiers.length) {
    out.push({ field: 'tiers', local: String(local.tiers.length), platform: String(platform.tiers.length) });
    return out;
  }
  local.tiers.forEach((t, i) => {
    const p = platform.tiers[i]!;
    // Amounts compared as numbers: "260.00" and "260.000" are the same money.
    if (parseYuan(t.unitPrice) !== parseYuan(p.unitPrice)) out.push({ field: `tiers.${i}.unitPrice`, local: t.unitPrice, platform: p.unitPrice });
    if (t.count !== p.count) out.push({ field: `tiers.${i}.count`, local: String(t.count), platform: String(p.count) });
    if (parseYuan(t.amount) !== parseYuan(p.amount)) out.push({ field: `tiers.${i}.amount`, local: t.amount, platform: p.amount });
  });
  return out;
}

export function reconcileMonth(input: ReconcileInput): ReconcileResult {
  const { month } = input;
  const ladder = input.ladder ?? DEFAULT_LADDER;
  const local = indexLines(input.local, 'local');
  const platform = input.platform ? indexLines(input.platform, 'platform') : null;

  const startPackages = input.packagesAtStart ?? packagesAtMonthStart(month, input.priorDays ?? [], input.packages ?? []);
  const localBill = computeMonthBillFromTotals({
    month,
    totals: totalsOfLines([...local.values()]),
    packagesAtStart: startPackages,
    ladder,
    ...(input.model ? { model: input.model } : {}),
    ...(input.apps ? { apps: input.apps } : {}),
  });

  const missing: ReconcileResult['missing'] = [];
  if (!platform) missing.push('statement');
  if (!input.platformBill) missing.push('bill');

  const raw: Omit<LineDifference, 'amount' | 'amountMills'>[] = [];
  let lineCount = 0;
  if (platform) {
    const keys = [...local.keys()];
    for (const k of platform.keys()) if (!local.has(k)) keys.push(k);
    lineCount = keys.length;
    for (const k of keys) {
      const l = local.get(k);
      const p = platform.get(k);
      const base = (l ?? p)!;
      const lc = l ?? { calls: 0, successes: 0, billable: 0 };
      const pc = p ?? { calls: 0, successes: 0, billable: 0 };
      if (lc.calls === pc.calls && lc.successes === pc.successes && lc.billable === pc.billable) continue;
      raw.push({
        date: base.date,
        id: base.id,
        appId: p?.appId ?? l?.appId ?? input.apps?.get(base.id)?.appId ?? null,
        capability: base.capability,
        operator: base.operator,
        local: lc.billable,
        platform: pc.billable,
        delta: pc.billable - lc.billable,
        localCalls: lc.calls,
        platformCalls: pc.calls,
        localSuccesses: lc.successes,
        platformSuccesses: pc.successes,
        presence: l && p ? 'both' : l ? 'local-only' : 'platform-only',
      });
    }
  }
  raw.sort(
    (a, b) => cmp(a.date, b.date) || cmp(a.appId ?? a.id, b.appId ?? b.id) || cmp(a.id, b.id) || cmp(a.capability, b.capability) || cmp(a.operator, b.operator),
  );

  // Money of each difference: step from our month toward the platform's, one line at a time.
  const dayIndex = new Map(datesOfMonth(month).map((d, i) => [d, i]));
  const days = localBill.days.map((d) => ({ date: d.date, billable: d.billable }));
  let before = exactAmountOfDays(days, startPackages, ladder, input.model);
  const differences: LineDifference[] = raw.map((d) => {
    const i = dayIndex.get(d.date);
    let amountMills = 0;
    if (i !== undefined && d.delta !== 0) {
      days[i]!.billable += d.delta;
      const after = exactAmountOfDays(days, startPackages, ladder, input.model);
      amountMills = after - before;
      before = after;
    }
    return { ...d, amount: formatMills(amountMills), amountMills };
  });

  // Every delta has now been applied: `days` is the platform's statement, day by day.
  const amountFromStatement = platform ? formatFen(roundToFen(before)) : null;

  const billDifferences = input.platformBill ? compareBill(localBill, input.platformBill) : [];
  const status = missing.length === 0 && differences.length === 0 && billDifferences.length === 0 ? 'matched' : 'mismatched';
  return {
    month,
    status,
    missing,
    differences,
    billDifferences,
    totals: { local: sum(local.values()), platform: platform ? sum(platform.values()) : null },
    lineCount,
    matchedLines: lineCount - differences.length,
    amountLocal: localBill.amount,
    amountPlatform: input.platformBill ? input.platformBill.amount : null,
    amountFromStatement,
    deltaAmount: input.platformBill ? formatFen(roundToFen(parseYuan(input.platformBill.amount) - localBill.amountMills)) : null,
    localBill,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
