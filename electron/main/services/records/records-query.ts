/**
 * The records area's reads. Fixed statements are prepared once per connection; the SQL a filter
 * is turned into (record-sql.ts: branches, time windows, groups) differs per call, so those run
 * through `rows` / `rawStatement` with the text record-sql built.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import { preparedOnce } from '../db/prepared-once';
import type { AppRow } from './app-directory';
import type { RecordRow } from './record-item';
import { RECORD_COLUMNS, type SqlPart } from './record-sql';

export interface RecordsQuery {
  /** One stored record by seq. */
  bySeq(seq: number): RecordRow | undefined;
  /** Every app of the workspace (small: tens to hundreds). */
  apps(): AppRow[];
  /** The stored record with the greatest seq at or before `seq`. */
  seqAtOrBefore(seq: number): number | undefined;
  /** Rows of a statement record-sql built for a filter. */
  rows<T>(q: SqlPart): T[];
  /** The same, one row at a time (a page jump steps over rows it does not keep). */
  iterate<T>(q: SqlPart): IterableIterator<T>;
  /** A statement record-sql built, returning rows as arrays (the export's hot loop keeps and reuses it). */
  rawStatement(sql: string): Statement<unknown[]>;
}

const queryOf = preparedOnce(prepareRecordsQuery);

/** Prepared once per database (every records screen and export reads through it). */
export function recordsQuery(db: Db): RecordsQuery {
  return queryOf(db);
}

function prepareRecordsQuery(db: Db): RecordsQuery {
  const bySeq = db.prepare<[number], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM auth_records WHERE seq = ?`);
  // An Alibaba Cloud workspace has no apps table rows: its schemes (the rollups' ids) stand in for apps,
  // so every screen that names, picks or charts an app works the same for both providers.
  const apps = db.prepare<[], AppRow>(`SELECT id, app_id AS appId, name, platform, status FROM apps
    UNION ALL
    SELECT code, code, coalesce(name, app_name, code), CASE WHEN os_type = 'iOS' THEN 'ios' ELSE 'android' END,
      CASE WHEN deleted_at IS NULL THEN 'approved' ELSE 'deleted' END
    FROM provider_schemes WHERE code NOT IN (SELECT id FROM apps)`);
  const atOrBefore = db.prepare<[number], number>('SELECT seq FROM auth_records WHERE seq <= ? ORDER BY seq DESC LIMIT 1').pluck();
  return {
    bySeq: (seq) => bySeq.get(seq),
    apps: () => apps.all(),
    seqAtOrBefore: (seq) => atOrBefore.get(seq),
    rows: <T>(q: SqlPart) => db.prepare(q.sql).all(...q.params) as T[],
    iterate: <T>(q: SqlPart) => db.prepare(q.sql).iterate(...q.params) as IterableIterator<T>,
    rawStatement: (sql) => db.prepare<unknown[]>(sql).raw(true),
  };
}
