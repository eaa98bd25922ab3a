/**
 * `onetap export … --store postgresql://…`: the auditors' export from a team store, on a real
 * throwaway cluster set up the way the README tells a team's DBA to (a writer login owning the
 * database, a finance login in onetap_reader, an auditor login in onetap_auditor). The export's
 * file equals the export of the same records from the --db file it was migrated from; its row is
 * appended to the store's own history, continuing the chain the file started, and verifies; the
 * history refuses every change but an append for every role; a read-only role's export is refused
 * before anything is written.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceMigrations } from '../../main/services/db/migrations';
import { openDatabase } from '../../main/services/db/open';
import { genesisHash, manifestHash, parseManifest } from '../../main/services/export/manifest';
import { searchRecords } from '../../main/services/records/record-scanner';
import { loadFixture } from '../../main/services/records/testing/fixture';
import { storeConnection } from '../../main/services/team-store/connection';
import { PgStore } from '../../main/services/team-store/pg-store';
import { startPgCluster, type PgCluster } from '../../main/services/team-store/testing/pg-cluster';
import { onetap } from '../testing/run-in-process';

const PASSWORDS = { team_writer: 'writer-pw', finance_li: 'finance-pw', auditor_wang: 'auditor-pw' } as const;
type Login = keyof typeof PASSWORDS;

let cluster: PgCluster;
let dir: string;
let dbFile: string;
let cmccFailures: number;
let failedSeq: number;
let failedCode: string;
const saved = { ...process.env };

async function sql(login: Login | null, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const url = login ? cluster.url('team', login) : cluster.url();
  const c = new pg.Client(storeConnection(url, { env: login ? { PGPASSWORD: PASSWORDS[login] } : {} }).config);
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}

/** `onetap …` as `login` on the team store (its password in PGPASSWORD, as a member would give it). */
function asLogin(login: Login, ...args: string[]) {
  process.env.PGPASSWORD = PASSWORDS[login];
  return onetap(...args, '--store', cluster.url('team', login), ...(args[0] === 'store' ? [] : ['--data-dir', dir]));
}

async function historyRows(): Promise<{ seq: string; export_id: string; manifest: string; manifest_hash: string; prev_hash: string }[]> {
  return (await sql('team_writer', 'SELECT seq, export_id, manifest, manifest_hash, prev_hash FROM export_history ORDER BY seq')).rows;
}

beforeAll(async () => {
  cluster = startPgCluster();
  for (const stmt of [
    'CREATE ROLE onetap_reader NOLOGIN',
    'CREATE ROLE onetap_auditor NOLOGIN IN ROLE onetap_reader',
    "CREATE ROLE team_writer LOGIN PASSWORD 'writer-pw'",
    "CREATE ROLE finance_li LOGIN PASSWORD 'finance-pw' IN ROLE onetap_reader",
    "CREATE ROLE auditor_wang LOGIN PASSWORD 'auditor-pw' IN ROLE onetap_auditor",
    'CREATE DATABASE team OWNER team_writer',
  ])
    await sql(null, stmt);
  dir = mkdtempSync(join(tmpdir(), 'onetap-export-store-'));
  dbFile = join(dir, 'w.db');
  const db = openDatabase(dbFile, { migrations: workspaceMigrations });
  loadFixture(db);
  // Sync keeps every app version it stores beside the app (the fixture writes the apps alone); store migrate proves both.
  db.exec('INSERT INTO app_versions (id, version, seen_at, data) SELECT id, version, updated_at, data FROM apps');
  cmccFailures = searchRecords(db, { operator: 'CMCC', result: 'failure', limit: 1 }).total;
  const failed = searchRecords(db, { result: 'failure', limit: 1 }).items[0]!;
  failedSeq = failed.seq;
  failedCode = failed.resultCode;
  db.close();
  Object.assign(process.env, { ONETAP_ACCESS_KEY: 'AK-team-audit', ONETAP_SECRET_KEY: 'team-secret-0123456789' });
  for (const k of Object.keys(process.env)) if (k === 'ONETAP_ENDPOINT') delete process.env[k];
  // The file's first export, then the file copied into the team store (its history with it).
  const first = await onetap('export', 'records', '--db', dbFile, '--format', 'jsonl', '--out', join(dir, 'file-first.jsonl'), '--json', '--data-dir', dir);
  if (first.code !== 0) throw new Error(first.stderr);
  const migrated = await asLogin('team_writer', 'store', 'migrate', '--db', dbFile, '--json');
  if (migrated.code !== 0) throw new Error(migrated.stderr);
}, 120_000);
afterAll(() => {
  process.env = saved;
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('onetap export --store', () => {
  it("an auditor's export equals the file's, is appended to the store's chain and verifies", { timeout: 120_000 }, async () => {
    for (const format of ['csv', 'jsonl'] as const) {
      const fromFile = join(dir, `file-cmcc.${format}`);
      const fromStore = join(dir, `store-cmcc.${format}`);
      const filter = ['--operator', 'CMCC', '--result', 'failure', '--format', format];
      const f = await onetap('export', 'records', '--db', dbFile, ...filter, '--out', fromFile, '--json', '--data-dir', dir);
      expect(f.code, f.stderr).toBe(0);
      const s = await asLogin('auditor_wang', 'export', 'records', ...filter, '--out', fromStore, '--json');
      expect(s.code, s.stderr).toBe(0);
      expect(JSON.parse(s.stdout)).toMatchObject({ rows: cmccFailures });
      expect(cmccFailures).toBeGreaterThan(0);
      // The same records, the same bytes (CSV: the file's compact path; the store's through RecordItems).
      expect(readFileSync(fromStore)).toEqual(readFileSync(fromFile));
    }

    const rows = await historyRows();
    // Row 1 is the file's own export, copied by store migrate; the store's exports continue it.
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    const manifests = rows.map((r) => {
      const m = parseManifest(r.manifest);
      if (!m.ok) throw new Error(m.error);
      return m.manifest;
    });
    expect(manifests[0]!.prevHash).toBe(genesisHash(manifests[0]!.chainId));
    for (let i = 0; i < rows.length; i++) {
      expect(manifestHash(manifests[i]!)).toBe(rows[i]!.manifest_hash);
      if (i > 0) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.manifest_hash);
      expect(manifests[i]!.chainId).toBe(manifests[0]!.chainId);
    }
    expect(manifests[1]).toMatchObject({ seq: 2, rows: cmccFailures, accessKey: 'AK-team-audit', signature: { keySource: 'platform-secret' } });

    // Verified against the store's history: file, signature and chain.
    for (const file of ['store-cmcc.csv', 'store-cmcc.jsonl']) {
      const v = await asLogin('finance_li', 'export', 'verify', join(dir, file), '--json');
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(JSON.parse(v.stdout)).toEqual({ ok: true, problems: [] });
    }
  });

  it("a read-only role's export is refused before anything is written", { timeout: 60_000 }, async () => {
    const before = await historyRows();
    const out = join(dir, 'finance.csv');
    const r = await asLogin('finance_li', 'export', 'records', '--format', 'csv', '--out', out);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/may not append to the team store's export history .*onetap_auditor; nothing was written/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.part'))).toEqual([]);
    expect(await historyRows()).toEqual(before);
  });

  it('a reused export id is refused by the store', { timeout: 60_000 }, async () => {
    const id = JSON.parse(readFileSync(join(dir, 'store-cmcc.csv.manifest.json'), 'utf8')).exportId as string;
    const r = await asLogin('auditor_wang', 'export', 'records', '--format', 'csv', '--out', join(dir, 'again.csv'), '--export-id', id);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`an export with id ${id} already exists`));
    expect(existsSync(join(dir, 'again.csv'))).toBe(false);
  });

  it('the history refuses every change but an append, for every role; read-only roles change no data', { timeout: 60_000 }, async () => {
    const before = await historyRows();
    for (const login of ['finance_li', 'auditor_wang', 'team_writer'] as const) {
      for (const stmt of [
        "UPDATE export_history SET file_path = '/elsewhere' WHERE seq = 2",
        'DELETE FROM export_history WHERE seq = 3',
        'TRUNCATE export_history',
        "UPDATE export_chain SET chain_id = 'forged'",
        'DELETE FROM export_chain',
      ]) {
        const err = await sql(login, stmt).then(
          () => null,
          (e: unknown) => e as { code?: string; message: string },
        );
        // Roles without the privilege are stopped by it; the owner, who holds every privilege, by the triggers.
        expect(err, `${login}: ${stmt}`).toMatchObject({ code: '42501' });
      }
    }
    for (const login of ['finance_li', 'auditor_wang'] as const) {
      for (const stmt of ['DELETE FROM auth_records', 'UPDATE rollup_daily SET calls = calls + 1', "UPDATE sync_state SET cursor = '0'", 'DELETE FROM apps']) {
        await expect(sql(login, stmt), `${login}: ${stmt}`).rejects.toMatchObject({ code: '42501' });
      }
    }
    expect(await historyRows()).toEqual(before);
  });
});

describe('the other commands on --store', () => {
  it('triage reads the team store as it reads the file (a code, and a failed record read in PostgreSQL)', { timeout: 120_000 }, async () => {
    for (const args of [[failedCode], ['--record', String(failedSeq)]]) {
      const common = ['triage', ...args, '--to', '2026-11-15T12:00:00+08:00', '--days', '7', '--json'];
      const f = await onetap(...common, '--db', dbFile, '--data-dir', dir);
      expect(f.code, f.stderr).toBe(0);
      const s = await asLogin('finance_li', ...common);
      expect(s.code, s.stderr).toBe(0);
      expect(JSON.parse(s.stdout)).toEqual(JSON.parse(f.stdout));
    }
    const none = await asLogin('finance_li', 'triage', '--record', '999999999', '--json');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/no auth record with seq 999999999/);
  });

  it("alerts check on the team store finds the file's open alerts", { timeout: 120_000 }, async () => {
    const f = await onetap('alerts', 'check', '--db', dbFile, '--json', '--data-dir', dir);
    expect([0, 1]).toContain(f.code);
    const s = await asLogin('finance_li', 'alerts', 'check', '--json');
    expect(s.code, s.stderr).toBe(f.code);
    // An episode opened by this evaluation starts now: each run's own instant.
    const open = (stdout: string) => (JSON.parse(stdout) as { open: { since: string }[] }).open.map(({ since: _since, ...rest }) => rest);
    expect(open(s.stdout)).toEqual(open(f.stdout));
    expect(open(f.stdout).length).toBeGreaterThan(0);
  });

  it(
    'archive retention and apply, backup, alerts list and serve refuse --store, saying why and what to use, and change nothing',
    { timeout: 120_000 },
    async () => {
      const partitions = async () => (await sql('team_writer', "SELECT relname FROM pg_class WHERE relname LIKE 'auth_records_%' ORDER BY 1")).rows;
      const before = { partitions: await partitions(), files: readdirSync(dir).sort(), history: await historyRows() };
      const cases: [string[], RegExp][] = [
        // (archive list/create/import/verify run on a team store: archive-store.test.ts)
        [
          ['archive', 'retention', '--raw-months', '2'],
          /--store: a team store has no retention window: its writer archives a month with onetap archive create MONTH --drop/,
        ],
        [['archive', 'apply'], /--store: a team store has no retention window/],
        [['backup', 'create', '--out', join(dir, 'b.sqlite')], /--store: backup copies a local SQLite store; .*pg_dump/],
        [['alerts', 'list'], /--store: a team store keeps no alert history .*alerts check --store/],
        [['serve', '--api-only'], /--store: the browser console does not open a team store yet/],
      ];
      for (const [args, message] of cases) {
        const r = await asLogin('team_writer', ...args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr, args.join(' ')).toMatch(message);
        expect(r.stderr).toMatch(/nothing was changed/);
      }
      expect({ partitions: await partitions(), files: readdirSync(dir).sort(), history: await historyRows() }).toEqual(before);
    },
  );
});

describe("appends to the team store's export history", () => {
  // Last in this file: the rows appended here are links only (no manifests to verify).
  it('concurrent appenders from several consoles keep one linear chain', { timeout: 60_000 }, async () => {
    const open = () =>
      PgStore.open({ config: storeConnection(cluster.url('team', 'auditor_wang'), { env: { PGPASSWORD: PASSWORDS.auditor_wang } }).config, migrate: false });
    const stores = await Promise.all([open(), open(), open()]);
    const start = (await historyRows()).length;
    try {
      await Promise.all(
        stores.flatMap((store, s) =>
          Array.from({ length: 4 }, (_, i) =>
            store.appendExport(
              (seq, prevHash) => ({
                seq,
                export_id: `concurrent_${s}_${i}`,
                created_at: Date.now(),
                manifest: '{}',
                manifest_hash: createHash('sha256').update(`${s}/${i}`).digest('hex'),
                prev_hash: prevHash ?? 'genesis',
                file_path: `/exports/${s}-${i}`,
              }),
              () => undefined,
            ),
          ),
        ),
      );
      const rows = await historyRows();
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: start + 12 }, (_, i) => i + 1));
      for (let i = start; i < rows.length; i++) expect(rows[i]!.prev_hash, `row ${i + 1}`).toBe(rows[i - 1]!.manifest_hash);
      // The same export id again: refused as such, nothing appended.
      await expect(
        stores[0]!.appendExport(
          (seq, prevHash) => ({
            seq,
            export_id: 'concurrent_0_0',
            created_at: 0,
            manifest: '{}',
            manifest_hash: 'x',
            prev_hash: prevHash ?? '',
            file_path: '/x',
          }),
          () => undefined,
        ),
      ).rejects.toThrow(/an export with that id already exists/);
      expect((await historyRows()).length).toBe(start + 12);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
