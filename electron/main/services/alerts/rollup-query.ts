/**
 * What the rules read: the rollup tables kept current by ingest (never auth_records). The
 * statistics screens' functions answer one filter at a time; the rules look at every
 * app × operator × capability at once, so these are the same tables read grouped, in one
 * statement each, keyed by their primary keys (date[, hour | slot] leads every one).
 *
 * A window is a span of ten-minute slots. Its whole Shanghai hours are read from rollup_hourly
 * (one bucket per hour) and only its ragged edges from rollup_slots, so a 24-hour window costs
 * about as many reads as a 30-minute one.
 */
import type { Capability, Operator } from '../../../../shared/platform/domain';
import { addDays, shanghaiDate, shanghaiHour, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { SLOT_MS, shanghaiSlot } from '../store/slot-rollups-repo';

const HOUR_MS = 3_600_000;

export interface CellRow {
  id: string;
  operator: Operator;
  capability: Capability;
  calls: number;
  successes: number;
}

export interface DayCellRow extends CellRow {
  date: string;
}

export interface CodeRow {
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
  /** Counts per cell over [from, to): slot-aligned epoch ms (rows of one cell may repeat: sum them). */
  span(from: number, to: number): readonly CellRow[];
  /** Failures of one cell per code over [from, to) (slot-aligned), from rollup_slot_failures. */
  spanFailures(from: number, to: number, id: string, operator: Operator, capability: Capability): CodeRow[];
  /** rollup_daily rows of these dates. */
  daily(dates: readonly string[]): DayCellRow[];
  /**
   * Failures per cell × result code: `today` and the days in [from, today), for codes with at
   * least `minToday` failures today (summed in SQL: the rule only looks at those).
   */
  codeCounts(from: string, today: string, minToday: number): CodeCounts[];
  /**
   * A value derived from past days' rollups only (a baseline), kept between evaluations when
   * the source has a cache; `key` must name everything it depends on.
   */
  pastValue<T>(key: string, load: () => T): T;
}

/**
 * Rows of past days, kept between evaluations: they only change when a late record arrives,
 * and a baseline a few minutes behind a late record is still a baseline. Today's rows are
 * always read afresh (its finished hours and slots are kept a minute). One cache per workspace
 * database.
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

/** The pieces of [from, to): whole Shanghai hours as hour buckets, the rest as slots. */
export function spanPieces(from: number, to: number): { kind: 'h' | 's'; date: string; n: number; start: number; end: number }[] {
  const out: { kind: 'h' | 's'; date: string; n: number; start: number; end: number }[] = [];
  for (let t = from; t < to;) {
    // Shanghai hours start on UTC hours (UTC+8, no DST).
    if (t % HOUR_MS === 0 && t + HOUR_MS <= to) {
      out.push({ kind: 'h', date: shanghaiDate(t), n: shanghaiHour(t), start: t, end: t + HOUR_MS });
      t += HOUR_MS;
    } else {
      out.push({ kind: 's', date: shanghaiDate(t), n: shanghaiSlot(t), start: t, end: t + SLOT_MS });
      t += SLOT_MS;
    }
  }
  return out;
}

/**
 * Each read is a lookup on the table's primary key (date, hour | slot first), one bucket at a
 * time: an OR of buckets or an IN list would let SQLite fall back to scanning the table, whose
 * size grows with the store's history.
 */
export function rollupSource(db: Db, cache: { store: RollupCache; now: number } | null = null): RollupSource {
  const hourly = db.prepare<[string, number], CellRow>('SELECT id, operator, capability, calls, successes FROM rollup_hourly WHERE date = ? AND hour = ?');
  const slots = db.prepare<[string, number], CellRow>('SELECT id, operator, capability, calls, successes FROM rollup_slots WHERE date = ? AND slot = ?');
  const slotFailures = db.prepare<[string, number, string, string, string], CodeRow>(
    `SELECT id, operator, capability, result_code AS resultCode, carrier_code AS carrierCode, failures
     FROM rollup_slot_failures WHERE date = ? AND slot = ? AND id = ? AND operator = ? AND capability = ?`,
  );
  const daily = db.prepare<[string], DayCellRow>('SELECT date, id, operator, capability, calls, successes FROM rollup_daily WHERE date = ?');
  const codes = db.prepare<[string, string, string, string, number], CodeCounts>(
    `SELECT id, operator, capability, result_code AS resultCode,
            SUM(CASE WHEN date = ? THEN failures ELSE 0 END) AS today,
            SUM(CASE WHEN date < ? THEN failures ELSE 0 END) AS before
     FROM rollup_failures WHERE date BETWEEN ? AND ?
     GROUP BY id, operator, capability, result_code HAVING today >= ?`,
  );
  const today = cache ? shanghaiDate(cache.now) : '';
  const todayStart = cache ? startOfShanghaiDay(today) : 0;
  /** Cached by how settled the rows are: past days for the cache's TTL, today's finished pieces a minute, the rest never. */
  const settled = <T>(key: string, end: number, load: () => T): T => {
    if (!cache || end > cache.now) return load();
    return end <= todayStart ? cache.store.get(key, cache.now, load) : cache.store.get(key, cache.now, load, 60_000);
  };
  // Within one evaluation every piece is read once, whichever rules ask.
  const memo = new Map<string, readonly CellRow[]>();
  const piece = (p: ReturnType<typeof spanPieces>[number]): readonly CellRow[] => {
    const key = `${p.kind}/${p.date}/${p.n}`;
    let rows = memo.get(key);
    if (!rows) {
      rows = settled(key, p.end, () => (p.kind === 'h' ? hourly : slots).all(p.date, p.n));
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
  const pastValue = <T>(key: string, load: () => T): T => (cache ? cache.store.get(`v/${key}`, cache.now, load) : load());
  return {
    span(from, to) {
      const pieces = spanPieces(from, to);
      if (pieces.length === 1) return piece(pieces[0]!);
      return pieces.flatMap(piece);
    },
    spanFailures(from, to, id, operator, capability) {
      const out: CodeRow[] = [];
      for (let t = from; t < to; t += SLOT_MS) out.push(...slotFailures.all(shanghaiDate(t), shanghaiSlot(t), id, operator, capability));
      return out;
    },
    daily: (dates) => dates.flatMap((d) => (cache && d < today ? cache.store.get(`d/${d}`, cache.now, () => daily.all(d)) : daily.all(d))),
    codeCounts(from, todayDate, minToday) {
      if (!cache) return codes.all(todayDate, todayDate, from, todayDate, minToday);
      const now = todayCodes.all(todayDate, minToday);
      if (!now.length) return [];
      const prev = addDays(todayDate, -1);
      const base = cache.store.get(`f/${from}/${prev}`, cache.now, () => {
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
    pastValue,
  };
}
