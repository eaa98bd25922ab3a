/**
 * Restore of a workspace store from a backup. Nothing is touched until the backup has proved
 * itself: its bytes match its manifest, SQLite finds it intact, it is a workspace store, and its
 * schema is not newer than this console. The copy then goes through SQLite's backup API into the
 * live file, under one write lock: a cancel or a failure part-way rolls the store back to what it
 * was. An older backup is migrated forward on the live handle afterwards.
 */
import { ApiError } from '../../../../shared/contract/errors';
import type { BackupInfo, BackupProgress } from '../../../../shared/contract/backup';
import { migrate, schemaVersion, type Migration } from '../db/migrate';
import { openFileAsIs, type Db } from '../db/open';
import { measureFile } from '../export/file-measure';
import { readManifest } from './backup-folder';
import { checkStore } from './store-check';

const PAGES_PER_STEP = 100;

export interface RestoreOptions {
  /** The live store (its file is `db.name`). */
  db: Db;
  workspaceId: string;
  /** The backup file; its manifest is `<file>.json`. */
  file: string;
  migrations: readonly Migration[];
  /** Allow a backup taken from another workspace. */
  force: boolean;
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
}

export interface RestoreResult {
  restored: BackupInfo;
  schemaBefore: number;
  schemaAfter: number;
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const { db, file, signal } = opts;
  if (db.memory) throw new ApiError('UNSUPPORTED', 'this workspace has no store file to restore into');
  const manifest = readManifest(file);
  if (!manifest) throw new ApiError('VALIDATION_FAILED', `${file}: no backup manifest beside it (${file}.json), or it is not one`);
  const measured = await measureFile(file, null, signal).catch((e: unknown) => {
    signal?.throwIfAborted();
    throw new ApiError('NOT_FOUND', `${file}: cannot read the backup (${(e as Error).message})`);
  });
  if (measured.bytes !== manifest.file.bytes || measured.sha256 !== manifest.file.sha256) {
    throw new ApiError('VALIDATION_FAILED', `${file}: the backup does not match its manifest (damaged or changed since it was made)`);
  }
  if (manifest.workspace.id !== opts.workspaceId && !opts.force) {
    throw new ApiError('CONFLICT', `this backup is of workspace "${manifest.workspace.name}"; restore it into that workspace, or force it`);
  }
  const source = openFileAsIs(file, { readonly: true });
  try {
    let facts;
    try {
      opts.onProgress?.({ backupId: manifest.backupId, phase: 'check', done: 0, total: 1 });
      facts = checkStore(source);
    } catch (e) {
      throw new ApiError('VALIDATION_FAILED', `${file}: ${(e as Error).message}`);
    }
    if (facts.schemaVersion > opts.migrations.length) {
      throw new ApiError(
        'CONFLICT',
        `the backup was made by a newer console (schema ${facts.schemaVersion}, this one knows ${opts.migrations.length}); update the console first`,
      );
    }
    const schemaBefore = schemaVersion(db);
    signal?.throwIfAborted();
    await source.backup(db.name, {
      progress: ({ totalPages, remainingPages }) => {
        signal?.throwIfAborted();
        opts.onProgress?.({ backupId: manifest.backupId, phase: 'restore', done: totalPages - remainingPages, total: totalPages });
        return PAGES_PER_STEP;
      },
    });
    migrate(db, opts.migrations);
    return { restored: { ...manifest, path: file }, schemaBefore, schemaAfter: schemaVersion(db) };
  } finally {
    source.close();
  }
}
