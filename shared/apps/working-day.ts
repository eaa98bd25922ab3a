/**
 * Review age in working days (seeds/000 §3.1.4 and §4.5: "应用审核约需 1 个工作日").
 * A working day is Monday–Friday in Asia/Shanghai. Public holidays and the make-up working
 * weekends (调休) of the State Council calendar are NOT encoded: no well-kept machine-readable
 * source is bundled, and inventing dates would be worse than ignoring them, so around holidays
 * the overdue flag can show early.
 */
import { SHANGHAI_OFFSET_MS } from '../time/shanghai';

const DAY_MS = 86_400_000;
export const WORKING_DAY_MS = DAY_MS;

function isWeekday(shanghaiDayStartLocal: number): boolean {
  const dow = new Date(shanghaiDayStartLocal).getUTCDay();
  return dow >= 1 && dow <= 5;
}

/** Milliseconds of Mon–Fri (Shanghai) time in [from, to). */
export function workingMsBetween(from: number, to: number): number {
  if (!(to > from)) return 0;
  // Work in "Shanghai local" milliseconds so day boundaries fall on multiples of DAY_MS.
  const a = from + SHANGHAI_OFFSET_MS;
  const b = to + SHANGHAI_OFFSET_MS;
  const firstDay = Math.floor(a / DAY_MS) * DAY_MS;
  // The partial first day, then whole weeks (five working days each), then the remaining days.
  const firstEnd = Math.min(firstDay + DAY_MS, b);
  let total = isWeekday(firstDay) ? firstEnd - a : 0;
  let day = firstDay + DAY_MS;
  const weeks = Math.floor((b - day) / (7 * DAY_MS));
  if (weeks > 0) {
    total += weeks * 5 * DAY_MS;
    day += weeks * 7 * DAY_MS;
  }
  for (; day < b; day += DAY_MS) if (isWeekday(day)) total += Math.min(day + DAY_MS, b) - day;
  return total;
}

/** True when an app has waited more than `days` working days since `since`. */
export function isOverdue(since: number, now: number, days = 1): boolean {
  return workingMsBetween(since, now) > days * WORKING_DAY_MS;
}

/** The instant the waiting time reaches `days` working days. */
export function reviewDeadline(since: number, days = 1): number {
  let left = days * WORKING_DAY_MS;
  let cursor = since + SHANGHAI_OFFSET_MS;
  for (;;) {
    const dayStart = Math.floor(cursor / DAY_MS) * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    if (isWeekday(dayStart)) {
      if (dayEnd - cursor >= left) return cursor + left - SHANGHAI_OFFSET_MS;
      left -= dayEnd - cursor;
    }
    cursor = dayEnd;
  }
}
