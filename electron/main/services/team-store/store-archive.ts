/**
 * Month archives of the team store (`onetap archive … --store postgresql://…`): a month's raw
 * records written to the same file as a local archive (archive/archive-file.ts: gzip JSONL of
 * canonical lines with a manifest, verified by the same checker), then, with `drop`, its
 * partition detached and dropped. The month is recorded in `archived_months`, so every console
 * that reads the store knows its raw records are archived and where the file is; its rollups stay,
 * so totals, statistics and bills do not change. `archive import` re-creates the partition from
 * the file, exactly (count and content hash).
 *
 * Only the writer archives: the records writer lock is held for the whole operation (a sync, the
 * daemon or a second archive is refused, and cannot add records to the month meanwhile), and a
 * role that does not own the store's tables is refused before any file is written.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import type { ArchiveManifest, ArchiveMonth, ArchiveProgress, ArchiveVerify } from '../../../../shared/contract/archive';
import { ApiError } from '../../../../shared/contract/errors';
import { shanghaiMonthRange } from '../../../../shared/time/shanghai';
import { archiveFileName, ArchiveFormatError, readArchive, readArchiveManifest } from '../archive/archive-file';
import { archiveListing, checkArchiveFile, isZlibError, writeArchiveFile } from '../archive/month-archive';
import type { CanonicalRecord } from '../store/content-digest';
import type { ArchivedMonthRow, PgStore } from './pg-store';

/** Rows per read and write step, as the local archive's. */
const BATCH = 5000;

export interface StoreArchiveContext {
  store: PgStore;
  /** This machine's archive folder for the store (the data folder's archives/<store id>). */
  dir: string;
  /** The store as a workspace: its manifest names it (`store:<display>`). */
  workspace: { id: string; name: string };
  now: () => number;
  signal?: AbortSignal;
  onProgress?: (p: ArchiveProgress) => void;
}

/** Where a month's file is for this console: here when this machine holds it, else where its writer put it. */
function locate(cx: StoreArchiveContext, row: ArchivedMonthRow): string {
  const here = join(cx.dir, row.file);
  return existsSync(here) ? here : row.location;
}

function monthOf(cx: StoreArchiveContext, month: string, calls: number, storedRecords: number, row: ArchivedMonthRow | undefined): ArchiveMonth {
  let archive: ArchiveMonth['archive'] = null;
  if (row) {
    const path = locate(cx, row);
    archive = archiveListing(cx.workspace, month, row, path, path !== row.location);
  }
  return { month, calls, storedRecords, state: !row ? 'live' : row.droppedAt === null ? 'archived' : 'dropped', archive, dueByRetention: false };
}

/** The store's months: calls by the rollups, raw records in its partitions, and each month's archive (no retention window: the team's DBA decides). */
export async function listStoreMonths(cx: StoreArchiveContext, only?: 'dropped'): Promise<{ retention: { rawMonths: null }; months: ArchiveMonth[] }> {
  const rows = new Map((await cx.store.archivedMonths()).map((r) => [r.month, r]));
  if (only === 'dropped') {
    const dropped = [...rows.values()].filter((r) => r.droppedAt !== null);
    const calls = new Map((await cx.store.monthsOverview()).map((m) => [m.month, m]));
    return { retention: { rawMonths: null }, months: dropped.map((r) => monthOf(cx, r.month, calls.get(r.month)?.calls ?? 0, 0, r)) };
  }
  const overview = new Map((await cx.store.monthsOverview()).map((m) => [m.month, m]));
  const months = [...new Set([...overview.keys(), ...rows.keys()])].sort();
  return {
    retention: { rawMonths: null },
    months: months.map((m) => monthOf(cx, m, overview.get(m)?.calls ?? 0, overview.get(m)?.storedRecords ?? 0, rows.get(m))),
  };
}

async function describe(cx: StoreArchiveContext, month: string): Promise<ArchiveMonth> {
  const m = (await listStoreMonths(cx)).months.find((x) => x.month === month);
  return m ?? monthOf(cx, month, 0, 0, undefined);
}

/**
 * Archives a closed month of the team store and, with `drop`, detaches and drops its partition.
 * The file is written from the month's partition under the writer lock, read back, and recorded;
 * the drop re-reads the partition inside its own transaction and goes ahead only when it holds
 * exactly the archived records.
 */
export async function archiveStoreMonth(cx: StoreArchiveContext, month: string, drop: boolean): Promise<ArchiveMonth> {
  const lease = await cx.store.acquireArchiver(month);
  try {
    const row = (await cx.store.archivedMonths()).find((r) => r.month === month);
    const stored = await cx.store.monthRecordCount(month);
    if (row?.droppedAt != null) {
      if (stored > 0)
        throw new ApiError(
          'CONFLICT',
          `${month} was archived and dropped, and the store has ${stored} late records of it since: ` +
            `onetap archive import ${month} --store … first, so its new archive holds every record`,
        );
      return await describe(cx, month);
    }
    if (stored === 0) throw new ApiError('NOT_FOUND', `no raw records of ${month} in the team store`);
    // An archive of an earlier run is kept when this machine holds it, it checks out, and the partition
    // still holds exactly its records (digested now, under the lock); else the month is archived anew.
    const here = row ? join(cx.dir, row.file) : null;
    const reusable =
      row !== undefined &&
      row.records === stored &&
      here !== null &&
      existsSync(here) &&
      (await checkArchiveFile(here, { workspace: cx.workspace, expectMonth: month, recorded: () => row, ...signalOf(cx) })).ok &&
      (await cx.store.monthDigest(month, cx.signal)).contentSha256 === row.contentSha256;
    if (!reusable) await writeStoreMonthArchive(cx, month);
    // Either way the partition's content was proved equal to the file under the writer lock held since.
    if (drop) await cx.store.detachArchivedMonth(month, cx.now());
    return await describe(cx, month);
  } finally {
    await lease.release();
  }
}

const signalOf = (cx: StoreArchiveContext): { signal?: AbortSignal; onProgress?: (p: ArchiveProgress) => void } => ({
  ...(cx.signal ? { signal: cx.signal } : {}),
  ...(cx.onProgress ? { onProgress: cx.onProgress } : {}),
});

/** Writes `<dir>/records-YYYY-MM.jsonl.gz` from the month's partition (via a part file), reads it back, and records it. */
async function writeStoreMonthArchive(cx: StoreArchiveContext, month: string): Promise<ArchiveManifest> {
  const total = await cx.store.monthRecordCount(month);
  return writeArchiveFile(cx, month, total, cx.store.monthRecords(month, BATCH, cx.signal), (m, target) =>
    cx.store.recordArchivedMonth({
      month,
      file: m.file.name,
      location: `${hostname()}:${target}`,
      records: m.records,
      contentSha256: m.contentSha256,
      fileSha256: m.file.sha256,
      bytes: m.file.bytes,
      createdAt: m.createdAt,
    }),
  );
}

/**
 * Puts an archive's records back into the team store: the file is checked through first (the same
 * verifier as `archive verify`), then read again inside one transaction that re-creates the
 * partition, refuses a record outside the month, and commits only when the month equals the archive.
 */
export async function importStoreArchive(cx: StoreArchiveContext, file: string): Promise<{ month: string; imported: number; skipped: number }> {
  const manifest = readArchiveManifest(file);
  if (typeof manifest === 'string') throw new ApiError('INVALID_INPUT', manifest);
  if (manifest.file.name !== basename(file)) throw new ApiError('INVALID_INPUT', `the manifest describes ${manifest.file.name}, not ${basename(file)}`);
  const lease = await cx.store.acquireArchiver(manifest.month);
  try {
    const row = (await cx.store.archivedMonths()).find((r) => r.month === manifest.month);
    const verdict = await checkArchiveFile(file, {
      workspace: cx.workspace,
      ...(row ? { expectMonth: manifest.month } : {}),
      recorded: () => row,
      ...signalOf(cx),
    });
    if (!verdict.ok) throw new ApiError('INVALID_INPUT', `the archive does not check out: ${verdict.problems.map((p) => p.message).join('; ')}`);
    return {
      month: manifest.month,
      ...(await cx.store.restoreArchivedMonth(manifest.month, inMonth(cx, file, manifest), manifest, cx.signal)),
    };
  } finally {
    await lease.release();
  }
}

/** The archive's records, refusing one outside its month; reports import progress. */
async function* inMonth(cx: StoreArchiveContext, file: string, manifest: ArchiveManifest): AsyncGenerator<CanonicalRecord[]> {
  const { start, end } = shanghaiMonthRange(manifest.month);
  let seen = 0;
  try {
    for await (const batch of readArchive(file, { maxRecords: manifest.records, batch: BATCH, ...(cx.signal ? { signal: cx.signal } : {}) })) {
      for (const r of batch)
        if (r.requestMs < start || r.requestMs >= end) throw new ApiError('INVALID_INPUT', `record ${r.seq} of the archive is not of ${manifest.month}`);
      seen += batch.length;
      cx.onProgress?.({ month: manifest.month, phase: 'import', done: seen, total: manifest.records });
      yield batch;
    }
  } catch (e) {
    if (e instanceof ArchiveFormatError) throw new ApiError('INVALID_INPUT', e.message);
    if (isZlibError(e)) throw new ApiError('INVALID_INPUT', `the file is damaged or cut short (${e.message})`);
    throw e;
  }
}

/** Checks a file (by month: this machine's copy of the store's archive of it) with the archive verifier, against what the store recorded. */
export async function verifyStoreArchive(cx: StoreArchiveContext, target: { month: string } | { path: string }): Promise<ArchiveVerify> {
  const rows = await cx.store.archivedMonths();
  const recorded = (m: string): ArchivedMonthRow | undefined => rows.find((r) => r.month === m);
  if ('month' in target) {
    const row = recorded(target.month);
    const file = join(cx.dir, row?.file ?? archiveFileName(target.month));
    if (row && !existsSync(file))
      return {
        ok: false,
        month: target.month,
        records: 0,
        problems: [{ code: 'MISSING_FILE', message: `this machine has no copy of the archive of ${target.month}; its writer put it at ${row.location}` }],
      };
    return checkArchiveFile(file, { workspace: cx.workspace, expectMonth: target.month, recorded, ...signalOf(cx) });
  }
  return checkArchiveFile(target.path, { workspace: cx.workspace, recorded, ...signalOf(cx) });
}

/**
 * The store as the workspace its archives name: by its own id (store_identity), so every member of
 * the team (writer, finance, auditors), whatever host name or login they reach it by, checks the same
 * file against the same store; named by its address without the login.
 */
export function storeArchiveWorkspace(display: string, storeId: string): { id: string; name: string } {
  return { id: `store:${storeId}`, name: display.replace(/^postgresql:\/\/[^@/]*@/, 'postgresql://') };
}
