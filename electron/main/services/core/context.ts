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
  /** Late-bound parts other areas register (workspaces, sync scheduler, …), by typed key. */
  extensions: ServiceRegistry;
  /** Electron runtime version when hosted by Electron, else null. */
  electronVersion: string | null;
}

/**
 * The key of a late-bound service, carrying the type of what it stands for: registering or
 * reading a value of another type under it is a compile error (no string keys, no casts).
 */
export class ServiceKey<T> {
  /** Type only (never set): makes ServiceKey<A> and ServiceKey<B> different types. */
  declare private readonly type: (value: T) => T;
  constructor(readonly name: string) {}
}

/** The late-bound services of one context, each under its typed key. */
export class ServiceRegistry {
  private readonly values = new Map<object, unknown>();

  set<T>(key: ServiceKey<T>, value: T): void {
    this.values.set(key, value);
  }

  get<T>(key: ServiceKey<T>): T | undefined {
    // The only cast: set() stored a T under this key.
    return this.values.get(key) as T | undefined;
  }

  /** Whether anything is registered under `key` (any key: nothing is read). */
  has(key: object): boolean {
    return this.values.has(key);
  }

  delete(key: object): boolean {
    return this.values.delete(key);
  }
}

/** A late-bound service, with a clear error when the host did not provide it. */
export function extension<T>(ctx: ServiceContext, key: ServiceKey<T>): T {
  const v = ctx.extensions.get(key);
  if (v === undefined) throw new Error(`service extension '${key.name}' is not available in ${ctx.mode} mode`);
  return v;
}
