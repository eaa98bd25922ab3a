/**
 * The monthly resources (usage statement, bills). Every month from the first with data to the
 * current one is fetched until it is final; the cursor is the last month of an unbroken run of
 * final months, so closed months are fetched once and the open month and the one before it
 * (late records can still land there) are fetched on every sync.
 */
import { addMonths } from '../../../../shared/time/shanghai';

/** Months to fetch: after the cursor (or from the earliest month) up to the current month, in order. */
export function monthsToSync(earliest: string, cursor: string | null, current: string): string[] {
  let m = cursor !== null && cursor >= earliest ? addMonths(cursor, 1) : earliest;
  const out: string[] = [];
  for (; m <= current; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** A usage statement is closed once the month before last has ended: nothing can still land in it. */
export function usageMonthClosed(month: string, current: string): boolean {
  return month <= addMonths(current, -2);
}
