/**
 * The date range of a statistics call: the filter's own from/to, else the last month
 * (quick range `lastMonth`: today and the 29 days before, Shanghai). A lone `from` runs to
 * the end of today; a lone `to` reaches back 30 days.
 */
import { ApiError } from '../../../../shared/contract/errors';
import { quickRange } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { STATS_MAX_DAYS } from '../../../../shared/contract/stats';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import { parseFilterInstant } from '../records/resolve-filter';

export interface StatsRange {
  filter: RecordsFilter;
  /** Dates listed, in order. */
  dates: string[];
}

export function statsRange(filter: RecordsFilter, nowMs: number): StatsRange {
  const month = quickRange('lastMonth', nowMs);
  let from = filter.from;
  let to = filter.to;
  if (from === undefined && to === undefined) ({ from, to } = month);
  else if (to === undefined) to = month.to;
  else if (from === undefined) from = addDays(shanghaiDate(parseFilterInstant(to, 'to') - 1), -29);
  const fromMs = parseFilterInstant(from!, 'from');
  const toMs = parseFilterInstant(to!, 'to');
  if (fromMs >= toMs) throw new ApiError('INVALID_INPUT', 'from must be before to', { fields: { from: 'must be before to' } });
  const first = shanghaiDate(fromMs);
  const last = shanghaiDate(toMs - 1);
  const span = Math.round((startOfShanghaiDay(last) - startOfShanghaiDay(first)) / 86400_000) + 1;
  if (span > STATS_MAX_DAYS) {
    throw new ApiError('INVALID_INPUT', `the range covers ${span} days; statistics cover at most ${STATS_MAX_DAYS}`, {
      fields: { from: `at most ${STATS_MAX_DAYS} days` },
    });
  }
  const dates = Array.from({ length: span }, (_, i) => addDays(first, i));
  return { filter: { ...filter, from: from!, to: to! }, dates };
}
