/**
 * A desktop on a team store keeps what is its own and hears the writer's incidents, on a real
 * throwaway PostgreSQL cluster: the team's writer syncs the store, the console reads it with a
 * read-only login. When the writer stores an incident's records, the console's next look at the
 * store loads them and evaluates the alert rules (a team workspace never syncs itself), so the
 * inbox and the rule's robot hear of it. The console's own state of the workspace (rule settings,
 * the episode and its acknowledgement, the deliveries) lives in its small local file: it survives
 * a restart of the services, the alert is not announced again, and none of the team's data is
 * ever written to that file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallName, CallOutput, EventPayload } from '../../../../shared/contract';
import { bootServices } from '../boot';
import { manualClock } from '../core/clock';
import { extension, type ServiceContext } from '../core/context';
import { createContext } from '../core/create-context';
import { dispatchCall } from '../core/dispatch';
import type { SecretStore } from '../core/secrets';
import { openFileAsIs } from '../db/open';
import { handlers } from '../handlers';
import { fakePlatform, type FakePlatform } from '../sync/testing/fake-platform';
import { storeConnection } from '../team-store/connection';
import { PgStore } from '../team-store/pg-store';
import { runStoreSync } from '../team-store/store-sync';
import { startPgCluster, type PgCluster } from '../team-store/testing/pg-cluster';
import { WORKSPACE_TABLES } from '../store/workspace-tables-repo';
import { WORKSPACES_EXTENSION } from './active';
import { demoStarter } from './demo-emulator';
import type { WorkspaceManager } from './registry';

const NOW = Date.parse('2026-11-20T04:00:00Z');
const READER_PASSWORD = 'finance-Pw-41c8e2';
const WRITER_PASSWORD = 'writer-Pw-9d07aa';

let cluster: PgCluster;
let platform: FakePlatform;
let writer: PgStore;
let hook: Server;
const posts: { event: string; rule: string; app: string | undefined }[] = [];

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
async function writerRun(): Promise<void> {
  expect((await runStoreSync({ store: writer, client: platform, clock: manualClock(NOW) })).ok).toBe(true);
  await writer.putWriterStatus({
    writer: 'ops-server-1',
    state: 'idle',
    resource: null,
    done: platform.records.length,
    runStarted: NOW,
    updatedAt: NOW,
    nextRunAt: NOW + 300_000,
    lastSummary: null,
  });
}

/**
 * An incident on the platform: `n` calls of app-1 through CMCC one-click login in the last half
 * hour, every one failing with the gateway error (the platform's records, as the writer fetches them).
 */
function incident(n: number): void {
  const first = platform.records.length;
  platform.addRecords(n, NOW - 30 * 60_000);
  for (const r of platform.records.slice(first)) {
    Object.assign(r, {
      id: 'app-1',
      appId: '300001',
      operator: 'CMCC',
      capability: 'login',
      requestTime: new Date(NOW - 30 * 60_000 + (r.seq - first) * 5_000).toISOString(),
      resultCode: '10105',
      success: false,
      outcome: null,
      carrierCode: '103111',
      description: '网关异常',
    });
  }
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
  await writerRun();
  // The rule's robot: a webhook on loopback that records what it is told.
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const data = JSON.parse(body) as { event: string; alert: { rule: string; scope: { app?: string } } };
      posts.push({ event: data.event, rule: data.alert.rule, app: data.alert.scope.app });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
}, 120_000);

afterAll(async () => {
  await writer?.close();
  cluster?.stop();
  hook?.closeAllConnections();
  if (hook) await new Promise<void>((r) => hook.close(() => r()));
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
  /** Every alerts.changed event since the console started. */
  changes: EventPayload<'alerts.changed'>[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startConsole(dataDir: string, opts: { backgroundSync?: boolean } = {}): Promise<Console> {
  const ctx = createContext({ mode: 'cli', dataDir, clock: manualClock(NOW), secrets: fakeKeychain() });
  const changes: EventPayload<'alerts.changed'>[] = [];
  ctx.events.subscribe((name, p) => {
    if (name === 'alerts.changed') changes.push(p as EventPayload<'alerts.changed'>);
  });
  const booted = await bootServices(ctx, {
    testing: { startDemo: demoStarter({ daily: 50, apps: 2 }), alerts: { delivery: { attempts: 2, baseMs: 10, timeoutMs: 10_000 } } },
    ...(opts.backgroundSync ? { backgroundSync: true } : {}),
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
    call: (name, input) => dispatchCall(handlers, ctx, name, input),
    manager: extension(ctx, WORKSPACES_EXTENSION) as WorkspaceManager,
    changes,
    close,
  };
}

describe("a team workspace's own state and alerts", () => {
  it(
    "raises the alert when the writer's incident arrives, keeps the episode and settings across a restart, and writes no team data to disk",
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'onetap-team-local-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      let c = await startConsole(dir);
      const ws = await c.call('workspaces.addTeamStore', { name: '团队库', url: cluster.url('team', 'finance_li'), password: READER_PASSWORD, activate: true });
      await c.call('alerts.channelAdd', { kind: 'webhook', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/robot`, name: 'ops' });
      // Only the success-rate rule matters here (the others stay as they are, for the no-repeat check).
      await c.call('alerts.ruleSet', { rule: 'successBelow', channels: ['ops'], repeatMinutes: 0 });
      await c.call('alerts.ruleSet', { rule: 'failureSpike', enabled: false });
      // The quiet history raises nothing.
      expect((await c.call('alerts.check', {})).open.filter((a) => a.rule === 'successBelow')).toEqual([]);

      // The writer stores an incident; the console's next look loads it and the rules evaluate at once.
      incident(240);
      await writerRun();
      expect(await c.manager.pollTeam(ws.id)).toBe(true);
      await expect
        .poll(() => c.changes.flatMap((ch) => ch.fired).find((a) => a.rule === 'successBelow' && a.scope.app === 'app-1'), { timeout: 10_000 })
        .toBeTruthy();
      const fired = c.changes.flatMap((ch) => ch.fired).find((a) => a.rule === 'successBelow')!;
      expect(fired).toMatchObject({ state: 'open', scope: { app: 'app-1', operator: 'CMCC', capability: 'login' } });
      // Exactly the incident's calls (app-1's other records are CMCC verifications, another cell).
      expect(fired.numbers).toMatchObject({ windowCalls: 240, successes: 0, successRate: 0 });
      // The robot is told once.
      await expect
        .poll(() => posts.filter((p) => p.rule === 'successBelow'), { timeout: 10_000 })
        .toEqual([{ event: 'fired', rule: 'successBelow', app: 'app-1' }]);
      // The delivery is marked sent once the robot's answer is back.
      await expect
        .poll(async () => (await c.call('alerts.inbox', {})).items.find((a) => a.id === fired.id)?.deliveries, { timeout: 10_000 })
        .toEqual([expect.objectContaining({ channel: 'ops', status: 'sent' })]);
      await c.call('alerts.acknowledge', { id: fired.id });
      await c.call('alerts.snooze', { id: fired.id, minutes: 90 });

      // A restart of the services: the team data comes from the store again, the console's own state from its file.
      await c.close();
      const files = readdirSync(join(dir, 'workspaces'));
      expect(files).toContain(`${ws.id}.team`);
      c = await startConsole(dir);
      expect((await c.call('workspaces.list', {})).activeId).toBe(ws.id);
      const rules = (await c.call('alerts.rules', {})).items;
      expect(rules.find((r) => r.rule === 'failureSpike')?.enabled).toBe(false);
      expect(rules.find((r) => r.rule === 'successBelow')?.channels).toEqual(['ops']);
      const inbox = await c.call('alerts.inbox', {});
      expect(inbox.items.find((a) => a.id === fired.id)).toMatchObject({
        state: 'open',
        acknowledgedAt: NOW,
        snoozedUntil: NOW + 90 * 60_000,
        deliveries: [expect.objectContaining({ channel: 'ops', status: 'sent' })],
      });
      // Evaluated again after the restart, the open alert is the same episode: nothing fires, the robot hears nothing more.
      expect((await c.call('alerts.check', {})).open.filter((a) => a.rule === 'successBelow')).toHaveLength(1);
      expect((await c.call('alerts.inbox', {})).items.filter((a) => a.rule === 'successBelow').map((a) => a.id)).toEqual([fired.id]);
      expect(c.changes.flatMap((ch) => ch.fired)).toEqual([]);
      // A new working copy (the writer stored more) keeps them too.
      platform.addRecords(5, NOW - 3 * 3_600_000);
      await writerRun();
      expect(await c.manager.pollTeam(ws.id)).toBe(true);
      expect((await c.call('alerts.inbox', {})).items.find((a) => a.id === fired.id)).toMatchObject({ acknowledgedAt: NOW });
      await new Promise((r) => setTimeout(r, 200));
      expect(posts.filter((p) => p.rule === 'successBelow')).toHaveLength(1);
      await c.close();

      // The local file holds the console's own tables and none of the team's: no records, apps, rollups or sync state.
      const local = openFileAsIs(join(dir, 'workspaces', `${ws.id}.team`), { readonly: true });
      try {
        const count = (t: string) => local.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
        for (const t of WORKSPACE_TABLES) expect(count(t), t).toBe(0);
        for (const t of ['auth_record_rows', 'record_apps', 'record_codes', 'record_descriptions', 'export_history']) expect(count(t), t).toBe(0);
        expect(count('alert_episodes')).toBeGreaterThan(0);
        expect(count('alert_rules')).toBeGreaterThanOrEqual(2);
        expect(count('alert_deliveries')).toBe(1);
      } finally {
        local.close();
      }

      // Removed with its data, the workspace's local file goes too (the team's store is not touched).
      c = await startConsole(dir);
      await c.call('workspaces.remove', { id: ws.id, deleteData: true });
      expect(existsSync(join(dir, 'workspaces', `${ws.id}.team`))).toBe(false);
      expect(Number((await writer.syncStates()).find((s) => s.resource === 'records')?.rows ?? 0)).toBeGreaterThan(0);
    },
  );

  it(
    'evaluates once as soon as a console that keeps evaluating starts on a team workspace, not at the first tick a minute later',
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'onetap-team-open-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      let c = await startConsole(dir);
      const ws = await c.call('workspaces.addTeamStore', { name: '团队库', url: cluster.url('team', 'finance_li'), password: READER_PASSWORD, activate: true });
      await c.close();
      // While the console is down, the writer stores an incident.
      incident(240);
      await writerRun();
      c = await startConsole(dir, { backgroundSync: true });
      expect((await c.call('workspaces.list', {})).activeId).toBe(ws.id);
      // The timer's first tick is ALERTS_TICK_MS (a minute) away: the alert comes from the evaluation at open.
      await expect
        .poll(() => c.changes.flatMap((ch) => ch.fired).find((a) => a.rule === 'successBelow' && a.scope.app === 'app-1'), { timeout: 10_000 })
        .toMatchObject({ state: 'open', scope: { app: 'app-1', operator: 'CMCC', capability: 'login' } });
      await c.close();
      // Without the timer (a session that does not keep evaluating), opening evaluates nothing by itself.
      const quietDir = mkdtempSync(join(tmpdir(), 'onetap-team-open-quiet-'));
      cleanups.push(async () => rmSync(quietDir, { recursive: true, force: true }));
      c = await startConsole(quietDir);
      await c.call('workspaces.addTeamStore', { name: '团队库', url: cluster.url('team', 'finance_li'), password: READER_PASSWORD, activate: true });
      await new Promise((r) => setTimeout(r, 300));
      expect(c.changes.flatMap((ch) => ch.fired)).toEqual([]);
    },
  );
});
