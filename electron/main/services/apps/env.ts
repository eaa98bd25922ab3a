/**
 * Everything the apps service modules use, taken from the ServiceContext once per call so the
 * modules themselves run under plain Node with whatever a test hands them.
 */
import type { RunMode } from '../../../../shared/contract/app';
import type { Clock } from '../core/clock';
import { osUserName } from '../core/os-user';
import type { ServiceContext } from '../core/context';
import type { EventBus } from '../core/events';
import type { SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import type { PlatformClient } from '../platform/client-types';
import { activeWorkspace, actingPlatform } from '../workspaces/active';
import { accessOf, type Access } from './access';
import { syncAppsNow } from './sync-trigger';

export interface AppsEnv {
  db: Db;
  clock: Clock;
  secrets: SecretStore;
  events: EventBus;
  access: Access;
  platform: PlatformClient | null;
  accessKey: string | null;
  mode: RunMode;
  /** Brings apps and activities up to date from the platform. */
  syncNow(signal: AbortSignal): Promise<void>;
  /** The OS account running the console, for the reveal record. */
  osUser(): string;
}

export function appsEnv(ctx: ServiceContext): AppsEnv {
  const ws = activeWorkspace(ctx);
  return {
    db: ws.db,
    clock: ctx.clock,
    secrets: ctx.secrets,
    events: ctx.events,
    access: accessOf(ctx),
    // Changes go out with the acting key (the demo's reviewer reviews with its own); syncs use the workspace's.
    platform: actingPlatform(ws),
    accessKey: ws.accessKey,
    mode: ctx.mode,
    syncNow: (signal) => syncAppsNow(ctx, signal),
    osUser: () => osUserName(),
  };
}
