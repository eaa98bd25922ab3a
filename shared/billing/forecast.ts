/**
 * Forecast of an open month: where the month will end if billable calls keep arriving at the
 * month-to-date run rate (calls so far ÷ time elapsed since the month began). Plain and
 * explainable to finance; packages and the progressive ladder are applied to the projected
 * days exactly as to real ones, so a package expiring mid-month is felt on the right day.
 */
import { formatFen, formatMills, roundToFen, type Mills } from '../money/mills';
import { datesOfMonth, shanghaiMonthRange, startOfShanghaiDay } from '../time/shanghai';
import { DEFAULT_LADDER, priceByModel, tierPosition, type PricingModel, type Tier } from './ladder';
import { coverByPackages, type DailyBillable, type PackageInput } from './packages';
import { formatTierLines, type QuoteTier } from './quote';

const DAY_MS = 86_400_000;

export interface ForecastInput {
  month: string;
  /** The instant the forecast is made; must fall inside the month. */
  now: number;
  /** Billable calls per day of the month so far (today partial); missing days count as zero. */
  days: readonly DailyBillable[];
  /** Packages as they stood at the month's start (see packagesAtMonthStart). */
  packagesAtStart?: readonly PackageInput[];
  ladder?: readonly Tier[];
  /** The price book's model; progressive when absent. */
  model?: PricingModel;
}

export interface ForecastDay {
  date: string;
  billable: number;
  /** false for complete days, true for the rest of today and the days to come. */
  projected: boolean;
  charged: number;
  cumulativeCharged: number;
}

export interface Forecast {
  month: string;
  asOf: number;
  basis: 'month-to-date-rate';
  /** Billable calls per day at the month-to-date rate. */
  dailyRate: number;
  /** Charged calls so far (after packages) and the tier the next one falls in. */
  chargedSoFar: number;
  currentTierIndex: number;
  projectedCalls: number;
  projectedPackageCovered: number;
  projectedCharged: number;
  projectedTiers: QuoteTier[];
  projectedAmount: string;
  projectedAmountMills: Mills;
  /** The next tier and the Shanghai date its first call is projected to arrive; null in the last tier. */
  nextTier: { index: number; from: number; unitPrice: string; reachedOn: string | null } | null;
  days: ForecastDay[];
}

/** True when the instant lies inside the month (the month is open and can be forecast). */
export function isOpenMonth(month: string, now: number): boolean {
  const { start, end } = shanghaiMonthRange(month);
  return now >= start && now < end;
}

export function forecastMonth(input: ForecastInput): Forecast {
  const { month, now } = input;
  const ladder = input.ladder ?? DEFAULT_LADDER;
  const { start } = shanghaiMonthRange(month);
  if (!isOpenMonth(month, now)) throw new RangeError(`${month} is not open at ${new Date(now).toISOString()}`);

  const actual = new Map<string, number>();
  for (const d of input.days) {
    if (!Number.isSafeInteger(d.billable) || d.billable < 0) throw new RangeError(`bad billable count ${d.billable} on ${d.date}`);
    actual.set(d.date, (actual.get(d.date) ?? 0) + d.billable);
  }
  const dates = datesOfMonth(month);
  for (const date of actual.keys()) if (!dates.includes(date)) throw new RangeError(`day ${date} is not in ${month}`);
  const soFar = [...actual.values()].reduce((s, n) => s + n, 0);
  const elapsed = now - start;
  const perMs = elapsed > 0 ? soFar / elapsed : 0;

  // Integer projections from a rounded cumulative curve, so the days sum exactly to the total.
  const cumulativeAt = (t: number): number => soFar + Math.round(perMs * (t - now));
  const series: { date: string; billable: number; projected: boolean }[] = [];
  let prev = soFar;
  for (const date of dates) {
    const dayStart = startOfShanghaiDay(date);
    const dayEnd = dayStart + DAY_MS;
    const real = actual.get(date) ?? 0;
    if (dayEnd <= now) series.push({ date, billable: real, projected: false });
    else if (dayStart <= now) {
      const cum = cumulativeAt(dayEnd);
      series.push({ date, billable: real + (cum - soFar), projected: true });
      prev = cum;
    } else {
      const cum = cumulativeAt(dayEnd);
      series.push({ date, billable: cum - prev, projected: true });
      prev = cum;
    }
  }

  const packages = input.packagesAtStart ?? [];
  const actualCoverage = coverByPackages(
    dates.map((date) => ({ date, billable: actual.get(date) ?? 0 })),
    packages,
  );
  const chargedSoFar = actualCoverage.reduce((s, d) => s + d.billable - d.covered, 0);
  const current = tierPosition(chargedSoFar, ladder);

  const coverage = coverByPackages(series, packages);
  let cumulative = 0;
  const days: ForecastDay[] = coverage.map((d, i) => {
    const charged = d.billable - d.covered;
    cumulative += charged;
    return { date: d.date, billable: d.billable, projected: series[i]!.projected, charged, cumulativeCharged: cumulative };
  });
  const projectedCalls = days.reduce((s, d) => s + d.billable, 0);
  const projectedCharged = cumulative;
  const priced = priceByModel(projectedCharged, ladder, input.model);
  const projectedAmountMills = roundToFen(priced.amountMills);

  const next = ladder[current.index + 1];
  const nextTier = next
    ? {
        index: current.index + 1,
        from: next.from,
        unitPrice: formatMills(next.unitPriceMills),
        reachedOn: days.find((d) => d.cumulativeCharged > next.from)?.date ?? null,
      }
    : null;

  return {
    month,
    asOf: now,
    basis: 'month-to-date-rate',
    dailyRate: perMs * DAY_MS,
    chargedSoFar,
    currentTierIndex: current.index,
    projectedCalls,
    projectedPackageCovered: projectedCalls - projectedCharged,
    projectedCharged,
    projectedTiers: formatTierLines(priced.tiers),
    projectedAmount: formatFen(projectedAmountMills),
    projectedAmountMills,
    nextTier,
    days,
  };
}
