/**
 * An online backup of a workspace store: SQLite's backup API copies the live database page by page
 * between turns of the event loop, so sync, search and the UI go on while it runs and the copy is
 * one consistent snapshot. The copy is written as a hidden part file, switched out of WAL so it is
 * one self-contained file, checked, hashed, then given its manifest and its final name — a
 * cancelled or failed backup leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BackupInfo, BackupManifest, BackupProgress } from '../../../../shared/contract/backup';
import { measureFile } from '../export/file-measure';
import { useRollbackJournal } from '../db/connection';
import { openFileAsIs, type Db } from '../db/open';
import { BACKUP_SUFFIX, manifestPathOf, PART_SUFFIX } from './backup-folder';
import { checkStore } from './store-check';

/** Pages copied per step: ~400 KB at the default page size, a few ms of work per turn. */
const PAGES_PER_STEP = 100;

export interface CreateBackupOptions {
  db: Db;
  workspace: { id: string; name: string };
  backupId: string;
  /** The backup file to write (its manifest goes beside it). */
  target: string;
  now: () => number;
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
}

export function newBackupId(now: number): string {
  const stamp = new Date(now + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return `bk_${stamp}_${randomBytes(4).toString('hex')}`;
}

/** Part files a killed backup left in the folder (never a finished backup). */
export function removeStaleParts(dir: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith('.') && n.includes(PART_SUFFIX)) rmSync(join(dir, n), { force: true });
}

export async function createBackup(opts: CreateBackupOptions): Promise<BackupInfo> {
  const { db, backupId, target, signal } = opts;
  if (!target.endsWith(BACKUP_SUFFIX)) throw new Error(`a backup file name ends with ${BACKUP_SUFFIX}`);
  signal?.throwIfAborted();
  const part = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}${PART_SUFFIX}`);
  const created: string[] = [part, `${part}-wal`, `${part}-shm`, `${part}-journal`];
  let manifestWritten = false;
  try {
    await db.backup(part, {
      progress: ({ totalPages, remainingPages }) => {
        signal?.throwIfAborted();
        opts.onProgress?.({ backupId, phase: 'copy', done: totalPages - remainingPages, total: totalPages });
        return PAGES_PER_STEP;
      },
    });
    signal?.throwIfAborted();
    chmodSync(part, 0o600);
    const copy = openFileAsIs(part, { readonly: false });
    let facts;
    try {
      // One file, no -wal beside it: a backup is copied around and opened read-only later.
      useRollbackJournal(copy);
      opts.onProgress?.({ backupId, phase: 'check', done: 0, total: 1 });
      facts = checkStore(copy);
    } finally {
      copy.close();
    }
    const measured = await measureFile(part, null, signal);
    const manifest: BackupManifest = {
      kind: 'onetap-console/backup',
      version: 1,
      backupId,
      workspace: { id: opts.workspace.id, name: opts.workspace.name },
      schemaVersion: facts.schemaVersion,
      createdAt: opts.now(),
      file: { name: basename(target), bytes: measured.bytes, sha256: measured.sha256 },
      records: facts.records,
    };
    writeFileSync(manifestPathOf(target), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    manifestWritten = true;
    renameSync(part, target);
    opts.onProgress?.({ backupId, phase: 'check', done: 1, total: 1 });
    return { ...manifest, path: target };
  } catch (e) {
    for (const f of created) rmSync(f, { force: true });
    if (manifestWritten) rmSync(manifestPathOf(target), { force: true });
    throw e;
  }
}
