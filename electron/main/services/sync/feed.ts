/**
 * A cursor-paged feed (apps by version, activities and records by seq). Each page and the
 * cursor after it are committed in one transaction, so a crash at any moment leaves the
 * database at a page boundary: the next run resumes there, with no duplicates (inserts are
 * idempotent besides) and no gaps (the cursor never passes a row not committed). The next
 * page is fetched while the current one is written, so network and disk overlap.
 */
import { ApiError } from '../../../../shared/contract/errors';
import type { Db } from '../db/open';
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
  /** Replace the local copy: start from the beginning and run this inside the first page's transaction. */
  discard?: () => void;
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
  // Aborts the prefetch when this feed stops early (failure, cancel), without touching the caller's signal.
  const local = new AbortController();
  const onAbort = (): void => local.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const fetchPage = (after: number): Promise<FeedPage<B>> => {
    const p = spec.fetchPage(after, spec.limit, local.signal);
    p.catch(() => undefined); // awaited below; a prefetch abandoned after a failure must not be "unhandled"
    return p;
  };
  const commit = db.transaction((items: B, cursor: number): number => {
    if (discard) {
      discard();
      discard = undefined;
    }
    const written = spec.write(items);
    state.advance(spec.resource, String(cursor), written);
    return written;
  });

  let after = start;
  let fetched = 0;
  let written = 0;
  let stalled = 0;
  try {
    let inflight = fetchPage(after);
    for (;;) {
      const page = await inflight;
      const positions = spec.positions(page.items);
      const v = judgePositions(spec.resource, after, positions, page);
      stalled = v.next === after && v.more ? stalled + 1 : 0;
      if (stalled > MAX_STALLED_PAGES) {
        throw new ApiError('PLATFORM_ERROR', `the platform's ${spec.resource} feed does not advance past ${after}`, { detail: { stalled } });
      }
      if (v.more) {
        inflight = fetchPage(v.next);
        // Let the request reach the wire before the synchronous commit below holds the thread:
        // otherwise the platform only starts on the next page once this one is written.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (signal.aborted) throw new ApiError('CANCELLED', 'cancelled');
      if (!v.replay) fetched += positions.length;
      // A page that brings nothing and does not move the cursor has nothing to commit: a resync writes nothing.
      if (positions.length > 0 || v.next !== after || discard) written += commit.immediate(page.items, v.next);
      after = v.next;
      onPage(fetched, written);
      if (!v.more) break;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    local.abort();
  }
  return { fetched, written, cursor: after };
}
