/**
 * Archive, drop, import and verify one month of raw auth records.
 *
 * Never a lost record: a month's rows are removed only after its file has been written, read
 * back, and found to hold exactly the rows the store holds (same count, same content hash), and
 * the removal itself goes in batches that each re-check nothing else changed — the callers hold
 * the sync off for the whole operation. A cancelled or failed archive leaves no file and an
 * unchanged store; an interrupted drop leaves the archive recorded and the next drop finishes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ArchiveManifest, ArchiveMonth, ArchiveProgress, ArchiveVerify } from '../../../../shared/contract/archive';
import { shanghaiMonthRange } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { authRecordsArchiveRepo, type AuthRecordsArchiveRepo } from '../store/auth-records-archive-repo';
import { canonicalLine, type CanonicalRecord } from '../store/content-digest';
import { archiveFileName, ArchiveFormatError, createArchiveWriter, hashFile, manifestPathOf, readArchive, readArchiveManifest } from './archive-file';
import { archivesRepo } from './archives-repo';

/** Rows per read, write and delete step: large enough to stream fast, small enough to yield often. */
const BATCH = 5000;

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface MonthArchiveContext {
  db: Db;
  /** The workspace's archive folder. */
  dir: string;
  workspace: { id: string; name: string };
  now: () => number;
  signal?: AbortSignal;
  onProgress?: (p: ArchiveProgress) => void;
}

export class ArchiveRefused extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'CORRUPT',
    message: string,
  ) {
    super(message);
  }
}

/** Digest of the store's records of a month, in the archive's order (time, then seq). */
async function storeMonthDigest(cx: MonthArchiveContext, month: string): Promise<{ records: number; contentSha256: string }> {
  const { start, end } = shanghaiMonthRange(month);
  const repo = authRecordsArchiveRepo(cx.db);
  const h = createHash('sha256');
  let records = 0;
  let after: { ms: number; seq: number } | null = null;
  for (;;) {
    cx.signal?.throwIfAborted();
    const batch = repo.batchAfter(start, end, after, BATCH);
    for (const r of batch) h.update(`${canonicalLine(r)}\n`);
    records += batch.length;
    if (batch.length < BATCH) break;
    const last = batch[batch.length - 1]!;
    after = { ms: last.requestMs, seq: last.seq };
    await turn();
  }
  return { records, contentSha256: h.digest('hex') };
}

/**
 * Writes the month's records to `<dir>/records-YYYY-MM.jsonl.gz` (via a part file), reads it back,
 * and records it. Refuses when the month has no records in the store.
 */
export async function writeMonthArchive(cx: MonthArchiveContext, month: string): Promise<ArchiveManifest> {
  const { start, end } = shanghaiMonthRange(month);
  const repo = authRecordsArchiveRepo(cx.db);
  const total = repo.count(start, end);
  if (total === 0) throw new ArchiveRefused('NOT_FOUND', `no raw records of ${month} in the store`);
  return writeArchiveFile(cx, month, total, localBatches(cx, repo, start, end), (m) =>
    archivesRepo(cx.db).put({
      month,
      file: m.file.name,
      records: m.records,
      contentSha256: m.contentSha256,
      fileSha256: m.file.sha256,
      bytes: m.file.bytes,
      createdAt: m.createdAt,
    }),
  );
}

/** The month's records in the archive's order (time, then seq), a batch at a time, yielding between batches. */
async function* localBatches(cx: MonthArchiveContext, repo: AuthRecordsArchiveRepo, start: number, end: number): AsyncGenerator<CanonicalRecord[]> {
  let after: { ms: number; seq: number } | null = null;
  for (;;) {
    cx.signal?.throwIfAborted();
    const batch = repo.batchAfter(start, end, after, BATCH);
    yield batch;
    if (batch.length < BATCH) return;
    const last = batch[batch.length - 1]!;
    after = { ms: last.requestMs, seq: last.seq };
    await turn();
  }
}

/**
 * Writes `<dir>/records-YYYY-MM.jsonl.gz` from a month's record batches, for either engine: via a part
 * file, read back (the same bytes, and lines that parse to the same content), its manifest beside it,
 * renamed into place, then `record`ed where the engine keeps its archives. A failure leaves no file.
 */
export async function writeArchiveFile(
  cx: Pick<MonthArchiveContext, 'dir' | 'workspace' | 'now' | 'signal' | 'onProgress'>,
  month: string,
  total: number,
  batches: AsyncIterable<readonly CanonicalRecord[]>,
  record: (manifest: ArchiveManifest, target: string) => void | Promise<void>,
): Promise<ArchiveManifest> {
  const target = join(cx.dir, archiveFileName(month));
  const part = join(cx.dir, `.${basename(target)}.${randomBytes(4).toString('hex')}.part`);
  const writer = createArchiveWriter(part);
  try {
    let done = 0;
    for await (const batch of batches) {
      await writer.write(batch);
      done += batch.length;
      cx.onProgress?.({ month, phase: 'write', done, total });
    }
    const written = await writer.finish();
    const onDisk = await hashFile(part, cx.signal);
    if (onDisk.sha256 !== written.fileSha256 || onDisk.bytes !== written.bytes) throw new Error('the archive on disk differs from what was written');
    const back = await readBack(cx, month, part, written.records);
    if (back.records !== written.records || back.contentSha256 !== written.contentSha256)
      throw new Error('the archive read back differs from the records written');
    const manifest: ArchiveManifest = {
      kind: 'onetap-console/archive',
      version: 1,
      workspace: cx.workspace,
      month,
      records: written.records,
      contentSha256: written.contentSha256,
      file: { name: basename(target), bytes: written.bytes, sha256: written.fileSha256 },
      createdAt: cx.now(),
    };
    writeFileSync(manifestPathOf(target), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    renameSync(part, target);
    await record(manifest, target);
    return manifest;
  } catch (e) {
    writer.abort();
    rmSync(part, { force: true });
    throw e;
  }
}

export async function readBack(
  cx: Pick<MonthArchiveContext, 'signal' | 'onProgress'>,
  month: string,
  file: string,
  maxRecords: number,
): Promise<{ records: number; contentSha256: string }> {
  const it = readArchive(file, { maxRecords, batch: BATCH, ...(cx.signal ? { signal: cx.signal } : {}) });
  let done = 0;
  for (;;) {
    const n = await it.next();
    if (n.done) return n.value;
    done += n.value.length;
    cx.onProgress?.({ month, phase: 'check', done, total: maxRecords });
  }
}

/**
 * Removes the month's raw records after proving its recorded archive holds exactly them. Rollups
 * stay. Safe to run again after an interruption (a partly dropped month is finished).
 *
 * `justWritten` is the manifest `writeMonthArchive` returned earlier in the same run, with the sync
 * held throughout: that write already read the file back and digested the store's rows, so the
 * drop only checks the file's bytes are still those (a hash pass) instead of parsing the file and
 * digesting the store a second time. An archive written in an earlier run gets the full proof.
 */
export async function dropArchivedMonth(cx: MonthArchiveContext, month: string, justWritten?: ArchiveManifest): Promise<number> {
  const row = archivesRepo(cx.db).get(month);
  if (!row) throw new ArchiveRefused('CONFLICT', `${month} has no archive: archive it before dropping its records`);
  const fresh =
    justWritten !== undefined &&
    row.droppedAt === null &&
    justWritten.month === month &&
    justWritten.file.sha256 === row.fileSha256 &&
    justWritten.contentSha256 === row.contentSha256 &&
    justWritten.records === row.records;
  if (fresh) {
    const file = join(cx.dir, row.file);
    const onDisk = existsSync(file) ? await hashFile(file, cx.signal) : null;
    if (onDisk?.sha256 !== row.fileSha256 || onDisk.bytes !== row.bytes)
      throw new ArchiveRefused('CORRUPT', `the archive of ${month} changed on disk after it was written`);
  } else {
    const verdict = await verifyMonthArchive(cx, month);
    if (!verdict.ok) throw new ArchiveRefused('CORRUPT', `the archive of ${month} does not check out: ${verdict.problems.map((p) => p.message).join('; ')}`);
  }
  const { start, end } = shanghaiMonthRange(month);
  const repo = authRecordsArchiveRepo(cx.db);
  const present = repo.count(start, end);
  if (fresh && present !== row.records)
    throw new ArchiveRefused('CONFLICT', `the store's records of ${month} changed since it was archived (${present} now, ${row.records} archived)`);
  if (present > 0 && row.droppedAt === null && !fresh) {
    // Every row of the store must be in the file; a partly dropped month (droppedAt set by an earlier, interrupted run) holds a subset.
    const store = await storeMonthDigest(cx, month);
    if (store.records !== row.records || store.contentSha256 !== row.contentSha256)
      throw new ArchiveRefused(
        'CONFLICT',
        `the store's records of ${month} changed since it was archived (${store.records} now, ${row.records} archived): archive it again first`,
      );
  }
  // Mark first: a drop cut short is still known as one, and the archive stays the month's copy.
  archivesRepo(cx.db).setDropped(month, cx.now());
  let removed = 0;
  for (;;) {
    cx.signal?.throwIfAborted();
    const n = cx.db.transaction(() => repo.removeSome(start, end, BATCH))();
    removed += n;
    cx.onProgress?.({ month, phase: 'drop', done: removed, total: present });
    if (n < BATCH) break;
    await turn();
  }
  return removed;
}

/** Puts an archive's records back into the store; checks the file first. Rows already present are skipped. */
export async function importArchive(cx: MonthArchiveContext, file: string): Promise<{ month: string; imported: number; skipped: number }> {
  const manifest = readArchiveManifest(file);
  if (typeof manifest === 'string') throw new ArchiveRefused('CORRUPT', manifest);
  if (manifest.file.name !== basename(file)) throw new ArchiveRefused('CORRUPT', `the manifest describes ${manifest.file.name}, not ${basename(file)}`);
  const onDisk = await hashFile(file, cx.signal);
  if (onDisk.sha256 !== manifest.file.sha256) throw new ArchiveRefused('CORRUPT', 'the file is not the one its manifest describes (SHA-256 differs)');
  // Pass 1 checks everything before anything is written (a bad line halfway must not leave half a month);
  // pass 2 writes batch by batch (memory stays flat). An import cut short is finished by running it again.
  const checked = await scanArchive(cx, file, manifest, 'check', () => undefined);
  if (checked.records !== manifest.records || checked.contentSha256 !== manifest.contentSha256)
    throw new ArchiveRefused('CORRUPT', "the file's records differ from its manifest (count or content hash)");
  const repo = authRecordsArchiveRepo(cx.db);
  const restore = cx.db.transaction((batch: Parameters<typeof repo.restore>[0]) => repo.restore(batch));
  let imported = 0;
  await scanArchive(cx, file, manifest, 'import', (batch) => {
    imported += restore(batch);
  });
  const row = archivesRepo(cx.db).get(manifest.month);
  if (row && row.contentSha256 === manifest.contentSha256) archivesRepo(cx.db).setDropped(manifest.month, null);
  return { month: manifest.month, imported, skipped: manifest.records - imported };
}

/** Reads an archive through, refusing a record outside its month; `each` sees every batch. */
async function scanArchive(
  cx: MonthArchiveContext,
  file: string,
  manifest: ArchiveManifest,
  phase: 'check' | 'import',
  each: (batch: Parameters<AuthRecordsArchiveRepo['restore']>[0]) => void,
): Promise<{ records: number; contentSha256: string }> {
  const { start, end } = shanghaiMonthRange(manifest.month);
  const it = readArchive(file, { maxRecords: manifest.records, batch: BATCH, ...(cx.signal ? { signal: cx.signal } : {}) });
  let seen = 0;
  try {
    for (;;) {
      const n = await it.next();
      if (n.done) return n.value;
      for (const r of n.value)
        if (r.requestMs < start || r.requestMs >= end) throw new ArchiveRefused('CORRUPT', `record ${r.seq} is not of ${manifest.month}`);
      each(n.value);
      seen += n.value.length;
      cx.onProgress?.({ month: manifest.month, phase, done: seen, total: manifest.records });
      await turn();
    }
  } catch (e) {
    if (e instanceof ArchiveFormatError) throw new ArchiveRefused('CORRUPT', e.message);
    if (isZlibError(e)) throw new ArchiveRefused('CORRUPT', `the file is damaged or cut short (${e.message})`);
    throw e;
  }
}

export function isZlibError(e: unknown): e is Error {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('Z_');
}

/** What a store recorded when it wrote a month's archive (SQLite `archives`, PostgreSQL `archived_months`). */
/**
 * A recorded month's archive as a listing shows it: its manifest file when this machine can read it
 * (`readable`), else what the record of it says.
 */
export function archiveListing(
  workspace: { id: string; name: string },
  month: string,
  row: RecordedArchive & Pick<ArchiveManifest, 'createdAt'> & { file: string; bytes: number },
  path: string,
  readable = true,
): NonNullable<ArchiveMonth['archive']> {
  const manifest = readable ? readArchiveManifest(path) : null;
  if (manifest !== null && typeof manifest !== 'string') return { ...manifest, path };
  return {
    kind: 'onetap-console/archive',
    version: 1,
    workspace: { id: workspace.id, name: workspace.name },
    month,
    records: row.records,
    contentSha256: row.contentSha256,
    file: { name: row.file, bytes: row.bytes, sha256: row.fileSha256 },
    createdAt: row.createdAt,
    path,
  };
}

export interface RecordedArchive {
  records: number;
  contentSha256: string;
  fileSha256: string;
}

export interface ArchiveCheckOptions {
  /** The workspace the archive must be of (a team store's is `store:…`). */
  workspace: { id: string };
  /** The month it must be of: the store's own archive of that month, checked against `recorded` too. */
  expectMonth?: string;
  /** What the store recorded of a month's archive. */
  recorded: (month: string) => RecordedArchive | undefined;
  signal?: AbortSignal;
  onProgress?: (p: ArchiveProgress) => void;
}

/**
 * The one archive verifier, whichever engine wrote the file: the manifest, the file's bytes
 * against it, every line parsed, the count and content hash of the lines against it, and for a
 * store's own archive of a month what that store recorded.
 */
export async function checkArchiveFile(file: string, opts: ArchiveCheckOptions): Promise<ArchiveVerify> {
  const { expectMonth } = opts;
  const problems: ArchiveVerify['problems'] = [];
  const manifest = readArchiveManifest(file);
  const month = typeof manifest === 'string' ? (expectMonth ?? '2000-01') : manifest.month;
  const verdict = (records: number): ArchiveVerify => ({ ok: problems.length === 0, month, records, problems });
  if (!existsSync(file)) {
    problems.push({ code: 'MISSING_FILE', message: `the archive file is missing: ${file}` });
    return verdict(0);
  }
  if (typeof manifest === 'string') {
    problems.push({ code: 'BAD_MANIFEST', message: manifest });
    return verdict(0);
  }
  if (expectMonth !== undefined && manifest.month !== expectMonth)
    problems.push({ code: 'WRONG_MONTH', message: `the manifest is of ${manifest.month}, not ${expectMonth}` });
  if (manifest.workspace.id !== opts.workspace.id)
    problems.push({ code: 'WRONG_WORKSPACE', message: `the archive is of workspace ${manifest.workspace.name} (${manifest.workspace.id})` });
  if (expectMonth !== undefined) {
    const row = opts.recorded(manifest.month);
    if (!row) problems.push({ code: 'NOT_RECORDED', message: `this workspace has no record of archiving ${manifest.month}` });
    else if (row.fileSha256 !== manifest.file.sha256 || row.contentSha256 !== manifest.contentSha256 || row.records !== manifest.records)
      problems.push({ code: 'BAD_MANIFEST', message: 'the manifest differs from what this workspace recorded when it wrote the archive' });
  }
  const onDisk = await hashFile(file, opts.signal);
  if (onDisk.sha256 !== manifest.file.sha256 || onDisk.bytes !== manifest.file.bytes) {
    problems.push({ code: 'FILE_HASH', message: 'the file is not the one its manifest describes (SHA-256 or size differs)' });
    return verdict(0);
  }
  try {
    const back = await readBack(opts, manifest.month, file, manifest.records);
    if (back.records !== manifest.records)
      problems.push({ code: 'RECORD_COUNT', message: `the file holds ${back.records} records, the manifest says ${manifest.records}` });
    if (back.contentSha256 !== manifest.contentSha256) problems.push({ code: 'CONTENT_HASH', message: "the records' content hash differs from the manifest" });
    return verdict(back.records);
  } catch (e) {
    if (e instanceof ArchiveFormatError) problems.push({ code: 'BAD_LINE', message: e.message });
    else if (isZlibError(e)) problems.push({ code: 'BAD_LINE', message: `the file is damaged or cut short (${e.message})` });
    else throw e;
    return verdict(0);
  }
}

/** Checks a file against its manifest and, for the workspace's own archive of a month, against the recorded hashes. */
export function verifyArchiveFile(cx: MonthArchiveContext, file: string, expectMonth?: string): Promise<ArchiveVerify> {
  const repo = archivesRepo(cx.db);
  return checkArchiveFile(file, {
    workspace: cx.workspace,
    ...(expectMonth !== undefined ? { expectMonth } : {}),
    recorded: (month) => repo.get(month),
    ...(cx.signal ? { signal: cx.signal } : {}),
    ...(cx.onProgress ? { onProgress: cx.onProgress } : {}),
  });
}

export function verifyMonthArchive(cx: MonthArchiveContext, month: string): Promise<ArchiveVerify> {
  return verifyArchiveFile(cx, join(cx.dir, archiveFileName(month)), month);
}
