/**
 * SQL over the compact records (auth_record_rows, store/record-codec.ts) for a resolved filter. SQLite answers `ORDER BY request_ms DESC, seq DESC
 * LIMIT n` fast only when one index hands it rows in that order with the filter's equality column
 * in front. A filter is therefore split into disjoint BRANCHES, each served by one index pinned
 * with INDEXED BY (a plan that cannot silently degrade to a scan), and pages merge the branches:
 *   - failure code: `result_code = c` and `carrier_code = c AND result_code <> c` (both failures);
 *   - a few apps: one branch per app id;
 *   - otherwise one branch on the time index, which carries operator, capability and success.
 * The remaining filter terms are checked row by row inside the branch's (bounded) time window.
 */
import { CAPABILITY_KEY, OPERATOR_KEY, RAW_FIELD_SQL, recordIdSql, recordJoins, decodedColumns, traceIdSql } from '../store/record-codec';
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

/** App ids as their dictionary keys (an id never seen has none, and matches nothing). */
function appKeys(ids: readonly string[]): SqlPart {
  return { sql: `app IN (SELECT app FROM record_apps WHERE id IN (${ids.map(() => '?').join(', ')}))`, params: [...ids] };
}
const CODE_KEY = '(SELECT code FROM record_codes WHERE text = ?)';

/** The branches of a filter; their row sets are disjoint and together are the filter's matches. */
export function branchesOf(f: ResolvedFilter): { branches: Branch[]; common: SqlPart } {
  const common: SqlPart[] = [];
  if (f.operator !== null) common.push({ sql: 'operator = ?', params: [OPERATOR_KEY[f.operator]] });
  if (f.capability !== null) common.push({ sql: 'capability = ?', params: [CAPABILITY_KEY[f.capability]] });

  if (f.code !== null) {
    // `success = 0` is written as a literal so the partial code indexes qualify.
    if (f.ids !== null) common.push(appKeys(f.ids));
    return {
      common: and(common),
      branches: [
        { index: 'auth_record_rows_code', where: { sql: `result_code = ${CODE_KEY} AND success = 0`, params: [f.code] } },
        {
          index: 'auth_record_rows_carrier',
          where: { sql: `carrier_code = ${CODE_KEY} AND success = 0 AND result_code <> ${CODE_KEY}`, params: [f.code, f.code] },
        },
      ],
    };
  }
  if (f.success !== null) common.push({ sql: 'success = ?', params: [f.success] });
  if (f.ids !== null && f.ids.length <= MAX_APP_BRANCHES) {
    // One key per app id (record_apps.id is unique): an equality, so the index hands rows in time order.
    return {
      common: and(common),
      branches: f.ids.map((id) => ({ index: 'auth_record_rows_app', where: { sql: 'app = (SELECT app FROM record_apps WHERE id = ?)', params: [id] } })),
    };
  }
  if (f.ids !== null) common.push(appKeys(f.ids));
  return { common: and(common), branches: [{ index: 'auth_record_rows_time', where: { sql: '', params: [] } }] };
}

export interface TimeBounds {
  /** request_ms >= lo */
  lo: number | null;
  /** request_ms < hi */
  hi: number | null;
  /** (request_ms, seq) < (ms, seq): the keyset cursor, newest first. */
  before: { ms: number; seq: number } | null;
  /** (request_ms, seq) > (ms, seq): the keyset cursor, oldest first. */
  after?: { ms: number; seq: number } | null;
}

/** The order of a page on (request_ms, seq): both run on the same indexes, forwards or backwards. */
export type RecordOrder = 'asc' | 'desc';

export function timeTerms(t: TimeBounds): SqlPart {
  const parts: SqlPart[] = [];
  if (t.lo !== null) parts.push({ sql: 'request_ms >= ?', params: [t.lo] });
  if (t.hi !== null) parts.push({ sql: 'request_ms < ?', params: [t.hi] });
  if (t.before !== null) parts.push({ sql: '(request_ms, seq) < (?, ?)', params: [t.before.ms, t.before.seq] });
  if (t.after) parts.push({ sql: '(request_ms, seq) > (?, ?)', params: [t.after.ms, t.after.seq] });
  return and(parts);
}

/**
 * One keyset page over the branches, newest first (or oldest first: every branch index has
 * request_ms right after its equality columns, so it is read backwards or forwards alike), at
 * most `limit` rows, in RECORD_COLUMNS. The branches find (seq, request_ms) on their indexes;
 * only the page's rows are then decoded.
 */
export function pageSql(f: ResolvedFilter, t: TimeBounds, limit: number, order: RecordOrder = 'desc'): SqlPart {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const found = foundSql(f, t, limit, dir);
  return {
    sql: `SELECT ${decodedColumns('r')} FROM (${found.sql}) p CROSS JOIN auth_record_rows r ON r.seq = p.pseq ${recordJoins('r')} ORDER BY p.pms ${dir}, p.pseq ${dir}`,
    params: found.params,
  };
}

/**
 * The compact row's columns as an export reads them (COMPACT_ROW_COLUMNS order): dictionary keys,
 * small-integer codes, phone and IP as stored — decoded in memory by the reader — and the two ids
 * that are blobs decoded here (hex is cheaper in SQLite than a Buffer per value in JavaScript).
 */
export const COMPACT_ROW_COLUMNS = (r = 'r'): string =>
  [
    `${r}.seq`,
    `${r}.request_ms`,
    `${r}.app`,
    `${r}.operator`,
    `${r}.capability`,
    `${r}.success`,
    `${r}.outcome`,
    `${r}.result_code`,
    `${r}.carrier_code`,
    `${r}.description`,
    `${r}.app_id`,
    recordIdSql(r),
    `${r}.masked_phone`,
    `${r}.auth_type`,
    `${r}.client_ip`,
    traceIdSql(r),
  ].join(', ');

/** The same page as pageSql, in the compact row's columns (no dictionary joins: the reader holds the dictionaries). */
export function compactPageSql(f: ResolvedFilter, t: TimeBounds, limit: number): SqlPart {
  const { branches, common } = branchesOf(f);
  if (branches.length === 1) {
    // One index hands the rows in order: read them straight off it.
    const where = and([branches[0]!.where, common, timeTerms(t)]);
    return {
      sql: `SELECT ${COMPACT_ROW_COLUMNS('r')} FROM auth_record_rows r INDEXED BY ${branches[0]!.index}${where.sql ? ` WHERE ${where.sql}` : ''} ORDER BY request_ms DESC, seq DESC LIMIT ?`,
      params: [...where.params, limit],
    };
  }
  const found = foundSql(f, t, limit, 'DESC');
  return {
    sql: `SELECT ${COMPACT_ROW_COLUMNS('r')} FROM (${found.sql}) p CROSS JOIN auth_record_rows r ON r.seq = p.pseq ORDER BY p.pms DESC, p.pseq DESC`,
    params: found.params,
  };
}

/**
 * The first and last request time stored in [?, ?) (two seeks on the time index): the span a
 * parallel export cuts into time slices. Params: [lo, hi]; NULLs when no record is there.
 */
export const TIME_SPAN_SQL = 'SELECT MIN(request_ms), MAX(request_ms) FROM auth_record_rows WHERE request_ms >= ? AND request_ms < ?';

/** (seq, request_ms) of one keyset page over the branches, in `dir` order of time. */
function foundSql(f: ResolvedFilter, t: TimeBounds, limit: number, dir: 'ASC' | 'DESC'): SqlPart {
  const { branches, common } = branchesOf(f);
  const time = timeTerms(t);
  const arms = branches.map((b) => {
    const where = and([b.where, common, time]);
    return {
      sql: `SELECT seq AS pseq, request_ms AS pms FROM auth_record_rows INDEXED BY ${b.index}${where.sql ? ` WHERE ${where.sql}` : ''} ORDER BY request_ms ${dir}, seq ${dir} LIMIT ?`,
      params: [...where.params, limit],
    };
  });
  return arms.length === 1
    ? arms[0]!
    : {
        sql: `${arms.map((a) => `SELECT * FROM (${a.sql})`).join(' UNION ALL ')} ORDER BY pms ${dir}, pseq ${dir} LIMIT ?`,
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
  const measures = callsOnly ? ['0 AS success', '0 AS billable'] : ['success', `${RAW_FIELD_SQL.billable} AS billable`];
  const arms = branches.map((b) => {
    const where = and([b.where, common, time]);
    return {
      sql: `SELECT ${[...sel, ...measures].join(', ')} FROM auth_record_rows INDEXED BY ${b.index}${where.sql ? ` WHERE ${where.sql}` : ''}`,
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
