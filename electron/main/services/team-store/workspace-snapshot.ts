/**
 * A team store seen through the services that read a workspace database. The small tables (apps,
 * activities, usage, bills, packages, platform facts, sync state and every rollup grain; bounded
 * by days × apps, not by traffic) are loaded under one snapshot into an in-memory SQLite working
 * copy, so billing, reconciliation, app lists and statistics answer through the same handlers and
 * repositories as for a --db file. Raw records stay in PostgreSQL: the records handlers read them
 * there (ActiveWorkspace.teamStore).
 *
 * The same working copy is how the writer syncs the month- and snapshot-shaped resources (usage,
 * bills, packages, pricing, activities): the SQLite sync engine runs on the copy, then the tables
 * those resources own are stored back in one transaction under their writer locks.
 */
import type { SyncSummary } from '../../../../shared/contract/sync';
import { shanghaiDate } from '../../../../shared/time/shanghai';
import type { Clock } from '../core/clock';
import { memorySecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import type { PlatformClient } from '../platform/client-types';
import { historyRepo, type HistoryRow } from '../export/history-repo';
import { syncStateRepo } from '../store/sync-state-repo';
import { WORKSPACE_TABLES, workspaceTablesRepo } from '../store/workspace-tables-repo';
import { runSync } from '../sync/engine';
import { openWorkspaceDatabase } from '../workspaces/open-workspace-db';
import { RESOURCE_TABLES, type PgStore } from './pg-store';
import type { SyncProgress, SyncResource } from '../../../../shared/contract/sync';

/**
 * Days of ten-minute rollups a working copy holds, counting today: what the alert rules read at
 * most (a window of up to 24 hours, compared with up to 28 days before it: shared/contract/alerts.ts),
 * with a day to spare. Older slots are only ever read by a copy of the whole store (store migrate).
 */
export const SNAPSHOT_SLOT_DAYS = 31;

/** The first Shanghai day whose ten-minute rollups a working copy made at `now` holds. */
export function snapshotSlotsFrom(now: number): string {
  return shanghaiDate(now - (SNAPSHOT_SLOT_DAYS - 1) * 86_400_000);
}

/**
 * Loads the team store's workspace tables into `db` (an empty, migrated workspace) in one
 * transaction; the ten-minute rollups of the last SNAPSHOT_SLOT_DAYS days before `now` only
 * (every other table whole: they are bounded by days × apps).
 */
export async function loadWorkspaceSnapshot(store: PgStore, db: Db, now: number = Date.now()): Promise<void> {
  const tables = await store.workspaceTables({ slotsFrom: snapshotSlotsFrom(now) });
  const repo = workspaceTablesRepo(db);
  db.transaction(() => {
    for (const t of WORKSPACE_TABLES) repo.load(t, tables[t] ?? []);
  })();
}

/**
 * Copies the team store's export chain and history into `db` (a session's working copy), so the
 * export history, verify and the next export's conflict check read it as for a --db file. The
 * rows are the store's, seqs and all: the chain checks the same way.
 */
export async function loadExportHistory(store: PgStore, db: Db): Promise<void> {
  const { chain, rows } = await store.exportHistory();
  historyRepo(db).load(chain, rows as unknown as HistoryRow[]);
}

/** The resources synced through a working copy (apps and records have their own paged path). */
export const snapshotSyncResources = ['activities', 'usage', 'bills', 'packages', 'pricing'] as const satisfies readonly SyncResource[];

export interface SnapshotSyncOptions {
  store: PgStore;
  client: PlatformClient;
  clock: Clock;
  resources: readonly SyncResource[];
  signal: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
}

/**
 * Syncs `resources` (their writer locks already held) through a working copy and stores the
 * tables they own back. The copy is thrown away: a writer killed before the store-back leaves
 * the team store as it was, and the next run fetches those months again.
 */
export async function syncThroughSnapshot(opts: SnapshotSyncOptions): Promise<SyncSummary> {
  const db = openWorkspaceDatabase(':memory:');
  try {
    await loadWorkspaceSnapshot(opts.store, db, opts.clock.now());
    const summary = await runSync({
      db,
      client: opts.client,
      secrets: memorySecretStore(),
      clock: opts.clock,
      resources: opts.resources,
      signal: opts.signal,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    const repo = workspaceTablesRepo(db);
    const owned = new Set(opts.resources.flatMap((r) => RESOURCE_TABLES[r] ?? []));
    const tables = Object.fromEntries([...owned].map((t) => [t, repo.rows(t)]));
    await opts.store.storeWorkspaceTables(opts.resources, tables, syncStateRepo(db).all());
    return summary;
  } finally {
    db.close();
  }
}
