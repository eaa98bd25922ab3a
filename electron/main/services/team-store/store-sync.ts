/**
 * Sync of the cursor-paged feeds (apps, records) into any SyncStore — the path a PostgreSQL team
 * store is written by. The same rules as the SQLite engine's feed (sync/feed.ts, whose page judge
 * it reuses): each page and the cursor after it commit in one transaction, so a writer killed at
 * any moment leaves the store at a page boundary and the next writer resumes there exactly. The
 * writer lock is taken first and held for the whole run; a second writer is refused (or waits).
 */
import { ApiError } from '../../../../shared/contract/errors';
import { syncResources, type SyncProgress, type SyncResource, type SyncResourceSummary, type SyncSummary } from '../../../../shared/contract/sync';
import type { Clock } from '../core/clock';
import type { Page, PlatformClient } from '../platform/client-types';
import { defaultPageSizes } from '../sync/engine';
import { judgePage, MAX_STALLED_PAGES } from '../sync/feed';
import { PgStore } from './pg-store';
import type { AcquireOptions, SyncStore } from './store';
import { snapshotSyncResources, syncThroughSnapshot } from './workspace-snapshot';

/** The cursor-paged feeds, written page by page into the store. */
export const feedResources = ['apps', 'records'] as const;
/** Every resource a team store syncs: the feeds, then the rest through a working copy (workspace-snapshot.ts, PostgreSQL only). */
export const storeSyncResources = syncResources;
export type StoreSyncResource = SyncResource;

export interface StoreSyncOptions {
  store: SyncStore;
  client: PlatformClient;
  clock: Clock;
  resources?: readonly StoreSyncResource[];
  signal?: AbortSignal;
  lock?: AcquireOptions;
  pageSizes?: Partial<Record<(typeof feedResources)[number], number>>;
  onProgress?: (p: SyncProgress) => void;
  workspaceId?: string;
  /** The caller already holds the writer lock of every resource synced (a daemon holds it for its lifetime). */
  leaseHeld?: boolean;
}

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
}

export async function runStoreSync(opts: StoreSyncOptions): Promise<SyncSummary> {
  const { store, client, clock } = opts;
  const started = clock.now();
  const signal = opts.signal ?? new AbortController().signal;
  const every: readonly SyncResource[] = store instanceof PgStore ? storeSyncResources : feedResources;
  const wanted = every.filter((r) => !opts.resources || opts.resources.includes(r));
  const rest = wanted.filter((r) => (snapshotSyncResources as readonly string[]).includes(r));
  if (rest.length > 0 && !(store instanceof PgStore)) throw new Error(`${rest.join(', ')} sync into a SQLite workspace through the sync engine, not a store`);
  const summary: SyncSummary = { resources: {}, durationMs: 0, ok: true, cancelled: false };
  // Refused here (CONFLICT) before anything is fetched: the caller reports who holds the lock.
  const lease = opts.leaseHeld ? null : await store.acquireWriter(wanted, opts.lock);
  try {
    for (const resource of feedResources.filter((r) => wanted.includes(r))) {
      const emit = (phase: SyncProgress['phase'], done: number, message?: string): void =>
        opts.onProgress?.({
          workspaceId: opts.workspaceId ?? '',
          resource,
          phase,
          done,
          total: null,
          rowsPerSec: 0,
          etaSeconds: null,
          ...(message ? { message } : {}),
        });
      emit('start', 0);
      const tally = { fetched: 0, written: 0 };
      try {
        const limit = opts.pageSizes?.[resource] ?? defaultPageSizes[resource];
        const r: SyncResourceSummary =
          resource === 'records'
            ? await feed(
                store,
                'records',
                limit,
                (a, l, s) => client.authRecords(a, l, s),
                (x) => x.seq,
                (items, c) => store.commitRecordsPage(items, c),
                signal,
                tally,
                emit,
              )
            : await feed(
                store,
                'apps',
                limit,
                (a, l, s) => client.listApps(a, l, s),
                (x) => x.version,
                (items, c) => store.commitAppsPage(items, c, clock.now()),
                signal,
                tally,
                emit,
              );
        await store.succeeded(resource, clock.now());
        summary.resources[resource] = r;
        emit('done', r.fetched);
      } catch (e) {
        const err = signal.aborted ? new ApiError('CANCELLED', 'cancelled') : asApiError(e);
        summary.ok = false;
        if (err.code === 'CANCELLED') summary.cancelled = true;
        else await store.failed(resource, clock.now(), { code: err.code, message: err.message }).catch(() => undefined);
        const cursor = (await store.syncState(resource))?.cursor ?? null;
        summary.resources[resource] = { ...tally, cursor: cursor === null ? null : Number(cursor), error: { code: err.code, message: err.message } };
        emit('error', tally.fetched, err.message);
        if (err.code !== 'FORBIDDEN') break;
      }
    }
    if (rest.length > 0 && summary.ok && store instanceof PgStore) {
      const r = await syncThroughSnapshot({
        store,
        client,
        clock,
        resources: rest,
        signal,
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
      Object.assign(summary.resources, r.resources);
      summary.ok &&= r.ok;
      summary.cancelled ||= r.cancelled;
    }
  } finally {
    await lease?.release();
  }
  summary.durationMs = Math.max(0, clock.now() - started);
  return summary;
}

async function feed<T>(
  store: SyncStore,
  resource: StoreSyncResource,
  limit: number,
  fetchPage: (after: number, limit: number, signal: AbortSignal) => Promise<Page<T>>,
  keyOf: (item: T) => number,
  commit: (items: readonly T[], cursor: number) => Promise<number>,
  signal: AbortSignal,
  tally: { fetched: number; written: number },
  emit: (phase: SyncProgress['phase'], done: number) => void,
): Promise<SyncResourceSummary> {
  const start = Number((await store.syncState(resource))?.cursor ?? 0);
  if (!Number.isSafeInteger(start) || start < 0) throw new Error(`stored ${resource} cursor is not a position: ${start}`);
  const local = new AbortController();
  const onAbort = (): void => local.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const get = (after: number): Promise<Page<T>> => {
    const p = fetchPage(after, limit, local.signal);
    p.catch(() => undefined); // awaited below; an abandoned prefetch must not be "unhandled"
    return p;
  };
  let after = start;
  let stalled = 0;
  try {
    let inflight = get(after);
    for (;;) {
      const page = await inflight;
      const v = judgePage(resource, after, page, keyOf);
      stalled = v.next === after && v.more ? stalled + 1 : 0;
      if (stalled > MAX_STALLED_PAGES) throw new ApiError('PLATFORM_ERROR', `the platform's ${resource} feed does not advance past ${after}`);
      // The next page is fetched while this one is written: network and database overlap.
      if (v.more) inflight = get(v.next);
      if (signal.aborted) throw new ApiError('CANCELLED', 'cancelled');
      if (!v.replay) tally.fetched += page.items.length;
      if (page.items.length > 0 || v.next !== after) tally.written += await commit(page.items, v.next);
      after = v.next;
      emit('page', tally.fetched);
      if (!v.more) break;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    local.abort();
  }
  return { fetched: tally.fetched, written: tally.written, cursor: after };
}
