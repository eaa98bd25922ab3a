/**
 * "Changes go to the platform and come back by sync": after each change the apps service asks
 * for an apps + activities sync and waits for it. Normally through the sync coordinator (one
 * run at a time, progress events, online state). When the coordinator is busy with a long run
 * (a first sync of months of records), joining it would hold the change back until that run
 * ends, and the run may already be past apps; then the engine syncs just apps and activities
 * beside it — safe because every feed page is idempotent and committed with its cursor.
 * Tests may register their own trigger.
 */
import { ServiceKey, type ServiceContext } from '../core/context';
import { SYNC_EXTENSION } from '../sync/coordinator';
import { runSync } from '../sync/engine';
import { activeWorkspace } from '../workspaces/active';

export type AppsSync = (ctx: ServiceContext, signal: AbortSignal) => Promise<void>;

/** ctx.extensions key of an AppsSync that replaces the default (tests, special hosts). */
export const APPS_SYNC_EXTENSION = new ServiceKey<AppsSync>('apps.sync');

const APPS_RESOURCES = ['apps', 'activities'] as const;

export async function syncAppsNow(ctx: ServiceContext, signal: AbortSignal): Promise<void> {
  const custom = ctx.extensions.get(APPS_SYNC_EXTENSION);
  if (custom) return custom(ctx, signal);
  const coordinator = ctx.extensions.get(SYNC_EXTENSION);
  if (!coordinator) return; // no sync in this host: the pending change waits for the next sync
  const status = coordinator.status();
  const longRun = status.running && !!status.current?.resources.some((r) => !(APPS_RESOURCES as readonly string[]).includes(r));
  if (!longRun) {
    await coordinator.run([...APPS_RESOURCES]);
    return;
  }
  const ws = activeWorkspace(ctx);
  if (!ws.platform) return;
  await runSync({
    db: ws.db,
    client: ws.platform,
    secrets: ctx.secrets,
    clock: ctx.clock,
    workspaceId: ws.id,
    resources: [...APPS_RESOURCES],
    role: ws.role,
    signal,
  });
}
