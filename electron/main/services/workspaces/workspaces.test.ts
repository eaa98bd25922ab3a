/**
 * Workspaces through the contract: the demo on an in-process emulator, saved connections,
 * secrets never on disk in plain text, test connection (role, skew), switching, removing,
 * connections from flags, and the demo copy across restarts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type StartedEmulator } from '../../../../emulator/index';
import { calls, type CallName } from '../../../../shared/contract';
import { bootServices, type BootOptions, type Booted } from '../boot';
import { EXPORT_PLATFORM_SECRET_EXTENSION, platformSecretOf } from '../export/signing-keys';
import { manualClock } from '../core/clock';
import type { ServiceContext } from '../core/context';
import { createContext } from '../core/create-context';
import { memorySecretStore, type SecretStore } from '../core/secrets';
import type { Handler } from '../core/dispatch';
import { storedRecordsDigest } from '../store/content-digest';
import { syncHandlers } from '../sync/handlers';
import { emulatorDigest } from '../sync/testing/helpers';
import { activeWorkspace } from './active';
import { emulatorKeys } from '../../../../emulator/keys';
import { DEMO_SEED } from './demo';
import { demoStarter } from './demo-emulator';
import { workspacesHandlers } from './handlers';

const T0 = Date.parse('2026-11-15T04:00:00Z');
const SECRET_MARK = 'plain-secret-';
const handlers = { ...syncHandlers, ...workspacesHandlers } as Record<string, Handler<CallName>>;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
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

interface Started {
  ctx: ServiceContext;
  booted: Booted;
  clock: ReturnType<typeof manualClock>;
  call<N extends CallName>(name: N, input: unknown): Promise<ReturnType<(typeof calls)[N]['output']['parse']>>;
}

async function start(dataDir: string, opts: { secrets?: SecretStore; now?: number; boot?: BootOptions } = {}): Promise<Started> {
  const clock = manualClock(opts.now ?? T0);
  const ctx = createContext({ mode: 'cli', dataDir, clock, secrets: opts.secrets ?? memorySecretStore() });
  const booted = await bootServices(ctx, {
    ...opts.boot,
    testing: { startDemo: demoStarter({ daily: 150, apps: 3 }), client: { timeoutMs: 3000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } } },
  });
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
    booted: { shutdown: close },
    clock,
    async call(name, input) {
      const parsed = calls[name].input.parse(input);
      const out = await handlers[name]!(ctx, parsed as never, new AbortController().signal);
      // Every answer must match the contract's output schema.
      return calls[name].output.parse(out) as never;
    },
  };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'onetap-ws-'));
  cleanups.unshift(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function emulator(now: () => number, seed = 31): Promise<StartedEmulator> {
  const e = await startEmulator({ seed, days: 6, daily: 120, now });
  cleanups.push(() => e.close());
  return e;
}

/** Every byte the console keeps on disk, to look for a secret in it. */
function diskText(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(readFileSync(p).toString('latin1'));
    }
  };
  walk(dir);
  return out.join('\n');
}

describe('workspaces', () => {
  it('starts on the demo, which syncs from its in-process emulator', async () => {
    const s = await start(tempDir());
    const list = await s.call('workspaces.list', {});
    expect(list.activeId).toBe('demo');
    // Two demos side by side: our platform and the emulator's Alibaba Cloud face.
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({ id: 'demo', name: '演示 Demo', kind: 'demo', provider: 'onetap', active: true, secretAvailable: true });
    expect(list.items[1]).toMatchObject({ id: 'demo-aliyun', name: '阿里云演示', kind: 'demo', provider: 'aliyun-dypns', active: false });
    expect(list.items[1]!.capabilities).toMatchObject({ records: false, dailyStatistics: true, bills: true });
    expect(list.items[0]!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const summary = await s.call('sync.run', {});
    expect(summary.ok).toBe(true);
    expect(summary.resources.records!.written).toBeGreaterThan(0);
    const status = await s.call('sync.status', {});
    expect(status).toMatchObject({ workspaceId: 'demo', running: false, online: true, connected: true, staleMs: 0 });
    expect(status.resources.every((r) => r.lastSuccessAt === T0)).toBe(true);
    expect((await s.call('workspaces.list', {})).items[0]!.role).toBe('admin');
  });

  it('saves a connection without ever writing its secret in plain text, and switches to it', async () => {
    const dir = tempDir();
    const s = await start(dir);
    const emu = await emulator(() => s.clock.now());
    const k = emu.key('auditor');
    const secret = `${SECRET_MARK}${k.secretKey}`;
    // The emulator's secret is what signs; prove the secret never lands on disk by using a marked copy first.
    const bad = await s.call('workspaces.test', { endpoint: emu.url, accessKey: k.accessKey, secretKey: secret });
    expect(bad).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(bad.ok === false && bad.error.message).toMatch(new RegExp(`secret key does not match access key ${k.accessKey}`));

    const created = await s.call('workspaces.create', { name: '生产', endpoint: `${emu.url}/`, accessKey: k.accessKey, secretKey: secret, activate: true });
    expect(created).toMatchObject({ name: '生产', kind: 'remote', endpoint: emu.url, active: true, secretStored: false, secretAvailable: true });
    await s.call('workspaces.update', { id: created.id, secretKey: k.secretKey });
    const tested = await s.call('workspaces.test', { id: created.id });
    expect(tested).toMatchObject({ ok: true, role: 'auditor', accessKey: k.accessKey });
    expect(tested.ok && Math.abs(tested.skewMs)).toBeLessThan(5);
    const summary = await s.call('sync.run', {});
    expect(summary.ok).toBe(true);
    expect(summary.resources.bills?.skipped).toMatch(/auditor/);
    expect(storedRecordsDigest(activeWorkspace(s.ctx).db)).toEqual(await emulatorDigest(emu));
    const status = await s.call('sync.status', {});
    expect(status.resources.find((r) => r.resource === 'bills')?.readable).toBe(false);

    await s.booted.shutdown();
    const disk = diskText(dir);
    expect(disk).not.toContain(SECRET_MARK);
    expect(disk).not.toContain(k.secretKey);

    // Next launch (memory secrets): the connection is remembered and active, its secret is not.
    const again = await start(dir);
    const list = await again.call('workspaces.list', {});
    expect(list.activeId).toBe(created.id);
    expect(list.items.find((w) => w.id === created.id)).toMatchObject({ secretStored: false, secretAvailable: false, role: 'auditor' });
    const status2 = await again.call('sync.status', {});
    expect(status2).toMatchObject({ connected: false, online: false });
    expect(status2.dataAsOf).toBe(T0);
    await expect(again.call('sync.run', {})).rejects.toMatchObject({ code: 'PLATFORM_UNREACHABLE' });
  });

  it('seals the secret with a persistent store and finds it again after a restart', async () => {
    const dir = tempDir();
    const keychain = fakeKeychain();
    const s = await start(dir, { secrets: keychain });
    const emu = await emulator(() => s.clock.now());
    const k = emu.key('finance');
    const w = await s.call('workspaces.create', { name: 'Finance', endpoint: emu.url, accessKey: k.accessKey, secretKey: k.secretKey, activate: false });
    expect(w).toMatchObject({ secretStored: true, secretAvailable: true, active: false });
    await s.booted.shutdown();
    expect(diskText(dir)).not.toContain(k.secretKey);

    const again = await start(dir, { secrets: keychain });
    await again.call('workspaces.activate', { id: w.id });
    const summary = await again.call('sync.run', { resources: ['usage', 'bills', 'packages'] });
    expect(summary.ok).toBe(true);
    expect(summary.resources.usage!.fetched).toBeGreaterThan(0);
    expect(summary.resources.records).toBeUndefined();
  });

  it('removes a connection (not the demo) and its data when asked', async () => {
    const dir = tempDir();
    const s = await start(dir);
    const emu = await emulator(() => s.clock.now());
    const k = emu.key('admin');
    const w = await s.call('workspaces.create', { name: 'Tmp', endpoint: emu.url, accessKey: k.accessKey, secretKey: k.secretKey, activate: true });
    await s.call('sync.run', { resources: ['apps'] });
    expect(readdirSync(join(dir, 'workspaces'))).toContain(`${w.id}.db`);
    await expect(s.call('workspaces.remove', { id: 'demo' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const r = await s.call('workspaces.remove', { id: w.id, deleteData: true });
    expect(r).toEqual({ removed: true, activeId: 'demo' });
    expect(readdirSync(join(dir, 'workspaces')).filter((f) => f.startsWith(w.id))).toEqual([]);
    await expect(s.call('workspaces.activate', { id: w.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports the clock skew between the platform and this computer', async () => {
    const s = await start(tempDir());
    const emu = await emulator(() => s.clock.now() + 120_000);
    const k = emu.key('admin');
    const r = await s.call('workspaces.test', { endpoint: emu.url, accessKey: k.accessKey, secretKey: k.secretKey });
    expect(r.ok).toBe(true);
    expect(r.ok && r.skewMs).toBe(120_000);
    expect(r.ok && r.serverTime).toBe('2026-11-15T12:02:00.000+08:00');
  });

  it('uses a connection from flags for the session without saving its secret', async () => {
    const dir = tempDir();
    const probe = manualClock(T0);
    const emu = await emulator(() => probe.now());
    const k = emu.key('admin');
    const s = await start(dir, { boot: { connection: { endpoint: emu.url, accessKey: k.accessKey, secretKey: k.secretKey } } });
    const list = await s.call('workspaces.list', {});
    const flagged = list.items.find((w) => w.active)!;
    expect(flagged).toMatchObject({ kind: 'remote', fromFlags: true, secretStored: false, secretAvailable: true, accessKey: k.accessKey });
    expect((await s.call('sync.run', { resources: ['records'] })).ok).toBe(true);
    // The session's secret reaches export signing (a key derived from it), and only through boot's provider.
    expect(platformSecretOf(s.ctx, activeWorkspace(s.ctx))).toEqual({ accessKey: k.accessKey, secretKey: k.secretKey });
    await s.booted.shutdown();
    expect(s.ctx.extensions.has(EXPORT_PLATFORM_SECRET_EXTENSION)).toBe(false);
    expect(diskText(dir)).not.toContain(k.secretKey);

    // With --db as well: a session workspace on that file, nothing saved.
    const file = join(dir, 'flags.db');
    const t = await start(dir, { boot: { dbFile: file, connection: { endpoint: emu.url, accessKey: k.accessKey, secretKey: k.secretKey } } });
    expect((await t.call('workspaces.list', {})).activeId).toBe('session');
    await t.call('sync.run', { resources: ['records'] });
    expect(storedRecordsDigest(activeWorkspace(t.ctx).db)).toEqual(await emulatorDigest(emu));
    await expect(t.call('workspaces.update', { id: 'session', name: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  // Several launches, each syncing through a new page worker thread (started from the TypeScript source under vitest).
  it('keeps the demo copy across launches: it only catches up while it matches the emulator, else it is rebuilt', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const adminKey = () => emulatorKeys(DEMO_SEED).find((k) => k.role === 'admin')!;
    const demoOf = async (s: Started, now: number) => ({ url: (await s.call('workspaces.list', {})).items[0]!.endpoint!, now: () => now, key: adminKey });
    const s = await start(dir);
    const first = await s.call('sync.run', {});
    const n1 = first.resources.records!.cursor as number;
    await s.booted.shutdown();

    // Same day, later: the emulator's history extends the old one, so only the new records are fetched.
    const later = T0 + 3 * 3600_000;
    const again = await start(dir, { now: later });
    const second = await again.call('sync.run', {});
    expect(second.ok).toBe(true);
    expect(second.resources.records!.fetched).toBe((second.resources.records!.cursor as number) - n1);
    expect(second.resources.records!.fetched).toBeGreaterThan(0);
    expect(storedRecordsDigest(activeWorkspace(again.ctx).db)).toEqual(await emulatorDigest(await demoOf(again, later)));
    await again.booted.shutdown();

    // A copy that no longer matches the emulator (here: a record altered) is rebuilt, not left to drift.
    const { openDatabase } = await import('../db/open');
    const { workspaceMigrations } = await import('../db/migrations');
    const raw = openDatabase(join(dir, 'workspaces', 'demo.db'), { migrations: workspaceMigrations });
    raw.prepare('UPDATE auth_records SET request_ms = request_ms + 1 WHERE seq = 1').run();
    raw.close();
    const third = await start(dir, { now: later });
    const db3 = activeWorkspace(third.ctx).db;
    // Until the next sync replaces it, the old copy stays readable (a CLI search without sync still answers).
    expect(db3.prepare('SELECT count(*) FROM auth_records').pluck().get()).toBe(second.resources.records!.cursor);
    expect(db3.prepare('SELECT count(*) FROM apps').pluck().get()).toBeGreaterThan(0);
    const rebuilt = await third.call('sync.run', {});
    expect(rebuilt.resources.records!.written).toBe(second.resources.records!.cursor);
    expect(storedRecordsDigest(db3)).toEqual(await emulatorDigest(await demoOf(third, later)));
    await third.booted.shutdown();

    // Days later, whatever the emulator regenerates, the copy ends equal to what it serves.
    const muchLater = T0 + 50 * 3600_000;
    const fourth = await start(dir, { now: muchLater });
    expect((await fourth.call('sync.run', {})).ok).toBe(true);
    expect(storedRecordsDigest(activeWorkspace(fourth.ctx).db)).toEqual(await emulatorDigest(await demoOf(fourth, muchLater)));
  });
});
