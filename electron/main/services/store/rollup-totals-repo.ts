/**
 * The day and month totals kept beside the base rollups (issue 13), written by the writers of
 * rollup_daily and rollup_failures themselves since workspace-0022 dropped the triggers that kept
 * them:
 *   - rollup_billable_daily: calls, successes and billable per day (sums of rollup_daily);
 *   - rollup_billable_monthly: the same per month × app × operator × capability, with `cells` the
 *     rollup_daily rows behind a row (workspace-0015);
 *   - rollup_codes_daily: failures per code × day (sums of rollup_failures under the result code
 *     and, when it differs and is not empty, the carrier code; workspace-0004).
 *
 * The triggers ran per upserted rollup row: at 200,000 records a day a 5,000-record page fired
 * some 830 trigger statements for about 90 total rows. The ingest writer now adds a page's sums once
 * per key (`add`); every writer that sets, deletes or loads rollup rows in bulk recounts the totals
 * of what it touched from the base rollups (`recountRollupTotals`).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import type { DailyDelta, FailureDelta } from './rollup-journal';

export interface RollupTotalsWriter {
  /**
   * Adds what a page added to rollup_daily and rollup_failures. `newDaily[i]` is 1 when daily[i]
   * created its rollup_daily row (it counts one more cell of its month). Call inside the ingest
   * transaction, after the base rollups.
   */
  add(daily: readonly DailyDelta[], newDaily: Uint8Array, failures: readonly FailureDelta[]): void;
}

export function rollupTotalsWriter(db: Db): RollupTotalsWriter {
  // A store before workspace-0022 (tests write such stores with today's writer) has its totals kept
  // by triggers, or none at all before workspace-0004 and 0015: then there is nothing to add here.
  const has = db.prepare<[string, string], number>('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').pluck();
  if (has.get('trigger', 'rollup_daily_billable_ins') !== undefined || has.get('table', 'rollup_billable_monthly') === undefined) return { add: () => {} };
  const day = db.prepare(`INSERT INTO rollup_billable_daily (date, calls, successes, billable) VALUES (?, ?, ?, ?)
    ON CONFLICT(date) DO UPDATE SET calls = calls + excluded.calls, successes = successes + excluded.successes, billable = billable + excluded.billable`);
  const month = db.prepare(`INSERT INTO rollup_billable_monthly (month, id, operator, capability, cells, calls, successes, billable)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(month, id, operator, capability) DO UPDATE SET cells = cells + excluded.cells, calls = calls + excluded.calls,
      successes = successes + excluded.successes, billable = billable + excluded.billable`);
  const code = db.prepare(`INSERT INTO rollup_codes_daily (code, date, failures) VALUES (?, ?, ?)
    ON CONFLICT(code, date) DO UPDATE SET failures = failures + excluded.failures`);
  return {
    add(daily, newDaily, failures) {
      addDays(day, daily);
      addMonths(month, daily, newDaily);
      addCodes(code, failures);
    },
  };
}

// `add`'s work, each kind of total summed and written by a function of its own with plain indexed
// loops. The ingest calls `add` once per page, at its very end, so V8 optimises what is hot in it
// late (tens of pages in), on a helper thread, while whatever follows the page runs (the alerts'
// evaluation): one function of it all, with a closure and destructuring, took a 90-160 ms compile
// there, and so did `add` with these inlined into it while it held their write loops. With no loop of
// its own `add` stays cold; these are each a short compile, of their own loop (OSR) or at their entry.

function addDays(stmt: Statement, daily: readonly DailyDelta[]): void {
  for (const d of daySums(daily).values()) stmt.run(d.date, d.calls, d.successes, d.billable);
}

function addMonths(stmt: Statement, daily: readonly DailyDelta[], newDaily: Uint8Array): void {
  for (const m of monthSums(daily, newDaily).values()) stmt.run(m.month, m.id, m.operator, m.capability, m.cells, m.calls, m.successes, m.billable);
}

function addCodes(stmt: Statement, failures: readonly FailureDelta[]): void {
  for (const c of codeSums(failures).values()) stmt.run(c.code, c.date, c.failures);
}

class DaySum {
  constructor(
    readonly date: string,
    public calls: number,
    public successes: number,
    public billable: number,
  ) {}
}

class MonthSum {
  constructor(
    readonly month: string,
    readonly id: string,
    readonly operator: string,
    readonly capability: string,
    public cells: number,
    public calls: number,
    public successes: number,
    public billable: number,
  ) {}
}

class CodeSum {
  constructor(
    readonly code: string,
    readonly date: string,
    public failures: number,
  ) {}
}

/** rollup_billable_daily's additions: the page's daily deltas summed by day, in order of first sight. */
function daySums(daily: readonly DailyDelta[]): Map<string, DaySum> {
  const days = new Map<string, DaySum>();
  for (let i = 0; i < daily.length; i++) {
    const v = daily[i]!;
    const d = days.get(v[0]);
    if (d === undefined) days.set(v[0], new DaySum(v[0], v[4], v[5], v[6]));
    else {
      d.calls += v[4];
      d.successes += v[5];
      d.billable += v[6];
    }
  }
  return days;
}

/** rollup_billable_monthly's additions: by month × app × operator × capability, with the new rollup_daily rows as cells. */
function monthSums(daily: readonly DailyDelta[], newDaily: Uint8Array): Map<string, MonthSum> {
  const months = new Map<string, MonthSum>();
  for (let i = 0; i < daily.length; i++) {
    const v = daily[i]!;
    const m = v[0].slice(0, 7);
    const k = `${m}\u0000${v[1]}\u0000${v[2]}\u0000${v[3]}`;
    const s = months.get(k);
    if (s === undefined) months.set(k, new MonthSum(m, v[1], v[2], v[3], newDaily[i]!, v[4], v[5], v[6]));
    else {
      s.cells += newDaily[i]!;
      s.calls += v[4];
      s.successes += v[5];
      s.billable += v[6];
    }
  }
  return months;
}

/** rollup_codes_daily's additions: a failure counts under its result code and, when it differs and is not empty, its carrier code. */
function codeSums(failures: readonly FailureDelta[]): Map<string, CodeSum> {
  const codes = new Map<string, CodeSum>();
  for (let i = 0; i < failures.length; i++) {
    const v = failures[i]!;
    countCode(codes, v[4], v[0], v[6]);
    if (v[5] !== '' && v[5] !== v[4]) countCode(codes, v[5], v[0], v[6]);
  }
  return codes;
}

function countCode(codes: Map<string, CodeSum>, code: string, date: string, n: number): void {
  const k = `${code}\u0000${date}`;
  const s = codes.get(k);
  if (s === undefined) codes.set(k, new CodeSum(code, date, n));
  else s.failures += n;
}

/** rollup_daily's day sums. */
const DAY_SUMS = 'SELECT date, SUM(calls), SUM(successes), SUM(billable) FROM rollup_daily';
/** rollup_daily's month × app × operator × capability sums, with the rows behind each. */
const MONTH_SUMS = 'SELECT substr(date, 1, 7), id, operator, capability, COUNT(*), SUM(calls), SUM(successes), SUM(billable) FROM rollup_daily';
/** rollup_failures' code × day sums (result code, and a different non-empty carrier code). */
const CODE_SUMS = (where: string): string => `SELECT code, date, SUM(failures) FROM (
    SELECT result_code AS code, date, failures FROM rollup_failures ${where}
    UNION ALL
    SELECT carrier_code, date, failures FROM rollup_failures ${where ? `${where} AND` : 'WHERE'} carrier_code <> '' AND carrier_code <> result_code
  ) GROUP BY code, date`;

/**
 * Recounts the totals from the base rollups: of the given Shanghai days (their day and code rows,
 * and the whole months they fall in), or of everything when none are given. For writers that set,
 * delete or load rollup rows other than by adding a page (a rebuild, a discard, a provider's
 * statistics, a team store's tables). Call inside the writer's transaction.
 */
export function recountRollupTotals(db: Db, dates?: Iterable<string>): void {
  if (dates === undefined) {
    db.exec(`
      DELETE FROM rollup_billable_daily;
      DELETE FROM rollup_billable_monthly;
      DELETE FROM rollup_codes_daily;
      INSERT INTO rollup_billable_daily (date, calls, successes, billable) ${DAY_SUMS} GROUP BY date;
      INSERT INTO rollup_billable_monthly (month, id, operator, capability, cells, calls, successes, billable) ${MONTH_SUMS} GROUP BY 1, 2, 3, 4;
      INSERT INTO rollup_codes_daily (code, date, failures) ${CODE_SUMS('')};
    `);
    return;
  }
  const days = [...new Set(dates)];
  if (days.length === 0) return;
  const dayStmts = [
    db.prepare('DELETE FROM rollup_billable_daily WHERE date = @day'),
    db.prepare(`INSERT INTO rollup_billable_daily (date, calls, successes, billable) ${DAY_SUMS} WHERE date = @day GROUP BY date`),
    db.prepare('DELETE FROM rollup_codes_daily WHERE date = @day'),
    db.prepare(`INSERT INTO rollup_codes_daily (code, date, failures) ${CODE_SUMS('WHERE date = @day')}`),
  ];
  for (const day of days) for (const s of dayStmts) s.run({ day });
  // A month's dates sort between 'YYYY-MM' and 'YYYY-MM~' (an index range on rollup_daily's key).
  const monthStmts = [
    db.prepare('DELETE FROM rollup_billable_monthly WHERE month = @month'),
    db.prepare(
      `INSERT INTO rollup_billable_monthly (month, id, operator, capability, cells, calls, successes, billable) ${MONTH_SUMS} WHERE date >= @month AND date < @month || '~' GROUP BY 1, 2, 3, 4`,
    ),
  ];
  for (const month of new Set(days.map((d) => d.slice(0, 7)))) for (const s of monthStmts) s.run({ month });
}
