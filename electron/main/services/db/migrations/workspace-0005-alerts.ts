import type { Migration } from '../migrate';

/**
 * The alerts area's state in a workspace: rule configuration, episodes (one row per alert from
 * the moment its condition started until it ended), every firing / repeat / resolution with the
 * numbers that triggered it, and each notification's delivery to a channel.
 *
 * `version` is the position in the workspace list (migrate() requires 1..n without gaps): the
 * file number 0005 was assigned to this area; the lead renumbers `version` when merging.
 */
export const workspaceAlerts: Migration = {
  version: 5,
  name: 'alerts',
  up: `
CREATE TABLE alert_rules (
  rule        TEXT PRIMARY KEY,
  config      TEXT NOT NULL,             -- JSON RuleConfig (defaults filled in on read)
  updated_at  INTEGER NOT NULL
);

CREATE TABLE alert_episodes (
  alert_id          INTEGER PRIMARY KEY,
  rule              TEXT NOT NULL,
  key               TEXT NOT NULL,       -- rule + what it is about: one open episode per key
  scope             TEXT NOT NULL,       -- JSON {app?, operator?, capability?}
  subject           TEXT NOT NULL,       -- JSON {code?, packageId?, appName? …}
  state             TEXT NOT NULL,       -- open | resolved
  started_at        INTEGER NOT NULL,
  resolved_at       INTEGER,
  clear_since       INTEGER,             -- first evaluation that found the condition gone (hysteresis)
  numbers           TEXT NOT NULL,       -- JSON: the latest triggering numbers
  top_codes         TEXT NOT NULL,       -- JSON [{code, carrierCode, failures, meaning}]
  detail            TEXT NOT NULL,
  link              TEXT NOT NULL,       -- JSON {view, query}
  notify_due        INTEGER NOT NULL,    -- 1: the firing notification is still owed (quiet hours)
  last_notified_at  INTEGER,
  notifications     INTEGER NOT NULL DEFAULT 0,
  acknowledged_at   INTEGER,
  snoozed_until     INTEGER
);
CREATE UNIQUE INDEX alert_episodes_open_key ON alert_episodes(key) WHERE state = 'open';
CREATE INDEX alert_episodes_started ON alert_episodes(started_at DESC);

CREATE TABLE alert_events (
  event_id  INTEGER PRIMARY KEY,
  alert_id  INTEGER NOT NULL REFERENCES alert_episodes(alert_id),
  at        INTEGER NOT NULL,
  kind      TEXT NOT NULL,               -- fired | repeated | resolved
  numbers   TEXT NOT NULL,
  detail    TEXT NOT NULL
);
CREATE INDEX alert_events_at ON alert_events(at);

CREATE TABLE alert_deliveries (
  delivery_id  INTEGER PRIMARY KEY,
  alert_id     INTEGER NOT NULL REFERENCES alert_episodes(alert_id),
  channel      TEXT NOT NULL,
  event        TEXT NOT NULL,            -- fired | repeated | resolved
  status       TEXT NOT NULL,            -- pending | sent | failed
  attempts     INTEGER NOT NULL DEFAULT 0,
  error        TEXT,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id);
`,
};
