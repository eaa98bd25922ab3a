/**
 * Where a workspace's backups live: `<dataDir>/backups/<workspaceId>/<backupId>.sqlite`, each with
 * its manifest `<file>.json`. Ids are checked by the contract (letters, digits, _ and -), so a
 * name built from one never leaves the folder.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { backupManifestSchema, type BackupInfo, type BackupManifest } from '../../../../shared/contract/backup';

export const BACKUP_SUFFIX = '.sqlite';
/** A backup being written: never listed, removed when it fails or at the next backup. */
export const PART_SUFFIX = '.part';

export function backupDir(dataDir: string, workspaceId: string): string {
  return join(dataDir, 'backups', workspaceId.replace(/[^A-Za-z0-9_-]/g, '_'));
}

export function ensureBackupDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export const manifestPathOf = (file: string): string => `${file}.json`;

/** The manifest beside a backup file, or null when it is missing or not a backup manifest. */
export function readManifest(file: string): BackupManifest | null {
  let text: string;
  try {
    text = readFileSync(manifestPathOf(file), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = backupManifestSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.file.name === basename(file) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The backups in a folder with a readable manifest, newest first. */
export function listBackups(dir: string): BackupInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const items: BackupInfo[] = [];
  for (const name of names) {
    if (!name.endsWith(BACKUP_SUFFIX)) continue;
    const path = join(dir, name);
    const m = readManifest(path);
    if (m) items.push({ ...m, path });
  }
  return items.sort((a, b) => b.createdAt - a.createdAt || (a.backupId < b.backupId ? 1 : -1));
}
