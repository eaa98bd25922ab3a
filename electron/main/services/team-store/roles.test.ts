/**
 * Roles map onto database roles, set up the way the README tells a team's DBA to: a writer login
 * that owns the database (and runs the migrations), finance and auditor logins in the read-only
 * roles. Each forbidden change is tried for real and must be refused by the server.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock';
import { fakePlatform } from '../sync/testing/fake-platform';
import { storeConnection } from './connection';
import { PgStore } from './pg-store';
import { runStoreSync } from './store-sync';
import { startPgCluster, type PgCluster } from './testing/pg-cluster';

const NOW = Date.parse('2026-11-20T04:00:00Z');
let cluster: PgCluster;

async function sql(url: string, password: string | undefined, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client(storeConnection(url, { env: password ? { PGPASSWORD: password } : {} }).config);
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  cluster = startPgCluster();
  // The DBA's one-time setup (README "A team store on PostgreSQL").
  for (const stmt of [
    'CREATE ROLE onetap_reader NOLOGIN',
    'CREATE ROLE onetap_auditor NOLOGIN IN ROLE onetap_reader',
    "CREATE ROLE team_writer LOGIN PASSWORD 'writer-pw'",
    "CREATE ROLE finance_li LOGIN PASSWORD 'finance-pw' IN ROLE onetap_reader",
    "CREATE ROLE auditor_wang LOGIN PASSWORD 'auditor-pw' IN ROLE onetap_auditor",
    'CREATE DATABASE team OWNER team_writer',
  ])
    await sql(cluster.url(), undefined, stmt);
}, 60_000);
afterAll(() => cluster.stop());

describe('database roles of the team store', () => {
  it('the writer migrates and syncs; a read-only login reads but cannot change stored data', { timeout: 60_000 }, async () => {
    const writer = await PgStore.open({
      config: storeConnection(cluster.url('team', 'team_writer'), { env: { PGPASSWORD: 'writer-pw' } }).config,
      migrate: true,
    });
    const platform = fakePlatform({ now: NOW, records: 300, days: 20 });
    try {
      expect((await runStoreSync({ store: writer, client: platform, clock: manualClock(NOW) })).ok).toBe(true);
    } finally {
      await writer.close();
    }

    const financeUrl = cluster.url('team', 'finance_li');
    // Reading works, through the product's own store.
    const reader = await PgStore.open({ config: storeConnection(financeUrl, { env: { PGPASSWORD: 'finance-pw' } }).config, migrate: false });
    try {
      expect((await reader.searchRecords({ limit: 5 })).total).toBe(300);
      // A reader that tries to sync is stopped by the server at its first write.
      const lease = await reader.acquireWriter(['records']);
      await expect(reader.commitRecordsPage(platform.records.slice(0, 1), 1)).rejects.toThrow(/permission denied/);
      await lease.release();
    } finally {
      await reader.close();
    }
    const attempts = [
      "UPDATE sync_state SET cursor = '0' WHERE resource = 'records'",
      'DELETE FROM auth_records',
      'TRUNCATE rollup_daily',
      "INSERT INTO apps (id, name, platform, status, version, created_at, updated_at, data) VALUES ('x', 'x', 'h5', 'approved', 1, 0, 0, '{}')",
      'UPDATE rollup_daily SET calls = calls + 1',
      'ALTER TABLE auth_records DETACH PARTITION auth_records_2026_11',
      'CREATE TABLE mine (x int)',
      'DROP TABLE dict_texts',
      'INSERT INTO export_history (export_id, created_at, manifest, manifest_hash, prev_hash, file_path) VALUES ($$e$$, 0, $$m$$, $$h$$, $$p$$, $$f$$)',
    ];
    for (const stmt of attempts) {
      const err = await sql(financeUrl, 'finance-pw', stmt).catch((e: unknown) => e as { code?: string; message: string });
      expect(err, stmt).toMatchObject({ code: expect.stringMatching(/^42501$/) });
    }
    expect(Number((await sql(financeUrl, 'finance-pw', 'SELECT count(*) AS n FROM auth_records')).rows[0].n)).toBe(300);
    // A wrong password is refused: a login role is not trusted on the socket.
    await expect(sql(financeUrl, 'wrong', 'SELECT 1')).rejects.toThrow(/password authentication failed/);
  });

  it('export history is append-only for every role, the owner included', { timeout: 60_000 }, async () => {
    const auditorUrl = cluster.url('team', 'auditor_wang');
    const ins = 'INSERT INTO export_history (export_id, created_at, manifest, manifest_hash, prev_hash, file_path) VALUES ($1, 0, $2, $3, $4, $5)';
    await sql(auditorUrl, 'auditor-pw', ins, ['e1', '{}', 'h1', 'genesis', '/exports/e1.csv']);
    await sql(auditorUrl, 'auditor-pw', ins, ['e2', '{}', 'h2', 'h1', '/exports/e2.csv']);
    // The auditor may append history and read records, and change nothing else.
    await expect(sql(auditorUrl, 'auditor-pw', "UPDATE export_history SET file_path = 'x'")).rejects.toThrow(/permission denied/);
    await expect(sql(auditorUrl, 'auditor-pw', 'DELETE FROM auth_records')).rejects.toThrow(/permission denied/);
    // The owner holds every privilege: the triggers still refuse.
    const ownerUrl = cluster.url('team', 'team_writer');
    for (const stmt of [
      "UPDATE export_history SET manifest_hash = 'forged' WHERE export_id = 'e1'",
      "DELETE FROM export_history WHERE export_id = 'e2'",
      'TRUNCATE export_history',
    ]) {
      await expect(sql(ownerUrl, 'writer-pw', stmt), stmt).rejects.toThrow(/export_history is append-only/);
    }
    const rows = (await sql(ownerUrl, 'writer-pw', 'SELECT export_id, manifest_hash, prev_hash FROM export_history ORDER BY seq')).rows;
    expect(rows).toEqual([
      { export_id: 'e1', manifest_hash: 'h1', prev_hash: 'genesis' },
      { export_id: 'e2', manifest_hash: 'h2', prev_hash: 'h1' },
    ]);
  });
});
