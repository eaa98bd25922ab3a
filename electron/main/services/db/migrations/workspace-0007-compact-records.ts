import type Database from 'better-sqlite3';
import type { Migration } from '../migrate';
import { COMPACT_COLUMNS, compactRow, decodedColumns, recordDictionaries, recordJoins, type RecordFields } from '../../store/record-codec';
import { fromCanonicalTuple, type CanonicalTuple } from '../../store/content-digest';

/**
 * The compact auth record (issue 13): ~300 bytes a record with its six indexes become ~110. See
 * store/record-codec.ts for each column's encoding. Records move to auth_record_rows, rewritten in
 * place through the same encoder the ingest uses; `auth_records` becomes a view with the old
 * columns, so every reader that only SELECTs keeps working (INSTEAD OF triggers let the few
 * maintenance statements that DELETE or shift request_ms through it do so).
 *
 * Indexes (measured with bench/records.bench.ts; figures in the issue 13 report). Each is keyed for the
 * filter it serves; trailing columns only where a measured query needed them, all small integers
 * (0 and 1 cost no body bytes):
 *   - time (request_ms, operator, capability, success): every filter without an app or a failure
 *     code pages in time order and counts the partial hours at a range's edges from the index alone.
 *   - app (app, request_ms, operator, capability, success): an app filter with operator / capability /
 *     result terms (a sliver of a small app's records) finds its page without reading rows.
 *   - failure code, carrier code (code, request_ms, app, operator, capability [, result_code]),
 *     failures only (a tenth of the records): a code filter with app or other terms counts partial
 *     days from the index alone (no hourly rollup has those terms together).
 * Operator and result no longer have indexes of their own: a third and a tenth of the records are
 * dense enough for the time index to find a page within a few hundred entries.
 */
export const TABLES = `
CREATE TABLE record_apps (
  app     INTEGER PRIMARY KEY,
  id      TEXT NOT NULL UNIQUE,
  app_id  TEXT NOT NULL           -- the appId its records carry (a record with another keeps its own)
);
CREATE TABLE record_codes (
  code  INTEGER PRIMARY KEY,
  text  TEXT NOT NULL UNIQUE      -- platform result codes and carrier codes alike
);
CREATE TABLE record_descriptions (
  description  INTEGER PRIMARY KEY,
  text         TEXT NOT NULL UNIQUE
);
-- Columns without a type keep each value's own type (see record-codec.ts).
CREATE TABLE auth_record_rows (
  seq           INTEGER PRIMARY KEY,
  request_ms    INTEGER NOT NULL,
  app           INTEGER NOT NULL,
  operator      INTEGER NOT NULL,
  capability    INTEGER NOT NULL,
  success       INTEGER NOT NULL,
  outcome       INTEGER,
  result_code   INTEGER NOT NULL,
  carrier_code  INTEGER,
  description   INTEGER NOT NULL,
  app_id,
  record_id     NOT NULL,
  masked_phone,
  auth_type,
  client_ip,
  trace_id      NOT NULL
);
`;

export const INDEXES = `
CREATE INDEX auth_record_rows_time ON auth_record_rows(request_ms, operator, capability, success);
CREATE INDEX auth_record_rows_app ON auth_record_rows(app, request_ms, operator, capability, success);
CREATE INDEX auth_record_rows_code ON auth_record_rows(result_code, request_ms, app, operator, capability) WHERE success = 0;
CREATE INDEX auth_record_rows_carrier ON auth_record_rows(carrier_code, request_ms, result_code, app, operator, capability) WHERE success = 0;
`;

export const VIEW = `
CREATE VIEW auth_records AS SELECT
  ${decodedColumns('r', 'own')}
FROM auth_record_rows r ${recordJoins('r', 'own')};

CREATE TRIGGER auth_records_delete INSTEAD OF DELETE ON auth_records
BEGIN DELETE FROM auth_record_rows WHERE seq = OLD.seq; END;
CREATE TRIGGER auth_records_update_time INSTEAD OF UPDATE OF request_ms ON auth_records
BEGIN UPDATE auth_record_rows SET request_ms = NEW.request_ms WHERE seq = OLD.seq; END;
`;

function up(db: Database.Database): void {
  db.exec(TABLES);
  const dict = recordDictionaries(db);
  const ins = db.prepare(`INSERT INTO auth_record_rows (${COMPACT_COLUMNS.join(', ')}) VALUES (${COMPACT_COLUMNS.map(() => '?').join(', ')})`);
  // Reading and writing different tables of one connection: iterate the old one in seq batches.
  const BATCH = 50_000;
  let after = -Infinity;
  const page = db
    .prepare(
      `SELECT seq, record_id, id, app_id, capability, operator, request_ms, result_code, success, outcome, carrier_code,
              description, masked_phone, auth_type, client_ip, trace_id FROM auth_records WHERE seq > ? ORDER BY seq LIMIT ${BATCH}`,
    )
    .raw();
  for (;;) {
    // The old table's columns in the canonical order (content-digest.ts); its enumerations are what the ingest wrote.
    const rows = page.all(after) as CanonicalTuple[];
    for (const r of rows) ins.run(...compactRow(fromCanonicalTuple(r) as RecordFields, dict));
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]![0];
  }
  db.exec('DROP TABLE auth_records');
  db.exec(INDEXES);
  db.exec(VIEW);
}

export const workspaceCompactRecords: Migration = { version: 7, name: 'compact-records', up };
