/** A restore in a host that syncs: the running sync is stopped first, and none starts until the restore is done. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { BackupProgress } from '../../../../shared/contract/backup';
import { bootServices } from '../boot';
import { manualClock } from '../core/clock';
import { extension, type ServiceContext } from '../core/context';
import { createContext } from '../core/create-context';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { SYNC_EXTENSION } from '../sync/coordinator';
import { activeWorkspace } from '../workspaces/active';
import { demoStarter } from '../workspaces/demo-emulator';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

it('holds the sync while a backup is restored, then syncs again from the restored cursors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'onetap-restore-'));
  const ctx: ServiceContext = createContext({ mode: 'cli', dataDir: dir, clock: manualClock(Date.parse('2026-11-15T04:00:00Z')) });
  const booted = await bootServices(ctx, {
    testing: {
      startDemo: demoStarter({ daily: 300, apps: 3 }),
      client: { timeoutMs: 2000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } },
      pageSizes: { records: 500 },
    },
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(async () => {
    await booted.shutdown();
    ctx.consoleDb.close();
  });
  const coordinator = extension(ctx, SYNC_EXTENSION);
  const db = activeWorkspace(ctx).db;
  const count = () => db.prepare('SELECT count(*) FROM auth_records').pluck().get() as number;

  expect((await coordinator.run()).ok).toBe(true);
  const synced = count();
  expect(synced).toBeGreaterThan(1000);
  await dispatch(handlers, ctx, 'backup.create', { backupId: 'after-first-sync' });
  db.exec('DELETE FROM auth_records WHERE seq % 2 = 0');

  // A sync is running when the restore is asked for; another is asked for while it restores.
  const running = coordinator.run();
  let refused: Promise<unknown> | null = null;
  let refusal: unknown = null;
  const stop = ctx.events.subscribe((name, p) => {
    if (name === 'backup.progress' && (p as BackupProgress).phase === 'restore' && !refused) refused = coordinator.run().catch((e: unknown) => (refusal = e));
  });
  const restored = await dispatch(handlers, ctx, 'backup.restore', { backupId: 'after-first-sync' });
  stop();
  expect(restored).toMatchObject({ restored: { backupId: 'after-first-sync', records: synced } });
  await running;
  expect(refused).not.toBeNull();
  await refused;
  expect(refusal).toMatchObject({ code: 'CONFLICT' });
  expect(coordinator.status().running).toBe(false);
  expect(count()).toBe(synced);

  // The restored sync state says where the store stands: the next run finds nothing new to write.
  const next = await coordinator.run();
  expect(next.ok).toBe(true);
  expect(next.resources.records?.written ?? 0).toBe(0);
  expect(count()).toBe(synced);
});
