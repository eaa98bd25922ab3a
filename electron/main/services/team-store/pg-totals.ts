/**
 * A records search's total on the team store, from the rollups the ingest keeps in the same
 * transaction as the records, cut as the SQLite store cuts it (records/aggregate.ts): whole
 * Shanghai days from the daily grain, whole hours of the edge days from the hourly grain, and only
 * the partial hours at the very edges by counting records (at most two hours' worth, whatever the
 * range). A failure code alone reads rollup_codes_hourly (its key leads with the code); a code with
 * other terms reads the failure rollups, rollup_failures by day (indexed by each code column,
 * pg-0010) and rollup_slot_failures by hour (six ten-minute slots an hour).
 *
 * Everything is one statement (a sum of scalar subqueries): one round trip under the search's snapshot.
 */
import type pg from 'pg';
import { capabilities, operators } from '../../../../shared/platform/domain';
import { segments } from '../records/aggregate';
import type { ResolvedFilter } from '../records/resolve-filter';
import { splitHours, splitRange } from '../records/time-split';

export interface TotalOptions {
  /**
   * Ranges [lo, hi) whose records may be fewer than the rollups count (a month detached to
   * archive): counted from the records alone, as aggregate.ts's `recordsOnly`.
   */
  recordsOnly?: readonly { lo: number; hi: number }[];
}

type Span = { days: { first: string | null; last: string | null } } | { hours: { date: string; first: number; last: number } };

/** A filter's dictionary keys: the integers the records and rollups hold (null = no such term). */
export interface FilterKeys {
  apps: number[] | null;
  code: number | null;
}

/**
 * The keys of a filter's app ids and failure code, looked up once so every statement after filters
 * on plain integers (an equality the planner can serve from an index in time order). Null: the
 * filter matches nothing here (no record ever carried that app or code).
 */
export async function pgFilterKeys(client: pg.ClientBase, f: ResolvedFilter): Promise<FilterKeys | null> {
  let apps: number[] | null = null;
  if (f.ids !== null) {
    apps = (await client.query<{ n: number }>('SELECT n FROM dict_apps WHERE id = ANY($1::text[]) ORDER BY n', [f.ids])).rows.map((r) => r.n);
    if (apps.length === 0) return null;
  }
  let code: number | null = null;
  if (f.code !== null) {
    const row = (await client.query<{ n: number }>('SELECT n FROM dict_texts WHERE t = $1', [f.code])).rows[0];
    if (!row) return null;
    code = row.n;
  }
  return { apps, code };
}

/** How many stored records match `f` (keys from pgFilterKeys), read under the caller's transaction. */
export async function pgRecordTotal(client: pg.ClientBase, f: ResolvedFilter, keys: FilterKeys, opts: TotalOptions = {}): Promise<number> {
  const { apps, code } = keys;
  const params: unknown[] = [];
  const p = (v: unknown, type: string): string => {
    params.push(v);
    return `$${params.length}::${type}`;
  };
  const common = (): string[] => {
    const w: string[] = [];
    if (apps !== null) w.push(`app = ANY(${p(apps, 'int[]')})`);
    if (f.operator !== null) w.push(`operator = ${p(operators.indexOf(f.operator), 'smallint')}`);
    if (f.capability !== null) w.push(`capability = ${p(capabilities.indexOf(f.capability), 'smallint')}`);
    return w;
  };
  const codeOnly = code !== null && apps === null && f.operator === null && f.capability === null;
  // A failure row (rollups and records alike) holds both codes: matching either counts it once.
  const codeTerm = (): string => {
    const c = p(code, 'int');
    return `(result_code = ${c} OR carrier_code = ${c})`;
  };
  const measure = f.success === null ? 'calls' : f.success === 1 ? 'successes' : 'calls - successes';

  const pieces: string[] = [];
  const sum = (expr: string, table: string, where: string[]): void => {
    pieces.push(`(SELECT coalesce(sum(${expr}), 0) FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''})`);
  };
  const fromRollup = (span: Span): void => {
    const time: string[] = [];
    if ('days' in span) {
      if (span.days.first !== null) time.push(`day >= ${p(span.days.first, 'date')}`);
      if (span.days.last !== null) time.push(`day <= ${p(span.days.last, 'date')}`);
    } else time.push(`day = ${p(span.hours.date, 'date')}`);
    const hours = 'hours' in span ? span.hours : null;
    const hourTerm = (): string[] => (hours ? [`hour BETWEEN ${p(hours.first, 'smallint')} AND ${p(hours.last, 'smallint')}`] : []);
    if (codeOnly) {
      sum('failures', 'rollup_codes_hourly', [`code = ${p(code, 'int')}`, ...time, ...hourTerm()]);
    } else if (code !== null) {
      const slots = hours ? [`slot BETWEEN ${p(hours.first * 6, 'smallint')} AND ${p(hours.last * 6 + 5, 'smallint')}`] : [];
      sum('failures', hours ? 'rollup_slot_failures' : 'rollup_failures', [codeTerm(), ...common(), ...time, ...slots]);
    } else {
      sum(measure, hours ? 'rollup_hourly' : 'rollup_daily', [...common(), ...time, ...hourTerm()]);
    }
  };
  const fromRecords = (lo: number | null, hi: number | null): void => {
    const w = common();
    if (f.success !== null) w.push(f.success === 1 ? 'success' : 'NOT success');
    if (code !== null) w.push(codeTerm());
    if (lo !== null) w.push(`request_ms >= ${p(lo, 'bigint')}`);
    if (hi !== null) w.push(`request_ms < ${p(hi, 'bigint')}`);
    pieces.push(`(SELECT count(*) FROM auth_records WHERE ${w.length ? w.join(' AND ') : 'true'})`);
  };

  for (const seg of segments(f.fromMs, f.toMs, opts.recordsOnly ?? [])) {
    if (seg.recordsOnly) {
      fromRecords(seg.lo, seg.hi);
      continue;
    }
    const split = splitRange(seg.lo, seg.hi);
    if (split.full) fromRollup({ days: split.full });
    for (const day of split.partials) {
      const hours = splitHours(day.lo, day.hi);
      if (hours.whole) fromRollup({ hours: hours.whole });
      for (const part of hours.partials) fromRecords(part.lo, part.hi);
    }
  }
  if (pieces.length === 0) return 0;
  const r = await client.query<{ n: string }>(`SELECT (${pieces.join(' + ')})::bigint AS n`, params);
  return Number(r.rows[0]?.n ?? 0);
}
