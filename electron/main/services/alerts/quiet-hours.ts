import type { QuietHours } from '../../../../shared/contract/alerts';
import { SHANGHAI_OFFSET_MS } from '../../../../shared/time/shanghai';

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an instant falls in quiet hours (Shanghai wall time; from > to wraps midnight; from = to is never quiet). */
export function inQuietHours(q: QuietHours | null, now: number): boolean {
  if (!q) return false;
  const m = Math.floor(((((now + SHANGHAI_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  if (from === to) return false;
  return from < to ? m >= from && m < to : m >= from || m < to;
}
