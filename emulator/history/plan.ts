/**
 * The shape of the generated history, computed once at start-up and small (a few numbers
 * per day): how many records each day's slice of the feed holds, where that slice starts in
 * seq order, and how popular each app is that day. Individual records are never stored;
 * record-gen.ts derives any of them from (seed, seq) and this plan.
 */
import { addDays, startOfShanghaiDay } from '../../shared/time/shanghai';
import { domainKey, Rng } from '../random/prng';
import { DAY_MS, shareBefore } from './diurnal';
import type { TrafficApp } from './seeded-apps';

/** Monday … Sunday: weekends are a little quieter for these (work-day heavy) apps. */
const WEEKDAY_FACTOR = [1.0, 0.98, 1.0, 1.02, 1.06, 0.92, 0.88];

export interface PlanInput {
  seed: number;
  start: string;
  days: number;
  daily: number;
  /** No record of the history is later than this instant. */
  cutMs: number;
  apps: readonly TrafficApp[];
}

export class HistoryPlan {
  readonly days: number;
  readonly startMs: number;
  readonly cutMs: number;
  readonly apps: readonly TrafficApp[];
  readonly dates: readonly string[];
  readonly dayStart: Float64Array;
  /** Records in each day's slice of the feed (late ones included). */
  readonly dayCount: Float64Array;
  /** Records the day would hold had it not been cut at the start instant (sets the time spacing). */
  readonly dayFull: Float64Array;
  /** firstSeq[d] = seq of the first record of day d's slice; firstSeq[days] = total + 1. */
  readonly firstSeq: Float64Array;
  /** Cumulative app shares per day: appCum[d * A + k]. */
  readonly appCum: Float64Array;
  readonly total: number;

  constructor(input: PlanInput) {
    const { seed, start, days, daily, cutMs, apps } = input;
    this.days = days;
    this.apps = apps;
    this.startMs = startOfShanghaiDay(start);
    this.cutMs = cutMs;
    this.dates = Array.from({ length: days }, (_, d) => addDays(start, d));
    this.dayStart = new Float64Array(days);
    this.dayCount = new Float64Array(days);
    this.dayFull = new Float64Array(days);
    this.firstSeq = new Float64Array(days + 1);
    const A = apps.length;
    this.appCum = new Float64Array(days * A);
    const rng = new Rng(domainKey(seed, 'plan'));
    let seq = 1;
    for (let d = 0; d < days; d++) {
      const ds = startOfShanghaiDay(this.dates[d]!);
      this.dayStart[d] = ds;
      const weekday = (new Date(ds + 8 * 3_600_000).getUTCDay() + 6) % 7;
      const trend = days > 1 ? 0.92 + (0.16 * d) / (days - 1) : 1;
      const noise = 1 + 0.06 * (2 * rng.reset(d).float() - 1);
      const full = Math.round(daily * WEEKDAY_FACTOR[weekday]! * trend * noise);
      this.dayFull[d] = full;
      const count = ds >= cutMs ? 0 : ds + DAY_MS > cutMs ? Math.floor(shareBefore(cutMs - ds) * full) : full;
      this.dayCount[d] = count;
      this.firstSeq[d] = seq;
      seq += count;

      let sum = 0;
      for (let k = 0; k < A; k++) {
        const app = apps[k]!;
        const active = d >= app.activeFrom && d < app.activeTo;
        const wobble = 1 + 0.15 * (2 * rng.reset2(d, k + 1).float() - 1);
        const w = active ? app.weight * wobble : 0;
        sum += w;
        this.appCum[d * A + k] = sum;
      }
      for (let k = 0; k < A; k++) this.appCum[d * A + k] = sum > 0 ? this.appCum[d * A + k]! / sum : (k + 1) / A;
    }
    this.firstSeq[days] = seq;
    this.total = seq - 1;
  }

  /** The history day whose slice holds this seq (1 ≤ seq ≤ total). */
  dayOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.firstSeq[mid]! <= seq) lo = mid;
      else hi = mid - 1;
    }
    // Skip empty days (their firstSeq equals the next day's).
    while (lo < this.days - 1 && this.firstSeq[lo + 1]! <= seq) lo++;
    return lo;
  }

  /**
   * Where day `d` starts, also past the history (live traffic in 'diurnal' mode goes on after
   * its last day; Shanghai has no daylight saving, so days are DAY_MS apart).
   */
  dayStartOf(d: number): number {
    return d < this.days ? this.dayStart[d]! : this.startMs + d * DAY_MS;
  }

  /** Records day `d` holds in full; a day past the history is as big as the last one. */
  fullOf(d: number): number {
    return this.dayFull[Math.min(d, this.days - 1)]!;
  }

  /** Index of a Shanghai date relative to the first history day (may be outside 0…days−1). */
  dayIndexOfDate(date: string): number {
    return Math.round((startOfShanghaiDay(date) - this.startMs) / DAY_MS);
  }
}
