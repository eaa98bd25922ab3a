/**
 * When did a failure code start surging? Read from an hourly series (the rollups answer it): the
 * usual level is the median hour of the window, an hour is raised when it is more than twice that
 * and at least three above it, and the surge is the latest run of raised hours (a quiet hour or
 * two inside it does not end it). Its first hour is when the failures started.
 */
export interface HourCount {
  at: number;
  failures: number;
}

export interface Surge {
  start: number;
  /** End of the surge's last raised hour (exclusive). */
  end: number;
  failures: number;
  peak: number;
  /** Median failures per hour over the window. */
  baseline: number;
}

const HOUR_MS = 3_600_000;
/** Quiet hours allowed inside one surge. */
const MAX_GAP_HOURS = 2;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function isRaised(failures: number, baseline: number): boolean {
  return failures > 2 * baseline && failures - baseline >= 3;
}

export function findSurge(hours: readonly HourCount[]): Surge | null {
  const baseline = median(hours.map((h) => h.failures));
  let last = -1;
  for (let i = hours.length - 1; i >= 0; i--) {
    if (isRaised(hours[i]!.failures, baseline)) {
      last = i;
      break;
    }
  }
  if (last < 0) return null;
  let first = last;
  let gap = 0;
  for (let i = last - 1; i >= 0; i--) {
    if (isRaised(hours[i]!.failures, baseline)) {
      first = i;
      gap = 0;
    } else if (++gap > MAX_GAP_HOURS) break;
  }
  let failures = 0;
  let peak = 0;
  for (let i = first; i <= last; i++) {
    failures += hours[i]!.failures;
    peak = Math.max(peak, hours[i]!.failures);
  }
  return { start: hours[first]!.at, end: hours[last]!.at + HOUR_MS, failures, peak, baseline };
}
