/**
 * Keyset paging over the auth records matching a filter, newest first on (request_ms, seq).
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
import { decodeCursor, encodeCursor, type Cursor } from './cursor';
import { carrierDecoder, toRecordItem, type RecordRow } from './record-item';
import { pageSql, type TimeBounds } from './record-sql';
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

  /** Every record matching the filter. */
  total(): number {
    return this.dayCounts().reduce((n, d) => n + d.count, 0);
  }

  /**
   * The time bounds that hold the next `need` matches after `after`: from the newest day with
   * matches to the day where the running count reaches `need`. The cursor's own day is partly
   * served already, so its count does not add up (it is still scanned).
   */
  private window(after: Cursor | null, need: number): TimeBounds | null {
    const f = this.filter;
    const cursorDate = after ? shanghaiDate(after.ms) : null;
    let newest: string | null = null;
    let oldest: string | null = null;
    let acc = 0;
    for (const d of this.dayCounts()) {
      if (cursorDate !== null && d.date > cursorDate) continue;
      newest ??= d.date;
      oldest = d.date;
      if (d.date !== cursorDate) acc += d.count;
      if (acc >= need) break;
    }
    if (newest === null || oldest === null) return null;
    const lo = Math.max(startOfShanghaiDay(oldest), f.fromMs ?? Number.MIN_SAFE_INTEGER);
    const hi = Math.min(startOfShanghaiDay(addDays(newest, 1)), f.toMs ?? Number.MAX_SAFE_INTEGER);
    return { lo, hi, before: after };
  }

  /**
   * The page that starts `offset` matches from the newest, for jump-to-page: the day counts say
   * which day holds that match, so only that day's earlier matches are stepped over (never the
   * whole history before it), and the page carries the usual keyset cursor onwards.
   */
  pageAt(limit: number, offset: number): RecordPage {
    if (offset <= 0) return this.page(limit);
    if (this.filter.empty) return { items: [], next: null };
    let before = 0;
    let start: string | null = null;
    let oldest: string | null = null;
    let acc = 0;
    for (const d of this.dayCounts()) {
      if (start === null) {
        if (before + d.count <= offset) {
          before += d.count;
          continue;
        }
        start = d.date;
      }
      oldest = d.date;
      acc += d.count;
      if (acc >= offset - before + limit + 1) break;
    }
    if (start === null || oldest === null) return { items: [], next: null };
    const f = this.filter;
    const skip = offset - before;
    const bounds: TimeBounds = {
      lo: Math.max(startOfShanghaiDay(oldest), f.fromMs ?? Number.MIN_SAFE_INTEGER),
      hi: Math.min(startOfShanghaiDay(addDays(start, 1)), f.toMs ?? Number.MAX_SAFE_INTEGER),
      before: null,
    };
    const q = pageSql(f, bounds, skip + limit + 1);
    const rows: RecordRow[] = [];
    let seen = 0;
    for (const r of recordsQuery(this.db).iterate<RecordRow>(q)) {
      if (seen++ < skip) continue;
      rows.push(r);
    }
    return this.finish(rows, limit);
  }

  /** One page of at most `limit` records after the cursor (none = the newest). */
  page(limit: number, after: Cursor | null = null): RecordPage {
    if (this.filter.empty) return { items: [], next: null };
    const bounds = this.window(after, limit + 1);
    if (!bounds) return { items: [], next: null };
    const q = pageSql(this.filter, bounds, limit + 1);
    const rows = recordsQuery(this.db).rows<RecordRow>(q);
    return this.finish(rows, limit);
  }

  private finish(rows: RecordRow[], limit: number): RecordPage {
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    const last = kept[kept.length - 1];
    return {
      items: kept.map((r) => toRecordItem(r, this.appNames, this.decode)),
      next: more && last ? encodeCursor({ ms: last.request_ms, seq: last.seq }) : null,
    };
  }
}

export interface SearchInput extends RecordsFilter {
  limit: number;
  after?: string | undefined;
  /** Matches to step over from the newest (jump to a page); ignored when `after` is given. */
  offset?: number | undefined;
}

/** `records.search`: one page and the total of all matches. */
export function searchRecords(db: Db, input: SearchInput): { total: number; items: RecordItem[]; next: string | null } {
  const { limit, after, offset, ...filter } = input;
  const cursor = after !== undefined ? decodeCursor(after) : null;
  const scanner = new RecordScanner(db, filter);
  // Read both under one snapshot, so a sync committing in between cannot make them disagree.
  return db.transaction(() => {
    const page = cursor === null && offset ? scanner.pageAt(limit, offset) : scanner.page(limit, cursor);
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
