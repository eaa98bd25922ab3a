/**
 * Connection-level operations that are not a table's: page cache and journal pragmas, the
 * integrity check, and explicit transactions held open across calls (better-sqlite3's
 * `transaction()` only wraps one synchronous function).
 */
import type { Db } from './open';
import { preparedOnce } from './prepared-once';

/** Opens a deferred transaction: the first read pins the WAL snapshot for everything after it. */
export function begin(db: Db): void {
  db.exec('BEGIN');
}

export function commit(db: Db): void {
  db.exec('COMMIT');
}

/**
 * SQLite's data_version of this connection: it changes between two reads (outside a transaction)
 * exactly when another connection committed in between. Equal readings around a span of time
 * prove that no commit happened within it.
 */
export function dataVersion(db: Db): number {
  return dataVersionOf(db).get() as number;
}

/**
 * Prepared once: read before every alert evaluation after a sync page, where db.pragma()'s
 * preparing the statement each time was a noticeable share. A PRAGMA statement runs at each step,
 * so a kept one reads the value of the moment.
 */
const dataVersionOf = preparedOnce((db) => db.prepare('PRAGMA data_version').pluck());

/** SQLite's page cache for this connection, in KiB. */
export function setCacheKib(db: Db, kib: number): void {
  db.pragma(`cache_size = -${Math.floor(kib)}`);
}

/** Back to a rollback journal: a single file with no -wal/-shm beside it (a backup copy). */
export function useRollbackJournal(db: Db): void {
  db.pragma('journal_mode = DELETE');
}

/** What quick_check finds wrong (empty when the file is sound). */
export function quickCheckProblems(db: Db): string[] {
  const rows = db.pragma('quick_check', { simple: false }) as Array<{ quick_check: string }>;
  return rows.map((p) => p.quick_check).filter((v) => v !== 'ok');
}

export function tableNames(db: Db): Set<string> {
  // Views count: auth_records is a view over the compact table since workspace-0007.
  return new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`).pluck().all() as string[]);
}
