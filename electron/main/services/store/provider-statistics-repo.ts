/**
 * Daily rollups from a provider that reports statistics rather than records (Alibaba Cloud
 * dypns: per scheme × day × capability, no operator split). They go into the same rollup_daily
 * the record sync keeps, so dashboard, statistics and billing read one table; the operator is
 * UNSPLIT_OPERATOR ('') because the provider does not say. A provider may revise a day, so a
 * row is set (not added to), and a row that did not change is not written: a resync of the same
 * figures changes nothing.
 */
import type { Capability } from '../../../../shared/platform/domain';
import type { Db } from '../db/open';
import { rollupsReset } from './rollup-journal';
import { recountRollupTotals } from './rollup-totals-repo';

/** rollup_daily.operator of rows whose provider gives no per-operator split. */
export const UNSPLIT_OPERATOR = '';

export interface ProviderDailyRow {
  date: string;
  /** The provider's app id (Alibaba: the scheme code). */
  id: string;
  capability: Capability;
  calls: number;
  successes: number;
  billable: number;
}

export interface ProviderStatisticsWriter {
  /** Sets each row's day; returns how many rows were inserted or changed. Call inside a transaction. */
  put(rows: readonly ProviderDailyRow[]): number;
}

export function providerStatisticsWriter(db: Db): ProviderStatisticsWriter {
  const upsert = db.prepare(`INSERT INTO rollup_daily (date, id, operator, capability, calls, successes, billable)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, id, operator, capability) DO UPDATE SET
      calls = excluded.calls, successes = excluded.successes, billable = excluded.billable
    WHERE calls != excluded.calls OR successes != excluded.successes OR billable != excluded.billable`);
  const zeroIfPresent = db.prepare(
    'UPDATE rollup_daily SET calls = 0, successes = 0, billable = 0 WHERE date = ? AND id = ? AND operator = ? AND capability = ? AND (calls != 0 OR successes != 0 OR billable != 0)',
  );
  return {
    put(rows) {
      let changed = 0;
      const days = new Set<string>();
      for (const r of rows) {
        for (const n of [r.calls, r.successes, r.billable]) if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad count ${n} on ${r.date} ${r.id}`);
        // A day with no traffic is stored only to overwrite an earlier non-zero figure.
        if (r.calls === 0 && r.successes === 0 && r.billable === 0) {
          if (zeroIfPresent.run(r.date, r.id, UNSPLIT_OPERATOR, r.capability).changes > 0) {
            changed++;
            days.add(r.date);
          }
          continue;
        }
        if (upsert.run(r.date, r.id, UNSPLIT_OPERATOR, r.capability, r.calls, r.successes, r.billable).changes > 0) {
          changed++;
          days.add(r.date);
        }
      }
      // Rows are set, not added to: the totals of the days changed (and their months) are recounted.
      recountRollupTotals(db, days);
      if (changed > 0) rollupsReset(db);
      return changed;
    },
  };
}

type Counts = { calls: number; successes: number; billable: number };

export interface ProviderStatisticsRepo {
  /** Per scheme × capability totals of the unsplit rows over [from, to] (for an Alibaba month's bill). */
  totals(from: string, to: string): ({ id: string; capability: Capability } & Counts)[];
  /** Calls, successes and billable per operator over [from, to] (UNSPLIT_OPERATOR when the provider gives no split). */
  totalsByOperator(from: string, to: string): ({ operator: string } & Counts)[];
  /** One scheme × capability's days over [from, to] (the drill-down behind a reconciliation line). */
  lineDays(from: string, to: string, id: string, capability: Capability): ({ date: string } & Counts)[];
}

export function providerStatisticsRepo(db: Db): ProviderStatisticsRepo {
  const totals = db.prepare(
    `SELECT id, capability, SUM(calls) AS calls, SUM(successes) AS successes, SUM(billable) AS billable
     FROM rollup_daily WHERE operator = ? AND date BETWEEN ? AND ? GROUP BY id, capability ORDER BY id, capability`,
  );
  const byOperator = db.prepare(
    'SELECT operator, SUM(calls) AS calls, SUM(successes) AS successes, SUM(billable) AS billable FROM rollup_daily WHERE date BETWEEN ? AND ? GROUP BY operator ORDER BY operator',
  );
  const lineDays = db.prepare(
    'SELECT date, calls, successes, billable FROM rollup_daily WHERE operator = ? AND id = ? AND capability = ? AND date BETWEEN ? AND ? ORDER BY date',
  );
  return {
    totals: (from, to) => totals.all(UNSPLIT_OPERATOR, from, to) as ({ id: string; capability: Capability } & Counts)[],
    totalsByOperator: (from, to) => byOperator.all(from, to) as ({ operator: string } & Counts)[],
    lineDays: (from, to, id, capability) => lineDays.all(UNSPLIT_OPERATOR, id, capability, from, to) as ({ date: string } & Counts)[],
  };
}
