/**
 * What a console keeps of its own about a team workspace (alert rules, episodes with their
 * acknowledgements and snoozes, events and deliveries; app changes and key reveals), kept in a
 * small SQLite file of this console, while the team's data stays in the team store.
 *
 * The file is an ordinary workspace database (the same migrations, so the same repositories read
 * it) whose team tables stay empty. Each in-memory working copy of the team store drops its own
 * console-local tables and attaches the file in their place: SQLite resolves a table name not in
 * `main` to the attached database, so every repository reads and writes the file through the
 * copy's one connection, and a new working copy sees what the one before it wrote at once.
 * Nothing of the team store's ever reaches the file (teamDataOnDisk checks that in the tests).
 */
import type { Db } from '../db/open';
import { attachConsoleTables } from '../store/workspace-tables-repo';
import { openWorkspaceDatabase } from '../workspaces/open-workspace-db';

/** The schema name the local state file is attached under. */
export const LOCAL_STATE_SCHEMA = 'local';

/**
 * Creates the local state file or brings it to this console's schema (the workspace migrations),
 * before any working copy attaches it: an attached database is not migrated by its attacher.
 */
export function prepareLocalState(file: string, nativeBinding?: string): void {
  openWorkspaceDatabase(file, nativeBinding).close();
}

/** An empty, migrated in-memory workspace whose console-local tables are those of `localFile` (prepared with prepareLocalState). */
export function openWorkingCopy(localFile: string, nativeBinding?: string): Db {
  const db = openWorkspaceDatabase(':memory:', nativeBinding);
  try {
    attachConsoleTables(db, localFile, LOCAL_STATE_SCHEMA);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
