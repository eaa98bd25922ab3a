/**
 * The archive area's operations on the active workspace: the month list, archive (+ drop), import,
 * and the retention window applied after every sync run. Anything that writes raw records runs
 * with the sync held off (SyncCoordinator.exclusive) so the month cannot change underneath it.
 */
import { join } from 'node:path';
import type { ArchiveMonth } from '../../../../shared/contract/archive';
import { ApiError } from '../../../../shared/contract/errors';
import { addMonths, shanghaiMonth, shanghaiMonthRange } from '../../../../shared/time/shanghai';
import type { ServiceContext } from '../core/context';
import { runningJobs, startJob } from '../core/jobs';
import { authRecordsArchiveRepo } from '../store/auth-records-archive-repo';
import { withSyncHeld } from '../sync/coordinator';
import { activeWorkspace } from '../workspaces/active';
import { archiveDir, archiveFileName, ensureArchiveDir, readArchiveManifest } from './archive-file';
import { archivesRepo, type ArchiveRow } from './archives-repo';
import { archiveListing, ArchiveRefused, dropArchivedMonth, importArchive, writeMonthArchive, type MonthArchiveContext } from './month-archive';

export const ARCHIVE_JOBS = 'archive';

export function toApiError(e: unknown): unknown {
  if (e instanceof ArchiveRefused) return new ApiError(e.code === 'CORRUPT' ? 'INVALID_INPUT' : e.code, e.message);
  return e;
}

export function monthContext(ctx: ServiceContext, signal?: AbortSignal): MonthArchiveContext {
  const ws = activeWorkspace(ctx);
  const dir = archiveDir(ctx.dataDir, ws.id);
  ensureArchiveDir(dir);
  return {
    db: ws.db,
    dir,
    workspace: { id: ws.id, name: ws.name },
    now: () => ctx.clock.now(),
    ...(signal ? { signal } : {}),
    onProgress: (p) => ctx.events.emit('archive.progress', p),
  };
}

/** The first month the retention window keeps (every earlier month is due), or null when everything is kept. */
export function firstKeptMonth(rawMonths: number | null, now: number): string | null {
  return rawMonths === null ? null : addMonths(shanghaiMonth(now), -(rawMonths - 1));
}

export function listMonths(ctx: ServiceContext, only?: 'dropped'): { retention: { rawMonths: number | null }; months: ArchiveMonth[] } {
  const cx = monthContext(ctx);
  const repo = archivesRepo(cx.db);
  const rawMonths = repo.rawMonths();
  const kept = firstKeptMonth(rawMonths, cx.now());
  const rows = new Map(repo.all().map((r) => [r.month, r]));
  if (only === 'dropped') {
    // What the Records page asks on every open: only the few dropped months are looked at, never every month's records.
    const dropped = [...rows.values()].filter((r) => r.droppedAt !== null);
    return { retention: { rawMonths }, months: dropped.map((r) => monthInfo(cx, r.month, repo.monthCallsOf(r.month), r, kept)) };
  }
  const calls = new Map(repo.monthCalls().map((m) => [m.month, m.calls]));
  const months = [...new Set([...calls.keys(), ...rows.keys()])].sort();
  return { retention: { rawMonths }, months: months.map((month) => monthInfo(cx, month, calls.get(month) ?? 0, rows.get(month), kept)) };
}

function monthInfo(cx: MonthArchiveContext, month: string, calls: number, row: ArchiveRow | undefined, kept: string | null): ArchiveMonth {
  const { start, end } = shanghaiMonthRange(month);
  const storedRecords = authRecordsArchiveRepo(cx.db).count(start, end);
  let archive: ArchiveMonth['archive'] = null;
  if (row) {
    const path = join(cx.dir, row.file);
    archive = archiveListing(cx.workspace, month, row, path);
  }
  return {
    month,
    calls,
    storedRecords,
    state: !row ? 'live' : row.droppedAt === null ? 'archived' : 'dropped',
    archive,
    dueByRetention: kept !== null && month < kept && storedRecords > 0,
  };
}

function describe(ctx: ServiceContext, month: string): ArchiveMonth {
  const cx = monthContext(ctx);
  const repo = archivesRepo(cx.db);
  return monthInfo(cx, month, repo.monthCallsOf(month), repo.get(month), firstKeptMonth(repo.rawMonths(), cx.now()));
}

/**
 * Archives a closed month (and drops its raw records with `drop`). A month whose records were
 * dropped before and that has gained late records since is imported first, so the new file holds
 * both: an archive is never replaced by a smaller one.
 */
export async function archiveMonth(ctx: ServiceContext, month: string, drop: boolean, caller?: AbortSignal): Promise<ArchiveMonth> {
  if (month >= shanghaiMonth(ctx.clock.now()))
    throw new ApiError('INVALID_INPUT', `${month} is not closed yet: only past months are archived`, { fields: { month: 'a past month' } });
  const job = startJob(ctx, ARCHIVE_JOBS, month, caller);
  try {
    return await withSyncHeld(ctx, async () => {
      const cx = monthContext(ctx, job.signal);
      const repo = archivesRepo(cx.db);
      const row = repo.get(month);
      const { start, end } = shanghaiMonthRange(month);
      const stored = authRecordsArchiveRepo(cx.db).count(start, end);
      if (row?.droppedAt != null && stored > 0) await importArchive(cx, join(cx.dir, row.file));
      const unchanged = row && row.droppedAt === null && row.records === stored;
      const written = !unchanged && !(row?.droppedAt != null && stored === 0) ? await writeMonthArchive(cx, month) : undefined;
      if (drop) await dropArchivedMonth(cx, month, written);
      return describe(ctx, month);
    });
  } catch (e) {
    throw toApiError(e);
  } finally {
    job.finish();
  }
}

export async function importMonth(ctx: ServiceContext, file: { month: string } | { path: string }, caller?: AbortSignal) {
  const cx0 = monthContext(ctx);
  const path = 'month' in file ? join(cx0.dir, archiveFileName(file.month)) : file.path;
  const manifest = readArchiveManifest(path);
  const month = typeof manifest === 'string' ? ('month' in file ? file.month : null) : manifest.month;
  if (month === null) throw new ApiError('INVALID_INPUT', manifest as string);
  if ('month' in file && !archivesRepo(cx0.db).get(file.month)) throw new ApiError('NOT_FOUND', `${file.month} has no archive in this workspace`);
  const job = startJob(ctx, ARCHIVE_JOBS, month, caller);
  try {
    return await withSyncHeld(ctx, () => importArchive(monthContext(ctx, job.signal), path));
  } catch (e) {
    throw toApiError(e);
  } finally {
    job.finish();
  }
}

/** Archives and drops every month the retention window puts out of the store. */
export async function applyRetention(ctx: ServiceContext, caller?: AbortSignal): Promise<ArchiveMonth[]> {
  const due = listMonths(ctx).months.filter((m) => m.dueByRetention);
  const done: ArchiveMonth[] = [];
  for (const m of due) done.push(await archiveMonth(ctx, m.month, true, caller));
  return done;
}

/**
 * After a sync run: applies the retention window on a later turn, one run at a time. Its failures
 * never reach the sync (the next run tries again, and Settings shows each month's state).
 */
export function retentionAfterSync(ctx: ServiceContext): void {
  setImmediate(() => {
    let rawMonths: number | null;
    try {
      rawMonths = archivesRepo(activeWorkspace(ctx).db).rawMonths();
    } catch {
      return; // no active workspace (switching) or a closed database
    }
    if (rawMonths === null || runningJobs(ctx, ARCHIVE_JOBS).length > 0) return;
    applyRetention(ctx).catch(() => undefined);
  });
}
