/**
 * What a backup file holds, read through SQLite and never through a plain file descriptor on a
 * live database (closing one would drop the process's POSIX locks on it). Used on a fresh copy
 * before it is kept, and on a backup before it replaces a workspace's store.
 */
import { quickCheckProblems, tableNames } from '../db/connection';
import type { Db } from '../db/open';
import { schemaVersion } from '../db/migrate';
import { authRecordsRepo } from '../store/auth-records-repo';

export interface StoreFacts {
  schemaVersion: number;
  records: number;
}

/** Tables (or, for auth_records since the compact schema, a view) every workspace store has from its first migration on. */
const REQUIRED_TABLES = ['auth_records', 'sync_state'];

/** Checks integrity (quick_check) and the workspace tables; throws a plain-language Error when damaged. */
export function checkStore(db: Db): StoreFacts {
  const bad = quickCheckProblems(db);
  if (bad.length) throw new Error(`the database fails its integrity check: ${bad.slice(0, 3).join('; ')}`);
  const tables = tableNames(db);
  const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
  if (missing.length) throw new Error(`not a workspace store (no ${missing.join(', ')} table)`);
  return { schemaVersion: schemaVersion(db), records: authRecordsRepo(db).count() };
}
