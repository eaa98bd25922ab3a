/**
 * A month's bill from local usage (platform-api §3): billable calls by capability, package
 * coverage, the progressive tier breakdown, the total rounded once to the fen, and the total
 * allocated to apps and operators pro rata by billable calls. Pure: the main process feeds it
 * rollup rows, the renderer can feed it what-ifs, the emulator computes the platform's side.
 */
import { formatFen, roundToFen, type Mills } from '../money/mills';
import { capabilities, operators, type Capability, type Operator } from '../platform/domain';
import { datesOfMonth, isMonth } from '../time/shanghai';
import { allocate } from './allocation';
import { DEFAULT_LADDER, priceByModel, tierPosition, type PricingModel, type Tier } from './ladder';
import { coverByPackages, packagesAfter, type DailyBillable, type PackageInput } from './packages';
import { formatTierLines, type QuoteResult } from './quote';

/** One rollup row: billable calls of one Shanghai day × app × operator × capability. */
export interface BillableLine {
  date: string;
  /** The platform's internal app id. */
  id: string;
  operator: Operator;
  capability: Capability;
  billable: number;
}

export interface AppLabel {
  appId: string | null;
  name: string | null;
}

export interface MonthBillInput {
  month: string;
  lines: readonly BillableLine[];
  /**
   * Billable calls per day BEFORE the month, as far back as the earliest package reaches:
   * packages span months, so what earlier months used is no longer there to cover this one.
   */
  priorDays?: readonly DailyBillable[];
  packages?: readonly PackageInput[];
  ladder?: readonly Tier[];
  /** How the ladder prices the month (a price book's model); progressive when absent. */
  model?: PricingModel;
  apps?: ReadonlyMap<string, AppLabel>;
}

export interface AppAllocation {
  id: string;
  appId: string | null;
  name: string | null;
  billable: number;
  /** Share of the month's amount, fen string. */
  amount: string;
  amountMills: Mills;
}

export interface OperatorAllocation {
  operator: Operator;
  billable: number;
  amount: string;
  amountMills: Mills;
}

export interface BillDay {
  date: string;
  billable: number;
  covered: number;
  charged: number;
}

export interface MonthBill extends QuoteResult {
  month: string;
  amountMills: Mills;
  /** The exact amount before the one rounding to the fen. */
  exactAmountMills: Mills;
  billableByCapability: Record<Capability, number>;
  /** Calls each package covered in this month (packages that covered nothing are left out). */
  packageCoverage: { packageId: string; covered: number }[];
  /** Every day of the month, zero-filled. */
  days: BillDay[];
  /** Where the month stands on the ladder: the tier the next charged call falls in. */
  position: { tierIndex: number; toNext: number | null };
  allocation: { apps: AppAllocation[]; operators: OperatorAllocation[] };
}

/** Sums lines per date over the month's days (zero-filled), refusing lines outside the month. */
export function monthDays(month: string, lines: readonly { date: string; billable: number }[]): DailyBillable[] {
  const dates = datesOfMonth(month);
  const byDate = new Map(dates.map((d) => [d, 0]));
  for (const l of lines) {
    const cur = byDate.get(l.date);
    if (cur === undefined) throw new RangeError(`line dated ${l.date} is not in ${month}`);
    if (!Number.isSafeInteger(l.billable) || l.billable < 0) throw new RangeError(`bad billable count ${l.billable} on ${l.date}`);
    byDate.set(l.date, cur + l.billable);
  }
  return dates.map((date) => ({ date, billable: byDate.get(date)! }));
}

/** Unrounded amount of a month's daily billable series, given the packages as they stood at its start. */
export function exactAmountOfDays(
  days: readonly DailyBillable[],
  packagesAtStart: readonly PackageInput[],
  ladder: readonly Tier[] = DEFAULT_LADDER,
  model: PricingModel = 'progressive',
): Mills {
  const coverage = coverByPackages(days, packagesAtStart);
  const charged = coverage.reduce((s, d) => s + d.billable - d.covered, 0);
  return priceByModel(charged, ladder, model).amountMills;
}

/** The packages as they stood when the month began, refusing prior days that are not before it. */
export function packagesAtMonthStart(month: string, priorDays: readonly DailyBillable[], packages: readonly PackageInput[]): PackageInput[] {
  const first = `${month}-01`;
  for (const d of priorDays) if (!(d.date < first)) throw new RangeError(`prior day ${d.date} is not before ${month}`);
  return packagesAfter(priorDays, packages);
}

/**
 * A month's usage reduced to what a bill needs: billable calls per day (for packages) and per
 * app, operator and capability (for the breakdowns). A database can answer this with a few
 * GROUP BYs instead of handing over every rollup row.
 */
export interface MonthTotals {
  days: readonly DailyBillable[];
  byApp: readonly { id: string; billable: number }[];
  byOperator: Partial<Record<Operator, number>>;
  byCapability: Partial<Record<Capability, number>>;
  /**
   * Billable calls whose operator the provider does not say (Alibaba Cloud's statistics have no
   * operator split). They count in every total; the operator allocation leaves them out.
   */
  unsplitOperator?: number;
}

export function totalsOfLines(lines: readonly BillableLine[]): MonthTotals {
  const byDate = new Map<string, number>();
  const byApp = new Map<string, number>();
  const byOperator: Partial<Record<Operator, number>> = {};
  const byCapability: Partial<Record<Capability, number>> = {};
  for (const l of lines) {
    if (!Number.isSafeInteger(l.billable) || l.billable < 0) throw new RangeError(`bad billable count ${l.billable} on ${l.date}`);
    byDate.set(l.date, (byDate.get(l.date) ?? 0) + l.billable);
    byApp.set(l.id, (byApp.get(l.id) ?? 0) + l.billable);
    byOperator[l.operator] = (byOperator[l.operator] ?? 0) + l.billable;
    byCapability[l.capability] = (byCapability[l.capability] ?? 0) + l.billable;
  }
  return {
    days: [...byDate].map(([date, billable]) => ({ date, billable })),
    byApp: [...byApp].map(([id, billable]) => ({ id, billable })),
    byOperator,
    byCapability,
  };
}

export interface MonthBillFromTotalsInput {
  month: string;
  totals: MonthTotals;
  /** Packages as they stood when the month began (see packagesAtMonthStart / packagesAfterWindows). */
  packagesAtStart?: readonly PackageInput[];
  ladder?: readonly Tier[];
  model?: PricingModel;
  apps?: ReadonlyMap<string, AppLabel>;
}

export function computeMonthBill(input: MonthBillInput): MonthBill {
  return computeMonthBillFromTotals({
    month: input.month,
    totals: totalsOfLines(input.lines),
    packagesAtStart: packagesAtMonthStart(input.month, input.priorDays ?? [], input.packages ?? []),
    ...(input.ladder ? { ladder: input.ladder } : {}),
    ...(input.model ? { model: input.model } : {}),
    ...(input.apps ? { apps: input.apps } : {}),
  });
}

export function computeMonthBillFromTotals(input: MonthBillFromTotalsInput): MonthBill {
  const { month, totals } = input;
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  const ladder = input.ladder ?? DEFAULT_LADDER;
  const days = monthDays(month, totals.days);
  const coverage = coverByPackages(days, input.packagesAtStart ?? []);

  const byPackage = new Map<string, number>();
  for (const d of coverage) for (const [id, n] of Object.entries(d.byPackage)) byPackage.set(id, (byPackage.get(id) ?? 0) + n);
  const billable = days.reduce((s, d) => s + d.billable, 0);
  const packageCovered = coverage.reduce((s, d) => s + d.covered, 0);
  const charged = billable - packageCovered;
  const priced = priceByModel(charged, ladder, input.model);
  const amountMills = roundToFen(priced.amountMills);
  const position = tierPosition(charged, ladder);

  const billableByCapability = Object.fromEntries(capabilities.map((c) => [c, totals.byCapability[c] ?? 0])) as Record<Capability, number>;
  const perOperator = operators.map((o) => ({ key: o, weight: totals.byOperator[o] ?? 0 }));
  const perApp = new Map<string, number>();
  for (const a of totals.byApp) perApp.set(a.id, (perApp.get(a.id) ?? 0) + a.billable);
  // The breakdowns must describe the same calls as the days, or the allocation would not add up.
  const sums = {
    capabilities: capabilities.reduce((s, c) => s + billableByCapability[c], 0),
    operators: perOperator.reduce((s, o) => s + o.weight, 0) + (totals.unsplitOperator ?? 0),
    apps: [...perApp.values()].reduce((s, n) => s + n, 0),
  };
  for (const [what, n] of Object.entries(sums))
    if (n !== billable) throw new RangeError(`billable by ${what} (${n}) differs from billable by day (${billable})`);

  // Weights in a fixed order (by id) so the largest-remainder tie-break is reproducible.
  const appIds = [...perApp.keys()].sort();
  const appParts = allocate(
    amountMills,
    appIds.map((id) => ({ key: id, weight: perApp.get(id)! })),
  );
  const apps: AppAllocation[] = appParts
    .map((p) => {
      const label = input.apps?.get(p.key);
      return {
        id: p.key,
        appId: label?.appId ?? null,
        name: label?.name ?? null,
        billable: p.weight,
        amount: formatFen(p.amountMills),
        amountMills: p.amountMills,
      };
    })
    .sort((a, b) => b.billable - a.billable || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // The unsplit share is allocated as its own weight and then left out, so the operators that are
  // known get exactly their pro-rata part (not the whole amount).
  const unsplit = totals.unsplitOperator ?? 0;
  const opWeights: { key: Operator | ''; weight: number }[] = unsplit > 0 ? [...perOperator, { key: '', weight: unsplit }] : perOperator;
  const ops: OperatorAllocation[] = allocate(amountMills, opWeights)
    .filter((p): p is typeof p & { key: Operator } => p.key !== '' && (unsplit === 0 || p.weight > 0))
    .map((p) => ({
      operator: p.key,
      billable: p.weight,
      amount: formatFen(p.amountMills),
      amountMills: p.amountMills,
    }));

  return {
    month,
    calls: billable,
    packageCovered,
    charged,
    tiers: formatTierLines(priced.tiers),
    amount: formatFen(amountMills),
    amountMills,
    exactAmountMills: priced.amountMills,
    billableByCapability,
    packageCoverage: [...byPackage].map(([packageId, covered]) => ({ packageId, covered })),
    days: coverage.map((d) => ({ date: d.date, billable: d.billable, covered: d.covered, charged: d.billable - d.covered })),
    position: { tierIndex: position.index, toNext: position.toNext },
    allocation: { apps, operators: ops },
  };
}
