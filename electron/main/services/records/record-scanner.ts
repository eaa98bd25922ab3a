/**
 * Keyset paging over the auth records matching a filter, newest first on (request_ms, seq), or
 * oldest first (`order: 'asc'`: the same indexes read forwards, the same day windows mirrored).
 *
 * Never OFFSET: a page starts strictly after the previous page's last row. What keeps a page
 * fast over millions of rows is the time WINDOW it scans: the per-day match counts (from the
 * rollups, see aggregate.ts) tell how far back the next `limit + 1` matches reach, so each
 * branch's index is read only over days that hold them, however rare the filter's matches are.
 */
import type { RecordItem } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { aggregate } from './aggregate';
import { archivesRepo } from '../archive/archives-repo';
import { appNamesById, loadApps } from './app-directory';
import { cursorFor, decodeCursor, encodeCursor, type Cursor } from './cursor';
import { carrierDecoder, toRecordItem, type RecordRow } from './record-item';
import { pageSql, type RecordOrder, type TimeBounds } from './record-sql';
import { recordsQuery } from './records-query';
import { resolveFilter, type ResolvedFilter } from './resolve-filter';

export interface RecordPage {
  items: RecordItem[];
  next: string | null;
}

export class RecordScanner {
  readonly filter: ResolvedFilter;
  private readonly appNames: ReadonlyMap<string, string>;
  private readonly decode = carrierDecoder();
  /** Matching records per Shanghai date, newest date first; computed once per scanner. */
  private days: { date: string; count: number }[] | null = null;

  constructor(
    private readonly db: Db,
    filter: RecordsFilter,
  ) {
    const apps = loadApps(db);
    this.filter = resolveFilter(filter, apps);
    this.appNames = appNamesById(apps);
  }

  private dayCounts(): { date: string; count: number }[] {
    this.days ??= aggregate(this.db, this.filter, ['date'], { callsOnly: true, recordsOnly: archivesRepo(this.db).droppedRanges() })
      .map((r) => ({ date: String(r.keys[0]), count: r.calls }))
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    return this.days;
  }

  /** Matching records per day in the order pages run: newest first, or oldest first. */
  private daysInOrder(order: RecordOrder): { date: string; count: number }[] {
    const days = this.dayCounts();
    return order === 'asc' ? [...days].reverse() : days;
  }

  /** Every record matching the filter. */
  total(): number {
    return this.dayCounts().reduce((n, d) => n + d.count, 0);
  }

  /** Bounds over whole days `a` … `b` (either order) inside the filter's range, with the cursor of `order`. */
  private bounds(a: string, b: string, cursor: Cursor | null, order: RecordOrder): TimeBounds {
    const f = this.filter;
    const [oldest, newest] = a <= b ? [a, b] : [b, a];
    return {
      lo: Math.max(startOfShanghaiDay(oldest), f.fromMs ?? Number.MIN_SAFE_INTEGER),
      hi: Math.min(startOfShanghaiDay(addDays(newest, 1)), f.toMs ?? Number.MAX_SAFE_INTEGER),
      before: order === 'desc' ? cursor : null,
      after: order === 'asc' ? cursor : null,
    };
  }

  /**
   * The time bounds that hold the next `need` matches after `after`: from the first day with
   * matches (in the page order) to the day where the running count reaches `need`. The cursor's
   * own day is partly served already, so its count does not add up (it is still scanned).
   */
  private window(after: Cursor | null, need: number, order: RecordOrder): TimeBounds | null {
    const cursorDate = after ? shanghaiDate(after.ms) : null;
    let first: string | null = null;
    let last: string | null = null;
    let acc = 0;
    for (const d of this.daysInOrder(order)) {
      if (cursorDate !== null && (order === 'asc' ? d.date < cursorDate : d.date > cursorDate)) continue;
      first ??= d.date;
      last = d.date;
      if (d.date !== cursorDate) acc += d.count;
      if (acc >= need) break;
    }
    if (first === null || last === null) return null;
    return this.bounds(first, last, after, order);
  }

  /**
   * The page that starts `offset` matches from the first (newest, or oldest), for jump-to-page:
   * the day counts say which day holds that match, so only that day's earlier matches are
   * stepped over (never the whole history before it), and the page carries the usual keyset
   * cursor onwards.
   */
  pageAt(limit: number, offset: number, order: RecordOrder = 'desc'): RecordPage {
    if (offset <= 0) return this.page(limit, null, order);
    if (this.filter.empty) return { items: [], next: null };
    let before = 0;
    let start: string | null = null;
    let last: string | null = null;
    let acc = 0;
    for (const d of this.daysInOrder(order)) {
      if (start === null) {
        if (before + d.count <= offset) {
          before += d.count;
          continue;
        }
        start = d.date;
      }
      last = d.date;
      acc += d.count;
      if (acc >= offset - before + limit + 1) break;
    }
    if (start === null || last === null) return { items: [], next: null };
    const skip = offset - before;
    const q = pageSql(this.filter, this.bounds(start, last, null, order), skip + limit + 1, order);
    const rows: RecordRow[] = [];
    let seen = 0;
    for (const r of recordsQuery(this.db).iterate<RecordRow>(q)) {
      if (seen++ < skip) continue;
      rows.push(r);
    }
    return this.finish(rows, limit, order);
  }

  /** One page of at most `limit` records after the cursor (none = the first: newest, or oldest). */
  page(limit: number, after: Cursor | null = null, order: RecordOrder = 'desc'): RecordPage {
    if (this.filter.empty) return { items: [], next: null };
    const bounds = this.window(after, limit + 1, order);
    if (!bounds) return { items: [], next: null };
    const q = pageSql(this.filter, bounds, limit + 1, order);
    const rows = recordsQuery(this.db).rows<RecordRow>(q);
    return this.finish(rows, limit, order);
  }

  private finish(rows: RecordRow[], limit: number, order: RecordOrder): RecordPage {
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    const last = kept[kept.length - 1];
    return {
      items: kept.map((r) => toRecordItem(r, this.appNames, this.decode)),
      next: more && last ? encodeCursor({ ms: last.request_ms, seq: last.seq, ...(order === 'asc' ? { asc: true } : {}) }) : null,
    };
  }
}

export interface SearchInput extends RecordsFilter {
  limit: number;
  after?: string | undefined;
  /** Matches to step over from the first (jump to a page); ignored when `after` is given. */
  offset?: number | undefined;
  /** Request-time order: newest first (default) or oldest first. */
  order?: RecordOrder | undefined;
}

/** `records.search`: one page and the total of all matches. */
export function searchRecords(db: Db, input: SearchInput): { total: number; items: RecordItem[]; next: string | null } {
  const { limit, after, offset, order = 'desc', ...filter } = input;
  const cursor = cursorFor(after, order);
  const scanner = new RecordScanner(db, filter);
  // Read both under one snapshot, so a sync committing in between cannot make them disagree.
  return db.transaction(() => {
    const page = cursor === null && offset ? scanner.pageAt(limit, offset, order) : scanner.page(limit, cursor, order);
    return { total: scanner.total(), ...page };
  })();
}

/** How many records match the filter (what `records.search` reports as `total`). */
export function countRecords(db: Db, filter: RecordsFilter): number {
  return new RecordScanner(db, filter).total();
}

export interface IterateOptions {
  /** Rows fetched per query; default 1000. */
  batchSize?: number;
  /** Stops the iteration between batches. */
  signal?: AbortSignal;
}

/**
 * Every record matching the filter, newest first, in batches of keyset pages: the order
 * `records.search` pages through. Each batch is its own short read, so a consumer that
 * writes a file between batches never holds the database. Throws the signal's reason when aborted.
 */
export function* iterateRecordBatches(db: Db, filter: RecordsFilter, opts: IterateOptions = {}): Generator<RecordItem[], void, undefined> {
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 1000));
  const scanner = new RecordScanner(db, filter);
  let after: Cursor | null = null;
  for (;;) {
    opts.signal?.throwIfAborted();
    const { items, next } = scanner.page(batchSize, after);
    if (items.length) yield items;
    if (next === null) return;
    after = decodeCursor(next);
  }
}

/** The same, one record at a time. */
export function* iterateRecords(db: Db, filter: RecordsFilter, opts: IterateOptions = {}): Generator<RecordItem, void, undefined> {
  for (const batch of iterateRecordBatches(db, filter, opts)) yield* batch;
}
