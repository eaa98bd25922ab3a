/**
 * workspace-0004 on an existing store: records and the old rollups unchanged (content hashes
 * before and after), the new rollups equal to what the ingest path builds for the same records.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../db/migrate';
import { workspaceMigrations } from '../db/migrations';
import { loadFixture } from '../records/testing/fixture';
import { openTestWorkspaceDb } from '../testing/context';

const dir = mkdtempSync(join(tmpdir(), 'onetap-grains-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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

const kept = ['auth_records', 'rollup_daily', 'rollup_hourly', 'rollup_failures'] as const;
const added = ['rollup_codes_hourly', 'rollup_codes_daily', 'rollup_billable_daily'] as const;

describe('workspace-0004 rollup grains', () => {
  it('migrates a version-3 store in place: every record and rollup kept, the new rollups as ingest builds them', () => {
    // The reference: the fixture ingested at the latest schema.
    const fresh = openTestWorkspaceDb(join(dir, 'fresh.db'));
    loadFixture(fresh);
    fresh.close();

    const file = join(dir, 'old.db');
    const old = new Database(file);
    migrate(old, workspaceMigrations.slice(0, 3));
    expect(schemaVersion(old)).toBe(3);
    old.exec(`ATTACH '${join(dir, 'fresh.db')}' AS src`);
    for (const t of kept) old.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`);
    old.exec('DETACH src');
    const before = Object.fromEntries(kept.map((t) => [t, tableHash(old, t)]));
    expect(before.auth_records!.rows).toBe(3000);
    expect(before.rollup_failures!.rows).toBeGreaterThan(0);

    migrate(old, workspaceMigrations);
    expect(schemaVersion(old)).toBe(workspaceMigrations.length);
    for (const t of kept) expect({ t, ...tableHash(old, t) }).toEqual({ t, ...before[t] });

    const ref = new Database(join(dir, 'fresh.db'), { readonly: true });
    for (const t of added) {
      const want = tableHash(ref, t);
      expect(want.rows).toBeGreaterThan(0);
      expect({ t, ...tableHash(old, t) }).toEqual({ t, ...want });
    }
    ref.close();

    // Independent check of the day sums against the records themselves.
    const byDay = old
      .prepare(`SELECT date((request_ms + 28800000) / 1000, 'unixepoch') AS d, COUNT(*), SUM(success), SUM(billable) FROM auth_records GROUP BY d ORDER BY d`)
      .raw()
      .all();
    expect(old.prepare('SELECT date, calls, successes, billable FROM rollup_billable_daily ORDER BY date').raw().all()).toEqual(byDay);
    const code = old.prepare(`SELECT COUNT(*) FROM auth_records WHERE success = 0 AND (result_code = '10105' OR carrier_code = '10105')`).pluck().get();
    expect(old.prepare(`SELECT SUM(failures) FROM rollup_codes_daily WHERE code = '10105'`).pluck().get()).toBe(code);
    expect(old.prepare(`SELECT SUM(failures) FROM rollup_codes_hourly WHERE code = '10105'`).pluck().get()).toBe(code);
    old.close();
  });
});
