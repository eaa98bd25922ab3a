/**
 * Starts what the services need beyond the console database: the workspace registry (with
 * the demo emulator in-process when the demo is active or nothing else is configured), the
 * sync coordinator, and background sync for the doors that stay up. Each door calls it once.
 */
import type { ServiceContext } from './core/context';
import type { PlatformConnection } from './platform/http-client';
import type { RetryPolicy } from './platform/retry';
import { historyRepo } from './export/history-repo';
import { sweepStaleParts } from './export/stale-parts';
import { EXPORT_PLATFORM_SECRET_EXTENSION, type PlatformSecretProvider } from './export/signing-keys';
import { ALERTS_EXTENSION, AlertsService, type AlertsServiceOptions } from './alerts/service';
import { retentionAfterSync } from './archive/retention';
import { SYNC_EXTENSION, SyncCoordinator } from './sync/coordinator';
import type { SyncRunOptions } from './sync/engine';
import { WORKSPACES_EXTENSION } from './workspaces/active';
import type { DemoStarter } from './workspaces/demo';
import { startDemoEmulator } from './workspaces/demo-emulator';
import { WorkspaceManager } from './workspaces/registry';

/** How a door asks for the services to start: which data, which platform connection. */
export interface BootOptions {
  /** Use this workspace database file instead of the saved workspaces (CLI/browser --db). */
  dbFile?: string;
  /** Connection from flags or environment (never persisted outside Electron). */
  connection?: PlatformConnection;
  /** Start background sync (the doors that stay up: Electron and the browser host). */
  backgroundSync?: boolean;
  /** Tests: another demo emulator, client timeouts and retries, sync page sizes. */
  testing?: {
    startDemo?: DemoStarter;
    client?: { timeoutMs?: number; retry?: Partial<RetryPolicy> };
    pageSizes?: SyncRunOptions['pageSizes'];
    alerts?: AlertsServiceOptions;
  };
}

export interface Booted {
  /** Stops timers, the embedded demo emulator, and closes databases. */
  shutdown(): Promise<void>;
}

export async function bootServices(ctx: ServiceContext, opts: BootOptions = {}): Promise<Booted> {
  const manager = new WorkspaceManager(ctx, {
    startDemo: opts.testing?.startDemo ?? startDemoEmulator,
    ...(opts.connection ? { connection: opts.connection } : {}),
    ...(opts.dbFile ? { dbFile: opts.dbFile } : {}),
    ...(opts.testing?.client ? { client: opts.testing.client } : {}),
  });
  await manager.init();
  ctx.extensions.set(WORKSPACES_EXTENSION, manager);
  // Exports killed mid-way (kill -9, a crash) left hidden .part files: remove them.
  let exported: string[] = [];
  try {
    exported = historyRepo(manager.active().db).exportedPaths();
  } catch {
    // no active workspace: only the data folder's exports are swept
  }
  sweepStaleParts(ctx.dataDir, exported);
  // Export manifests are signed with a key derived from the workspace's platform secret when the
  // secret store cannot keep a key of its own (browser host, CLI, Linux without a keyring).
  const platformSecret: PlatformSecretProvider = (ws) => manager.platformSecret(ws.id);
  ctx.extensions.set(EXPORT_PLATFORM_SECRET_EXTENSION, platformSecret);
  const alerts = new AlertsService(ctx, opts.testing?.alerts);
  ctx.extensions.set(ALERTS_EXTENSION, alerts);
  const coordinator = new SyncCoordinator(ctx, {
    onRole: (id, role) => manager.rememberRole(id, role),
    onRunEnded: () => {
      alerts.syncEnded();
      retentionAfterSync(ctx);
    },
    ...(opts.testing?.pageSizes ? { tuning: { pageSizes: opts.testing.pageSizes } } : {}),
  });
  ctx.extensions.set(SYNC_EXTENSION, coordinator);
  // A team workspace never syncs here, so on a console that keeps evaluating (the timer runs) nothing
  // but the next tick would look at it after the console starts on it or switches to it: its data is
  // loaded when it opens, so its rules are evaluated once right then (as when new data arrives).
  const evaluateOpenedTeam = (): void => {
    if (!opts.backgroundSync) return;
    let kind: string;
    try {
      kind = manager.active().kind;
    } catch {
      return; // still opening: the switch that completes it comes back here
    }
    if (kind === 'team') alerts.teamDataArrived();
  };
  manager.onSwitch = () => {
    coordinator.workspaceSwitched();
    evaluateOpenedTeam();
  };
  manager.onTeamChanged = () => coordinator.emitState();
  // A team workspace never syncs here: the writer's new data arriving in a new working copy is its sync's end.
  manager.onTeamData = () => alerts.teamDataArrived();
  if (opts.backgroundSync) {
    coordinator.startBackground();
    alerts.start();
    evaluateOpenedTeam();
  }
  let down = false;
  return {
    async shutdown() {
      if (down) return;
      down = true;
      await coordinator.stop();
      await alerts.stop();
      await manager.close();
      ctx.extensions.delete(SYNC_EXTENSION);
      ctx.extensions.delete(ALERTS_EXTENSION);
      ctx.extensions.delete(WORKSPACES_EXTENSION);
      ctx.extensions.delete(EXPORT_PLATFORM_SECRET_EXTENSION);
    },
  };
}
