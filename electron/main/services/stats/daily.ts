/** `stats.daily`: one row per Shanghai day of the range, zeros included, and the range's totals. */
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { StatsCounts } from '../../../../shared/contract/stats';
import type { Db } from '../db/open';
import { aggregate } from '../records/aggregate';
import { loadApps } from '../records/app-directory';
import { resolveFilter } from '../records/resolve-filter';
import { addDays } from '../../../../shared/time/shanghai';
import { sumCounts, toStatsCounts, zeroCounts } from './counts';
import { statsRange } from './stats-range';

export interface DailyStats {
  from: string;
  to: string;
  days: (StatsCounts & { date: string })[];
  totals: StatsCounts;
}

export function statsDaily(db: Db, filter: RecordsFilter, nowMs: number): DailyStats {
  const range = statsRange(filter, nowMs);
  const f = resolveFilter(range.filter, loadApps(db));
  const byDate = new Map(aggregate(db, f, ['date']).map((r) => [String(r.keys[0]), r]));
  const days = range.dates.map((date) => ({ date, ...toStatsCounts(byDate.get(date) ?? zeroCounts) }));
  return {
    from: range.dates[0]!,
    to: addDays(range.dates[range.dates.length - 1]!, 1),
    days,
    totals: toStatsCounts(sumCounts([...byDate.values()])),
  };
}
