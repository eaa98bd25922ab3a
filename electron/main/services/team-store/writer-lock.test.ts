/**
 * One writer per PostgreSQL workspace: a second writer is refused with a message naming the
 * holder (or waits for it), two writers racing store every record once, and a writer killed with
 * SIGKILL mid-page loses nothing committed — the server frees its lock and the next writer resumes
 * exactly at the committed cursor. Real child processes against the emulator on loopback.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../../emulator/index';
import { ApiError } from '../../../../shared/contract/errors';
import { emulatorRecords } from '../sync/testing/helpers';
import { LOCK_NAMESPACE } from './pg-migrate';
import { PgStore, WRITER_KEYS } from './pg-store';
import { oracleRollups } from './testing/oracle';
import { startPgCluster, type PgCluster } from './testing/pg-cluster';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./testing/store-sync-child.ts', import.meta.url));

let emu: StartedEmulator;
let cluster: PgCluster;
let n = 0;

beforeAll(async () => {
  cluster = startPgCluster();
  emu = await startEmulator({ seed: 21, days: 8, daily: 1000 });
}, 60_000);
afterAll(async () => {
  await emu.close();
  cluster.stop();
});

async function freshDatabase(): Promise<string> {
  const name = `writers_${++n}`;
  const c = new pg.Client({ connectionString: cluster.url() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return cluster.url(name);
}

interface Child {
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a line matching `re` has been printed. */
  waitFor(re: RegExp): Promise<string>;
  kill(): void;
}

function startChild(url: string, pageSize: number, wait = false, pauseMs = 0): Child {
  const k = emu.key('admin');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(pageSize), wait ? 'wait' : 'try', String(pauseMs)], {
    cwd: ROOT,
    env: { ...process.env, ONETAP_STORE_URL: url, ONETAP_ENDPOINT: emu.url, ONETAP_ACCESS_KEY: k.accessKey, ONETAP_SECRET_KEY: k.secretKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buf = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of waiters.filter((w) => w.re.test(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    lines,
    exit,
    waitFor: (re) => {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        void exit.then((e) => reject(new Error(`child exited (${e.code ?? e.signal}) before printing ${re}: ${err}\n${lines.join('\n')}`)));
      });
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/** The store is at a page boundary: records 1..cursor, nothing beyond, rollups equal to them. */
async function checkBoundary(url: string, all: Awaited<ReturnType<typeof emulatorRecords>>): Promise<number> {
  const store = await PgStore.open({ config: { connectionString: url }, migrate: false });
  try {
    const cursor = Number((await store.syncState('records'))?.cursor ?? 0);
    expect(await store.countRecords()).toBe(cursor);
    expect((await store.syncState('records'))?.rows ?? 0).toBe(cursor);
    expect(await store.dailyRollups()).toEqual(oracleRollups(all.filter((r) => r.seq <= cursor)));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const r = (await c.query<{ max: string | null; distinct: string }>('SELECT max(seq) AS max, count(DISTINCT seq) AS distinct FROM auth_records')).rows[0]!;
    await c.end();
    expect(Number(r.max ?? 0)).toBe(cursor);
    expect(Number(r.distinct)).toBe(cursor);
    return cursor;
  } finally {
    await store.close();
  }
}

describe('one writer per PostgreSQL workspace', () => {
  it('refuses a second writer with a message naming the holder, or lets it wait', { timeout: 60_000 }, async () => {
    const url = await freshDatabase();
    const a = await PgStore.open({ config: { connectionString: url }, migrate: true, applicationName: 'onetap sync (finance-server pid 4242)' });
    const b = await PgStore.open({ config: { connectionString: url }, migrate: true, applicationName: 'onetap sync (laptop)' });
    try {
      const lease = await a.acquireWriter(['apps', 'records']);
      const refused = await b.acquireWriter(['records']).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ApiError);
      expect((refused as ApiError).code).toBe('CONFLICT');
      expect((refused as ApiError).message).toMatch(/another writer is syncing records into this team store: onetap sync \(finance-server pid 4242\)/);
      const timedOut = await b.acquireWriter(['records'], { wait: true, timeoutMs: 300 }).catch((e: unknown) => e);
      expect((timedOut as ApiError).message).toMatch(/waited 300 ms/);
      // Neither half of a two-resource request is kept when one is busy.
      await expect(b.acquireWriter(['activities', 'records'])).rejects.toThrow(/another writer/);
      const other = await b.acquireWriter(['activities']);
      await other.release();
      // Writing without the lock is a programming error, refused before it reaches the database.
      await expect(b.commitRecordsPage([], 1)).rejects.toThrow(/without its writer lock/);
      // A waiting writer gets the lock as soon as the holder lets go.
      const waiting = b.acquireWriter(['records'], { wait: true, timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 200));
      await lease.release();
      const got = await waiting;
      expect(got.resources).toEqual(['records']);
      await got.release();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it(
    'a holder that lets go between the refusal and the lookup of its name: the lock is taken, not refused naming "another console"',
    { timeout: 60_000 },
    async () => {
      const url = await freshDatabase();
      await (await PgStore.open({ config: { connectionString: url }, migrate: true })).close();
      // The holder: a session holding the records lock, let go of exactly inside the race window.
      const holder = new pg.Client({ connectionString: url, application_name: 'onetap sync (finishing)' });
      await holder.connect();
      const b = await PgStore.open({ config: { connectionString: url }, migrate: false, applicationName: 'onetap sync (laptop)' });
      const query = pg.Client.prototype.query;
      let letGo = false;
      const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(async function (this: pg.Client, ...args: unknown[]) {
        // The refused writer is about to look up the holder's name: the holder's run ends right now.
        if (!letGo && typeof args[0] === 'string' && args[0].includes('JOIN pg_stat_activity')) {
          letGo = true;
          await holder.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, WRITER_KEYS.records]);
        }
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as never);
      try {
        await holder.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, WRITER_KEYS.records]);
        const lease = await b.acquireWriter(['records']);
        expect(letGo).toBe(true);
        expect(lease.resources).toEqual(['records']);
        await lease.release();
        // A holder that stays is still named.
        await holder.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, WRITER_KEYS.records]);
        await expect(b.acquireWriter(['records'])).rejects.toThrow(
          /another writer is syncing records into this team store: onetap sync \(finishing\) \(server pid \d+/,
        );
      } finally {
        spy.mockRestore();
        await holder.end();
        await b.close();
      }
    },
  );

  it('two writers started together: one syncs, the other is refused, every record stored once', { timeout: 90_000 }, async () => {
    const url = await freshDatabase();
    const all = await emulatorRecords(emu);
    // Migrate first so both children meet at the lock, not at the migration.
    await (await PgStore.open({ config: { connectionString: url }, migrate: true })).close();
    // The first writer pauses before each platform call, so it still holds the lock when the second starts.
    const one = startChild(url, 200, false, 250);
    await one.waitFor(/^records page/);
    const two = startChild(url, 200);
    const refusal = await two.waitFor(/^refused /);
    expect(refusal).toMatch(/another writer is syncing records into this team store: store-sync-child pid \d+/);
    expect((await two.exit).code).toBe(3);
    await one.waitFor(/^done /);
    expect((await one.exit).code).toBe(0);
    expect(await checkBoundary(url, all)).toBe(all.length);
  });

  it('kill -9 of the writer mid-page: the lock is freed and the next writer resumes exactly', { timeout: 120_000 }, async () => {
    const url = await freshDatabase();
    const all = await emulatorRecords(emu);
    let last = 0;
    let killedMidway = 0;
    for (const pages of [1, 3, 2, 5]) {
      const child = startChild(url, 300);
      const seen: string[] = [];
      for (let p = 0; p < pages; p++) seen.push(await child.waitFor(new RegExp(`^records page ${300 * (p + 1) + last}$`)).catch(() => 'ended'));
      // A few ms later: usually inside the next page's transaction.
      await new Promise((r) => setTimeout(r, 3 + pages));
      child.kill();
      const e = await child.exit;
      const cursor = await checkBoundary(url, all);
      expect(cursor).toBeGreaterThanOrEqual(last);
      if (e.signal === 'SIGKILL' && cursor < all.length) killedMidway++;
      last = cursor;
    }
    expect(killedMidway).toBeGreaterThan(0);
    // The next writer takes the lock at once (the server released it with the dead session) and finishes.
    const final = startChild(url, 1000);
    const done = await final.waitFor(/^done /);
    const summary = JSON.parse(done.slice(5)) as { ok: boolean; resources: { records: { fetched: number; written: number; cursor: number } } };
    expect(summary.ok).toBe(true);
    expect(summary.resources.records).toEqual({ fetched: all.length - last, written: all.length - last, cursor: all.length });
    expect(await checkBoundary(url, all)).toBe(all.length);
  });
});
