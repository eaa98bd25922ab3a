import type { Migration } from '../migrate';

/**
 * Month archives of raw auth records and the retention window. A row records an archive the
 * console wrote (its hashes are the check that the file on disk is still that archive);
 * `dropped_at` says the month's raw records were removed from the store afterwards.
 */
export const workspaceArchives: Migration = {
  version: 8,
  name: 'archives',
  up: `
CREATE TABLE archives (
  month           TEXT PRIMARY KEY,    -- Shanghai month, YYYY-MM
  file            TEXT NOT NULL,       -- file name in the workspace's archive folder
  records         INTEGER NOT NULL,
  content_sha256  TEXT NOT NULL,
  file_sha256     TEXT NOT NULL,
  bytes           INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  dropped_at      INTEGER              -- raw records removed from the store (NULL: still there)
);
CREATE TABLE retention (
  only_row    INTEGER PRIMARY KEY CHECK (only_row = 1),
  raw_months  INTEGER                  -- NULL keeps every month
);
INSERT INTO retention (only_row, raw_months) VALUES (1, NULL);
`,
};
