import type { Migration } from '../migrate';

/**
 * Chat-robot channels belong to the console and are shared by its workspaces. The robot's
 * signing secret is kept like a platform secret key: sealed by the secret store (safeStorage),
 * or, where the store cannot persist (browser host, CLI), in memory for the session and NULL
 * here. The URL is kept like a workspace endpoint and access key (plain), and shown masked.
 *
 * `version` is the position in the console list (migrate() requires 1..n without gaps): the
 * file number 0003 was assigned to this area; the lead renumbers `version` when merging.
 */
export const consoleAlertChannels: Migration = {
  version: 3,
  name: 'alert-channels',
  up: `
CREATE TABLE alert_channels (
  name           TEXT PRIMARY KEY,
  kind           TEXT NOT NULL,          -- dingtalk | wecom | feishu | webhook
  url            TEXT NOT NULL,
  has_secret     INTEGER NOT NULL,
  secret_sealed  TEXT,                   -- sealed; NULL when none or not persistable
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
`,
};
