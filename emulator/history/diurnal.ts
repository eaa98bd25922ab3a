/**
 * When in a Shanghai day calls happen: a consumer-app curve (quiet before dawn, a morning
 * rise, a lunch bump, the evening peak). Records of a day get their times from the inverse
 * of this curve's CDF, so the i-th record of a day is later than the (i−1)-th: seq order
 * follows time, and "how many of today's records exist by now" is one CDF lookup.
 */
const HOUR_WEIGHTS = [0.9, 0.55, 0.32, 0.22, 0.2, 0.28, 0.75, 1.7, 2.9, 3.5, 3.9, 4.0, 4.3, 3.7, 3.4, 3.5, 3.6, 3.8, 4.0, 4.6, 5.2, 5.5, 4.7, 2.6];

const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const total = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
/** Share of the day's calls in each hour. */
export const HOUR_SHARE: readonly number[] = HOUR_WEIGHTS.map((w) => w / total);
/** CDF at the start of each hour (25 entries: 0 … 1). */
const CUM = new Float64Array(25);
for (let h = 0; h < 24; h++) CUM[h + 1] = CUM[h]! + HOUR_SHARE[h]!;
CUM[24] = 1;

/** Milliseconds into the day at which the day's share p ∈ [0, 1) of calls has happened. */
export function timeOfShare(p: number): number {
  let lo = 0;
  let hi = 23;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (CUM[mid]! <= p) lo = mid;
    else hi = mid - 1;
  }
  const within = (p - CUM[lo]!) / HOUR_SHARE[lo]!;
  const ms = lo * HOUR_MS + Math.floor(within * HOUR_MS);
  return ms < DAY_MS ? ms : DAY_MS - 1;
}

/** Share of the day's calls that happen before `msIntoDay`. */
export function shareBefore(msIntoDay: number): number {
  if (msIntoDay <= 0) return 0;
  if (msIntoDay >= DAY_MS) return 1;
  const h = Math.floor(msIntoDay / HOUR_MS);
  return CUM[h]! + ((msIntoDay - h * HOUR_MS) / HOUR_MS) * HOUR_SHARE[h]!;
}
