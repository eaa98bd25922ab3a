/**
 * A cursor-paged feed (apps by version, activities and records by seq). Pages and the cursor
 * after the last of them are committed in one transaction, so a crash at any moment leaves the
 * database at a page boundary: the next run resumes there, with no duplicates (inserts are
 * idempotent besides) and no gaps (the cursor never passes a row not committed). Pages are
 * fetched ahead while earlier ones are written, so network and disk overlap: into a bounded queue
 * of ready pages (one page for a feed written page by page). A feed that can write several pages
 * at once (writeGroup: the records, whose rollup keys are then upserted once per transaction, not
 * once per page) has the pages it finds ready written together, up to groupPages of them.
 */
import { ApiError } from '../../../../shared/contract/errors';
import type { Db } from '../db/open';
import { walCheckpointer, type WalCheckpointOptions } from '../db/wal-checkpointer';
import type { Page } from '../platform/client-types';
import type { SyncStateRepo } from '../store/sync-state-repo';

/** A page as the feed sees it: its items in any form (an array, a prepared batch) and where the feed goes on. */
export interface FeedPage<B> {
  items: B;
  next: number;
  hasMore: boolean;
}

export interface FeedSpec<B> {
  resource: string;
  limit: number;
  fetchPage(after: number, limit: number, signal: AbortSignal): Promise<FeedPage<B>>;
  /** The items' positions in the feed (seq or version), in page order, to check the page keeps the feed's order. */
  positions(items: B): ArrayLike<number>;
  /** Stores the page's items; returns rows written. Runs inside the page's transaction. */
  write(items: B): number;
  /**
   * Stores several pages' items, in feed order, in one transaction; returns rows written. Must store
   * exactly what write() page by page would. When given, up to groupPages ready pages are written together.
   */
  writeGroup?: (items: readonly B[]) => number;
  /** At most this many pages in one transaction, and ready ahead of the writer (with writeGroup; else 1). */
  groupPages?: number;
  /** Replace the local copy: start from the beginning and run this inside the first page's transaction. */
  discard?: () => void;
  /** When the WAL's checkpoint thread starts and the WAL's bound (default WAL_CHECKPOINT_DEFAULTS). */
  walCheckpoint?: WalCheckpointOptions;
}

export interface FeedResult {
  fetched: number;
  written: number;
  cursor: number;
}

/** How many pages in a row may fail to move the cursor before the feed is declared stuck. */
export const MAX_STALLED_PAGES = 8;

export interface PageVerdict {
  /** Where the next page starts: never behind the cursor. */
  next: number;
  /** Whether to ask for another page. A replayed page's "no more" is not believed. */
  more: boolean;
  /** The page lies entirely at or before the cursor: an old page served again. */
  replay: boolean;
}

/**
 * Judges a page against the cursor it was asked for. A page may be served twice (a retry
 * through a proxy, the platform's own replay): its items are already stored, inserting them
 * again changes nothing, and the cursor must not move back — so such a page is accepted but
 * not believed about what comes after it. Items out of order are refused: better to fail the
 * page and commit nothing than to commit a gap.
 */
export function judgePage<T>(resource: string, after: number, page: Page<T>, keyOf: (item: T) => number): PageVerdict {
  return judgePositions(resource, after, page.items.map(keyOf), page);
}

/** judgePage for a page given by its items' positions. */
export function judgePositions(resource: string, after: number, positions: ArrayLike<number>, page: { next: number; hasMore: boolean }): PageVerdict {
  const bad = (why: string): never => {
    throw new ApiError('PLATFORM_ERROR', `the platform's ${resource} page after ${after} is inconsistent: ${why}`, { detail: { schema: true } });
  };
  let prev = -1;
  for (let i = 0; i < positions.length; i++) {
    const k = positions[i]!;
    if (k <= prev) bad(`position ${k} does not follow ${prev}`);
    prev = k;
  }
  if (positions.length > 0 && page.next < prev) bad(`next cursor ${page.next} is behind its last item ${prev}`);
  const replay = positions.length > 0 && prev <= after;
  const next = Math.max(after, page.next);
  return { next, more: page.hasMore || replay, replay };
}

/** A page fetched and judged, waiting for the writer. */
interface ReadyPage<B> {
  items: B;
  /** How many items it brings (its positions). */
  count: number;
  /** The cursor after it. */
  next: number;
  replay: boolean;
  /** It brings items or moves the cursor: it has something to commit. */
  commits: boolean;
}

export async function syncFeed<B>(
  db: Db,
  state: SyncStateRepo,
  spec: FeedSpec<B>,
  signal: AbortSignal,
  onPage: (fetched: number, written: number) => void,
): Promise<FeedResult> {
  let discard = spec.discard;
  const start = discard ? 0 : Number(state.get(spec.resource)?.cursor ?? 0);
  if (!Number.isSafeInteger(start) || start < 0) throw new Error(`stored ${spec.resource} cursor is not a position: ${start}`);
  const writeGroup = spec.writeGroup;
  // Ready pages held at most (and written together at most): the memory held is bounded by it.
  const depth = writeGroup ? Math.max(1, Math.floor(spec.groupPages ?? 1)) : 1;
  // Aborts the prefetch when this feed stops early (failure, cancel), without touching the caller's signal.
  const local = new AbortController();
  const commit = db.transaction((pages: readonly ReadyPage<B>[], cursor: number): number => {
    if (discard) {
      discard();
      discard = undefined;
    }
    const written = writeGroup ? writeGroup(pages.map((p) => p.items)) : pages.reduce((n, p) => n + spec.write(p.items), 0);
    state.advance(spec.resource, String(cursor), written);
    return written;
  });

  // The reader: fetches and judges pages in feed order into the queue while it has room; the writer
  // (below) takes them. A failure is kept for the writer, which first commits the good pages before it.
  const queue: ReadyPage<B>[] = [];
  let readAfter = start;
  let stalled = 0;
  let reading = false;
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  // A cancel wakes the writer too, even while a request that ignores its signal is still out.
  const onAbort = (): void => {
    local.abort();
    notify();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const read = async (): Promise<void> => {
    try {
      while (queue.length < depth && !ended) {
        const page = await spec.fetchPage(readAfter, spec.limit, local.signal);
        if (local.signal.aborted) break;
        const positions = spec.positions(page.items);
        const v = judgePositions(spec.resource, readAfter, positions, page);
        stalled = v.next === readAfter && v.more ? stalled + 1 : 0;
        if (stalled > MAX_STALLED_PAGES) {
          throw new ApiError('PLATFORM_ERROR', `the platform's ${spec.resource} feed does not advance past ${readAfter}`, { detail: { stalled } });
        }
        // A page that brings nothing and does not move the cursor has nothing to commit: a resync writes nothing.
        queue.push({ items: page.items, count: positions.length, next: v.next, replay: v.replay, commits: positions.length > 0 || v.next !== readAfter });
        readAfter = v.next;
        if (!v.more) ended = true;
        notify();
      }
    } catch (e) {
      failure = { error: e };
      notify();
    } finally {
      reading = false;
    }
  };
  /** Starts the reader when the queue has room (the request goes out now, before the writer's next commit holds the thread). */
  const pump = (): void => {
    if (reading || ended || failure || local.signal.aborted) return;
    reading = true;
    void read();
  };

  let after = start;
  let fetched = 0;
  let written = 0;
  // The WAL's checkpoints on another thread, not inside this thread's commits (db/wal-checkpointer.ts).
  const wal = walCheckpointer(db, spec.walCheckpoint);
  try {
    for (;;) {
      while (queue.length === 0) {
        if (signal.aborted) throw new ApiError('CANCELLED', 'cancelled');
        if (failure) throw (failure as { error: unknown }).error;
        if (ended) return { fetched, written, cursor: after };
        pump();
        await new Promise<void>((resolve) => (wake = resolve));
      }
      // Let the reader take the pages already at hand first (the page worker sends the pages it has
      // read ahead with the one asked for), so that they are written together.
      if (queue.length < depth) {
        pump();
        if (reading) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const group = queue.splice(0, depth);
      pump();
      // Let the request reach the wire before the synchronous commit below holds the thread:
      // otherwise the platform only starts on the next page once these are written.
      if (reading) await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal.aborted) throw new ApiError('CANCELLED', 'cancelled');
      for (const p of group) if (!p.replay) fetched += p.count;
      const cursor = group[group.length - 1]!.next;
      const stored = group.filter((p) => p.commits);
      if (stored.length > 0 || discard) {
        written += commit.immediate(stored, cursor);
        await wal.afterCommit();
      }
      after = cursor;
      onPage(fetched, written);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    local.abort();
    notify();
    await wal.close();
  }
}
