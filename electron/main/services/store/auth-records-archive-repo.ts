/**
 * What month archives do to auth_records: read a time range in canonical form, put archived rows
 * back, and remove a range. Rollups are never touched here: they count every record the platform
 * sent, whether its raw row is in the store or in an archive.
 *
 * Reads go in keyset batches (never one open iterator), so an archive can yield to the event loop
 * between batches while other calls use the same connection.
 */
import type { Db } from '../db/open';
import { fromCanonicalTuple, type CanonicalRecord, type CanonicalTuple } from './content-digest';
import { COMPACT_COLUMNS, compactRow, recordDictionaries, type RecordFields } from './record-codec';

export interface AuthRecordsArchiveRepo {
  /** Records with request_ms in [start, end) after the (ms, seq) position, oldest first, at most `limit`. */
  batchAfter(start: number, end: number, after: { ms: number; seq: number } | null, limit: number): CanonicalRecord[];
  count(start: number, end: number): number;
  /** Puts archived records back (rows only); returns how many were not already present. Call inside a transaction. */
  restore(records: readonly CanonicalRecord[]): number;
  /** Removes up to `limit` records of [start, end); returns how many. */
  removeSome(start: number, end: number, limit: number): number;
}

const COLUMNS = `seq, record_id, id, app_id, capability, operator, request_ms, result_code, success, outcome, carrier_code,
  description, masked_phone, auth_type, client_ip, trace_id`;

export function authRecordsArchiveRepo(db: Db): AuthRecordsArchiveRepo {
  const first = db.prepare(`SELECT ${COLUMNS} FROM auth_records WHERE request_ms >= ? AND request_ms < ? ORDER BY request_ms, seq LIMIT ?`).raw();
  const next = db.prepare(`SELECT ${COLUMNS} FROM auth_records WHERE (request_ms, seq) > (?, ?) AND request_ms < ? ORDER BY request_ms, seq LIMIT ?`).raw();
  // Counts, inserts and deletes go to the compact table itself (the auth_records view decodes it for readers).
  const count = db.prepare('SELECT count(*) FROM auth_record_rows WHERE request_ms >= ? AND request_ms < ?').pluck();
  const ins = db.prepare(
    `INSERT INTO auth_record_rows (${COMPACT_COLUMNS.join(', ')}) VALUES (${COMPACT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT(seq) DO NOTHING`,
  );
  const remove = db.prepare(
    'DELETE FROM auth_record_rows WHERE seq IN (SELECT seq FROM auth_record_rows WHERE request_ms >= ? AND request_ms < ? ORDER BY request_ms LIMIT ?)',
  );
  return {
    batchAfter(start, end, after, limit) {
      const rows = (after === null ? first.all(start, end, limit) : next.all(after.ms, after.seq, end, limit)) as CanonicalTuple[];
      return rows.map(fromCanonicalTuple);
    },
    count: (start, end) => count.get(start, end) as number,
    restore(records) {
      // Fresh dictionaries per call: the caller's transaction owns the keys they create.
      const dict = recordDictionaries(db);
      let n = 0;
      for (const r of records) n += ins.run(...compactRow(r as RecordFields, dict)).changes;
      return n;
    },
    removeSome: (start, end, limit) => remove.run(start, end, limit).changes,
  };
}
