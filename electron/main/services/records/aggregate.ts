/**
 * Counts of the records matching a filter, grouped by any of date / hour / app / operator /
 * capability / failure code: whole days from the rollups the ingest keeps current, partial
 * edge days by counting records. Totals, pages' time windows, statistics, the dashboard and the
 * Pareto all go through here, so every figure on screen is the same count `records.search` gives.
 *
 * Rollups know calls, successes and billable per group; a failure-code filter reads
 * rollup_failures instead. Billable calls are successes by the platform's rules (a login that
 * returned a number, a verification that returned match or mismatch), so failures carry none.
 */
import type { Db } from '../db/open';
import type { ResolvedFilter } from './resolve-filter';
import { countSql, SQL_SHANGHAI_DATE, SQL_SHANGHAI_HOUR, type SqlPart } from './record-sql';
import { splitRange } from './time-split';

export const dims = ['date', 'hour', 'id', 'operator', 'capability', 'resultCode', 'carrierCode'] as const;
export type Dim = (typeof dims)[number];

export interface Counts {
  calls: number;
  successes: number;
  billable: number;
}
export interface AggRow extends Counts {
  /** Group key values, in the order of the requested dims. */
  keys: (string | number)[];
}

const rollupColumn: Record<Dim, string> = {
  date: 'date',
  hour: 'hour',
  id: 'id',
  operator: 'operator',
  capability: 'capability',
  resultCode: 'result_code',
  carrierCode: 'carrier_code',
};
const rawExpr: Record<Dim, string> = {
  date: SQL_SHANGHAI_DATE,
  hour: SQL_SHANGHAI_HOUR,
  id: 'id',
  operator: 'operator',
  capability: 'capability',
  resultCode: 'result_code',
  carrierCode: "COALESCE(carrier_code, '')",
};

function isCodeDim(d: Dim): boolean {
  return d === 'resultCode' || d === 'carrierCode';
}

/** Which rollup answers whole days for these dims and filter, or null when only records can. */
function rollupFor(f: ResolvedFilter, by: readonly Dim[]): 'rollup_daily' | 'rollup_hourly' | 'rollup_failures' | null {
  const failures = f.code !== null || by.some(isCodeDim);
  if (failures) return by.includes('hour') ? null : 'rollup_failures';
  return by.includes('hour') ? 'rollup_hourly' : 'rollup_daily';
}

function rollupSql(table: 'rollup_daily' | 'rollup_hourly' | 'rollup_failures', f: ResolvedFilter, by: readonly Dim[], first: string | null, last: string | null): SqlPart {
  const where: SqlPart[] = [];
  if (first !== null) where.push({ sql: 'date >= ?', params: [first] });
  if (last !== null) where.push({ sql: 'date <= ?', params: [last] });
  if (f.ids !== null) where.push({ sql: `id IN (${f.ids.map(() => '?').join(', ')})`, params: [...f.ids] });
  if (f.operator !== null) where.push({ sql: 'operator = ?', params: [f.operator] });
  if (f.capability !== null) where.push({ sql: 'capability = ?', params: [f.capability] });
  const cols = by.map((d) => rollupColumn[d]);
  const counts = table === 'rollup_failures' ? 'failures AS calls, 0 AS successes, 0 AS billable' : 'calls, successes, billable';
  const arm = (extra: SqlPart | null, index: string | null): SqlPart => {
    const w = extra ? [extra, ...where] : where;
    return {
      sql: `SELECT ${[...cols, counts].join(', ')} FROM ${table}${index ? ` INDEXED BY ${index}` : ''}${w.length ? ` WHERE ${w.map((p) => p.sql).join(' AND ')}` : ''}`,
      params: w.flatMap((p) => p.params),
    };
  };
  const arms =
    table === 'rollup_failures' && f.code !== null
      ? [arm({ sql: 'result_code = ?', params: [f.code] }, 'rollup_failures_code'), arm({ sql: 'carrier_code = ? AND result_code <> ?', params: [f.code, f.code] }, 'rollup_failures_carrier')]
      : [arm(null, null)];
  const keys = by.map((_, i) => `k${i}`);
  const inner = arms.map((a) => a.sql).join(' UNION ALL ');
  const aliased = by.length ? `SELECT ${[...cols.map((c, i) => `${c} AS k${i}`), 'calls', 'successes', 'billable'].join(', ')} FROM (${inner})` : inner;
  return {
    sql: `SELECT ${[...keys, 'SUM(calls) AS calls', 'SUM(successes) AS successes', 'SUM(billable) AS billable'].join(', ')} FROM (${aliased})${keys.length ? ` GROUP BY ${keys.join(', ')}` : ''}`,
    params: arms.flatMap((a) => a.params),
  };
}

/** Applies the result filter to rollup sums (rollup_daily/hourly count both outcomes together). */
function narrowToResult(f: ResolvedFilter, table: string, c: Counts): Counts {
  if (table === 'rollup_failures') return c;
  if (f.success === 1) return { calls: c.successes, successes: c.successes, billable: c.billable };
  if (f.success === 0) return { calls: c.calls - c.successes, successes: 0, billable: 0 };
  return c;
}

interface RawRow {
  calls: number;
  successes: number;
  billable: number;
  [k: string]: unknown;
}

export interface AggregateOptions {
  /**
   * Only `calls` is wanted (record totals, page windows): partial days are then counted from
   * indexes alone where the filter allows, and `successes`/`billable` of those days read 0.
   */
  callsOnly?: boolean;
}

/**
 * Matching counts grouped by `by` (empty = one total row). Groups with no match are absent.
 * A code dim restricts the count to failures.
 */
export function aggregate(db: Db, filter: ResolvedFilter, by: readonly Dim[], opts: AggregateOptions = {}): AggRow[] {
  const f: ResolvedFilter = by.some(isCodeDim) ? { ...filter, success: 0, empty: filter.empty || filter.success === 1 } : filter;
  if (f.empty) return [];
  const out = new Map<string, AggRow>();
  const add = (keys: (string | number)[], c: Counts): void => {
    if (c.calls === 0) return;
    const k = JSON.stringify(keys);
    const row = out.get(k);
    if (row) {
      row.calls += c.calls;
      row.successes += c.successes;
      row.billable += c.billable;
    } else out.set(k, { keys, ...c });
  };
  const keyOf = (r: RawRow): (string | number)[] => by.map((_, i) => r[`k${i}`] as string | number);
  const split = splitRange(f.fromMs, f.toMs);
  const table = rollupFor(f, by);
  let rawRanges: { lo: number | null; hi: number | null }[] = split.partials;
  if (split.full) {
    if (table) {
      const q = rollupSql(table, f, by, split.full.first, split.full.last);
      for (const r of db.prepare(q.sql).all(...q.params) as RawRow[]) {
        add(keyOf(r), narrowToResult(f, table, { calls: Number(r.calls ?? 0), successes: Number(r.successes ?? 0), billable: Number(r.billable ?? 0) }));
      }
    } else {
      // Only hours of a failure-code filter land here (no rollup has both): count the records of the whole range.
      rawRanges = [{ lo: f.fromMs, hi: f.toMs }];
    }
  }
  for (const range of rawRanges) {
    const q = countSql(f, { lo: range.lo, hi: range.hi, before: null }, by.map((d, i) => ({ expr: rawExpr[d], as: `k${i}` })), opts.callsOnly ?? false);
    for (const r of db.prepare(q.sql).all(...q.params) as RawRow[]) {
      add(keyOf(r), { calls: Number(r.calls), successes: Number(r.successes), billable: Number(r.billable) });
    }
  }
  return [...out.values()];
}

/** How many records match (what `records.search` reports as its total). */
export function totalCalls(db: Db, f: ResolvedFilter): number {
  return aggregate(db, f, [], { callsOnly: true }).reduce((n, r) => n + r.calls, 0);
}
