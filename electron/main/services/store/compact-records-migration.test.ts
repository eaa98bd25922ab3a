/**
 * workspace-0007 (the compact record row) on an existing store: a store built at schema 6 and
 * filled with what the ingest writes, hashed in a canonical form that does not depend on the
 * schema (records as the platform sent them, rollups as rows), migrated in place, hashed again.
 * The records' hash is also checked against one computed from the platform records themselves,
 * with no SQL at all, and the records include every shape the codec must keep verbatim.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isBillable } from '../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { migrate, schemaVersion } from '../db/migrate';
import { workspaceMigrations } from '../db/migrations';
import { fixtureRecords, loadFixture } from '../records/testing/fixture';
import { openTestWorkspaceDb } from '../testing/context';
import { countRecords, searchRecords } from '../records/record-scanner';

const dir = mkdtempSync(join(tmpdir(), 'onetap-compact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (n: number, len: number): string =>
  (n >>> 0)
    .toString(16)
    .padStart(8, '0')
    .repeat(Math.ceil(len / 8))
    .slice(0, len);

/** Fixture records in the emulator's id shapes, plus the odd values a platform may send. */
function records(): PlatformAuthRecord[] {
  return fixtureRecords(3000, 77).map((r, i) => {
    const out = { ...r };
    if (i % 3 !== 0) {
      out.recordId = `rec_${hex(i * 2654435761, 8)}${r.seq.toString(36)}`;
      out.traceId = hex(i * 40503 + 7, 32);
    }
    switch (i % 17) {
      case 1:
        out.traceId = out.traceId.toUpperCase(); // not the lowercase hex the codec packs
        break;
      case 2:
        out.clientIp = '2001:db8::1';
        break;
      case 3:
        out.clientIp = '255.255.255.255';
        break;
      case 4:
        out.clientIp = '010.1.1.1'; // not canonical dotted decimal
        break;
      case 5:
        out.maskedPhone = '012****3456'; // a leading zero an integer would lose
        break;
      case 6:
        out.maskedPhone = null;
        out.clientIp = null;
        break;
      case 7:
        out.appId = `${r.appId}-reissued`; // another appId for the same app
        break;
      case 8:
        out.recordId = 'rec_0000000'; // one hex digit short
        out.traceId = 'abc'; // odd length
        break;
      case 9:
        out.clientIp = '0.0.0.0';
        out.maskedPhone = '999****9999';
        break;
    }
    return out;
  });
}

/** One line per record, as the platform sent it (billable as the platform rules say). */
function recordLine(r: {
  seq: number;
  recordId: string;
  id: string;
  appId: string;
  capability: string;
  operator: string;
  requestMs: number;
  resultCode: string;
  success: boolean;
  outcome: string | null;
  carrierCode: string | null;
  description: string;
  maskedPhone: string | null;
  authType: string | null;
  clientIp: string | null;
  traceId: string;
  billable: boolean;
}): string {
  return JSON.stringify([
    r.seq,
    r.recordId,
    r.id,
    r.appId,
    r.capability,
    r.operator,
    r.requestMs,
    r.resultCode,
    r.success,
    r.outcome,
    r.carrierCode,
    r.description,
    r.maskedPhone,
    r.authType,
    r.clientIp,
    r.traceId,
    r.billable,
  ]);
}

function platformHash(rs: readonly PlatformAuthRecord[]): string {
  const h = createHash('sha256');
  for (const r of [...rs].sort((a, b) => a.seq - b.seq)) {
    h.update(recordLine({ ...r, requestMs: Date.parse(r.requestTime), billable: isBillable(r.capability, r.success, r.outcome) }));
    h.update('\n');
  }
  return h.digest('hex');
}

interface StoredRow {
  seq: number;
  record_id: string;
  id: string;
  app_id: string;
  capability: string;
  operator: string;
  request_ms: number;
  result_code: string;
  success: number;
  outcome: string | null;
  carrier_code: string | null;
  description: string;
  masked_phone: string | null;
  auth_type: string | null;
  client_ip: string | null;
  trace_id: string;
  billable: number;
}

/** The same canonical lines read from a store, whatever its schema (auth_records as table or view). */
function storeHash(db: Database.Database): { records: number; sha256: string } {
  const h = createHash('sha256');
  let n = 0;
  for (const r of db.prepare('SELECT * FROM auth_records ORDER BY seq').iterate() as Iterable<StoredRow>) {
    h.update(
      recordLine({
        seq: r.seq,
        recordId: r.record_id,
        id: r.id,
        appId: r.app_id,
        capability: r.capability,
        operator: r.operator,
        requestMs: r.request_ms,
        resultCode: r.result_code,
        success: r.success === 1,
        outcome: r.outcome,
        carrierCode: r.carrier_code,
        description: r.description,
        maskedPhone: r.masked_phone,
        authType: r.auth_type,
        clientIp: r.client_ip,
        traceId: r.trace_id,
        billable: r.billable === 1,
      }),
    );
    h.update('\n');
    n++;
  }
  return { records: n, sha256: h.digest('hex') };
}

const rollups = ['rollup_daily', 'rollup_hourly', 'rollup_failures', 'rollup_codes_hourly', 'rollup_codes_daily', 'rollup_billable_daily'] as const;

function tableHash(db: Database.Database, table: string): { rows: number; sha256: string } {
  const n = db.prepare('SELECT COUNT(*) FROM pragma_table_info(?)').pluck().get(table) as number;
  const order = Array.from({ length: n }, (_, i) => i + 1).join(', ');
  const h = createHash('sha256');
  let rows = 0;
  for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).raw().iterate()) {
    h.update(JSON.stringify(row));
    h.update('\n');
    rows++;
  }
  return { rows, sha256: h.digest('hex') };
}

describe('workspace-0007 compact records', () => {
  it('migrates a version-6 store in place: every record and rollup kept, the records exactly as the platform sent them', () => {
    const input = records();
    const want = platformHash(input);

    // What the ingest writes (records and rollups), from the real writer at the current schema.
    const fresh = openTestWorkspaceDb(join(dir, 'fresh.db'));
    loadFixture(fresh, input);
    expect(storeHash(fresh)).toEqual({ records: 3000, sha256: want });
    fresh.close();

    // The same content in a store at schema 6 (auth_records a table with every column).
    const file = join(dir, 'old.db');
    const old = new Database(file);
    migrate(old, workspaceMigrations.slice(0, 6));
    expect(schemaVersion(old)).toBe(6);
    old.exec(`ATTACH '${join(dir, 'fresh.db')}' AS src`);
    old.exec('INSERT INTO main.auth_records SELECT * FROM src.auth_records');
    old.exec('INSERT INTO main.apps SELECT * FROM src.apps');
    for (const t of rollups) {
      old.exec(`DELETE FROM main.${t}`);
      old.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`);
    }
    old.exec('DETACH src');
    expect(old.prepare("SELECT type FROM sqlite_master WHERE name = 'auth_records'").pluck().get()).toBe('table');
    const before = { records: storeHash(old), ...Object.fromEntries(rollups.map((t) => [t, tableHash(old, t)])) };
    expect(before.records).toEqual({ records: 3000, sha256: want });

    const started = performance.now();
    migrate(old, workspaceMigrations);
    const ms = performance.now() - started;
    expect(schemaVersion(old)).toBe(workspaceMigrations.length);
    expect(old.prepare("SELECT type FROM sqlite_master WHERE name = 'auth_records'").pluck().get()).toBe('view');
    const after = { records: storeHash(old), ...Object.fromEntries(rollups.map((t) => [t, tableHash(old, t)])) };
    expect(after).toEqual(before);
    expect(old.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(ms).toBeGreaterThan(0);

    // The compact forms were used where the value allowed it, verbatim text elsewhere.
    const types = old
      .prepare('SELECT typeof(record_id) AS t, COUNT(*) AS n FROM auth_record_rows GROUP BY t ORDER BY t')
      .all()
      .map((r) => r as { t: string; n: number });
    expect(types.map((r) => r.t)).toEqual(['blob', 'text']);
    expect(old.prepare("SELECT COUNT(*) FROM auth_record_rows WHERE typeof(client_ip) = 'integer'").pluck().get()).toBeGreaterThan(1000);
    expect(old.prepare("SELECT COUNT(*) FROM auth_record_rows WHERE typeof(client_ip) = 'real'").pluck().get()).toBe(0);
    expect(old.prepare('SELECT COUNT(*) FROM auth_record_rows WHERE app_id IS NOT NULL').pluck().get()).toBeGreaterThan(0);
    old.close();

    // The migrated store answers searches like a store ingested at the new schema.
    const migrated = openTestWorkspaceDb(file);
    const ref = openTestWorkspaceDb(join(dir, 'fresh.db'));
    for (const f of [{}, { code: '10500' }, { app: 'app-beta', operator: 'CMCC' as const }, { result: 'failure' as const, from: '2026-11-01' }]) {
      expect(countRecords(migrated, f)).toBe(countRecords(ref, f));
      expect(searchRecords(migrated, { ...f, limit: 20 })).toEqual(searchRecords(ref, { ...f, limit: 20 }));
    }
    migrated.close();
    ref.close();
  });
});
