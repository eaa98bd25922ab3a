import type { Migration } from '../migrate';

/**
 * The apps of a provider that cannot list them (Alibaba Cloud: 认证方案, SchemeCode): the codes
 * this workspace created or the user added, which the statistics sync reads.
 */
export const workspaceProviderSchemes: Migration = {
  // Its place in the list (the file is numbered 0006 so branches do not collide; the lead orders the list).
  version: 6,
  name: 'provider-schemes',
  up: `
CREATE TABLE provider_schemes (
  code        TEXT PRIMARY KEY,
  name        TEXT,
  app_name    TEXT,
  os_type     TEXT,                  -- Android | iOS | NULL when added by code
  origin      TEXT NOT NULL,         -- created | added
  added_at    INTEGER NOT NULL,
  deleted_at  INTEGER                -- deleted through the API (kept: its history still counts)
);
`,
};
