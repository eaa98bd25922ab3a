import type { Migration } from '../migrate';

/** The console database (one per data dir): settings and the list of workspaces. */
export const consoleCore: Migration = {
  version: 1,
  name: 'core',
  up: `
CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
CREATE TABLE workspaces (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,          -- demo | remote
  endpoint       TEXT,
  access_key     TEXT,
  secret_sealed  TEXT,                   -- sealed by the secret store (safeStorage); never plain
  db_file        TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
`,
};
