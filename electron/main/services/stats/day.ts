/** `stats.day`: one Shanghai day by hour, operator and capability, with its failure codes. */
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { FailureCode, StatsCounts } from '../../../../shared/contract/stats';
import { capabilities, operators, type Capability, type Operator } from '../../../../shared/platform/domain';
import { addDays, isDate } from '../../../../shared/time/shanghai';
import { ApiError } from '../../../../shared/contract/errors';
import type { Db } from '../db/open';
import { aggregate, type AggRow, type Counts } from '../records/aggregate';
import { loadApps } from '../records/app-directory';
import { resolveFilter } from '../records/resolve-filter';
import { sumCounts, toStatsCounts, zeroCounts } from './counts';
import { countFailureCodes, withoutGroups } from './failure-codes';

export interface DayStats {
  date: string;
  totals: StatsCounts;
  hours: (StatsCounts & { hour: number })[];
  operators: (StatsCounts & { operator: Operator })[];
  capabilities: (StatsCounts & { capability: Capability })[];
  failureCodes: FailureCode[];
}

function byKey(rows: readonly AggRow[]): Map<string, Counts> {
  return new Map(rows.map((r) => [String(r.keys[0]), r]));
}

export function statsDay(db: Db, filter: Omit<RecordsFilter, 'from' | 'to'>, date: string): DayStats {
  if (!isDate(date)) throw new ApiError('INVALID_INPUT', `date: ${date} is not a calendar date`, { fields: { date: 'not a calendar date' } });
  const f = resolveFilter({ ...filter, from: date, to: addDays(date, 1) }, loadApps(db));
  const hours = byKey(aggregate(db, f, ['hour']));
  const ops = byKey(aggregate(db, f, ['operator']));
  const caps = byKey(aggregate(db, f, ['capability']));
  return {
    date,
    totals: toStatsCounts(sumCounts([...ops.values()])),
    hours: Array.from({ length: 24 }, (_, hour) => ({ hour, ...toStatsCounts(hours.get(String(hour)) ?? zeroCounts) })),
    operators: operators.map((operator) => ({ operator, ...toStatsCounts(ops.get(operator) ?? zeroCounts) })),
    capabilities: capabilities.map((capability) => ({ capability, ...toStatsCounts(caps.get(capability) ?? zeroCounts) })),
    failureCodes: countFailureCodes(db, f).map(withoutGroups),
  };
}
