/**
 * The shared setup of the CLI's team-store tests (onetap sync --store, sync --daemon): a throwaway
 * PostgreSQL cluster (testing/pg-cluster.ts) with the console's reader and auditor roles, a
 * `team_writer` login (password `w-pw`) owning the database `team`, any extra logins a test needs,
 * a seeded emulator whose admin key is in ONETAP_ENDPOINT / ONETAP_ACCESS_KEY / ONETAP_SECRET_KEY,
 * and a temp folder; all stopped, restored and removed after the file's tests.
 *
 * Call it at the top of a test file; its fields are there once the file's beforeAll has run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type EmulatorOptions, type StartedEmulator } from '../../../emulator/index';
import { startPgCluster, type PgCluster } from '../../main/services/team-store/testing/pg-cluster';

export interface TeamStoreFixture {
  readonly emu: StartedEmulator;
  readonly cluster: PgCluster;
  /** A temp folder (data dirs, workspace files, password files). */
  readonly dir: string;
  /** The team store as its writer: database `team`, user `team_writer` (password WRITER_PASSWORD, never in the URL). */
  readonly url: string;
}

export const WRITER_PASSWORD = 'w-pw';

export interface TeamStoreFixtureOptions {
  emulator: Partial<EmulatorOptions>;
  /** Extra login roles, members of onetap_reader (e.g. a finance user who only reads). */
  readers?: { name: string; password: string }[];
}

export function teamStoreFixture(opts: TeamStoreFixtureOptions): TeamStoreFixture {
  let ready: { emu: StartedEmulator; cluster: PgCluster; dir: string; url: string } | null = null;
  const saved = { ...process.env };
  const get = <K extends keyof NonNullable<typeof ready>>(k: K): NonNullable<typeof ready>[K] => {
    if (!ready) throw new Error('teamStoreFixture: read before its beforeAll ran');
    return ready[k];
  };
  beforeAll(async () => {
    const cluster = startPgCluster();
    const emu = await startEmulator(opts.emulator);
    const dir = mkdtempSync(join(tmpdir(), 'onetap-team-store-'));
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    try {
      for (const stmt of [
        'CREATE ROLE onetap_reader NOLOGIN',
        'CREATE ROLE onetap_auditor NOLOGIN IN ROLE onetap_reader',
        `CREATE ROLE team_writer LOGIN PASSWORD '${WRITER_PASSWORD}'`,
        ...(opts.readers ?? []).map((r) => `CREATE ROLE ${r.name} LOGIN PASSWORD '${r.password}' IN ROLE onetap_reader`),
        'CREATE DATABASE team OWNER team_writer',
      ])
        await admin.query(stmt);
    } finally {
      await admin.end();
    }
    const k = emu.key('admin');
    Object.assign(process.env, { ONETAP_ENDPOINT: emu.url, ONETAP_ACCESS_KEY: k.accessKey, ONETAP_SECRET_KEY: k.secretKey });
    ready = { emu, cluster, dir, url: cluster.url('team', 'team_writer') };
  }, 60_000);
  afterAll(async () => {
    process.env = saved;
    if (!ready) return;
    await ready.emu.close();
    ready.cluster.stop();
    rmSync(ready.dir, { recursive: true, force: true });
  });
  return {
    get emu() {
      return get('emu');
    },
    get cluster() {
      return get('cluster');
    },
    get dir() {
      return get('dir');
    },
    get url() {
      return get('url');
    },
  };
}
