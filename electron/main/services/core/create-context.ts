import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMode } from '../../../../shared/contract/app';
import { openDatabase, tightenMode } from '../db/open';
import { consoleMigrations } from '../db/migrations';
import { systemClock, type Clock } from './clock';
import { ServiceRegistry, type ServiceContext } from './context';
import { EventBus } from './events';
import { memorySecretStore, type SecretStore } from './secrets';
import { appVersion } from './version';

export interface ContextOptions {
  mode: RunMode;
  dataDir: string;
  clock?: Clock;
  secrets?: SecretStore;
  electronVersion?: string | null;
  nativeBinding?: string;
  /** Keep the console database in memory and leave the data dir alone (one-shot CLI reads of a --db file). */
  inMemory?: boolean;
}

/** Opens (creating if needed) the data dir and console database, and returns a context. */
export function createContext(opts: ContextOptions): ServiceContext {
  if (!opts.inMemory) {
    // The data folder holds PII (records, phones in sync state): its owner's only.
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    tightenMode(opts.dataDir, 0o700);
  }
  const consoleDb = openDatabase(opts.inMemory ? ':memory:' : join(opts.dataDir, 'console.db'), {
    migrations: consoleMigrations,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  return {
    mode: opts.mode,
    version: appVersion(),
    dataDir: opts.dataDir,
    clock: opts.clock ?? systemClock,
    events: new EventBus(),
    secrets: opts.secrets ?? memorySecretStore(),
    consoleDb,
    extensions: new ServiceRegistry(),
    electronVersion: opts.electronVersion ?? null,
  };
}
