/**
 * The team store on PostgreSQL, beside the embedded SQLite store, on a throwaway cluster:
 *   - ingest rows/s through the product's store (pages of 5,000, records + rollups + cursor in one
 *     transaction each) vs a bare server-side COPY of the same rows into the same schema (the floor:
 *     no dictionaries, no rollups, no client round trips), and the SQLite store's ingest; beside
 *     them the store with every page sent through its INSERT … ON CONFLICT (its ingest before COPY);
 *   - search first page + total, p95 per filter, both engines side by side;
 *   - B-tree vs BRIN on request time (index size, first page and one-day count).
 * BENCH_PG_RECORDS records (default 10,000,000; `--quick` 60,000) over 60 days, 20 apps.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { capabilities, operators } from '../shared/platform/domain';
import type { PlatformAuthRecord } from '../shared/platform/schemas';
import { mulberry32 } from '../shared/random/mulberry32';
import { toShanghaiIso } from '../shared/time/shanghai';
import { memorySecretStore } from '../electron/main/services/core/secrets';
import { workspaceMigrations } from '../electron/main/services/db/migrations';
import { openDatabase } from '../electron/main/services/db/open';
import { PgStore } from '../electron/main/services/team-store/pg-store';
import { sqliteStore } from '../electron/main/services/team-store/sqlite-store';
import type { SyncStore } from '../electron/main/services/team-store/store';
import { startPgCluster } from '../electron/main/services/team-store/testing/pg-cluster';

const N = Number(process.env.BENCH_PG_RECORDS ?? (process.argv.includes('--quick') ? 60_000 : 10_000_000));
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PAGE = 5000;
const END = Date.parse('2026-11-15T00:00:00+08:00');
const SPAN = 60 * 86_400_000;

function* records(): Generator<PlatformAuthRecord[]> {
  const rnd = mulberry32(16);
  let page: PlatformAuthRecord[] = [];
  for (let seq = 1; seq <= N; seq++) {
    const ms = END - SPAN + Math.floor((seq / N) * SPAN) + Math.floor(rnd() * 1000);
    const capability = capabilities[rnd() < 0.7 ? 0 : 1]!;
    const success = rnd() > 0.12;
    const app = Math.floor(rnd() * 20);
    page.push({
      seq,
      recordId: `rec_${seq.toString(36)}`,
      id: `app-${app}`,
      appId: `30000${app}`,
      capability,
      operator: operators[Math.floor(rnd() * 3)]!,
      requestTime: toShanghaiIso(ms),
      resultCode: success ? 'PHONE_AUTH_SUCCESS' : `E${100 + Math.floor(rnd() * 30)}`,
      success,
      outcome: capability === 'verify' ? (success ? 'match' : null) : null,
      carrierCode: success ? null : `C${Math.floor(rnd() * 12)}`,
      description: success ? '成功' : '失败',
      maskedPhone: `13${Math.floor(rnd() * 10)}****${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`,
      authType: null,
      clientIp: '10.0.0.1',
      traceId: seq.toString(16).padStart(32, '0'),
    });
    if (page.length === PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}

async function ingest(store: SyncStore): Promise<number> {
  const lease = await store.acquireWriter(['records']);
  const t = performance.now();
  for (const page of records()) await store.commitRecordsPage(page, page[page.length - 1]!.seq);
  const s = (performance.now() - t) / 1000;
  await lease.release();
  return N / s;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return p95(times);
}

export async function run(): Promise<void> {
  const cluster = startPgCluster();
  const dir = mkdtempSync(join(tmpdir(), 'onetap-bench-pg-'));
  // The server (the postgres user when run as root) writes and reads the baseline's CSV here.
  chmodSync(dir, 0o777);
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE store');
    await admin.query('CREATE DATABASE bare');
    const pgStore = await PgStore.open({ config: { connectionString: cluster.url('store') }, migrate: true });
    const sqlite = sqliteStore(openDatabase(join(dir, 'bench.db'), { migrations: workspaceMigrations }), memorySecretStore());
    console.log(`${N.toLocaleString('en-US')} records, pages of ${PAGE}`);
    const pgRate = await ingest(pgStore);
    const liteRate = await ingest(sqlite);
    // The same pages through the insert that skips stored records (every page before COPY was taken), into a database of their own.
    await admin.query('CREATE DATABASE inserted');
    const insertStore = await PgStore.open({ config: { connectionString: cluster.url('inserted') }, migrate: true, copyPages: false });
    const insertRate = await ingest(insertStore);
    await insertStore.close();

    // The baseline: the same rows, already in the stored (compact) form, COPYed by the server from a file.
    const bare = new pg.Client({ connectionString: cluster.url('bare') });
    await bare.connect();
    await PgStore.open({ config: { connectionString: cluster.url('bare') }, migrate: true }).then((s) => s.close());
    const src = new pg.Client({ connectionString: cluster.url('store') });
    await src.connect();
    const csv = join(dir, 'records.csv');
    await src.query(`COPY (SELECT * FROM auth_records) TO '${csv}' WITH (FORMAT csv)`);
    const parts = (
      await src.query<{ d: string; relname: string }>(
        `SELECT pg_get_expr(c.relpartbound, c.oid) AS d, c.relname FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid WHERE i.inhparent = 'auth_records'::regclass`,
      )
    ).rows;
    for (const p of parts) await bare.query(`CREATE TABLE ${p.relname} PARTITION OF auth_records ${p.d}`);
    const t = performance.now();
    await bare.query(`COPY auth_records FROM '${csv}' WITH (FORMAT csv)`);
    const copyRate = N / ((performance.now() - t) / 1000);
    await src.end();
    await bare.end();
    const rate = (x: number): string => `${Math.round(x).toLocaleString('en-US')} rows/s`;
    console.log(
      `ingest  PostgreSQL store ${rate(pgRate)}  |  bare COPY ${rate(copyRate)}  (store/COPY ${(pgRate / copyRate).toFixed(2)})  |  SQLite store ${rate(liteRate)}`,
    );
    console.log(
      `        PostgreSQL store, every page by INSERT … ON CONFLICT (no COPY) ${rate(insertRate)}  (insert/COPY ${(insertRate / copyRate).toFixed(2)})`,
    );

    const filters: [string, Record<string, string>][] = [
      ['all', {}],
      ['operator', { operator: 'CUCC' }],
      ['app', { app: 'app-7' }],
      ['failures+login', { result: 'failure', capability: 'login' }],
      ['code', { code: 'E117' }],
      ['one week', { from: '2026-10-01', to: '2026-10-08' }],
      // Not answered by whole days alone: a code with another term, and bounds inside hours.
      ['code+operator', { code: 'E117', operator: 'CTCC' }],
      ['app, in hours', { app: 'app-3', from: '2026-10-01T10:25:00+08:00', to: '2026-10-20T07:40:00+08:00' }],
    ];
    console.log(`search first page (50) + total, p95 of ${RUNS}:`);
    for (const [name, f] of filters) {
      const a = await timeIt(() => pgStore.searchRecords({ ...f, limit: 50 }));
      const b = await timeIt(() => sqlite.searchRecords({ ...f, limit: 50 }));
      console.log(`  ${name.padEnd(15)} PostgreSQL ${a.toFixed(1).padStart(8)} ms   SQLite ${b.toFixed(1).padStart(8)} ms`);
    }

    // B-tree vs BRIN on request time: size, newest page, one day's count.
    const q = new pg.Client({ connectionString: cluster.url('store') });
    await q.connect();
    const probe = async (label: string, index: string): Promise<void> => {
      const size = Number(
        (await q.query<{ s: string }>(`SELECT sum(pg_relation_size(inhrelid)) AS s FROM pg_inherits WHERE inhparent = $1::regclass`, [index])).rows[0]?.s ?? 0,
      );
      const page = await timeIt(() => q.query('SELECT seq FROM auth_records ORDER BY request_ms DESC, seq DESC LIMIT 51'));
      const day = await timeIt(() =>
        q.query(`SELECT count(*) FROM auth_records WHERE request_ms >= ${END - 10 * 86_400_000} AND request_ms < ${END - 9 * 86_400_000}`),
      );
      console.log(
        `  ${label.padEnd(28)} index ${(size / 1048576).toFixed(1).padStart(7)} MiB   newest page ${page.toFixed(1).padStart(7)} ms   one-day count ${day.toFixed(1).padStart(7)} ms`,
      );
    };
    console.log('time index on auth_records (p95):');
    await probe('B-tree (request_ms, seq)', 'auth_records_time');
    await q.query('DROP INDEX auth_records_time');
    await q.query('CREATE INDEX auth_records_time_brin ON auth_records USING brin (request_ms)');
    await q.query('ANALYZE auth_records');
    await probe('BRIN (request_ms)', 'auth_records_time_brin');
    await q.end();
    await pgStore.close();
    await sqlite.close();
  } finally {
    await admin.end();
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
