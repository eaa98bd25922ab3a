/** The sync engine against the emulator on loopback: exact copies, idempotent resyncs, faults. */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { signResponse } from '../../../../shared/platform/signing';
import { workspaceMigrations } from '../db/migrations';
import { migrate, schemaVersion, SchemaTooNewError } from '../db/migrate';
import { openDatabase } from '../db/open';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator, type StartedEmulator } from '../../../../emulator/index';
import { memorySecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import { createPlatformClient } from '../platform/http-client';
import { storedRecordsDigest, tablesDigest } from '../store/content-digest';
import { openTestWorkspaceDb } from '../testing/context';
import { runSync } from './engine';
import { DATA_TABLES, emulatorClient, emulatorDigest, failuresFromRecords, rollupsFromRecords, storedFailures, storedRollups } from './testing/helpers';

const NOW = Date.parse('2026-11-15T04:00:00Z');
const clock = { now: () => NOW };
let emu: StartedEmulator | null = null;
const dbs: Db[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
  await emu?.close();
  emu = null;
  while (dbs.length) dbs.pop()!.close();
});

function client(e: StartedEmulator, role: 'admin' | 'finance' | 'auditor' = 'admin', tuning: { timeoutMs?: number; attempts?: number } = {}) {
  return emulatorClient(e, role, { clock, timeoutMs: tuning.timeoutMs ?? 5000, attempts: tuning.attempts ?? 4 });
}

function db(): Db {
  const d = openTestWorkspaceDb();
  dbs.push(d);
  return d;
}

describe('sync against the emulator', () => {
  it('copies the feed exactly; a resync writes nothing', async () => {
    emu = await startEmulator({ seed: 11, days: 40, daily: 300, now: clock.now });
    const d = db();
    const summary = await runSync({ db: d, client: client(emu), secrets: memorySecretStore(), clock, pageSizes: { records: 1000 } });
    expect(summary.ok).toBe(true);
    const want = await emulatorDigest(emu);
    expect(want.count).toBe(emu.head());
    expect(storedRecordsDigest(d)).toEqual(want);
    expect(summary.resources.records).toMatchObject({ fetched: want.count, written: want.count, cursor: emu.head() });
    expect(storedRollups(d)).toBe(rollupsFromRecords(d));
    expect(storedFailures(d)).toBe(failuresFromRecords(d));
    // The platform's usage statement and our rollups count the same calls (no --drift).
    expect(d.prepare('SELECT sum(calls) FROM usage_lines').pluck().get()).toBe(want.count);
    expect(d.prepare("SELECT count(*) FROM apps WHERE app_key_sealed IS NOT NULL OR data LIKE '%appKey%'").pluck().get()).toBe(0);

    const before = tablesDigest(d, DATA_TABLES);
    const again = await runSync({ db: d, client: client(emu), secrets: memorySecretStore(), clock });
    expect(again.ok).toBe(true);
    for (const [name, r] of Object.entries(again.resources)) expect(r.written, name).toBe(0);
    expect(tablesDigest(d, DATA_TABLES)).toBe(before);
  });

  it('ends exact with every fault kind at once', async () => {
    emu = await startEmulator({
      seed: 12,
      days: 20,
      daily: 400,
      now: clock.now,
      faults: '500:0.1,timeout:0.05,truncate:0.1,dup-page:0.15,slow:0.05@30',
      hangMs: 60_000,
    });
    const d = db();
    const retries: string[] = [];
    const k = emu.key('admin');
    const c = createPlatformClient({
      endpoint: emu.url,
      accessKey: k.accessKey,
      secretKey: k.secretKey,
      clock,
      timeoutMs: 400,
      retry: { attempts: 10, baseDelayMs: 2, maxDelayMs: 20 },
      onRetry: (i) => retries.push(i.reason),
    });
    const summary = await runSync({ db: d, client: c, secrets: memorySecretStore(), clock, pageSizes: { records: 250, apps: 3, activities: 5 } });
    expect(summary.ok).toBe(true);
    // The faults really happened: server errors, timeouts and cut bodies (signed as cut, so they fail to parse) were each retried.
    expect(new Set(retries)).toEqual(new Set(['server', 'timeout', 'bad-json']));
    emu.setFaults('');
    expect(storedRecordsDigest(d)).toEqual(await emulatorDigest(emu));
    expect(storedRollups(d)).toBe(rollupsFromRecords(d));
    expect(storedFailures(d)).toBe(failuresFromRecords(d));
    const before = tablesDigest(d, DATA_TABLES);
    const again = await runSync({ db: d, client: client(emu), secrets: memorySecretStore(), clock });
    for (const r of Object.values(again.resources)) expect(r.written).toBe(0);
    expect(tablesDigest(d, DATA_TABLES)).toBe(before);
  });

  it('syncs what each role may read', async () => {
    emu = await startEmulator({ seed: 13, days: 5, daily: 100, now: clock.now });
    const finance = db();
    const f = await runSync({ db: finance, client: client(emu, 'finance'), secrets: memorySecretStore(), clock });
    expect(f.ok).toBe(true);
    expect(f.resources.records?.skipped).toBeDefined();
    expect(finance.prepare('SELECT count(*) FROM usage_lines').pluck().get()).toBeGreaterThan(0);
    const auditor = db();
    const a = await runSync({ db: auditor, client: client(emu, 'auditor'), secrets: memorySecretStore(), clock });
    expect(a.ok).toBe(true);
    expect(a.resources.bills?.skipped).toBeDefined();
    expect(storedRecordsDigest(auditor)).toEqual(await emulatorDigest(emu));
  });

  it('fails a page whose body breaks the schema and commits nothing of it', async () => {
    emu = await startEmulator({ seed: 14, days: 10, daily: 300, now: clock.now });
    const admin = emu.key('admin');
    // A proxy that breaks one field of the third records page and signs the result, as a buggy platform would.
    let recordsPages = 0;
    let breakPage = 3;
    const upstream = new URL(emu.url);
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const up = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
          const body: Buffer[] = [];
          r.on('data', (c: Buffer) => body.push(c));
          r.on('end', () => {
            let text = Buffer.concat(body).toString('utf8');
            if (req.url?.startsWith('/v1/auth-records') && r.statusCode === 200 && ++recordsPages === breakPage) {
              const page = JSON.parse(text) as { items: { operator: string }[] };
              page.items[7]!.operator = 'XXXX';
              text = JSON.stringify(page);
            }
            res.writeHead(r.statusCode ?? 502, {
              'Content-Type': 'application/json',
              'X-Signature': signResponse(admin.secretKey, r.statusCode ?? 502, String(req.headers['x-nonce']), text),
            });
            res.end(text);
          });
        });
        up.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => (proxy.closeAllConnections(), proxy.close(() => r()))));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const c = createPlatformClient({
      endpoint: url,
      accessKey: admin.accessKey,
      secretKey: admin.secretKey,
      clock,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const d = db();
    const first = await runSync({ db: d, client: c, secrets: memorySecretStore(), clock, resources: ['records'], pageSizes: { records: 400 } });
    expect(first.ok).toBe(false);
    expect(first.resources.records).toMatchObject({ written: 800, cursor: 800, error: { code: 'PLATFORM_ERROR' } });
    expect(first.resources.records!.error!.message).toMatch(/items\.7\.operator/);
    expect(d.prepare('SELECT count(*) FROM auth_records').pluck().get()).toBe(800);
    expect(storedRollups(d)).toBe(rollupsFromRecords(d));
    // The platform is fixed: the next run resumes at the page that failed.
    breakPage = -1;
    const second = await runSync({ db: d, client: c, secrets: memorySecretStore(), clock, resources: ['records'], pageSizes: { records: 400 } });
    expect(second.ok).toBe(true);
    expect(storedRecordsDigest(d)).toEqual(await emulatorDigest(emu));
  });

  it('migrates a database made by the first schema, keeps its data and syncs on', async () => {
    emu = await startEmulator({ seed: 15, days: 8, daily: 200, now: clock.now });
    const file = join(mkdtempSync(join(tmpdir(), 'onetap-mig-')), 'old.db');
    closers.push(async () => rmSync(dirname(file), { recursive: true, force: true }));
    // A file as the first release left it: only migration 1, half synced. Today's writers need
    // today's schema, so the half sync runs on a current file and its rows are copied into the
    // first schema's tables (which later migrations only add to).
    const current = join(dirname(file), 'current.db');
    const src = openDatabase(current, { migrations: workspaceMigrations });
    await runSync({ db: src, client: client(emu), secrets: memorySecretStore(), clock, resources: ['apps', 'records'], pageSizes: { records: 300 } });
    src.close();
    const old = new Database(file);
    migrate(old, workspaceMigrations.slice(0, 1));
    expect(schemaVersion(old)).toBe(1);
    old.exec(`ATTACH '${current}' AS src`);
    for (const t of old.prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table'`).pluck().all() as string[])
      old.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`);
    old.exec('DETACH src');
    const half = old.prepare('SELECT count(*) FROM auth_records').pluck().get() as number;
    expect(half).toBeGreaterThan(0);
    old.close();

    const now = openDatabase(file, { migrations: workspaceMigrations });
    dbs.push(now);
    expect(schemaVersion(now)).toBe(workspaceMigrations.length);
    expect(now.prepare('SELECT count(*) FROM auth_records').pluck().get()).toBe(half);
    const s = await runSync({ db: now, client: client(emu), secrets: memorySecretStore(), clock });
    expect(s.ok).toBe(true);
    expect(s.resources.records!.written).toBe(0);
    expect(storedRecordsDigest(now)).toEqual(await emulatorDigest(emu));

    // A file from a newer console is refused, not guessed at.
    now.pragma(`user_version = ${workspaceMigrations.length + 1}`);
    expect(() => openDatabase(file, { migrations: workspaceMigrations })).toThrow(SchemaTooNewError);
  });
});
