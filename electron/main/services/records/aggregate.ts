/**
 * Counts of the records matching a filter, grouped by any of date / hour / app / operator /
 * capability / failure code: whole days from the rollups the ingest keeps current, whole hours of
 * partial edge days from the hourly rollups, and only the partial hours at the very edges by
 * counting records (at most two hours' records, whatever the density of a day). Totals, pages' time windows, statistics, the dashboard and the
 * Pareto all go through here, so every figure on screen is the same count `records.search` gives.
 *
 * Rollups know calls, successes and billable per group; a failure-code filter reads
 * rollup_failures instead (by day; by hour the ten-minute rollup_slot_failures, six slots an hour,
 * so a team store's working copy, which holds no raw records, counts whole hours too). Billable calls are successes by the platform's rules (a login that
 * returned a number, a verification that returned match or mismatch), so failures carry none.
 */
import type { Db } from '../db/open';
import type { ResolvedFilter } from './resolve-filter';
import { countSql, SQL_SHANGHAI_DATE, SQL_SHANGHAI_HOUR, type SqlPart } from './record-sql';
import { recordsQuery } from './records-query';
import { splitHours, splitRange } from './time-split';
import { RAW_FIELD_SQL } from '../store/record-codec';

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
  id: RAW_FIELD_SQL.id,
  operator: RAW_FIELD_SQL.operator,
  capability: RAW_FIELD_SQL.capability,
  resultCode: RAW_FIELD_SQL.resultCode,
  carrierCode: RAW_FIELD_SQL.carrierCode,
};

function isCodeDim(d: Dim): boolean {
  return d === 'resultCode' || d === 'carrierCode';
}

type RollupTable =
  'rollup_daily' | 'rollup_hourly' | 'rollup_failures' | 'rollup_slot_failures' | 'rollup_billable_daily' | 'rollup_codes_daily' | 'rollup_codes_hourly';

/** Rollups of failures only (a row per code pair): their count is `failures`, and a code filter matches either code. */
const FAILURE_TABLES: ReadonlySet<RollupTable> = new Set(['rollup_failures', 'rollup_slot_failures']);

/** The rollup rows a query reads: whole days (date range) or some whole hours of one day. */
type Span = { days: { first: string | null; last: string | null } } | { hours: { date: string; first: number; last: number } };

/** A failure-code filter with nothing else but time: the per-code rollups answer it. */
function codeOnly(f: ResolvedFilter, by: readonly Dim[]): boolean {
  return f.code !== null && f.ids === null && f.operator === null && f.capability === null && by.every((d) => d === 'date' || d === 'hour');
}

/**
 * Which rollup answers this span for these dims and filter. The
 * smallest table that has every column asked for wins: an unfiltered total reads one row per
 * day, a code filter one row per day (or hour) of that code.
 */
function rollupFor(f: ResolvedFilter, by: readonly Dim[], grain: 'day' | 'hour'): RollupTable {
  const hourly = grain === 'hour' || by.includes('hour');
  if (f.code !== null || by.some(isCodeDim)) {
    if (codeOnly(f, by)) return hourly ? 'rollup_codes_hourly' : 'rollup_codes_daily';
    // By hour, the ten-minute failure rollup (six slots an hour) has every column.
    return hourly ? 'rollup_slot_failures' : 'rollup_failures';
  }
  if (hourly) return 'rollup_hourly';
  if (f.ids === null && f.operator === null && f.capability === null && by.every((d) => d === 'date')) return 'rollup_billable_daily';
  return 'rollup_daily';
}

function rollupSql(table: RollupTable, f: ResolvedFilter, by: readonly Dim[], span: Span): SqlPart {
  const where: SqlPart[] = [];
  if ('days' in span) {
    if (span.days.first !== null) where.push({ sql: 'date >= ?', params: [span.days.first] });
    if (span.days.last !== null) where.push({ sql: 'date <= ?', params: [span.days.last] });
  } else if (table === 'rollup_slot_failures')
    where.push({ sql: 'date = ? AND slot BETWEEN ? AND ?', params: [span.hours.date, span.hours.first * 6, span.hours.last * 6 + 5] });
  else where.push({ sql: 'date = ? AND hour BETWEEN ? AND ?', params: [span.hours.date, span.hours.first, span.hours.last] });
  if (f.ids !== null) where.push({ sql: `id IN (${f.ids.map(() => '?').join(', ')})`, params: [...f.ids] });
  if (f.operator !== null) where.push({ sql: 'operator = ?', params: [f.operator] });
  if (f.capability !== null) where.push({ sql: 'capability = ?', params: [f.capability] });
  const codes = table === 'rollup_codes_daily' || table === 'rollup_codes_hourly';
  if (codes) where.unshift({ sql: 'code = ?', params: [f.code] });
  const cols = by.map((d) => rollupColumn[d]);
  // The ten-minute rollup has slots, not hours.
  const selected = table === 'rollup_slot_failures' ? by.map((d) => (d === 'hour' ? 'slot / 6 AS hour' : rollupColumn[d])) : cols;
  const counts = FAILURE_TABLES.has(table) || codes ? 'failures AS calls, 0 AS successes, 0 AS billable' : 'calls, successes, billable';
  const arm = (extra: SqlPart | null, index: string | null): SqlPart => {
    const w = extra ? [extra, ...where] : where;
    return {
      sql: `SELECT ${[...selected, counts].join(', ')} FROM ${table}${index ? ` INDEXED BY ${index}` : ''}${w.length ? ` WHERE ${w.map((p) => p.sql).join(' AND ')}` : ''}`,
      params: w.flatMap((p) => p.params),
    };
  };
  const arms =
    FAILURE_TABLES.has(table) && f.code !== null
      ? [
          arm({ sql: 'result_code = ?', params: [f.code] }, table === 'rollup_failures' ? 'rollup_failures_code' : null),
          arm({ sql: 'carrier_code = ? AND result_code <> ?', params: [f.code, f.code] }, table === 'rollup_failures' ? 'rollup_failures_carrier' : null),
        ]
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
function narrowToResult(f: ResolvedFilter, table: RollupTable, c: Counts): Counts {
  if (FAILURE_TABLES.has(table) || table === 'rollup_codes_daily' || table === 'rollup_codes_hourly') return c;
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
  /**
   * Ranges [lo, hi) whose raw records may be fewer than the rollups count (months archived and
   * removed from the store): counted from records only, so a record count never includes rows the
   * store no longer holds. Statistics leave it out (rollups keep counting archived months).
   */
  recordsOnly?: readonly { lo: number; hi: number }[];
}

/** [from, to) cut into pieces inside and outside the records-only ranges, in order (null bounds are open). */
export function segments(
  from: number | null,
  to: number | null,
  recordsOnly: readonly { lo: number; hi: number }[],
): { lo: number | null; hi: number | null; recordsOnly: boolean }[] {
  const out: { lo: number | null; hi: number | null; recordsOnly: boolean }[] = [];
  let at = from;
  for (const r of [...recordsOnly].sort((a, b) => a.lo - b.lo)) {
    if (to !== null && r.lo >= to) break;
    if (at !== null && r.hi <= at) continue;
    const lo = at === null ? r.lo : Math.max(at, r.lo);
    const hi = to === null ? r.hi : Math.min(to, r.hi);
    if (at === null || at < lo) out.push({ lo: at, hi: lo, recordsOnly: false });
    out.push({ lo, hi, recordsOnly: true });
    at = hi;
  }
  if (to === null || at === null || at < to) out.push({ lo: at, hi: to, recordsOnly: false });
  return out;
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
  const fromRollup = (table: RollupTable, span: Span): void => {
    const q = rollupSql(table, f, by, span);
    for (const r of recordsQuery(db).rows<RawRow>(q)) {
      add(keyOf(r), narrowToResult(f, table, { calls: Number(r.calls ?? 0), successes: Number(r.successes ?? 0), billable: Number(r.billable ?? 0) }));
    }
  };
  const rawRanges: { lo: number | null; hi: number | null }[] = [];
  const dayTable = rollupFor(f, by, 'day');
  const hourTable = rollupFor(f, by, 'hour');
  const fromRollups = (lo: number | null, hi: number | null): void => {
    const split = splitRange(lo, hi);
    if (split.full) fromRollup(dayTable, { days: split.full });
    for (const day of split.partials) {
      // Whole hours of a partial day from the hourly rollup; records only for the partial hours at its edges.
      const hours = splitHours(day.lo, day.hi);
      if (hours.whole) fromRollup(hourTable, { hours: hours.whole });
      rawRanges.push(...hours.partials);
    }
  };
  for (const seg of segments(f.fromMs, f.toMs, opts.recordsOnly ?? [])) {
    if (seg.recordsOnly) rawRanges.push({ lo: seg.lo, hi: seg.hi });
    else fromRollups(seg.lo, seg.hi);
  }
  for (const range of rawRanges) {
    const q = countSql(
      f,
      { lo: range.lo, hi: range.hi, before: null },
      by.map((d, i) => ({ expr: rawExpr[d], as: `k${i}` })),
      opts.callsOnly ?? false,
    );
    for (const r of recordsQuery(db).rows<RawRow>(q)) {
      add(keyOf(r), { calls: Number(r.calls), successes: Number(r.successes), billable: Number(r.billable) });
    }
  }
  return [...out.values()];
}

/** How many records match (what `records.search` reports as its total). */
export function totalCalls(db: Db, f: ResolvedFilter): number {
  return aggregate(db, f, [], { callsOnly: true }).reduce((n, r) => n + r.calls, 0);
}
