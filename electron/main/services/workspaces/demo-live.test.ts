/**
 * The demo lives: its emulator's traffic goes on with the clock ('diurnal'), the background
 * sync picks it up every minute, and a restart later that day still finds the copy consistent
 * (the history it generates is what the running one appended), so nothing is fetched again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calls, type CallName, type CallOutput } from '../../../../shared/contract';
import { bootServices } from '../boot';
import { manualClock, type ManualClock } from '../core/clock';
import { createContext } from '../core/create-context';
import type { ServiceContext } from '../core/context';
import { memorySecretStore } from '../core/secrets';
import type { Handler } from '../core/dispatch';
import { DEMO_SYNC_INTERVAL_MINUTES, SYNC_EXTENSION, type SyncCoordinator } from '../sync/coordinator';
import { syncHandlers } from '../sync/handlers';
import { settingsRepo } from '../settings/settings-repo';
import { activeWorkspace } from './active';
import { demoStarter } from './demo-emulator';
import { workspacesHandlers } from './handlers';

// 10:00 in Shanghai: the morning rise, some 6 % of a day's calls an hour.
const T0 = Date.parse('2026-11-18T02:00:00Z');
const handlers = { ...syncHandlers, ...workspacesHandlers } as Record<string, Handler<CallName>>;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function boot(dir: string, clock: ManualClock) {
  const ctx: ServiceContext = createContext({ mode: 'cli', dataDir: dir, clock, secrets: memorySecretStore() });
  const booted = await bootServices(ctx, {
    testing: { startDemo: demoStarter({ daily: 600, apps: 3 }), client: { timeoutMs: 3000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } } },
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await booted.shutdown();
    ctx.consoleDb.close();
  };
  cleanups.push(close);
  const call = async <N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> =>
    calls[name].output.parse(await handlers[name]!(ctx, calls[name].input.parse(input) as never, new AbortController().signal)) as CallOutput<N>;
  return { ctx, call, close, coordinator: ctx.extensions.get(SYNC_EXTENSION) as SyncCoordinator };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'onetap-demo-live-'));
  cleanups.unshift(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

describe('the live demo', () => {
  it('grows while the console runs, the background sync brings it in, and a restart keeps the copy', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const clock = manualClock(T0);
    const a = await boot(dir, clock);
    expect((await a.call('sync.run', {})).ok).toBe(true);
    const records = async () => (await a.call('sync.status', {})).resources.find((r) => r.resource === 'records')!.cursor as number;
    const first = await records();
    expect((await a.call('sync.status', {})).intervalMinutes).toBe(DEMO_SYNC_INTERVAL_MINUTES);

    // Not yet due: nothing runs.
    clock.advance(30_000);
    await a.coordinator.backgroundTick();
    expect(await records()).toBe(first);

    // An hour later, at this hour: some 600 × 6 % ≈ 36 new records, fetched by the background run.
    clock.advance(60 * 60_000);
    await a.coordinator.backgroundTick();
    const second = await records();
    expect(second - first).toBeGreaterThan(15);
    expect(second - first).toBeLessThan(80);
    const status = await a.call('sync.status', {});
    expect(status.dataAsOf).toBe(clock.now());
    expect(status.staleMs).toBe(0);
    await a.close();

    // A restart later the same day: the copy still matches, so only the small resources are fetched afresh.
    clock.advance(60 * 60_000);
    const b = await boot(dir, clock);
    expect([...(activeWorkspace(b.ctx).refetch ?? [])]).not.toContain('records');
    const summary = await b.call('sync.run', {});
    expect(summary.ok).toBe(true);
    const after = (await b.call('sync.status', {})).resources.find((r) => r.resource === 'records')!.cursor as number;
    expect(after).toBeGreaterThan(second);
    expect(summary.resources.records!.written).toBe(after - second);
  });

  it('keeps background sync off on the demo when it is turned off in Settings', async () => {
    const clock = manualClock(T0);
    const a = await boot(tempDir(), clock);
    expect((await a.call('sync.status', {})).intervalMinutes).toBe(DEMO_SYNC_INTERVAL_MINUTES);
    settingsRepo(a.ctx.consoleDb).write({ syncIntervalMinutes: 0 });
    expect((await a.call('sync.status', {})).intervalMinutes).toBe(0);
  });
});
