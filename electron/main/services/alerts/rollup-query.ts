/**
 * What the rules read: the rollup tables kept current by ingest (never auth_records). The
 * statistics screens' functions answer one filter at a time; the rules look at every
 * app × operator × capability at once, so these are the same tables read grouped, in one
 * statement each, keyed by their primary keys (date[, hour] leads every one).
 */
import type { Capability, Operator } from '../../../../shared/platform/domain';
import { addDays } from '../../../../shared/time/shanghai';
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

export interface CodeCounts {
  id: string;
  operator: Operator;
  capability: Capability;
  resultCode: string;
  /** Failures on `today`. */
  today: number;
  /** Failures on the other days asked for. */
  before: number;
}

export interface RollupSource {
  /** rollup_hourly rows of these (date, hour) buckets. */
  hourly(buckets: readonly Bucket[]): CellRow[];
  /** rollup_daily rows of these dates (hour is -1). */
  daily(dates: readonly string[]): CellRow[];
  /** rollup_failures rows of one cell over [from, to] (dates). */
  cellFailures(from: string, to: string, id: string, operator: Operator, capability: Capability): FailureRow[];
  /**
   * Failures per cell × result code: `today` and the days in [from, today), for codes with at
   * least `minToday` failures today (summed in SQL: the rule only looks at those).
   */
  codeCounts(from: string, today: string, minToday: number): CodeCounts[];
}

/**
 * Rows of past days, kept between evaluations: they only change when a late record arrives,
 * and a baseline a few minutes behind a late record is still a baseline. Today's rows are
 * always read afresh. One cache per workspace database.
 */
export class RollupCache {
  private readonly rows = new Map<string, { at: number; value: unknown }>();
  constructor(readonly ttlMs = 10 * 60_000) {}

  /** Drops the entries whose key starts with `prefix` (what a sync run may have changed). */
  forget(prefix: string): void {
    for (const k of this.rows.keys()) if (k.startsWith(prefix)) this.rows.delete(k);
  }

  get<T>(key: string, now: number, load: () => T, ttlMs = this.ttlMs): T {
    const hit = this.rows.get(key);
    if (hit && now - hit.at < ttlMs && now >= hit.at) return hit.value as T;
    const value = load();
    this.rows.set(key, { at: now, value });
    if (this.rows.size > 5000) for (const [k, v] of this.rows) if (now - v.at >= this.ttlMs || this.rows.size > 4000) this.rows.delete(k);
    return value;
  }
}

/**
 * Each read is a lookup on the table's primary key (date[, hour] first), one bucket or date
 * at a time: an OR of buckets or an IN list would let SQLite fall back to scanning the table,
 * whose size grows with the store's history.
 */
export function rollupSource(db: Db, cache: { store: RollupCache; now: number; today: string; hour: number } | null = null): RollupSource {
  const hourly = db.prepare<[string, number], CellRow>(
    'SELECT date, hour, id, operator, capability, calls, successes FROM rollup_hourly WHERE date = ? AND hour = ?',
  );
  const daily = db.prepare<[string], CellRow>('SELECT date, -1 AS hour, id, operator, capability, calls, successes FROM rollup_daily WHERE date = ?');
  const cell = db.prepare<[string, string, string, string, string], FailureRow>(
    `SELECT date, id, operator, capability, result_code AS resultCode, carrier_code AS carrierCode, failures
     FROM rollup_failures WHERE date BETWEEN ? AND ? AND id = ? AND operator = ? AND capability = ?`,
  );
  const codes = db.prepare<[string, string, string, string, number], CodeCounts>(
    `SELECT id, operator, capability, result_code AS resultCode,
            SUM(CASE WHEN date = ? THEN failures ELSE 0 END) AS today,
            SUM(CASE WHEN date < ? THEN failures ELSE 0 END) AS before
     FROM rollup_failures WHERE date BETWEEN ? AND ?
     GROUP BY id, operator, capability, result_code HAVING today >= ?`,
  );
  const past = <T>(key: string, date: string, load: () => T): T => (cache && date < cache.today ? cache.store.get(key, cache.now, load) : load());
  // Within one evaluation every bucket is read once, whichever rules ask; today's finished hours
  // are kept a minute (a record of the last hour may still arrive with the next page).
  const memo = new Map<string, CellRow[]>();
  const bucket = (b: Bucket): CellRow[] => {
    const key = `h/${b.date}/${b.hour}`;
    let rows = memo.get(key);
    if (!rows) {
      const load = () => hourly.all(b.date, b.hour);
      rows = !cache
        ? load()
        : b.date < cache.today
          ? cache.store.get(key, cache.now, load)
          : b.date === cache.today && b.hour < cache.hour
            ? cache.store.get(key, cache.now, load, 60_000)
            : load();
      memo.set(key, rows);
    }
    return rows;
  };
  const before = db.prepare<[string, string], Omit<CodeCounts, 'today' | 'before'> & { failures: number }>(
    `SELECT id, operator, capability, result_code AS resultCode, SUM(failures) AS failures
     FROM rollup_failures WHERE date BETWEEN ? AND ? GROUP BY id, operator, capability, result_code`,
  );
  const todayCodes = db.prepare<[string, number], Omit<CodeCounts, 'today' | 'before'> & { failures: number }>(
    `SELECT id, operator, capability, result_code AS resultCode, SUM(failures) AS failures
     FROM rollup_failures WHERE date = ? GROUP BY id, operator, capability, result_code HAVING SUM(failures) >= ?`,
  );
  return {
    hourly: (buckets) => buckets.flatMap(bucket),
    daily: (dates) => dates.flatMap((d) => past(`d/${d}`, d, () => daily.all(d))),
    cellFailures: (from, to, id, operator, capability) => cell.all(from, to, id, operator, capability),
    codeCounts(from, today, minToday) {
      if (!cache) return codes.all(today, today, from, today, minToday);
      const now = todayCodes.all(today, minToday);
      if (!now.length) return [];
      const prev = addDays(today, -1);
      const base = past(`f/${from}/${prev}`, prev, () => {
        const m = new Map<string, number>();
        for (const r of before.all(from, prev)) m.set(`${r.id}\u0000${r.operator}\u0000${r.capability}\u0000${r.resultCode}`, r.failures);
        return m;
      });
      return now.map((r) => ({
        id: r.id,
        operator: r.operator,
        capability: r.capability,
        resultCode: r.resultCode,
        today: r.failures,
        before: base.get(`${r.id}\u0000${r.operator}\u0000${r.capability}\u0000${r.resultCode}`) ?? 0,
      }));
    },
  };
}
