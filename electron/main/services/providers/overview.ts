/**
 * The dashboard's "所有工作区" view: this month's calls, success rate, cost and forecast of every
 * saved workspace, whatever its provider, in one currency (CNY), with the per-operator split
 * where the provider gives one. Each workspace is read from its own database (read only); one
 * that cannot be read says why instead of stopping the others.
 */
import { BUILT_IN_BOOKS, type PriceBook } from '../../../../shared/billing';
import { formatFen, parseYuan } from '../../../../shared/money/mills';
import { operators, type Operator } from '../../../../shared/platform/domain';
import { defaultBookOf, type Provider } from '../../../../shared/providers/capabilities';
import { datesOfMonth, shanghaiDate } from '../../../../shared/time/shanghai';
import { monthBill } from '../billing/month-bill';
import type { Db } from '../db/open';
import { providerStatisticsRepo, UNSPLIT_OPERATOR } from '../store/provider-statistics-repo';

export interface WorkspaceOverviewItem {
  id: string;
  name: string;
  provider: Provider;
  active: boolean;
  calls: number;
  successes: number;
  /** successes ÷ calls, null without calls. */
  successRate: number | null;
  billable: number;
  amount: string;
  /** Month-end amount at the month-to-date rate (open month only). */
  forecastAmount: string | null;
  book: string;
  /** Calls per operator, null when the provider gives no split. */
  operators: Partial<Record<Operator, number>> | null;
  error: string | null;
}

/** One workspace's month. `now` decides whether the month is open (forecast) and how far it is. */
export function workspaceMonth(
  db: Db,
  ws: { id: string; name: string; provider: Provider; active: boolean },
  month: string,
  now: number,
  /** The book the month is billed with (statistics-source `workspaceBook`); null: the provider's default. */
  chosenBook: PriceBook | null = null,
): WorkspaceOverviewItem {
  const dates = datesOfMonth(month);
  const rows = providerStatisticsRepo(db).totalsByOperator(dates[0]!, dates[dates.length - 1]!);
  const calls = rows.reduce((s, r) => s + r.calls, 0);
  const successes = rows.reduce((s, r) => s + r.successes, 0);
  const billable = rows.reduce((s, r) => s + r.billable, 0);
  const split = rows.every((r) => r.operator !== UNSPLIT_OPERATOR) && rows.length > 0;
  const ops = split ? Object.fromEntries(operators.map((o) => [o, rows.find((r) => r.operator === o)?.calls ?? 0])) : null;
  const today = shanghaiDate(now);
  const open = today.slice(0, 7) === month;
  let amount: string;
  let forecastAmount: string | null = null;
  let book: string;
  if (ws.provider === 'aliyun-dypns') {
    // The same bill and forecast as the workspace's Billing page (its book, its recorded packages).
    const wsBook = chosenBook ?? BUILT_IN_BOOKS['aliyun-dypns'];
    const bill = monthBill(db, month, now, { book: wsBook, syncedAt: null });
    amount = bill.amount;
    book = wsBook.id;
    forecastAmount = open ? (bill.forecast?.projectedAmount ?? null) : null;
  } else {
    const bill = monthBill(db, month, now, chosenBook ? { kind: 'book', book: chosenBook } : null);
    amount = bill.amount;
    book = chosenBook?.id ?? 'onetap';
    forecastAmount = bill.forecast?.projectedAmount ?? null;
  }
  return { ...ws, calls, successes, successRate: calls ? successes / calls : null, billable, amount, forecastAmount, book, operators: ops, error: null };
}

/** A workspace that could not be read this time: no figures, its provider's default book, and why. */
export function unreadWorkspace(ws: { id: string; name: string; provider: Provider; active: boolean }, error: string): WorkspaceOverviewItem {
  return {
    ...ws,
    calls: 0,
    successes: 0,
    successRate: null,
    billable: 0,
    amount: '0.00',
    forecastAmount: null,
    book: defaultBookOf[ws.provider],
    operators: null,
    error,
  };
}

export function overviewTotals(items: readonly WorkspaceOverviewItem[]): {
  calls: number;
  successes: number;
  billable: number;
  amount: string;
  forecastAmount: string;
} {
  const ok = items.filter((i) => i.error === null);
  const sum = (f: (i: WorkspaceOverviewItem) => string | null) => formatFen(ok.reduce((s, i) => s + parseYuan(f(i) ?? i.amount), 0));
  return {
    calls: ok.reduce((s, i) => s + i.calls, 0),
    successes: ok.reduce((s, i) => s + i.successes, 0),
    billable: ok.reduce((s, i) => s + i.billable, 0),
    amount: sum((i) => i.amount),
    forecastAmount: sum((i) => i.forecastAmount),
  };
}
