/**
 * SQL over auth_records for a resolved filter. SQLite answers `ORDER BY request_ms DESC, seq DESC
 * LIMIT n` fast only when one index hands it rows in that order with the filter's equality column
 * in front. A filter is therefore split into disjoint BRANCHES, each served by one index pinned
 * with INDEXED BY (a plan that cannot silently degrade to a scan), and pages merge the branches:
 *   - failure code: `result_code = c` and `carrier_code = c AND result_code <> c` (both failures);
 *   - a few apps: one branch per app id;
 *   - otherwise one branch, on the most selective of failures / operator / time.
 * The remaining filter terms are checked row by row inside the branch's (bounded) time window.
 */
import type { ResolvedFilter } from './resolve-filter';

export interface SqlPart {
  sql: string;
  params: unknown[];
}

export interface Branch {
  index: string;
  where: SqlPart;
}

/** Beyond this many apps, one branch over the time index with `id IN (…)` beats that many index seeks. */
const MAX_APP_BRANCHES = 64;

export const RECORD_COLUMNS =
  'seq, record_id, id, app_id, capability, operator, request_ms, result_code, success, outcome, carrier_code, ' +
  'description, masked_phone, auth_type, client_ip, trace_id, billable';

function and(parts: SqlPart[]): SqlPart {
  const live = parts.filter((p) => p.sql !== '');
  return { sql: live.map((p) => p.sql).join(' AND '), params: live.flatMap((p) => p.params) };
}

function inList(column: string, values: readonly string[]): SqlPart {
  return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

/** The branches of a filter; their row sets are disjoint and together are the filter's matches. */
export function branchesOf(f: ResolvedFilter): { branches: Branch[]; common: SqlPart } {
  const common: SqlPart[] = [];
  if (f.operator !== null) common.push({ sql: 'operator = ?', params: [f.operator] });
  if (f.capability !== null) common.push({ sql: 'capability = ?', params: [f.capability] });

  if (f.code !== null) {
    // `success = 0` is written as a literal so the partial carrier index qualifies.
    if (f.ids !== null) common.push(inList('id', f.ids));
    return {
      common: and(common),
      branches: [
        { index: 'auth_records_code_time', where: { sql: 'result_code = ? AND success = 0', params: [f.code] } },
        { index: 'auth_records_carrier_time', where: { sql: 'carrier_code = ? AND success = 0 AND result_code <> ?', params: [f.code, f.code] } },
      ],
    };
  }
  if (f.success !== null) common.push({ sql: 'success = ?', params: [f.success] });
  if (f.ids !== null && f.ids.length <= MAX_APP_BRANCHES) {
    return {
      common: and(common),
      branches: f.ids.map((id) => ({ index: 'auth_records_app_time', where: { sql: 'id = ?', params: [id] } })),
    };
  }
  if (f.ids !== null) common.push(inList('id', f.ids));
  // Failures are the rarest single column (a tenth or so), then an operator; else time order itself.
  const index = f.success === 0 ? 'auth_records_result_time' : f.operator !== null ? 'auth_records_op_time' : 'auth_records_time';
  return { common: and(common), branches: [{ index, where: { sql: '', params: [] } }] };
}

export interface TimeBounds {
  /** request_ms >= lo */
  lo: number | null;
  /** request_ms < hi */
  hi: number | null;
  /** (request_ms, seq) < (ms, seq): the keyset cursor. */
  before: { ms: number; seq: number } | null;
}

export function timeTerms(t: TimeBounds): SqlPart {
  const parts: SqlPart[] = [];
  if (t.lo !== null) parts.push({ sql: 'request_ms >= ?', params: [t.lo] });
  if (t.hi !== null) parts.push({ sql: 'request_ms < ?', params: [t.hi] });
  if (t.before !== null) parts.push({ sql: '(request_ms, seq) < (?, ?)', params: [t.before.ms, t.before.seq] });
  return and(parts);
}

/** One keyset page over the branches, newest first, at most `limit` rows. */
export function pageSql(f: ResolvedFilter, t: TimeBounds, limit: number): SqlPart {
  const { branches, common } = branchesOf(f);
  const time = timeTerms(t);
  const arms = branches.map((b) => {
    const where = and([b.where, common, time]);
    return {
      sql: `SELECT ${RECORD_COLUMNS} FROM auth_records INDEXED BY ${b.index}${where.sql ? ` WHERE ${where.sql}` : ''} ORDER BY request_ms DESC, seq DESC LIMIT ?`,
      params: [...where.params, limit],
    };
  });
  if (arms.length === 1) return arms[0]!;
  return {
    sql: `${arms.map((a) => `SELECT * FROM (${a.sql})`).join(' UNION ALL ')} ORDER BY request_ms DESC, seq DESC LIMIT ?`,
    params: [...arms.flatMap((a) => a.params), limit],
  };
}

/** Shanghai date / hour of request_ms in SQL (UTC+8, no DST: see shared/time/shanghai.ts). */
export const SQL_SHANGHAI_DATE = "date((request_ms + 28800000) / 1000, 'unixepoch')";
export const SQL_SHANGHAI_HOUR = '((request_ms + 28800000) / 3600000) % 24';

/**
 * Counts of matching rows (calls, successes, billable) grouped by `groupSql` expressions, summed
 * over the branches. Used for partial days at the edges of a range, where rollups cannot answer.
 */
export function countSql(f: ResolvedFilter, t: TimeBounds, groups: readonly { expr: string; as: string }[], callsOnly = false): SqlPart {
  const { branches, common } = branchesOf(f);
  const time = timeTerms(t);
  const sel = groups.map((g) => `${g.expr} AS ${g.as}`);
  // Calls alone can often be counted from the branch's index without reading a single row.
  const measures = callsOnly ? ['0 AS success', '0 AS billable'] : ['success', 'billable'];
  const arms = branches.map((b) => {
    const where = and([b.where, common, time]);
    return {
      sql: `SELECT ${[...sel, ...measures].join(', ')} FROM auth_records INDEXED BY ${b.index}${where.sql ? ` WHERE ${where.sql}` : ''}`,
      params: where.params,
    };
  });
  const keys = groups.map((g) => g.as);
  return {
    sql:
      `SELECT ${[...keys, 'COUNT(*) AS calls', 'COALESCE(SUM(success), 0) AS successes', 'COALESCE(SUM(billable), 0) AS billable'].join(', ')} ` +
      `FROM (${arms.map((a) => a.sql).join(' UNION ALL ')})${keys.length ? ` GROUP BY ${keys.join(', ')}` : ''}`,
    params: arms.flatMap((a) => a.params),
  };
}
