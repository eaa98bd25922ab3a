/**
 * `onetap store migrate`: a SQLite workspace synced from the emulator (with an export in its
 * history) copied into a throwaway PostgreSQL cluster; the copy proves itself (counts and content
 * digests), answers the reading commands exactly as the file does, refuses a second source, and a
 * copy cancelled half way resumes to the same digest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../emulator/index';
import { systemClock } from '../../main/services/core/clock';
import { storedRecordsDigest } from '../../main/services/store/content-digest';
import { PgStore } from '../../main/services/team-store/pg-store';
import { migrateWorkspaceToStore } from '../../main/services/team-store/store-migration';
import { startPgCluster, type PgCluster } from '../../main/services/team-store/testing/pg-cluster';
import { openWorkspaceDatabase } from '../../main/services/workspaces/open-workspace-db';
import { onetap } from '../testing/run-in-process';
import { withoutWaitedTime } from '../testing/waited-time';

let emu: StartedEmulator;
let cluster: PgCluster;
let dir: string;
let file: string;
const saved = { ...process.env };

async function createDb(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return cluster.url(name);
}

beforeAll(async () => {
  cluster = startPgCluster();
  emu = await startEmulator({ seed: 11, days: 5, daily: 300 });
  dir = mkdtempSync(join(tmpdir(), 'onetap-store-migrate-'));
  const k = emu.key('admin');
  Object.assign(process.env, { ONETAP_ENDPOINT: emu.url, ONETAP_ACCESS_KEY: k.accessKey, ONETAP_SECRET_KEY: k.secretKey });
  file = join(dir, 'w.db');
  const synced = await onetap('sync', '--db', file, '--json', '--data-dir', dir);
  if (synced.code !== 0) throw new Error(synced.stderr);
  const exported = await onetap(
    'export',
    'records',
    '--db',
    file,
    '--format',
    'jsonl',
    '--out',
    join(dir, 'e1.jsonl'),
    '--operator',
    'CMCC',
    '--json',
    '--data-dir',
    dir,
  );
  if (exported.code !== 0) throw new Error(exported.stderr);
}, 120_000);
afterAll(async () => {
  process.env = saved;
  await emu.close();
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('onetap store migrate', () => {
  it('copies a workspace, proves it, answers like the file, and refuses a second copy', { timeout: 180_000 }, async () => {
    const url = await createDb('team');
    const r = await onetap('store', 'migrate', '--db', file, '--store', url, '--page', '200', '--json');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { records: { count: number; sha256: string }; exportHistory: number; apps: number; resumed: boolean };
    const db = openWorkspaceDatabase(file);
    const want = storedRecordsDigest(db);
    db.close();
    expect(result.records).toEqual(want);
    expect(want.count).toBe(emu.head());
    expect(result.exportHistory).toBe(1);
    expect(result.resumed).toBe(false);
    expect(r.stderr).toMatch(/records\s+\d+\/\d+/);

    // The copy answers the reading commands exactly as the file.
    const month = (
      JSON.parse((await onetap('records', 'search', '--db', file, '--limit', '1', '--json')).stdout) as { items: { requestTime: string }[] }
    ).items[0]!.requestTime.slice(0, 7);
    for (const args of [
      ['records', 'search', '--limit', '30'],
      ['records', 'search', '--result', 'failure', '--limit', '30'],
      ['bill', 'month', month],
      ['reconcile', month],
      ['apps', 'list', '--deleted'],
    ]) {
      const a = await onetap(...args, '--store', url, '--json', '--data-dir', dir);
      const b = await onetap(...args, '--db', file, '--json', '--data-dir', dir);
      expect(a.code, `${args.join(' ')}: ${a.stderr}`).toBe(0);
      const timeless = (x: Record<string, unknown>): Record<string, unknown> =>
        Object.fromEntries(Object.entries(withoutWaitedTime(x)).filter(([k]) => !/^(now|generatedAt|forecast)$/.test(k)));
      expect(timeless(JSON.parse(a.stdout) as Record<string, unknown>), args.join(' ')).toEqual(timeless(JSON.parse(b.stdout) as Record<string, unknown>));
    }

    const again = await onetap('store', 'migrate', '--db', file, '--store', url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/was already copied into this team store/);
    const other = join(dir, 'other.db');
    openWorkspaceDatabase(other).close();
    const refused = await onetap('store', 'migrate', '--db', other, '--store', url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the team store already holds data \(copied from .*w\.db\): a workspace is copied into an empty store only/);
  });

  it('a copy cancelled half way resumes to the same digest', { timeout: 120_000 }, async () => {
    const url = await createDb('resumed');
    const db = openWorkspaceDatabase(file);
    try {
      const store = await PgStore.open({ config: { connectionString: url }, migrate: true });
      try {
        const ac = new AbortController();
        await expect(
          migrateWorkspaceToStore({
            db,
            source: file,
            store,
            clock: systemClock,
            signal: ac.signal,
            pageSize: 100,
            onProgress: (p) => {
              if (p.phase === 'records' && p.done >= 300) ac.abort();
            },
          }),
        ).rejects.toThrow(/cancelled: the copy so far is kept/);
        const part = await store.countRecords();
        expect(part).toBe(300);
        const resumed = await migrateWorkspaceToStore({ db, source: file, store, clock: systemClock, pageSize: 100 });
        expect(resumed.resumed).toBe(true);
        expect(resumed.records).toEqual(storedRecordsDigest(db));
        expect(await store.countRecords()).toBe(emu.head());
      } finally {
        await store.close();
      }
    } finally {
      db.close();
    }
  });
});
