/** The sync coordinator: one run at a time, cancel, events, background runs, offline and staleness. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../../emulator/index';
import type { EventName } from '../../../../shared/contract';
import type { SyncProgress, SyncStatus } from '../../../../shared/contract/sync';
import { bootServices } from '../boot';
import { manualClock } from '../core/clock';
import { extension, type ServiceContext } from '../core/context';
import { createContext } from '../core/create-context';
import { settingsRepo } from '../settings/settings-repo';
import { WORKSPACES_EXTENSION } from '../workspaces/active';
import { demoStarter } from '../workspaces/demo-emulator';
import { WorkspaceManager } from '../workspaces/registry';
import { DEMO_SYNC_INTERVAL_MINUTES, SYNC_EXTENSION } from './coordinator';

const T0 = Date.parse('2026-11-15T04:00:00Z');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(daily = 150) {
  const dir = mkdtempSync(join(tmpdir(), 'onetap-coord-'));
  const clock = manualClock(T0);
  const ctx: ServiceContext = createContext({ mode: 'cli', dataDir: dir, clock });
  const booted = await bootServices(ctx, {
    testing: {
      startDemo: demoStarter({ daily, apps: 3 }),
      client: { timeoutMs: 2000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } },
      pageSizes: { records: 500 },
    },
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(async () => {
    await booted.shutdown();
    ctx.consoleDb.close();
  });
  const events: { name: EventName; payload: unknown }[] = [];
  ctx.events.subscribe((name, payload) => events.push({ name, payload }));
  const manager = extension(ctx, WORKSPACES_EXTENSION);
  if (!(manager instanceof WorkspaceManager)) throw new Error('boot registers the WorkspaceManager');
  return { ctx, clock, events, coordinator: extension(ctx, SYNC_EXTENSION), manager };
}

describe('sync coordinator', () => {
  it('runs one sync at a time: a second request joins the run in progress', async () => {
    const { coordinator, events } = await setup();
    const a = coordinator.run();
    const b = coordinator.run(['records']);
    expect(coordinator.status().running).toBe(true);
    const [sa, sb] = await Promise.all([a, b]);
    expect(sb).toBe(sa);
    expect(sa.ok).toBe(true);
    const states = events.filter((e) => e.name === 'sync.state').map((e) => (e.payload as SyncStatus).running);
    expect(states[0]).toBe(true);
    expect(states.at(-1)).toBe(false);
    const progress = events.filter((e) => e.name === 'sync.progress').map((e) => e.payload as SyncProgress);
    expect(progress.filter((p) => p.resource === 'records' && p.phase === 'page').length).toBeGreaterThan(1);
    expect(progress.every((p) => p.workspaceId === 'demo')).toBe(true);
  });

  it('cancels a run; committed pages stay and the next run resumes', async () => {
    const { coordinator, ctx } = await setup(400);
    const stop = ctx.events.subscribe((name, payload) => {
      if (name === 'sync.progress' && (payload as SyncProgress).resource === 'records' && (payload as SyncProgress).done >= 1000) {
        stop();
        coordinator.cancel();
      }
    });
    const s = await coordinator.run();
    expect(s.cancelled).toBe(true);
    expect(s.ok).toBe(false);
    const status = coordinator.status();
    const records = status.resources.find((r) => r.resource === 'records')!;
    expect(records.rows).toBeGreaterThanOrEqual(1000);
    expect(records.lastError).toBeNull();
    expect(coordinator.cancel()).toBe(false);
    const again = await coordinator.run();
    expect(again.ok).toBe(true);
    expect(again.resources.records!.fetched).toBe((again.resources.records!.cursor as number) - records.rows);
  });

  it('runs in the background when the interval from Settings has passed (on the live demo, at least every minute)', async () => {
    const { coordinator, clock, ctx } = await setup();
    settingsRepo(ctx.consoleDb).write({ syncIntervalMinutes: 0 });
    await coordinator.backgroundTick();
    expect(coordinator.status().resources.every((r) => r.lastAttemptAt === null)).toBe(true);
    expect(coordinator.status().nextRunAt).toBeNull();

    // The demo's emulator keeps producing traffic: its interval is at most DEMO_SYNC_INTERVAL_MINUTES.
    settingsRepo(ctx.consoleDb).write({ syncIntervalMinutes: 5 });
    await coordinator.backgroundTick();
    expect(coordinator.status().resources.every((r) => r.lastSuccessAt === T0)).toBe(true);
    expect(coordinator.status().intervalMinutes).toBe(DEMO_SYNC_INTERVAL_MINUTES);
    expect(coordinator.status().nextRunAt).toBe(T0 + DEMO_SYNC_INTERVAL_MINUTES * 60_000);
    clock.advance(DEMO_SYNC_INTERVAL_MINUTES * 60_000 - 1000);
    await coordinator.backgroundTick();
    expect(coordinator.status().resources.every((r) => r.lastAttemptAt === T0)).toBe(true);
    clock.advance(1000);
    await coordinator.backgroundTick();
    expect(coordinator.status().resources.every((r) => r.lastAttemptAt === T0 + DEMO_SYNC_INTERVAL_MINUTES * 60_000)).toBe(true);
  });

  it('syncs a workspace as soon as it is switched to, when background sync is on', async () => {
    const { coordinator, clock, ctx, manager } = await setup();
    settingsRepo(ctx.consoleDb).write({ syncIntervalMinutes: 5 });
    coordinator.startBackground();
    await coordinator.run();
    const emu = await startEmulator({ seed: 52, days: 2, daily: 50, now: () => clock.now() });
    cleanups.push(() => emu.close());
    const k = emu.key('admin');
    const w = await manager.create({ name: 'Remote', endpoint: emu.url, accessKey: k.accessKey, secretKey: k.secretKey, activate: true });
    // The switch itself started the run: nobody asked for one.
    expect(coordinator.status()).toMatchObject({ workspaceId: w.id, running: true });
    const summary = await coordinator.run();
    expect(summary.ok).toBe(true);
    expect(coordinator.status().resources.find((r) => r.resource === 'records')!.rows).toBeGreaterThan(0);
    // A platform connection keeps the interval from Settings.
    expect(coordinator.status().intervalMinutes).toBe(5);

    // With background sync off, a switch leaves the data as it is (the header offers Sync now).
    settingsRepo(ctx.consoleDb).write({ syncIntervalMinutes: 0 });
    await manager.activate('demo');
    expect(coordinator.status()).toMatchObject({ workspaceId: 'demo', running: false });
  });

  it('says it is working offline, why, and how stale the data is', async () => {
    const { coordinator, clock, manager } = await setup();
    const emu = await startEmulator({ seed: 51, days: 3, daily: 100, now: () => clock.now() });
    const k = emu.key('admin');
    const w = await manager.create({ name: 'Remote', endpoint: emu.url, accessKey: k.accessKey, secretKey: k.secretKey, activate: true });
    expect((await coordinator.run()).ok).toBe(true);
    expect(coordinator.status()).toMatchObject({ workspaceId: w.id, online: true, offlineReason: null, dataAsOf: T0, staleMs: 0, lastContactAt: T0 });

    await emu.close();
    clock.advance(3 * 3600_000);
    const failed = await coordinator.run();
    expect(failed.ok).toBe(false);
    const s = coordinator.status();
    expect(s).toMatchObject({ online: false, dataAsOf: T0, staleMs: 3 * 3600_000, lastContactAt: T0 });
    expect(s.offlineReason?.code).toBe('PLATFORM_UNREACHABLE');
    expect(s.resources.every((r) => r.lastError?.code === 'PLATFORM_UNREACHABLE' && r.lastAttemptAt === T0 + 3 * 3600_000)).toBe(true);

    // Switching back to the demo stops reporting the other workspace.
    await manager.activate('demo');
    expect(coordinator.status()).toMatchObject({ workspaceId: 'demo', online: null });
  });
});
