import type { RunMode } from '../../../../shared/contract/app';
import type { Db } from '../db/open';
import type { Clock } from './clock';
import type { EventBus } from './events';
import type { SecretStore } from './secrets';

/**
 * Everything a service may use, handed in by the door that hosts it (Electron shell, browser
 * host, CLI, or a test). Services never reach for globals or for 'electron'.
 */
export interface ServiceContext {
  mode: RunMode;
  version: string;
  dataDir: string;
  clock: Clock;
  events: EventBus;
  secrets: SecretStore;
  /** The console database: settings and workspaces. */
  consoleDb: Db;
  /** Late-bound parts other areas register (workspaces, sync scheduler, …). */
  extensions: Map<string, unknown>;
  /** Electron runtime version when hosted by Electron, else null. */
  electronVersion: string | null;
}

/** Typed access to a late-bound extension, with a clear error when the host did not provide it. */
export function extension<T>(ctx: ServiceContext, key: string): T {
  const v = ctx.extensions.get(key);
  if (v === undefined) throw new Error(`service extension '${key}' is not available in ${ctx.mode} mode`);
  return v as T;
}
