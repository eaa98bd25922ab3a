/**
 * The embedded SQLite workspace behind the async store interface: the same repositories the sync
 * engine uses (auth-records, apps, sync-state) and the same records search, so one store test
 * suite runs against both engines. One process owns a SQLite file (the sync coordinator runs one
 * sync at a time; SQLite's BEGIN IMMEDIATE serialises writers), so the writer lease is local.
 */
import type { SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import { searchRecords, type SearchInput } from '../records/record-scanner';
import { appsRepo, appsWriter } from '../store/apps-repo';
import { authRecordsRepo, authRecordsWriter } from '../store/auth-records-repo';
import { syncStateRepo, type SyncErrorInfo } from '../store/sync-state-repo';
import { rollupsRepo } from '../store/rollups-repo';
import type { PlatformApp, PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { ApiError } from '../../../../shared/contract/errors';
import { sortRollups, type AcquireOptions, type DailyRollup, type SyncStore, type WriterLease } from './store';

export function sqliteStore(db: Db, secrets: SecretStore): SyncStore {
  const state = syncStateRepo(db);
  const records = authRecordsWriter(db);
  const apps = appsWriter(db, secrets);
  const held = new Set<string>();
  const commitRecords = db.transaction((items: readonly PlatformAuthRecord[], cursor: number): number => {
    const w = records.insert(items);
    state.advance('records', String(cursor), w);
    return w;
  });
  const commitApps = db.transaction((items: readonly PlatformApp[], cursor: number, seenAt: number): number => {
    const w = apps.upsert(items, seenAt);
    state.advance('apps', String(cursor), w);
    return w;
  });
  return {
    engine: 'sqlite',
    async acquireWriter(resources: readonly string[], _opts?: AcquireOptions): Promise<WriterLease> {
      const busy = resources.find((r) => held.has(r));
      if (busy) throw new ApiError('CONFLICT', `another writer is syncing ${busy} into this workspace`);
      for (const r of resources) held.add(r);
      return {
        resources: [...resources],
        release: async () => {
          for (const r of resources) held.delete(r);
        },
      };
    },
    syncState: async (resource) => state.get(resource),
    syncStates: async () => state.all(),
    commitRecordsPage: async (items, cursor) => commitRecords.immediate(items, cursor),
    commitAppsPage: async (items, cursor, seenAt) => commitApps.immediate(items, cursor, seenAt),
    succeeded: async (resource, at) => state.succeeded(resource, at),
    failed: async (resource, at, error: SyncErrorInfo) => state.failed(resource, at, error),
    searchRecords: async (input: SearchInput) => searchRecords(db, input),
    dailyRollups: async () => sortRollups(rollupsRepo(db).dailyCells() as DailyRollup[]),
    countRecords: async () => authRecordsRepo(db).count(),
    appVersions: async () => appsRepo(db).versions(),
    close: async () => {
      db.close();
    },
  };
}
