/**
 * Splits a [from, to) range into whole Shanghai days (answered by rollups) and at most two
 * partial days at its edges (answered by counting records), so a total over months reads a
 * few thousand rollup rows and at most two days of records.
 */
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../../../shared/time/shanghai';

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
      // The same day as the head partial: already counted there.
      if (fromMs === null || fromMs < dayStart) partials.push({ lo: dayStart, hi: toMs });
    }
  }
  const full = first !== null && last !== null && first > last ? null : { first, last };
  return { full, partials };
}
