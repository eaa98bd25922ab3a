/**
 * Opens a workspace database as the console uses it. On top of openDatabase's pragmas, a page
 * cache big enough for the auth-record indexes: with SQLite's default 2 MB, ingest spends its
 * time re-reading index pages from the OS (measured: ~1.5× slower inserts at 100k+ records).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setCacheKib } from '../db/connection';
import { workspaceMigrations } from '../db/migrations';
import { openDatabase, type Db } from '../db/open';

/** Page cache of a workspace database, in KiB (negative = KiB for SQLite's cache_size). */
export const WORKSPACE_CACHE_KIB = 32 * 1024;

export function openWorkspaceDatabase(file: string, nativeBinding?: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = openDatabase(file, { migrations: workspaceMigrations, ...(nativeBinding ? { nativeBinding } : {}) });
  setCacheKib(db, WORKSPACE_CACHE_KIB);
  return db;
}
