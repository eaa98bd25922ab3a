import type { Migration } from '../migrate';

/**
 * Ten-minute rollups for the alert rules (issue 18): the failure-rate spike compares the last
 * window (default 30 min, configurable in steps of ten) with the same minutes of the previous
 * days, which the hourly rollup can only approximate by whole hours.
 *   - rollup_slots: calls and successes per Shanghai day × ten-minute slot (0–143) × app ×
 *     operator × capability.
 *   - rollup_slot_failures: failures of the same key × platform code × carrier code, so an alert
 *     names the top codes of its window (not of its day).
 * Written by the ingest path in the transaction that writes the records (store/slot-rollups.ts);
 * existing stores are backfilled from auth_records here. Rows of slots nobody called are absent.
 */
export const workspaceRollupSlots: Migration = {
  version: 9,
  name: 'rollup-slots',
  up: `
CREATE TABLE rollup_slots (
  date        TEXT NOT NULL,
  slot        INTEGER NOT NULL,
  id          TEXT NOT NULL,
  operator    TEXT NOT NULL,
  capability  TEXT NOT NULL,
  calls       INTEGER NOT NULL,
  successes   INTEGER NOT NULL,
  PRIMARY KEY (date, slot, id, operator, capability)
) WITHOUT ROWID;

CREATE TABLE rollup_slot_failures (
  date         TEXT NOT NULL,
  slot         INTEGER NOT NULL,
  id           TEXT NOT NULL,
  operator     TEXT NOT NULL,
  capability   TEXT NOT NULL,
  result_code  TEXT NOT NULL,
  carrier_code TEXT NOT NULL,            -- '' when none
  failures     INTEGER NOT NULL,
  PRIMARY KEY (date, slot, id, operator, capability, result_code, carrier_code)
) WITHOUT ROWID;

INSERT INTO rollup_slots (date, slot, id, operator, capability, calls, successes)
  SELECT date((request_ms + 28800000) / 1000, 'unixepoch') AS d, ((request_ms + 28800000) / 600000) % 144 AS s,
         id, operator, capability, COUNT(*), SUM(success)
    FROM auth_records GROUP BY d, s, id, operator, capability;

INSERT INTO rollup_slot_failures (date, slot, id, operator, capability, result_code, carrier_code, failures)
  SELECT date((request_ms + 28800000) / 1000, 'unixepoch') AS d, ((request_ms + 28800000) / 600000) % 144 AS s,
         id, operator, capability, result_code, COALESCE(carrier_code, '') AS cc, COUNT(*)
    FROM auth_records WHERE success = 0 GROUP BY d, s, id, operator, capability, result_code, cc;
`,
};
