/**
 * Totals of the records appended after start-up (live traffic and gateway calls), by
 * requestTime day × app × capability × operator. Updated as records are appended, so usage
 * and bills include them without re-reading the feed.
 */
import type { Capability, Operator } from '../../shared/platform/domain';
import { shanghaiDate, SHANGHAI_OFFSET_MS } from '../../shared/time/shanghai';

export interface LiveLine {
  date: string;
  id: string;
  appId: string;
  capability: Capability;
  operator: Operator;
  calls: number;
  successes: number;
  billable: number;
}

const DAY_MS = 86_400_000;

export class LiveAggregates {
  private readonly byDate = new Map<string, Map<string, LiveLine>>();
  private lastDayNumber = Number.NaN;
  private lastDate = '';

  add(timeMs: number, id: string, appId: string, capability: Capability, operator: Operator, success: boolean, billable: boolean): void {
    const dayNumber = Math.floor((timeMs + SHANGHAI_OFFSET_MS) / DAY_MS);
    if (dayNumber !== this.lastDayNumber) {
      this.lastDayNumber = dayNumber;
      this.lastDate = shanghaiDate(timeMs);
    }
    const date = this.lastDate;
    let lines = this.byDate.get(date);
    if (!lines) this.byDate.set(date, (lines = new Map()));
    const key = `${id}|${capability}|${operator}`;
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { date, id, appId, capability, operator, calls: 0, successes: 0, billable: 0 }));
    line.calls++;
    if (success) line.successes++;
    if (billable) line.billable++;
  }

  /** Lines of the days of a month (YYYY-MM), unsorted copies. */
  linesOfMonth(month: string): LiveLine[] {
    const out: LiveLine[] = [];
    for (const [date, lines] of this.byDate) if (date.startsWith(month)) for (const l of lines.values()) out.push({ ...l });
    return out;
  }

  /** Earliest day with live records, if any. */
  firstDate(): string | null {
    let first: string | null = null;
    for (const d of this.byDate.keys()) if (first === null || d < first) first = d;
    return first;
  }
}
