/**
 * Alerts ride on sync without slowing it: booted services evaluate after each run (on a later
 * turn of the event loop), and a robot that never answers holds up neither the run nor the
 * evaluation; shutting down abandons its delivery.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { EventPayload } from '../../../../shared/contract';
import { bootServices } from '../boot';
import { manualClock } from '../core/clock';
import { extension } from '../core/context';
import { createContext } from '../core/create-context';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { SYNC_EXTENSION, type SyncCoordinator } from '../sync/coordinator';
import { demoStarter } from '../workspaces/demo-emulator';

it('evaluates after a sync run, and a hanging webhook delays neither', async () => {
  const held: ServerResponse[] = [];
  const hook = createServer((_req, res) => held.push(res));
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'onetap-alerts-sync-'));
  const ctx = createContext({ mode: 'browser', dataDir: dir, clock: manualClock(Date.parse('2026-11-16T10:00:00+08:00')) });
  const booted = await bootServices(ctx, {
    testing: {
      startDemo: demoStarter({ daily: 150, apps: 3 }),
      pageSizes: { records: 500 },
      alerts: { delivery: { attempts: 3, baseMs: 10, timeoutMs: 60_000 } },
    },
  });
  try {
    const call = (name: string, input: unknown = {}) => dispatch(handlers, ctx, name, input);
    await call('alerts.channelAdd', { kind: 'webhook', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, name: 'hang' });
    // The demo has apps waiting for review since well before today: that rule fires after the first sync.
    await call('alerts.ruleSet', { rule: 'reviewPending', channels: ['hang'], params: { workingDays: 0.1 } });
    const changed = new Promise<EventPayload<'alerts.changed'>>((resolve) =>
      ctx.events.subscribe((name, payload) => {
        const p = payload as EventPayload<'alerts.changed'>;
        if (name === 'alerts.changed' && p.fired.some((a) => a.rule === 'reviewPending')) resolve(p);
      }),
    );
    const summary = await extension<SyncCoordinator>(ctx, SYNC_EXTENSION).run();
    expect(summary.ok).toBe(true);
    const fired = await changed;
    // The robot has the request and has not answered: the run finished and the alerts are out regardless.
    await expect.poll(() => held.length).toBeGreaterThan(0);
    const alert = fired.fired.find((a) => a.rule === 'reviewPending')!;
    expect(alert.deliveries).toEqual([expect.objectContaining({ channel: 'hang', status: 'pending' })]);
    expect(alert.link.view).toBe('apps');
    const started = Date.now();
    await booted.shutdown();
    expect(Date.now() - started).toBeLessThan(5_000);
  } finally {
    await booted.shutdown();
    ctx.consoleDb.close();
    for (const r of held) r.destroy();
    hook.closeAllConnections();
    await new Promise<void>((r) => hook.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
