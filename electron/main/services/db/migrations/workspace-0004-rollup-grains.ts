import type { Migration } from '../migrate';

/**
 * Rollups at the grains the searches, statistics and bills ask for, so no total reads raw records
 * beyond the partial hours at a range's edges (issue 13):
 *   - rollup_codes_hourly: failures per failure code × Shanghai day × hour. A failure-code filter
 *     matches a failure's platform code or its carrier code, so a failure counts once under each
 *     distinct code it carries. Written by the ingest path (it alone knows the hour).
 *   - rollup_codes_daily: the same per day, so a code filter over months reads one row per day.
 *     Kept by triggers on rollup_failures, so every writer of that table keeps it right.
 *   - rollup_billable_daily: calls, successes and billable per day (bills' package windows, the
 *     dashboard). Kept by triggers on rollup_daily, so providers that write daily rollups without
 *     records (e.g. from a usage statement) keep it right too.
 * The existing rollup tables are unchanged. Existing stores are backfilled from those tables and
 * the records in place.
 */
export const workspaceRollupGrains: Migration = {
  version: 4,
  name: 'rollup-grains',
  up: `
CREATE TABLE rollup_codes_hourly (
  code      TEXT NOT NULL,
  date      TEXT NOT NULL,
  hour      INTEGER NOT NULL,
  failures  INTEGER NOT NULL,
  PRIMARY KEY (code, date, hour)
) WITHOUT ROWID;

CREATE TABLE rollup_codes_daily (
  code      TEXT NOT NULL,
  date      TEXT NOT NULL,
  failures  INTEGER NOT NULL,
  PRIMARY KEY (code, date)
) WITHOUT ROWID;

CREATE TABLE rollup_billable_daily (
  date       TEXT PRIMARY KEY,
  calls      INTEGER NOT NULL,
  successes  INTEGER NOT NULL,
  billable   INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO rollup_codes_hourly (code, date, hour, failures)
  SELECT code, d, h, COUNT(*) FROM (
    SELECT result_code AS code, date((request_ms + 28800000) / 1000, 'unixepoch') AS d, ((request_ms + 28800000) / 3600000) % 24 AS h
      FROM auth_records WHERE success = 0
    UNION ALL
    SELECT carrier_code, date((request_ms + 28800000) / 1000, 'unixepoch'), ((request_ms + 28800000) / 3600000) % 24
      FROM auth_records WHERE success = 0 AND carrier_code IS NOT NULL AND carrier_code <> '' AND carrier_code <> result_code
  ) GROUP BY code, d, h;

INSERT INTO rollup_codes_daily (code, date, failures)
  SELECT code, date, SUM(failures) FROM (
    SELECT result_code AS code, date, failures FROM rollup_failures
    UNION ALL
    SELECT carrier_code, date, failures FROM rollup_failures WHERE carrier_code <> '' AND carrier_code <> result_code
  ) GROUP BY code, date;

INSERT INTO rollup_billable_daily (date, calls, successes, billable)
  SELECT date, SUM(calls), SUM(successes), SUM(billable) FROM rollup_daily GROUP BY date;

-- Upserts fire INSERT or UPDATE triggers; deltas keep the day sums exact under both.
CREATE TRIGGER rollup_failures_codes_ins AFTER INSERT ON rollup_failures BEGIN
  INSERT INTO rollup_codes_daily (code, date, failures) VALUES (NEW.result_code, NEW.date, NEW.failures)
    ON CONFLICT(code, date) DO UPDATE SET failures = failures + excluded.failures;
  INSERT INTO rollup_codes_daily (code, date, failures)
    SELECT NEW.carrier_code, NEW.date, NEW.failures WHERE NEW.carrier_code <> '' AND NEW.carrier_code <> NEW.result_code
    ON CONFLICT(code, date) DO UPDATE SET failures = failures + excluded.failures;
END;
CREATE TRIGGER rollup_failures_codes_upd AFTER UPDATE ON rollup_failures BEGIN
  UPDATE rollup_codes_daily SET failures = failures - OLD.failures WHERE code = OLD.result_code AND date = OLD.date;
  UPDATE rollup_codes_daily SET failures = failures - OLD.failures
    WHERE code = OLD.carrier_code AND date = OLD.date AND OLD.carrier_code <> '' AND OLD.carrier_code <> OLD.result_code;
  INSERT INTO rollup_codes_daily (code, date, failures) VALUES (NEW.result_code, NEW.date, NEW.failures)
    ON CONFLICT(code, date) DO UPDATE SET failures = failures + excluded.failures;
  INSERT INTO rollup_codes_daily (code, date, failures)
    SELECT NEW.carrier_code, NEW.date, NEW.failures WHERE NEW.carrier_code <> '' AND NEW.carrier_code <> NEW.result_code
    ON CONFLICT(code, date) DO UPDATE SET failures = failures + excluded.failures;
END;
CREATE TRIGGER rollup_failures_codes_del AFTER DELETE ON rollup_failures BEGIN
  UPDATE rollup_codes_daily SET failures = failures - OLD.failures WHERE code = OLD.result_code AND date = OLD.date;
  UPDATE rollup_codes_daily SET failures = failures - OLD.failures
    WHERE code = OLD.carrier_code AND date = OLD.date AND OLD.carrier_code <> '' AND OLD.carrier_code <> OLD.result_code;
  DELETE FROM rollup_codes_daily WHERE date = OLD.date AND code IN (OLD.result_code, OLD.carrier_code) AND failures = 0;
END;

CREATE TRIGGER rollup_daily_billable_ins AFTER INSERT ON rollup_daily BEGIN
  INSERT INTO rollup_billable_daily (date, calls, successes, billable) VALUES (NEW.date, NEW.calls, NEW.successes, NEW.billable)
    ON CONFLICT(date) DO UPDATE SET calls = calls + excluded.calls, successes = successes + excluded.successes, billable = billable + excluded.billable;
END;
CREATE TRIGGER rollup_daily_billable_upd AFTER UPDATE ON rollup_daily BEGIN
  UPDATE rollup_billable_daily SET calls = calls - OLD.calls, successes = successes - OLD.successes, billable = billable - OLD.billable WHERE date = OLD.date;
  INSERT INTO rollup_billable_daily (date, calls, successes, billable) VALUES (NEW.date, NEW.calls, NEW.successes, NEW.billable)
    ON CONFLICT(date) DO UPDATE SET calls = calls + excluded.calls, successes = successes + excluded.successes, billable = billable + excluded.billable;
END;
CREATE TRIGGER rollup_daily_billable_del AFTER DELETE ON rollup_daily BEGIN
  UPDATE rollup_billable_daily SET calls = calls - OLD.calls, successes = successes - OLD.successes, billable = billable - OLD.billable WHERE date = OLD.date;
  DELETE FROM rollup_billable_daily WHERE date = OLD.date AND calls = 0 AND billable = 0;
END;
`,
};
