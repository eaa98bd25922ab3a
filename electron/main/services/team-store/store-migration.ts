/**
 * `onetap store migrate`: an existing SQLite workspace copied into a team store. Records go
 * through the store's own page commit (so PostgreSQL derives every rollup grain the way a sync
 * does), apps through the apps page, the other tables and every cursor as they are, and the
 * export history row for row with its seqs (its hash chain then verifies the same). At the end
 * the counts and the content digest of the records (content-digest.ts, `canonicalLine`), the
 * daily rollups, the other tables and the export history are compared between the two engines;
 * any difference fails the run.
 *
 * The target must hold no data, or an unfinished copy of the same file (a run cancelled or
 * killed half way): a rerun resumes it, since every step is idempotent (a record already stored
 * is skipped, newer app versions only, tables replaced, history appended after its last seq).
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../../../../shared/contract/errors';
import { syncResources } from '../../../../shared/contract/sync';
import type { PlatformApp, PlatformAuthRecord } from '../../../../shared/platform/schemas';
import type { Clock } from '../core/clock';
import { canonicalJson } from '../export/canonical-json';
import type { Db } from '../db/open';
import { historyRepo } from '../export/history-repo';
import { authRecordsRepo } from '../store/auth-records-repo';
import { canonicalLine, storedRecordsDigest, toPlatformRecord, type Digest } from '../store/content-digest';
import { contentDigestQuery } from '../store/content-digest-query';
import { rollupsRepo } from '../store/rollups-repo';
import { syncStateRepo } from '../store/sync-state-repo';
import { workspaceTablesRepo } from '../store/workspace-tables-repo';
import { RESOURCE_TABLES, type PgStore } from './pg-store';
import { sortRollups, type DailyRollup } from './store';

export interface MigrationProgress {
  phase: 'records' | 'apps' | 'tables' | 'history' | 'verify';
  done: number;
  total: number;
}

export interface StoreMigrationResult {
  source: string;
  resumed: boolean;
  records: Digest;
  apps: number;
  tables: Record<string, number>;
  exportHistory: number;
  rollupDays: number;
  durationMs: number;
}

export interface StoreMigrationOptions {
  db: Db;
  /** Names the source (its absolute path): a rerun of the same source resumes. */
  source: string;
  store: PgStore;
  clock: Clock;
  signal?: AbortSignal;
  pageSize?: number;
  onProgress?: (p: MigrationProgress) => void;
}

const COPIED_TABLES = [...new Set(Object.values(RESOURCE_TABLES).flat())];

function cancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ApiError('CANCELLED', 'cancelled: the copy so far is kept; run the same command again to resume it');
}

const rollupKey = (rows: DailyRollup[]): string => JSON.stringify(sortRollups(rows));

export async function migrateWorkspaceToStore(opts: StoreMigrationOptions): Promise<StoreMigrationResult> {
  const { db, store, source, clock, signal } = opts;
  const started = clock.now();
  const pageSize = opts.pageSize ?? 5000;
  const progress = (phase: MigrationProgress['phase'], done: number, total: number): void => opts.onProgress?.({ phase, done, total });
  const lease = await store.acquireWriter([...syncResources]);
  try {
    const mine = await store.storeMigration(source);
    if (mine?.finishedAt != null)
      throw new ApiError('CONFLICT', `${source} was already copied into this team store (${new Date(mine.finishedAt).toISOString()})`);
    if (!mine && (await store.holdsData())) {
      const others = await store.otherStoreMigrations(source);
      throw new ApiError(
        'CONFLICT',
        `the team store already holds data${others.length ? ` (copied from ${others.join(', ')})` : ''}: a workspace is copied into an empty store only. Create a new database for it.`,
      );
    }
    await store.markStoreMigration(source, started, null);

    // Records, oldest first, through the same page commit as a sync.
    const total = authRecordsRepo(db).count();
    let done = 0;
    let page: PlatformAuthRecord[] = [];
    const flush = async (): Promise<void> => {
      if (page.length === 0) return;
      await store.commitRecordsPage(page, page[page.length - 1]!.seq);
      done += page.length;
      page = [];
      progress('records', done, total);
      cancelled(signal);
    };
    progress('records', 0, total);
    for (const r of contentDigestQuery(db).records(0, Number.MAX_SAFE_INTEGER)) {
      page.push(toPlatformRecord(r));
      if (page.length >= pageSize) await flush();
    }
    await flush();

    // Apps: the stored platform app (its key is never copied: a shared store holds no app keys).
    const tables = workspaceTablesRepo(db);
    const appRows = tables.rows('apps');
    const apps = appRows.map((a) => ({ ...(JSON.parse(a.data as string) as Omit<PlatformApp, 'appKey'>), appKey: null }) as unknown as PlatformApp);
    const appsCursor = Number(syncStateRepo(db).get('apps')?.cursor ?? 0);
    if (apps.length > 0) await store.commitAppsPage(apps, appsCursor, clock.now());
    // The change history as the file holds it (every version seen, with when).
    const appVersions = tables.rows('app_versions');
    if (appVersions.length > 0) await store.storeAppVersions(appVersions);
    progress('apps', apps.length, apps.length);
    cancelled(signal);

    // The other tables and every resource's sync state, as they are.
    const copied = Object.fromEntries(COPIED_TABLES.map((t) => [t, tables.rows(t)]));
    await store.storeWorkspaceTables([...syncResources], copied, syncStateRepo(db).all());
    progress('tables', COPIED_TABLES.length, COPIED_TABLES.length);

    const history = historyRepo(db);
    const rows = history.all();
    await store.appendExportHistory(history.chainRow(), rows as unknown as Record<string, unknown>[]);
    progress('history', rows.length, rows.length);

    // Proof: the same content on both sides.
    progress('verify', 0, 1);
    const want = storedRecordsDigest(db);
    const h = createHash('sha256');
    let count = 0;
    for await (const r of store.canonicalRecords()) {
      h.update(canonicalLine(r)).update('\n');
      count++;
    }
    const got: Digest = { count, sha256: h.digest('hex') };
    const differences: string[] = [];
    if (got.count !== want.count || got.sha256 !== want.sha256)
      differences.push(`records: ${want.count} (${want.sha256.slice(0, 12)}) in the file, ${got.count} (${got.sha256.slice(0, 12)}) in the store`);
    const localRollups = rollupsRepo(db).dailyCells() as DailyRollup[];
    if (rollupKey(localRollups) !== rollupKey(await store.dailyRollups())) differences.push('daily rollups differ');
    // The proof reads no ten-minute rollups (they are checked through the daily ones): none are loaded.
    const snapshot = await store.workspaceTables({ slotsFrom: '9999-12-31' });
    const counts: Record<string, number> = {};
    for (const t of COPIED_TABLES) {
      counts[t] = copied[t]!.length;
      if ((snapshot[t] ?? []).length !== copied[t]!.length)
        differences.push(`${t}: ${copied[t]!.length} rows in the file, ${(snapshot[t] ?? []).length} in the store`);
    }
    if ((snapshot.apps ?? []).length !== appRows.length) differences.push(`apps: ${appRows.length} in the file, ${(snapshot.apps ?? []).length} in the store`);
    const versionKey = (rows: readonly Record<string, unknown>[]): string =>
      // jsonb keeps its own key order: the app data is compared as canonical JSON.
      JSON.stringify(rows.map((r) => [r.id, Number(r.version), Number(r.seen_at), canonicalJson(JSON.parse(String(r.data)))]).sort());
    if (versionKey(snapshot.app_versions ?? []) !== versionKey(appVersions))
      differences.push(`app_versions: ${appVersions.length} rows in the file, ${(snapshot.app_versions ?? []).length} in the store, or their content differs`);
    const storedHistory = await store.exportHistory();
    const pick = (r: Record<string, unknown>): string =>
      JSON.stringify([r.seq, r.export_id, r.created_at, r.manifest, r.manifest_hash, r.prev_hash, r.file_path]);
    if (JSON.stringify(storedHistory.rows.map(pick)) !== JSON.stringify((rows as unknown as Record<string, unknown>[]).map(pick)))
      differences.push('export history rows differ');
    if ((storedHistory.chain?.chain_id ?? null) !== (history.chainRow()?.chain_id ?? null)) differences.push('export chain id differs');
    if (differences.length > 0) throw new ApiError('INTERNAL', `the copy does not equal the workspace: ${differences.join('; ')}`);
    progress('verify', 1, 1);
    await store.markStoreMigration(source, clock.now(), { records: want.count, digest: want.sha256 });
    return {
      source,
      resumed: mine !== null,
      records: want,
      apps: appRows.length,
      tables: counts,
      exportHistory: rows.length,
      rollupDays: new Set(localRollups.map((r) => r.date)).size,
      durationMs: Math.max(0, clock.now() - started),
    };
  } finally {
    await lease.release();
  }
}
