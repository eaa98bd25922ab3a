import type { Migration } from '../migrate';

/**
 * Per-month billable totals for bills (issue 13): a month's bill needs its billable calls per day
 * (rollup_billable_daily, workspace-0004) and per app, operator and capability — until now a GROUP
 * BY over the month's rollup_daily rows (30 × apps × 6: 72,000 rows at 400 apps, two thirds of a
 * bill's time). rollup_billable_monthly holds those month sums, one row per month × app ×
 * operator × capability (2,400 rows at 400 apps), so a bill reads ~2,400 + 31 small rows.
 *
 * Kept by triggers on rollup_daily, like rollup_billable_daily: every writer of the daily rollups
 * (the ingest writer, rollupsRepo.rebuild, discard, archive restore, the statistics providers'
 * writers, a migration's backfill) keeps it equal inside its own statement, so it cannot drift
 * from the rollups whichever path wrote them. `cells` counts the rollup_daily rows behind a row, so
 * a row exists exactly while some daily row of its key does (an app with no billable calls still
 * appears in the month's allocation, as it did when the bill grouped the daily rows).
 *
 * The day table's UPDATE trigger is replaced by a one-statement delta for the common case (an
 * upsert adds to a row without changing its key), so the ingest writer's rollup upserts cost what
 * they did before this table: two statements per upserted key, one per summary.
 */
const SAME_KEY = 'substr(OLD.date, 1, 7) = substr(NEW.date, 1, 7) AND OLD.id = NEW.id AND OLD.operator = NEW.operator AND OLD.capability = NEW.capability';
const MONTH_KEY = (row: 'OLD' | 'NEW'): string =>
  `month = substr(${row}.date, 1, 7) AND id = ${row}.id AND operator = ${row}.operator AND capability = ${row}.capability`;
const ADD_NEW = `INSERT INTO rollup_billable_monthly (month, id, operator, capability, cells, calls, successes, billable)
    VALUES (substr(NEW.date, 1, 7), NEW.id, NEW.operator, NEW.capability, 1, NEW.calls, NEW.successes, NEW.billable)
    ON CONFLICT(month, id, operator, capability) DO UPDATE SET cells = cells + 1, calls = calls + excluded.calls,
      successes = successes + excluded.successes, billable = billable + excluded.billable;`;
const REMOVE_OLD = `UPDATE rollup_billable_monthly SET cells = cells - 1, calls = calls - OLD.calls, successes = successes - OLD.successes,
      billable = billable - OLD.billable WHERE ${MONTH_KEY('OLD')};
  DELETE FROM rollup_billable_monthly WHERE ${MONTH_KEY('OLD')} AND cells = 0;`;

export const workspaceBillableMonths: Migration = {
  version: 11,
  name: 'billable-months',
  up: `
CREATE TABLE rollup_billable_monthly (
  month       TEXT NOT NULL,      -- YYYY-MM (Asia/Shanghai, as rollup_daily.date)
  id          TEXT NOT NULL,
  operator    TEXT NOT NULL,
  capability  TEXT NOT NULL,
  cells       INTEGER NOT NULL,   -- rollup_daily rows summed here
  calls       INTEGER NOT NULL,
  successes   INTEGER NOT NULL,
  billable    INTEGER NOT NULL,
  PRIMARY KEY (month, id, operator, capability)
) WITHOUT ROWID;

INSERT INTO rollup_billable_monthly (month, id, operator, capability, cells, calls, successes, billable)
  SELECT substr(date, 1, 7), id, operator, capability, COUNT(*), SUM(calls), SUM(successes), SUM(billable)
    FROM rollup_daily GROUP BY 1, 2, 3, 4;

CREATE TRIGGER rollup_daily_monthly_ins AFTER INSERT ON rollup_daily BEGIN
  ${ADD_NEW}
END;
-- An upsert adds to a row in place: one delta.
CREATE TRIGGER rollup_daily_monthly_add AFTER UPDATE ON rollup_daily WHEN ${SAME_KEY} BEGIN
  UPDATE rollup_billable_monthly SET calls = calls + NEW.calls - OLD.calls, successes = successes + NEW.successes - OLD.successes,
    billable = billable + NEW.billable - OLD.billable WHERE ${MONTH_KEY('NEW')};
END;
-- A row moved to another key (no writer does this today; kept right all the same).
CREATE TRIGGER rollup_daily_monthly_move AFTER UPDATE ON rollup_daily WHEN NOT (${SAME_KEY}) BEGIN
  ${REMOVE_OLD}
  ${ADD_NEW}
END;
CREATE TRIGGER rollup_daily_monthly_del AFTER DELETE ON rollup_daily BEGIN
  ${REMOVE_OLD}
END;

DROP TRIGGER rollup_daily_billable_upd;
CREATE TRIGGER rollup_daily_billable_add AFTER UPDATE ON rollup_daily WHEN OLD.date = NEW.date BEGIN
  UPDATE rollup_billable_daily SET calls = calls + NEW.calls - OLD.calls, successes = successes + NEW.successes - OLD.successes,
    billable = billable + NEW.billable - OLD.billable WHERE date = NEW.date;
END;
CREATE TRIGGER rollup_daily_billable_move AFTER UPDATE ON rollup_daily WHEN OLD.date <> NEW.date BEGIN
  UPDATE rollup_billable_daily SET calls = calls - OLD.calls, successes = successes - OLD.successes, billable = billable - OLD.billable WHERE date = OLD.date;
  INSERT INTO rollup_billable_daily (date, calls, successes, billable) VALUES (NEW.date, NEW.calls, NEW.successes, NEW.billable)
    ON CONFLICT(date) DO UPDATE SET calls = calls + excluded.calls, successes = successes + excluded.successes, billable = billable + excluded.billable;
END;
`,
};
