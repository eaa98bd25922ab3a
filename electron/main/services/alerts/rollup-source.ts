/**
 * What the rules read: the rollup tables kept current by ingest (never auth_records). The
 * statistics screens' functions answer one filter at a time; the rules look at every
 * app × operator × capability at once, so these are the same tables read grouped, in one
 * statement each, keyed by their primary keys (date[, hour] leads every one).
 */
import type { Capability, Operator } from '../../../../shared/platform/domain';
import type { Db } from '../db/open';

export interface Bucket {
  date: string;
  hour: number;
}

export interface CellRow {
  date: string;
  hour: number;
  id: string;
  operator: Operator;
  capability: Capability;
  calls: number;
  successes: number;
}

export interface FailureRow {
  date: string;
  id: string;
  operator: Operator;
  capability: Capability;
  resultCode: string;
  carrierCode: string;
  failures: number;
}

const MAX_VARS = 900;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface RollupSource {
  /** rollup_hourly rows of these (date, hour) buckets. */
  hourly(buckets: readonly Bucket[]): CellRow[];
  /** rollup_daily rows of these dates (hour is -1). */
  daily(dates: readonly string[]): CellRow[];
  /** rollup_failures rows of these dates. */
  failures(dates: readonly string[]): FailureRow[];
}

export function rollupSource(db: Db): RollupSource {
  return {
    hourly(buckets) {
      const rows: CellRow[] = [];
      for (const part of chunks(buckets, MAX_VARS / 2)) {
        const terms = part.map(() => '(date = ? AND hour = ?)').join(' OR ');
        const stmt = db.prepare(`SELECT date, hour, id, operator, capability, calls, successes FROM rollup_hourly WHERE ${terms}`);
        rows.push(...(stmt.all(...part.flatMap((b) => [b.date, b.hour])) as CellRow[]));
      }
      return rows;
    },
    daily(dates) {
      const rows: CellRow[] = [];
      for (const part of chunks(dates, MAX_VARS)) {
        const stmt = db.prepare(`SELECT date, -1 AS hour, id, operator, capability, calls, successes FROM rollup_daily WHERE date IN (${part.map(() => '?').join(',')})`);
        rows.push(...(stmt.all(...part) as CellRow[]));
      }
      return rows;
    },
    failures(dates) {
      const rows: FailureRow[] = [];
      for (const part of chunks(dates, MAX_VARS)) {
        const stmt = db.prepare(
          `SELECT date, id, operator, capability, result_code AS resultCode, carrier_code AS carrierCode, failures FROM rollup_failures WHERE date IN (${part.map(() => '?').join(',')})`,
        );
        rows.push(...(stmt.all(...part) as FailureRow[]));
      }
      return rows;
    },
  };
}
