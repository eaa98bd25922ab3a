import type { Migration } from '../migrate';

/**
 * The apps area's local state, which the platform does not hold: changes sent but not yet
 * brought back by sync (shown as pending until then), and the record of every appKey reveal.
 */
export const workspaceApps: Migration = {
  version: 2,
  name: 'apps',
  up: `
CREATE TABLE app_pending_changes (
  pending_id     INTEGER PRIMARY KEY,
  id             TEXT,                   -- platform app id; NULL until a create is answered
  op             TEXT NOT NULL,          -- create | update | delete | review
  state          TEXT NOT NULL,          -- sending | sent | failed
  name           TEXT NOT NULL,          -- the name the change is about (for lists and messages)
  payload        TEXT NOT NULL,          -- JSON body sent (app bodies hold no secrets)
  base_version   INTEGER,                -- the app's version when the change was sent
  expect_version INTEGER,                -- version the platform answered; confirmed when sync stores >= it
  result         TEXT,                   -- the platform's answer (App JSON without appKey)
  error          TEXT,                   -- JSON {code, message} of a failed send
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX app_pending_changes_id ON app_pending_changes(id);

-- Each reveal or copy of an appKey: who looked, from which door, when. The key itself is never here.
CREATE TABLE app_key_reveals (
  reveal_id   INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  id          TEXT NOT NULL,
  app_id      TEXT,
  purpose     TEXT NOT NULL,             -- reveal | copy
  mode        TEXT NOT NULL,             -- electron | browser | cli
  os_user     TEXT NOT NULL,
  access_key  TEXT                       -- access key id of the connection (never its secret)
);
CREATE INDEX app_key_reveals_id ON app_key_reveals(id, at);
`,
};
