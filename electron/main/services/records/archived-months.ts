/**
 * Which of a team store's dropped months (raw records archived, partition dropped) a filter's time
 * range reaches: a search tells of them (counted in its total, not listed), an export refuses them
 * (an export must hold every record it counts).
 */
import type { ArchivedMonthNotice } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { shanghaiMonthRange } from '../../../../shared/time/shanghai';
import { parseFilterInstant } from './resolve-filter';

export function droppedMonthsIn(months: readonly ArchivedMonthNotice[], filter: Pick<RecordsFilter, 'from' | 'to'>): ArchivedMonthNotice[] {
  if (months.length === 0) return [];
  const from = filter.from === undefined ? null : parseFilterInstant(filter.from, 'from');
  const to = filter.to === undefined ? null : parseFilterInstant(filter.to, 'to');
  return months.filter((m) => {
    const { start, end } = shanghaiMonthRange(m.month);
    return (from === null || end > from) && (to === null || start < to);
  });
}

/** One sentence naming dropped months and where their archives are. */
export function describeDropped(months: readonly ArchivedMonthNotice[]): string {
  return months.map((m) => `${m.month} (${m.records} records in ${m.file}, at ${m.location})`).join('; ');
}
