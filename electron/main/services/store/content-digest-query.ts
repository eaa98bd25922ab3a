/**
 * The rows content-digest.ts hashes: stored records field by field in seq order, and whole
 * tables in key order. Both stream (fine for millions of rows).
 */
import type { Db } from '../db/open';
import type { CanonicalRecord } from './content-digest';

/** A stored record in the digest's field names, `success` as SQLite's 0/1. */
export type StoredRecordFields = Omit<CanonicalRecord, 'success'> & { success: number };

export interface ContentDigestQuery {
  records(from: number, to: number): IterableIterator<StoredRecordFields>;
  /** Every row of a table as an array, ordered by its first three columns. */
  tableRows(table: string): IterableIterator<unknown[]>;
}

export function contentDigestQuery(db: Db): ContentDigestQuery {
  const records = db.prepare<
    [number, number],
    StoredRecordFields
  >(`SELECT seq, record_id AS recordId, id, app_id AS appId, capability, operator, request_ms AS requestMs,
    result_code AS resultCode, success, outcome, carrier_code AS carrierCode, description, masked_phone AS maskedPhone,
    auth_type AS authType, client_ip AS clientIp, trace_id AS traceId FROM auth_records WHERE seq BETWEEN ? AND ? ORDER BY seq`);
  return {
    records: (from, to) => records.iterate(from, to),
    tableRows(table) {
      if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
      return db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).raw().iterate() as IterableIterator<unknown[]>;
    },
  };
}
