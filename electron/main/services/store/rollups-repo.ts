/**
 * The rollup tables as a whole. Ingest keeps rollups current record by record (auth-records-repo);
 * `rebuild` recomputes every rollup from auth_records in SQL, for data loaded in bulk without that
 * path (benchmarks building millions of rows) and for checking that the incremental counts are right.
 */
import type { Db } from '../db/open';
import { rollupsReset } from './rollup-journal';
import { recountRollupTotals } from './rollup-totals-repo';

/** The Shanghai day of request_ms as 'YYYY-MM-DD' in SQL (UTC+8, no DST: see shared/time/shanghai). */
const SHANGHAI_DATE = "date((request_ms + 28800000) / 1000, 'unixepoch')";
const SHANGHAI_HOUR = '((request_ms + 28800000) / 3600000) % 24';
/** The ten-minute slot (0–143) of the Shanghai day, as store/slot-rollups.ts counts it. */
const SHANGHAI_SLOT = '((request_ms + 28800000) / 600000) % 144';

export interface RollupsRepo {
  rebuild(): void;
  /** The first Shanghai date any record was counted on, or null when there are none. */
  firstDate(): string | null;
  /** Every daily rollup cell (date × app × operator × capability), summed. */
  dailyCells(): { date: string; id: string; operator: string; capability: string; calls: number; successes: number; billable: number }[];
}

export function rollupsRepo(db: Db): RollupsRepo {
  const first = db.prepare<[], string | null>('SELECT min(date) FROM rollup_daily').pluck();
  const cells = db.prepare<[], ReturnType<RollupsRepo['dailyCells']>[number]>(
    'SELECT date, id, operator, capability, sum(calls) AS calls, sum(successes) AS successes, sum(billable) AS billable FROM rollup_daily GROUP BY 1, 2, 3, 4',
  );
  const rebuild = db.transaction(() => {
    db.exec(`
      DELETE FROM rollup_daily;
      DELETE FROM rollup_hourly;
      DELETE FROM rollup_failures;
      DELETE FROM rollup_codes_hourly;
      DELETE FROM rollup_slots;
      DELETE FROM rollup_slot_failures;
      INSERT INTO rollup_daily (date, id, operator, capability, calls, successes, billable)
        SELECT ${SHANGHAI_DATE} AS d, id, operator, capability, COUNT(*), SUM(success), SUM(billable)
          FROM auth_records GROUP BY d, id, operator, capability;
      INSERT INTO rollup_hourly (date, hour, id, operator, capability, calls, successes, billable)
        SELECT ${SHANGHAI_DATE} AS d, ${SHANGHAI_HOUR} AS h, id, operator, capability, COUNT(*), SUM(success), SUM(billable)
          FROM auth_records GROUP BY d, h, id, operator, capability;
      INSERT INTO rollup_failures (date, id, operator, capability, result_code, carrier_code, failures)
        SELECT ${SHANGHAI_DATE} AS d, id, operator, capability, result_code, COALESCE(carrier_code, '') AS cc, COUNT(*)
          FROM auth_records WHERE success = 0 GROUP BY d, id, operator, capability, result_code, cc;
      INSERT INTO rollup_codes_hourly (code, date, hour, failures)
        SELECT code, d, h, COUNT(*) FROM (
          SELECT result_code AS code, ${SHANGHAI_DATE} AS d, ${SHANGHAI_HOUR} AS h FROM auth_records WHERE success = 0
          UNION ALL
          SELECT carrier_code, ${SHANGHAI_DATE}, ${SHANGHAI_HOUR} FROM auth_records
            WHERE success = 0 AND carrier_code IS NOT NULL AND carrier_code <> '' AND carrier_code <> result_code
        ) GROUP BY code, d, h;
      INSERT INTO rollup_slots (date, slot, id, operator, capability, calls, successes)
        SELECT ${SHANGHAI_DATE} AS d, ${SHANGHAI_SLOT} AS s, id, operator, capability, COUNT(*), SUM(success)
          FROM auth_records GROUP BY d, s, id, operator, capability;
      INSERT INTO rollup_slot_failures (date, slot, id, operator, capability, result_code, carrier_code, failures)
        SELECT ${SHANGHAI_DATE} AS d, ${SHANGHAI_SLOT} AS s, id, operator, capability, result_code, COALESCE(carrier_code, '') AS cc, COUNT(*)
          FROM auth_records WHERE success = 0 GROUP BY d, s, id, operator, capability, result_code, cc;
    `);
    recountRollupTotals(db);
  });
  return {
    rebuild: () => {
      rebuild();
      rollupsReset(db);
    },
    firstDate: () => first.get() ?? null,
    dailyCells: () => cells.all(),
  };
}
