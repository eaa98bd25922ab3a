/**
 * One sync run: learns the key's role, then brings each resource up to date in order —
 * apps, activities, records (cursor-paged feeds), usage and bills (by month), packages and
 * pricing (snapshots). Every write goes through a transaction that also moves the resource's
 * cursor, so the run can be cancelled or killed at any moment and resumed exactly.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { syncResources, type SyncProgress, type SyncResource, type SyncResourceSummary, type SyncSummary } from '../../../../shared/contract/sync';
import type { Role } from '../../../../shared/platform/domain';
import { shanghaiMonth } from '../../../../shared/time/shanghai';
import type { Clock } from '../core/clock';
import type { SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import type { WalCheckpointOptions } from '../db/wal-checkpointer';
import type { PlatformClient } from '../platform/client-types';
import { roleAllows, type PlatformOperation } from '../platform/roles';
import { activitiesWriter } from '../store/activities-repo';
import { appsRepo, appsWriter } from '../store/apps-repo';
import { authRecordsWriter } from '../store/auth-records-repo';
import { billsWriter } from '../store/bills-repo';
import { discardRepo } from '../store/discard-repo';
import { metaWriter } from '../store/meta-repo';
import { packagesWriter } from '../store/packages-repo';
import { prepareRecordBatch } from '../store/record-batch';
import { rollupsRepo } from '../store/rollups-repo';
import { syncStateRepo, type SyncStateRepo } from '../store/sync-state-repo';
import { usageWriter } from '../store/usage-repo';
import { syncFeed, type FeedSpec } from './feed';
import { monthsToSync, usageMonthClosed } from './months';
import { progressMeter } from './progress-meter';

/** The platform call each resource needs, to leave out what the key's role may not read. */
export const resourceOperation: Record<SyncResource, PlatformOperation> = {
  apps: 'apps.read',
  activities: 'activities.read',
  records: 'records.read',
  usage: 'usage.read',
  bills: 'bills.read',
  packages: 'packages.read',
  pricing: 'pricing.read',
};

/** Largest pages the API allows (platform-api §2): fewer round trips, each one transaction. */
export const defaultPageSizes = { apps: 1000, activities: 1000, records: 5000 } as const;

/**
 * Records pages found ready written in one transaction, at most (their rollup keys upserted once
 * per transaction, not once per page), and at most this many records in such a transaction (the
 * ready pages held in memory: a group being written and at most as many ready behind it).
 * Measured on the sync bench's writer path (a day at 200,000 records, 30 pages of 5,000, writer CPU
 * best of 5 with the bare insert alternating, load 10–14): 1, 2, 4, 8 pages a transaction took 679,
 * 627, 587, 588 ms, the bare insert 495–512 ms at 5,000 to 80,000 rows a commit. Four pages take the
 * gain; more only hold more memory.
 */
export const recordsGroup = { pages: 4, records: 20_000 } as const;

export interface SyncRunOptions {
  db: Db;
  client: PlatformClient;
  secrets: SecretStore;
  clock: Clock;
  workspaceId?: string;
  resources?: readonly SyncResource[];
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  pageSizes?: Partial<Record<'apps' | 'activities' | 'records', number>>;
  /** The key's role if already known; otherwise whoami is asked (a platform without whoami syncs everything it allows). */
  role?: Role | null;
  /** Told the role learned from whoami. */
  onRole?: (role: Role) => void;
  /** Told about each contact with the platform: reached (true) or unreachable (false). */
  onContact?: (reached: boolean, error: ApiError | null) => void;
  /**
   * Resources whose local copy no longer matches the platform (a regenerated demo): fetched from
   * the start, and the old copy discarded in the same transaction as the first fresh page.
   */
  fresh?: readonly SyncResource[];
  /** Told each resource that finished without error. */
  onResourceDone?: (resource: SyncResource) => void;
  /** At most this many ready records pages in one transaction (default: recordsGroup, within its records). */
  groupPages?: number;
  /** The feeds' WAL checkpoint thread: when it starts and the WAL's bound (default WAL_CHECKPOINT_DEFAULTS; tests lower them). */
  walCheckpoint?: WalCheckpointOptions;
}

/** Errors after which the other resources would fail the same way: stop the run. */
const RUN_STOPPERS = new Set(['PLATFORM_UNREACHABLE', 'UNAUTHORIZED', 'CLOCK_SKEW', 'CANCELLED']);

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
}

function earliestMonth(db: Db, current: string): string {
  const firstDay = rollupsRepo(db).firstDate();
  const firstApp = appsRepo(db).earliestCreatedAt();
  const candidates = [firstDay?.slice(0, 7), firstApp === null ? undefined : shanghaiMonth(firstApp), current].filter((m): m is string => !!m);
  return candidates.reduce((a, b) => (a < b ? a : b));
}

interface ResourceRun {
  resource: SyncResource;
  signal: AbortSignal;
  /** What this resource has fetched and committed so far (kept when it fails half way). */
  tally: { fetched: number; written: number };
  progress(phase: SyncProgress['phase'], done: number, total: number | null, message?: string): void;
}

export async function runSync(opts: SyncRunOptions): Promise<SyncSummary> {
  const { db, client, clock } = opts;
  const started = clock.now();
  const signal = opts.signal ?? new AbortController().signal;
  const wanted = syncResources.filter((r) => !opts.resources || opts.resources.includes(r));
  const state = syncStateRepo(db);
  const summary: SyncSummary = { resources: {}, durationMs: 0, ok: true, cancelled: false };
  const sizes = { ...defaultPageSizes, ...opts.pageSizes };
  const workspaceId = opts.workspaceId ?? '';

  const finish = (): SyncSummary => {
    summary.durationMs = Math.max(0, clock.now() - started);
    return summary;
  };
  const contact = (reached: boolean, e: ApiError | null): void => opts.onContact?.(reached, e);

  // Learn the role first: it decides which resources this key may read, and it is the
  // cheapest way to find out that the platform is unreachable or the key is wrong.
  let role: Role | null = opts.role ?? null;
  if (role === null) {
    try {
      role = (await client.whoami(signal)).role;
      opts.onRole?.(role);
      contact(true, null);
    } catch (e) {
      const err = signal.aborted ? new ApiError('CANCELLED', 'cancelled') : asApiError(e);
      if (err.code !== 'NOT_FOUND') {
        const at = clock.now();
        summary.ok = false;
        summary.cancelled = err.code === 'CANCELLED';
        for (const r of wanted) {
          if (err.code !== 'CANCELLED') state.failed(r, at, { code: err.code, message: err.message });
          summary.resources[r] = { fetched: 0, written: 0, cursor: cursorOf(state, r), error: { code: err.code, message: err.message } };
        }
        if (err.code !== 'CANCELLED') contact(err.code !== 'PLATFORM_UNREACHABLE', err);
        return finish();
      }
    }
  }

  const apps = appsWriter(db, opts.secrets);
  const activities = activitiesWriter(db);
  const records = authRecordsWriter(db);
  const usage = usageWriter(db);
  const bills = billsWriter(db);
  const packages = packagesWriter(db);
  const meta = metaWriter(db);

  const isFresh = (r: SyncResource): boolean => opts.fresh?.includes(r) ?? false;
  /** For a fresh resource: the discard to run once, inside the first write transaction. */
  const discardOnce = (r: SyncResource): (() => void) | undefined => {
    if (!isFresh(r)) return undefined;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      discardRepo(db).discard(r);
    };
  };

  async function feed<B>(run: ResourceRun, spec: Omit<FeedSpec<B>, 'resource' | 'discard'>): Promise<SyncResourceSummary> {
    const discard = discardOnce(run.resource);
    const walCheckpoint = opts.walCheckpoint ? { walCheckpoint: opts.walCheckpoint } : {};
    const r = await syncFeed<B>(
      db,
      state,
      { resource: run.resource, ...spec, ...walCheckpoint, ...(discard ? { discard } : {}) },
      run.signal,
      (fetched, written) => {
        run.tally.fetched = fetched;
        run.tally.written = written;
        run.progress('page', fetched, null);
      },
    );
    return { fetched: r.fetched, written: r.written, cursor: r.cursor };
  }

  async function monthly<T extends { month: string }>(
    run: ResourceRun,
    fetchMonth: (month: string, signal: AbortSignal) => Promise<T>,
    closed: (month: string, current: string, value: T) => boolean,
    write: (value: T, at: number) => number,
  ): Promise<SyncResourceSummary> {
    const current = shanghaiMonth(clock.now());
    const discard = discardOnce(run.resource);
    const months = monthsToSync(earliestMonth(db, current), discard ? null : (state.get(run.resource)?.cursor ?? null), current);
    let unbroken = true;
    const commit = db.transaction((month: string, value: T): number => {
      discard?.();
      const w = write(value, clock.now());
      // The cursor covers only an unbroken run of final months: a month still open stops it.
      if (unbroken && closed(month, current, value)) state.advance(run.resource, month, w);
      else {
        unbroken = false;
        state.addRows(run.resource, w);
      }
      return w;
    });
    run.progress('page', 0, months.length);
    for (const month of months) {
      const value = await fetchMonthChecked(month, (s) => fetchMonth(month, s), run.signal);
      if (run.signal.aborted) throw new ApiError('CANCELLED', 'cancelled');
      run.tally.written += commit.immediate(month, value);
      run.tally.fetched++;
      run.progress('page', run.tally.fetched, months.length);
    }
    return { ...run.tally, cursor: state.get(run.resource)?.cursor ?? null };
  }

  async function snapshot<T>(
    run: ResourceRun,
    fetchIt: (signal: AbortSignal) => Promise<T>,
    write: (value: T, at: number) => number,
    rows: (value: T) => number,
  ): Promise<SyncResourceSummary> {
    const value = await fetchIt(run.signal);
    if (run.signal.aborted) throw new ApiError('CANCELLED', 'cancelled');
    const month = shanghaiMonth(clock.now());
    const discard = discardOnce(run.resource);
    run.tally.written = db
      .transaction(() => {
        discard?.();
        const w = write(value, clock.now());
        state.advance(run.resource, month, 0);
        state.setRows(run.resource, rows(value));
        return w;
      })
      .immediate();
    run.tally.fetched = 1;
    run.progress('page', 1, 1);
    return { ...run.tally, cursor: month };
  }

  const syncers: Record<SyncResource, (run: ResourceRun) => Promise<SyncResourceSummary>> = {
    apps: (run) =>
      feed(run, {
        limit: sizes.apps,
        fetchPage: (a, l, s) => client.listApps(a, l, s),
        positions: (items) => items.map((x) => x.version),
        write: (items) => apps.upsert(items, clock.now()),
      }),
    activities: (run) =>
      feed(run, {
        limit: sizes.activities,
        fetchPage: (a, l, s) => client.activities(a, l, s),
        positions: (items) => items.map((x) => x.seq),
        write: (items) => activities.insert(items),
      }),
    records: (run) => {
      // Ready pages written together, each rollup key once per transaction (recordsGroup).
      const groupPages = opts.groupPages ?? Math.max(1, Math.min(recordsGroup.pages, Math.floor(recordsGroup.records / sizes.records)));
      // Prepared pages when the client makes them on another thread (the page worker); else prepared here, in write.
      const batches = client.authRecordBatches?.bind(client);
      return batches
        ? feed(run, {
            limit: sizes.records,
            fetchPage: batches,
            positions: (b) => b.seq,
            write: (b) => records.insertBatch(b),
            writeGroup: (bs) => records.insertBatches(bs),
            groupPages,
          })
        : feed(run, {
            limit: sizes.records,
            fetchPage: (a, l, s) => client.authRecords(a, l, s),
            positions: (items) => items.map((x) => x.seq),
            write: (items) => records.insert(items),
            writeGroup: (pages) => records.insertBatches(pages.map((items) => prepareRecordBatch(items))),
            groupPages,
          });
    },
    usage: (run) =>
      monthly(
        run,
        (m, s) => client.usage(m, s),
        (m, current) => usageMonthClosed(m, current),
        (st, at) => usage.replaceMonth(st, at),
      ),
    bills: (run) =>
      monthly(
        run,
        (m, s) => client.bill(m, s),
        (_m, _current, bill) => bill.status === 'final',
        (bill, at) => bills.upsert(bill, at),
      ),
    packages: (run) =>
      snapshot(
        run,
        (s) => client.packages(s),
        (p, at) => packages.replaceAll(p, at),
        (p) => p.items.length,
      ),
    pricing: (run) =>
      snapshot(
        run,
        (s) => client.pricing(s),
        (p, at) => meta.put('pricing', p, at),
        () => 1,
      ),
  };

  let stopper: ApiError | null = null;
  for (const resource of wanted) {
    if (stopper) {
      summary.resources[resource] = {
        fetched: 0,
        written: 0,
        cursor: cursorOf(state, resource),
        error: { code: stopper.code, message: `not tried: ${stopper.message}` },
      };
      continue;
    }
    const meter = progressMeter(clock);
    const emit = (phase: SyncProgress['phase'], done: number, total: number | null, message?: string): void => {
      const m = meter.measure(done, total);
      opts.onProgress?.({ workspaceId, resource, phase, done, total, rowsPerSec: m.rowsPerSec, etaSeconds: m.etaSeconds, ...(message ? { message } : {}) });
    };
    if (role !== null && !roleAllows(role, resourceOperation[resource])) {
      const why = `role ${role} may not read ${resource}`;
      summary.resources[resource] = { fetched: 0, written: 0, cursor: cursorOf(state, resource), skipped: why };
      emit('skipped', 0, 0, why);
      continue;
    }
    emit('start', 0, null);
    const tally = { fetched: 0, written: 0 };
    try {
      const result = await syncers[resource]({ resource, signal, tally, progress: emit });
      state.succeeded(resource, clock.now());
      opts.onResourceDone?.(resource);
      contact(true, null);
      summary.resources[resource] = normaliseCursor(result);
      emit('done', result.fetched, result.fetched);
    } catch (e) {
      const err = signal.aborted ? new ApiError('CANCELLED', 'cancelled') : asApiError(e);
      const cursor = cursorOf(state, resource);
      if (err.code === 'FORBIDDEN') {
        // The role table said yes but the platform says no: not a failure of the sync.
        summary.resources[resource] = { fetched: 0, written: 0, cursor, skipped: err.message };
        emit('skipped', 0, 0, err.message);
        contact(true, null);
        continue;
      }
      summary.ok = false;
      if (err.code === 'CANCELLED') summary.cancelled = true;
      else state.failed(resource, clock.now(), { code: err.code, message: err.message });
      if (err.code === 'PLATFORM_UNREACHABLE') contact(false, err);
      summary.resources[resource] = { ...tally, cursor, error: { code: err.code, message: err.message } };
      emit('error', tally.fetched, null, err.message);
      if (RUN_STOPPERS.has(err.code)) stopper = err;
    }
  }
  return finish();
}

/** How often a month is asked for again when the answer is for another month (a replayed response). */
const MONTH_REASKS = 3;

async function fetchMonthChecked<T extends { month: string }>(month: string, fetchIt: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await fetchIt(signal);
    if (value.month === month) return value;
    if (i >= MONTH_REASKS) throw new ApiError('PLATFORM_ERROR', `asked for ${month}, the platform keeps answering with ${value.month}`);
  }
}

function cursorOf(state: SyncStateRepo, resource: SyncResource): number | string | null {
  const c = state.get(resource)?.cursor ?? null;
  if (c === null || c === '') return null;
  return resource === 'apps' || resource === 'activities' || resource === 'records' ? Number(c) : c;
}

function normaliseCursor(r: SyncResourceSummary): SyncResourceSummary {
  return { ...r, cursor: r.cursor === '' ? null : r.cursor };
}
