/**
 * Splits a [from, to) range into whole Shanghai days (answered by rollups) and at most two
 * partial days at its edges (answered by counting records), so a total over months reads a
 * few thousand rollup rows and at most two days of records.
 */
import { addDays, shanghaiDate, shanghaiHour, startOfShanghaiDay } from '../../../../shared/time/shanghai';

export interface RangeSplit {
  /** Whole days, inclusive; null bounds are open. null = no whole day in the range. */
  full: { first: string | null; last: string | null } | null;
  /** [lo, hi) instants of partial days. */
  partials: { lo: number; hi: number }[];
}

function isDayStart(ms: number): boolean {
  return startOfShanghaiDay(shanghaiDate(ms)) === ms;
}

export function splitRange(fromMs: number | null, toMs: number | null): RangeSplit {
  if (fromMs !== null && toMs !== null && fromMs >= toMs) return { full: null, partials: [] };
  const partials: { lo: number; hi: number }[] = [];
  let first: string | null = null;
  let last: string | null = null;
  if (fromMs !== null) {
    const day = shanghaiDate(fromMs);
    if (isDayStart(fromMs)) first = day;
    else {
      first = addDays(day, 1);
      const dayEnd = startOfShanghaiDay(first);
      partials.push({ lo: fromMs, hi: toMs !== null && toMs < dayEnd ? toMs : dayEnd });
    }
  }
  if (toMs !== null) {
    const day = shanghaiDate(toMs);
    last = addDays(day, -1);
    if (!isDayStart(toMs)) {
      const dayStart = startOfShanghaiDay(day);
      // A head partial exists only when `from` is inside a day; inside this one it already reaches `to`.
      // From this day's midnight there is no head partial, so this day is the tail's to count.
      if (fromMs === null || fromMs <= dayStart) partials.push({ lo: dayStart, hi: toMs });
    }
  }
  const full = first !== null && last !== null && first > last ? null : { first, last };
  return { full, partials };
}

const HOUR_MS = 3_600_000;

export interface HourSplit {
  /** Whole Shanghai hours [first, last] of one day; null = none. */
  whole: { date: string; first: number; last: number } | null;
  /** [lo, hi) instants of partial hours. */
  partials: { lo: number; hi: number }[];
}

/**
 * Splits a [lo, hi) range inside one Shanghai day into whole hours (hourly rollups) and at most
 * two partial hours. Shanghai is UTC+8 all year, so its hours start on multiples of an hour.
 */
export function splitHours(lo: number, hi: number): HourSplit {
  if (lo >= hi) return { whole: null, partials: [] };
  const a = Math.ceil(lo / HOUR_MS) * HOUR_MS;
  const b = Math.floor(hi / HOUR_MS) * HOUR_MS;
  if (a >= b) return { whole: null, partials: [{ lo, hi }] };
  const partials: { lo: number; hi: number }[] = [];
  if (lo < a) partials.push({ lo, hi: a });
  if (b < hi) partials.push({ lo: b, hi });
  return { whole: { date: shanghaiDate(a), first: shanghaiHour(a), last: shanghaiHour(b - 1) }, partials };
}
