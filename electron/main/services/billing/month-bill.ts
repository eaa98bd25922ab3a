/**
 * `billing.month` / `onetap bill month`: the month's bill from local data, with the forecast
 * when the month is still open. Everything is computed by the shared engine from rollups.
 */
import { computeMonthBillFromTotals, forecastMonth, isOpenMonth, publicQuote, type MonthBill, type PriceBook } from '../../../../shared/billing';
import type { BillBasis, BillingForecast, MonthBillOutput } from '../../../../shared/contract/billing';
import { shanghaiMonth } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { monthBasis } from './basis';
import { billingRepo } from './billing-repo';
import { monthInputs, type MonthInputs } from './month-inputs';

export function monthStatus(month: string, now: number): MonthBillOutput['status'] {
  const current = shanghaiMonth(now);
  return month === current ? 'open' : month < current ? 'closed' : 'future';
}

export function billFromInputs(inputs: MonthInputs): MonthBill {
  return computeMonthBillFromTotals({
    month: inputs.month,
    totals: inputs.totals,
    packagesAtStart: inputs.packagesAtStart,
    ladder: inputs.ladder,
    model: inputs.model,
    apps: inputs.apps,
  });
}

function forecastOf(inputs: MonthInputs, bill: MonthBill, now: number): BillingForecast | null {
  if (!isOpenMonth(inputs.month, now)) return null;
  const f = forecastMonth({
    month: inputs.month,
    now,
    days: bill.days.map((d) => ({ date: d.date, billable: d.billable })),
    packagesAtStart: inputs.packagesAtStart,
    ladder: inputs.ladder,
    model: inputs.model,
  });
  const { projectedAmountMills: _mills, month: _month, ...rest } = f;
  return rest;
}

/** The contract's shape of a computed bill (the JSON of `bill month`). */
export function monthBillOutput(inputs: MonthInputs, bill: MonthBill, now: number, dataAsOf: number | null, basis: BillBasis = 'records'): MonthBillOutput {
  return {
    ...publicQuote(bill),
    month: bill.month,
    status: monthStatus(bill.month, now),
    billableByCapability: bill.billableByCapability,
    allocation: {
      apps: bill.allocation.apps.map(({ id, appId, name, billable, amount }) => ({ id, appId, name, billable, amount })),
      operators: bill.allocation.operators.map(({ operator, billable, amount }) => ({ operator, billable, amount })),
    },
    packageCoverage: bill.packageCoverage,
    days: bill.days,
    position: bill.position,
    ladder: inputs.info,
    forecast: basis === 'none' ? null : forecastOf(inputs, bill, now),
    basis,
    dataAsOf,
    generatedAt: now,
  };
}

/**
 * A provider that reports daily statistics instead of records (Alibaba Cloud): the bill is
 * computed from the same rollups, priced with the workspace's price book (model, tiers) and the
 * packages recorded for it, with the forecast of an open month.
 */
export interface StatisticsSource {
  /** Absent or 'statistics': the month is billed from daily statistics. */
  kind?: 'statistics';
  book: PriceBook;
  /** When the statistics were last synced (epoch ms), null if never. */
  syncedAt: number | null;
}

/** A workspace billed from records / statement whose month is priced with a book the user chose. */
export interface BookSource {
  kind: 'book';
  book: PriceBook;
}

/** How a month is billed when not by records at the platform's pricing (statistics_source.ts decides). */
export type BillSource = StatisticsSource | BookSource;

export function isStatisticsSource(s: BillSource | null): s is StatisticsSource {
  return s !== null && s.kind !== 'book';
}

export function monthBill(db: Db, month: string, now: number, source: BillSource | null = null): MonthBillOutput {
  const repo = billingRepo(db);
  if (isStatisticsSource(source)) {
    const inputs = monthInputs(repo, month, { basis: 'statistics', statement: null }, source.book);
    return monthBillOutput(inputs, billFromInputs(inputs), now, source.syncedAt, 'statistics');
  }
  const basis = monthBasis(db, repo, month);
  const inputs = monthInputs(repo, month, basis, source?.book ?? null);
  const dataAsOf = basis.basis === 'records' ? repo.recordsSyncedAt() : (basis.statement?.fetchedAt ?? null);
  return monthBillOutput(inputs, billFromInputs(inputs), now, dataAsOf, basis.basis);
}
