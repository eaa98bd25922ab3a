/**
 * The two engines of the store test suite: a fresh SQLite workspace file and a fresh database on a
 * throwaway PostgreSQL cluster (one cluster per test file, one database per store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { memorySecretStore } from '../../core/secrets';
import { workspaceMigrations } from '../../db/migrations';
import { openDatabase } from '../../db/open';
import { PgStore } from '../pg-store';
import { sqliteStore } from '../sqlite-store';
import type { StoreEngine, SyncStore } from '../store';
import { startPgCluster, type PgCluster } from './pg-cluster';

export interface EngineHarness {
  /** A new, empty, migrated store. */
  fresh(): Promise<SyncStore>;
  /** Superuser SQL on the database of the last PostgreSQL store (setup and inspection). */
  admin(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  cluster: PgCluster | null;
  lastDatabase: string | null;
  stop(): Promise<void>;
}

let dbCount = 0;

export function engineHarness(engine: StoreEngine): EngineHarness {
  const stores: SyncStore[] = [];
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'onetap-store-'));
    return {
      cluster: null,
      lastDatabase: null,
      async fresh() {
        const db = openDatabase(join(dir, `w${++dbCount}.db`), { migrations: workspaceMigrations });
        const s = sqliteStore(db, memorySecretStore());
        stores.push(s);
        return s;
      },
      admin: () => Promise.reject(new Error('no PostgreSQL in the SQLite harness')),
      async stop() {
        for (const s of stores) await s.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const cluster = startPgCluster();
  const h: EngineHarness = {
    cluster,
    lastDatabase: null,
    async fresh() {
      const name = `store_${++dbCount}`;
      const c = new pg.Client({ connectionString: cluster.url() });
      await c.connect();
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      h.lastDatabase = name;
      const s = await PgStore.open({ config: { connectionString: cluster.url(name) }, migrate: true });
      stores.push(s);
      return s;
    },
    async admin(sql, params = []) {
      const c = new pg.Client({ connectionString: cluster.url(h.lastDatabase ?? 'postgres') });
      await c.connect();
      try {
        return await c.query(sql, params);
      } finally {
        await c.end();
      }
    },
    async stop() {
      for (const s of stores) await s.close().catch(() => undefined);
      cluster.stop();
    },
  };
  return h;
}
