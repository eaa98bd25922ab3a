/**
 * The records filter's quick ranges ("last 3 days", …) as whole Shanghai days ending today. Plain
 * data and date arithmetic, kept apart from the contract's schemas so a link to the records
 * screen can be built without loading zod.
 */
import { addDays, shanghaiDate } from './shanghai';

export const quickRanges = ['last3days', 'lastWeek', 'lastMonth'] as const;
export type QuickRange = (typeof quickRanges)[number];
const quickRangeDays: Record<QuickRange, number> = { last3days: 3, lastWeek: 7, lastMonth: 30 };

export function quickRange(kind: QuickRange, nowMs: number): { from: string; to: string } {
  const today = shanghaiDate(nowMs);
  return { from: addDays(today, 1 - quickRangeDays[kind]), to: addDays(today, 1) };
}
