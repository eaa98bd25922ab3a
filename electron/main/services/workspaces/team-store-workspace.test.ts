/**
 * A team store as a console workspace, on a real throwaway PostgreSQL cluster set up the way the
 * README tells a team's DBA to: the team's writer syncs the store; the console adds it as a
 * workspace with a read-only login, tests the connection, and answers through dispatch exactly as
 * for a SQLite copy of the same platform. It never syncs the store itself, follows the writer's
 * progress, and keeps the password sealed: never in the console database's bytes, never logged.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallName, CallOutput } from '../../../../shared/contract';
import { bootServices } from '../boot';
import { manualClock } from '../core/clock';
import type { ServiceContext } from '../core/context';
import { createContext } from '../core/create-context';
import { dispatchCall } from '../core/dispatch';
import { memorySecretStore, type SecretStore } from '../core/secrets';
import { handlers } from '../handlers';
import { runSync } from '../sync/engine';
import { fakePlatform, type FakePlatform } from '../sync/testing/fake-platform';
import { storeConnection } from '../team-store/connection';
import { PgStore } from '../team-store/pg-store';
import { runStoreSync } from '../team-store/store-sync';
import { startPgCluster, type PgCluster } from '../team-store/testing/pg-cluster';
import { extension } from '../core/context';
import { WORKSPACES_EXTENSION } from './active';
import { demoStarter } from './demo-emulator';
import { openFileWorkspace } from './file-workspace';
import type { WorkspaceManager } from './registry';

const NOW = Date.parse('2026-11-20T04:00:00Z');
const READER_PASSWORD = 'finance-Pw-7f3a9c';
const WRITER_PASSWORD = 'writer-Pw-0b61d2';

let cluster: PgCluster;
let platform: FakePlatform;
let writer: PgStore;
let sqliteDir: string;
let sqliteFile: string;

async function superuser(text: string): Promise<void> {
  const c = new pg.Client(storeConnection(cluster.url(), { env: {} }).config);
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** The team's writer: a sync of the platform into the store, then its report as the daemon writes it. */
async function writerRun(state: 'idle' | 'syncing'): Promise<void> {
  expect((await runStoreSync({ store: writer, client: platform, clock: manualClock(NOW) })).ok).toBe(true);
  await writer.putWriterStatus({
    writer: 'ops-server-1',
    state,
    resource: null,
    done: 0,
    runStarted: NOW,
    updatedAt: NOW,
    nextRunAt: NOW + 300_000,
    lastSummary: null,
  });
}

beforeAll(async () => {
  cluster = startPgCluster();
  for (const stmt of [
    'CREATE ROLE onetap_reader NOLOGIN',
    'CREATE ROLE onetap_auditor NOLOGIN IN ROLE onetap_reader',
    `CREATE ROLE team_writer LOGIN PASSWORD '${WRITER_PASSWORD}'`,
    `CREATE ROLE finance_li LOGIN PASSWORD '${READER_PASSWORD}' IN ROLE onetap_reader`,
    'CREATE DATABASE team OWNER team_writer',
  ])
    await superuser(stmt);
  writer = await PgStore.open({
    config: storeConnection(cluster.url('team', 'team_writer'), { env: {}, password: WRITER_PASSWORD }).config,
    migrate: true,
  });
  platform = fakePlatform({ now: NOW, records: 400, days: 30 });
  await writerRun('idle');
  // The same platform synced into a SQLite workspace file: what the store must answer like.
  sqliteDir = mkdtempSync(join(tmpdir(), 'onetap-team-sqlite-'));
  sqliteFile = join(sqliteDir, 'same.db');
  const { openWorkspaceDatabase } = await import('./open-workspace-db');
  const db = openWorkspaceDatabase(sqliteFile);
  try {
    expect((await runSync({ db, client: platform, secrets: memorySecretStore(), clock: manualClock(NOW) })).ok).toBe(true);
  } finally {
    db.close();
  }
}, 120_000);

afterAll(async () => {
  await writer?.close();
  cluster?.stop();
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
});

/** A persistent secret store standing in for safeStorage: sealed values are not the plain text. */
function fakeKeychain(): SecretStore {
  return {
    kind: 'safeStorage',
    persistent: true,
    warning: null,
    seal: (plain) => `sealed:${Buffer.from(plain).toString('base64').split('').reverse().join('')}`,
    unseal: (s) => Buffer.from(s.slice(7).split('').reverse().join(''), 'base64').toString(),
  };
}

interface Console {
  ctx: ServiceContext;
  call<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>>;
  manager: WorkspaceManager;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startConsole(dataDir: string, secrets: SecretStore): Promise<Console> {
  const ctx = createContext({ mode: 'cli', dataDir, clock: manualClock(NOW), secrets });
  const booted = await bootServices(ctx, { testing: { startDemo: demoStarter({ daily: 50, apps: 2 }) } });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await booted.shutdown();
    ctx.consoleDb.close();
  };
  cleanups.push(close);
  return {
    ctx,
    call: (name, input) => dispatchCall(handlers, ctx, name, input),
    manager: extension(ctx, WORKSPACES_EXTENSION) as WorkspaceManager,
    close,
  };
}

/** The same calls against the SQLite copy, through dispatch too. */
async function sqliteAnswer<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> {
  const ctx = createContext({ mode: 'cli', dataDir: sqliteDir, inMemory: true, clock: manualClock(NOW) });
  const file = openFileWorkspace(ctx, sqliteFile, null);
  try {
    return await dispatchCall(handlers, ctx, name, input);
  } finally {
    file.close();
    ctx.consoleDb.close();
  }
}

function dataDirBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name))),
  );
}

describe('a team store as a console workspace', () => {
  it('tests the connection: migrations current, read-only or writer; a wrong password or a password in the URL is refused', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetap-team-ws-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const c = await startConsole(dir, fakeKeychain());
    const reader = await c.call('workspaces.testTeamStore', { url: cluster.url('team', 'finance_li'), password: READER_PASSWORD });
    expect(reader).toMatchObject({ ok: true, user: 'finance_li', role: 'reader', migrationsCurrent: true });
    if (reader.ok) expect(reader.schemaVersion).toBe(reader.requiredVersion);
    const owner = await c.call('workspaces.testTeamStore', { url: cluster.url('team', 'team_writer'), password: WRITER_PASSWORD });
    expect(owner).toMatchObject({ ok: true, user: 'team_writer', role: 'writer', migrationsCurrent: true });
    const wrong = await c.call('workspaces.testTeamStore', { url: cluster.url('team', 'finance_li'), password: 'not-it' });
    expect(wrong.ok).toBe(false);
    // A database without the schema yet: reachable, not current (the writer migrates it on its first run).
    await superuser('CREATE DATABASE empty_team OWNER team_writer');
    const empty = await c.call('workspaces.testTeamStore', { url: cluster.url('empty_team', 'team_writer'), password: WRITER_PASSWORD });
    expect(empty).toMatchObject({ ok: true, role: 'writer', schemaVersion: 0, migrationsCurrent: false });

    const withPassword = cluster.url('team', 'finance_li').replace('finance_li@', `finance_li:${READER_PASSWORD}@`);
    await expect(c.call('workspaces.addTeamStore', { name: 'x', url: withPassword })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(c.call('workspaces.addTeamStore', { name: 'x', url: 'https://example.com/db' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(c.call('workspaces.addTeamStore', { name: 'x', url: cluster.url('team', 'finance_li'), sslMode: 'prefer' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    // A CA file that cannot be read is refused before anything is saved.
    await expect(
      c.call('workspaces.addTeamStore', { name: 'x', url: cluster.url('team', 'finance_li'), sslMode: 'verify-full', caFile: join(dir, 'no-such-ca.pem') }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await c.call('workspaces.list', {})).items.filter((w) => w.kind === 'team')).toEqual([]);
  });

  it('reads the store like the SQLite copy, never syncs it, follows the writer, and keeps the password sealed', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetap-team-ws-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const logged: string[] = [];
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (logged.push(String(chunk)), true));
    cleanups.push(async () => {
      vi.restoreAllMocks();
      stderr.mockRestore();
    });

    let c = await startConsole(dir, fakeKeychain());
    const ws = await c.call('workspaces.addTeamStore', { name: '团队库', url: cluster.url('team', 'finance_li'), password: READER_PASSWORD, activate: true });
    expect(ws).toMatchObject({ kind: 'team', active: true, secretStored: true, secretAvailable: true, accessKey: 'finance_li' });
    expect(ws.endpoint).not.toContain(READER_PASSWORD);
    expect(await c.call('workspaces.testTeamStore', { id: ws.id })).toMatchObject({ ok: true, role: 'reader' });

    // Raw records are read in PostgreSQL and answer exactly as the SQLite copy does: pages, totals, cursors.
    const filters: unknown[] = [
      { limit: 50 },
      { limit: 20, order: 'asc' },
      { limit: 25, result: 'failure' },
      { limit: 30, operator: 'CMCC', capability: 'login' },
      { limit: 15, appName: '应用', from: '2026-11-05', to: '2026-11-12' },
      { limit: 10, offset: 35 },
    ];
    for (const f of filters) {
      const team = await c.call('records.search', f);
      expect(team).toEqual(await sqliteAnswer('records.search', f));
      if (team.next)
        expect(await c.call('records.search', { ...(f as object), after: team.next })).toEqual(
          await sqliteAnswer('records.search', { ...(f as object), after: team.next }),
        );
    }
    const seq = (await c.call('records.search', { limit: 1 })).items[0]!.seq;
    expect(await c.call('records.get', { seq })).toEqual(await sqliteAnswer('records.get', { seq }));
    // The working copy answers the small tables' calls the same way (apps, a month's bill).
    expect(await c.call('apps.list', {})).toEqual(await sqliteAnswer('apps.list', {}));
    expect(await c.call('billing.month', { month: '2026-11' })).toEqual(await sqliteAnswer('billing.month', { month: '2026-11' }));

    // The console never syncs a team store: the writer does, and the status says who and how fresh.
    await expect(c.call('sync.run', {})).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('ops-server-1') });
    let status = await c.call('sync.status', {});
    expect(status.team).toMatchObject({ store: expect.stringContaining('finance_li@'), writer: { name: 'ops-server-1', state: 'idle', alive: false } });
    expect(status).toMatchObject({ connected: false, running: false, nextRunAt: null });
    expect(status.dataAsOf).toBe(NOW);

    // What the console itself keeps in its copy (an alert rule's settings) survives a new working copy.
    await c.call('alerts.ruleSet', { rule: 'failureSpike', enabled: false });
    // The writer stores more: one poll sees it, loads a new working copy and pushes the sync status.

    const pushed: unknown[] = [];
    const off = c.ctx.events.subscribe((name, s) => {
      if (name === 'sync.state') pushed.push(s);
    });
    const before = (await c.call('records.search', { limit: 1 })).total;
    platform.addRecords(60, NOW - 3_600_000);
    await writer.putWriterStatus({
      writer: 'ops-server-1',
      state: 'idle',
      resource: null,
      done: 60,
      runStarted: NOW,
      updatedAt: NOW + 1,
      nextRunAt: null,
      lastSummary: null,
    });
    await writerRun('idle');
    expect(await c.manager.pollTeam(ws.id)).toBe(true);
    off();
    expect(pushed.length).toBeGreaterThan(0);
    expect((await c.call('records.search', { limit: 1 })).total).toBe(before + 60);
    status = await c.call('sync.status', {});
    expect(status.resources.find((r) => r.resource === 'records')?.cursor).toBe(platform.records.length);
    expect((await c.call('alerts.rules', {})).items.find((r) => r.rule === 'failureSpike')?.enabled).toBe(false);
    // Nothing new: no reload.
    expect(await c.manager.pollTeam(ws.id)).toBe(false);

    // After a restart the sealed password opens the store again.
    await c.close();
    c = await startConsole(dir, fakeKeychain());
    expect((await c.call('workspaces.list', {})).activeId).toBe(ws.id);
    expect((await c.call('records.search', { limit: 1 })).total).toBe(before + 60);
    await c.close();

    // The password is in no file of the data folder (console database, its WAL, workspaces) and in no log line.
    const bytes = dataDirBytes(dir);
    expect(bytes.includes(Buffer.from(READER_PASSWORD))).toBe(false);
    expect(bytes.includes(Buffer.from('sealed:'))).toBe(true);
    expect(logged.join('\n')).not.toContain(READER_PASSWORD);
  });

  it(
    'without a keychain (browser mode) the password lasts the session only; the console starts on the demo when the store cannot be opened',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'onetap-team-ws-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      let c = await startConsole(dir, memorySecretStore());
      const ws = await c.call('workspaces.addTeamStore', { name: 'team', url: cluster.url('team', 'finance_li'), password: READER_PASSWORD, activate: true });
      expect(ws).toMatchObject({ secretStored: false, secretAvailable: true });
      expect((await c.call('records.search', { limit: 1 })).total).toBeGreaterThan(0);
      await c.close();
      expect(dataDirBytes(dir).includes(Buffer.from(READER_PASSWORD))).toBe(false);

      c = await startConsole(dir, memorySecretStore());
      const list = await c.call('workspaces.list', {});
      expect(list.activeId).toBe('demo');
      expect(list.items.find((w) => w.id === ws.id)).toMatchObject({ secretAvailable: false });
      await expect(c.call('workspaces.activate', { id: ws.id })).rejects.toMatchObject({ code: 'PLATFORM_UNREACHABLE' });
      // Given again, it opens.
      await c.call('workspaces.update', { id: ws.id, secretKey: READER_PASSWORD });
      await c.call('workspaces.activate', { id: ws.id });
      expect((await c.call('records.search', { limit: 1 })).total).toBeGreaterThan(0);
      await c.call('workspaces.remove', { id: ws.id, deleteData: true });
      expect((await c.call('workspaces.list', {})).items.some((w) => w.id === ws.id)).toBe(false);
    },
  );
});
