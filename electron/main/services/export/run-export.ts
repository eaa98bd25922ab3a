/**
 * One export, start to finish:
 *  1. find the signing key and the chain (before anything is written: no key, no export);
 *  2. pin a snapshot of the matching records and count them;
 *  3. stream them through the format writer into a hashed temporary file beside the target;
 *  4. in ONE database transaction: link and sign the manifest, append it to the history, and
 *     rename the manifest and the file into place.
 * A cancel or any failure before step 4 completes removes the temporary files and leaves the
 * history untouched; a failure inside step 4 rolls the history back and removes what was moved.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import { exportColumns, type ExportFormat, type ExportLocale, type ExportManifest, type ExportProgress } from '../../../../shared/contract/export';
import type { TeamRecordExport, TeamRecordReader } from '../workspaces/active';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import type { Clock } from '../core/clock';
import type { SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import { advanceSeal } from './chain-seal';
import { FileSink } from './file-sink';
import { partPathFor, removeStaleParts } from './stale-parts';
import { historyRepo, type HistoryRow } from './history-repo';
import { genesisHash, manifestHash, manifestPathFor, manifestText, signManifest, type UnsignedManifest } from './manifest';
import { osUserName } from '../core/os-user';
import { describeDropped, droppedMonthsIn } from '../records/archived-months';
import type { RecordSnapshot } from './record-source';
import { openExportReading, type ParallelCsv, type ParallelOptions } from './parallel-csv';
import { keySet, type PlatformSecret } from './signing-keys';
import { writerFor, type RecordWriter } from './writers';

export interface ExportEnv {
  db: Db;
  workspace: { id: string; name: string; accessKey: string | null };
  secrets: SecretStore;
  platformSecret: PlatformSecret | null;
  clock: Clock;
  osUser?: string;
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
  /** Rows per read (default 1000; 2000 where the format reads compact rows). */
  batchSize?: number;
  /** Minimum milliseconds between progress events while writing (default 250). */
  progressEveryMs?: number;
  /**
   * The workspace lives in a team store: its records are read there and the export is appended to
   * the store's own history (append-only in the database); `db` is the session's working copy.
   */
  teamStore?: TeamRecordReader;
  /** How a CSV export reads on several cores (parallel-csv.ts); `{ workers: 1 }` keeps it on one thread. */
  parallel?: ParallelOptions;
}

export interface ExportRequest {
  exportId: string;
  filter: RecordsFilter;
  format: ExportFormat;
  locale: ExportLocale;
  /** Absolute path of the file to write. */
  target: string;
}

export interface ExportResult {
  exportId: string;
  file: string;
  manifest: string;
  rows: number;
  sha256: string;
  bytes: number;
  format: ExportFormat;
  manifestObject: ExportManifest;
  /** Threads that read and encoded the rows: the worker count of a parallel CSV export, else 1. */
  threads: number;
}

/** Where an export's rows come from: the workspace file, or a team store's snapshot (no compact rows there). */
type ExportSnapshot = RecordSnapshot | TeamRecordExport;

export function newExportId(): string {
  return `exp_${randomBytes(12).toString('base64url')}`;
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function checkTarget(target: string, db: Db): string {
  if (!isAbsolute(target)) throw new ApiError('INVALID_INPUT', `out: ${target} is not an absolute path`, { fields: { out: 'not an absolute path' } });
  const abs = resolve(target);
  if (abs.endsWith('.manifest.json'))
    throw new ApiError('INVALID_INPUT', 'out: that name is reserved for manifests', { fields: { out: 'reserved for manifests' } });
  if (!db.memory && (sameFile(abs, db.name) || abs === resolve(db.name))) {
    throw new ApiError('INVALID_INPUT', 'out: that is the workspace database itself', { fields: { out: 'the workspace database' } });
  }
  try {
    realpathSync(dirname(abs));
  } catch {
    throw new ApiError('INVALID_INPUT', `out: the folder ${dirname(abs)} does not exist`, { fields: { out: 'folder does not exist' } });
  }
  return abs;
}

export async function runExport(env: ExportEnv, req: ExportRequest): Promise<ExportResult> {
  const { db, clock } = env;
  const target = checkTarget(req.target, db);
  const manifestPath = manifestPathFor(target);
  const signal = env.signal;
  const startedAt = performance.now();
  let rows = 0;
  let total: number | null = null;
  let lastEmit = 0;
  const emit = (phase: ExportProgress['phase'], force = false): void => {
    if (!env.onProgress) return;
    const now = performance.now();
    if (!force && now - lastEmit < (env.progressEveryMs ?? 250)) return;
    lastEmit = now;
    const secs = (now - startedAt) / 1000;
    env.onProgress({ exportId: req.exportId, phase, rows, total, rowsPerSec: secs > 0 ? Math.round(rows / secs) : 0 });
  };

  const team = env.teamStore ?? null;
  if (team && !(await team.canAppendExport())) {
    throw new ApiError(
      'FORBIDDEN',
      "this database role may not append to the team store's export history (a read-only role): an auditor exports with a login in onetap_auditor; nothing was written",
    );
  }
  // An export holds every record it counts: a month archived out of the team store is brought back first.
  const dropped = team?.droppedMonths ? droppedMonthsIn(await team.droppedMonths(), req.filter) : [];
  if (dropped.length > 0)
    throw new ApiError(
      'CONFLICT',
      `the export's range reaches months whose raw records are archived out of the team store: ${describeDropped(dropped)}. ` +
        'Its writer brings a month back with onetap archive import MONTH --store …, or export a range without it; nothing was written',
      { detail: { archived: dropped.map((m) => m.month) } },
    );
  if (team ? await team.exportIdTaken(req.exportId) : historyRepo(db).byExportId(req.exportId))
    throw new ApiError('CONFLICT', `an export with id ${req.exportId} already exists`);
  // Parts left by exports killed mid-way (kill -9, a crash) into this folder.
  removeStaleParts(dirname(target));
  // 1. Keys and chain first: an export that could not be signed is never written. A team store's
  // working copy is thrown away with the session, so no keyring key is created in it: its
  // exports are signed with the key derived from the platform secret, which every member holds.
  const chainId = team ? await team.exportChainId(clock.now()) : db.transaction(() => historyRepo(db).chainId(clock.now())).immediate();
  const keys = db
    .transaction(() => keySet({ db, secrets: env.secrets, chainId, platformSecret: env.platformSecret, now: clock.now(), create: !team }))
    .immediate();
  if (!keys.signer) throw new ApiError('UNSUPPORTED', keys.why);
  const signer = keys.signer;

  emit('counting', true);
  // A team store's records are read in PostgreSQL on one connection; the workspace file's, for a
  // large CSV, on several cores.
  const { snapshot, parallel }: { snapshot: ExportSnapshot; parallel: ParallelCsv | null } = team
    ? { snapshot: await team.openRecordExport(req.filter), parallel: null }
    : await openExportReading(db, req.filter, req.format === 'csv' ? { locale: req.locale } : null, env.parallel, signal);
  let sink: FileSink | null = null;
  let writer: RecordWriter | null = null;
  try {
    total = snapshot.total;
    signal?.throwIfAborted();
    emit('writing', true);
    sink = await FileSink.create(target);
    writer = writerFor(req.format, sink, req.locale);
    await writer.start();
    if (parallel) {
      // CSV on several cores: the workers' lines go straight into the sink, after the writer's header.
      await parallel.write(
        sink,
        (n) => {
          rows += n;
          emit('writing');
        },
        signal,
      );
      await parallel.close();
    } else if (writer.compactRows && 'compactBatches' in snapshot) {
      // The format reads stored rows directly (CSV): no decoding view, no RecordItem per row.
      // Larger pages than RecordItems take (fewer keyset seeks); a page of arrays is still only a few MB.
      const { dictionaries, batches } = snapshot.compactBatches(env.batchSize ?? 2000, signal);
      for (const batch of batches) {
        await writer.compactRows(batch, dictionaries);
        rows += batch.length;
        emit('writing');
        signal?.throwIfAborted();
      }
    } else
      for await (const batch of snapshot.batches(env.batchSize ?? 1000, signal)) {
        await writer.rows(batch);
        rows += batch.length;
        emit('writing');
        signal?.throwIfAborted();
      }
    await snapshot.close();
    emit('finishing', true);
    await writer.end();
    const { sha256, bytes } = await sink.finish();
    signal?.throwIfAborted();

    // 4. Link, sign, record and move into place as one step.
    const manifestTemp = partPathFor(manifestPath);
    let moved: string[] = [];
    try {
      const sign = (seq: number, prevHash: string): { signed: ExportManifest; row: HistoryRow } => {
        const now = clock.now();
        const unsigned: UnsignedManifest = {
          kind: 'onetap-console/export-manifest',
          version: 1,
          exportId: req.exportId,
          seq,
          chainId,
          workspace: { id: env.workspace.id, name: env.workspace.name },
          accessKey: env.workspace.accessKey,
          osUser: env.osUser ?? osUserName(),
          createdAt: toShanghaiIso(now),
          filter: req.filter,
          format: req.format,
          locale: req.locale,
          columns: [...exportColumns],
          rows,
          file: { name: basename(target), bytes, sha256 },
          prevHash,
          signature: { alg: 'HMAC-SHA256', keyId: signer.id, keySource: signer.source },
        };
        const signed = signManifest(unsigned, signer);
        const row = {
          seq,
          export_id: req.exportId,
          created_at: now,
          manifest: JSON.stringify(signed),
          manifest_hash: manifestHash(signed),
          prev_hash: prevHash,
          file_path: target,
        };
        return { signed, row };
      };
      const moveIntoPlace = (signed: ExportManifest): void => {
        writeFileSync(manifestTemp, manifestText(signed), { flag: 'wx', mode: 0o600 });
        renameSync(manifestTemp, manifestPath);
        moved = [manifestPath];
        renameSync(sink!.tempPath, target);
        sink!.settled();
        moved = [manifestPath, target];
      };
      let manifest: ExportManifest;
      if (team) {
        const built: { signed?: ExportManifest } = {};
        const row = await team.appendExport(
          (seq, prevHash) => {
            const made = sign(seq, prevHash ?? genesisHash(chainId));
            built.signed = made.signed;
            return made.row;
          },
          () => moveIntoPlace(built.signed!),
        );
        manifest = built.signed!;
        // The session's working copy follows the store, so its history and verify see this export.
        historyRepo(db).load({ chain_id: chainId, created_at: row.created_at }, [row]);
      } else {
        manifest = db
          .transaction(() => {
            const seq = historyRepo(db).highWaterSeq() + 1;
            const prevHash = historyRepo(db).last()?.manifest_hash ?? genesisHash(chainId);
            const { signed, row } = sign(seq, prevHash);
            historyRepo(db).append(row);
            moveIntoPlace(signed);
            return signed;
          })
          .immediate();
      }
      advanceSeal(db, chainId, { seq: manifest.seq, hash: manifestHash(manifest) }, signer);
      emit('done', true);
      return {
        exportId: req.exportId,
        file: target,
        manifest: manifestPath,
        rows,
        sha256,
        bytes,
        format: req.format,
        manifestObject: manifest,
        threads: parallel?.threads ?? 1,
      };
    } catch (e) {
      rmSync(manifestTemp, { force: true });
      for (const p of moved) rmSync(p, { force: true });
      throw e;
    }
  } catch (e) {
    await snapshot.close();
    await parallel?.close();
    writer?.abort();
    await sink?.discard();
    const cancelled = signal?.aborted ?? false;
    emit(cancelled ? 'cancelled' : 'failed', true);
    if (cancelled) throw new ApiError('CANCELLED', 'export cancelled; no file was left behind');
    if (e instanceof Error && /UNIQUE constraint failed: export_history\.export_id/.test(e.message)) {
      throw new ApiError('CONFLICT', `an export with id ${req.exportId} already exists`);
    }
    throw e;
  }
}
