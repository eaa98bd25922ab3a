/**
 * `stats.failures`: the Pareto of failure codes — codes by failures, descending, with each
 * one's share and the running (cumulative) share — optionally split by app, operator or day.
 */
import type { ParetoGrouping } from '../../../../shared/contract/stats';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { FailureCode } from '../../../../shared/contract/stats';
import type { Db } from '../db/open';
import type { Dim } from '../records/aggregate';
import { loadApps } from '../records/app-directory';
import { resolveFilter } from '../records/resolve-filter';
import { countFailureCodes, withoutGroups } from './failure-codes';
import { statsRange } from './stats-range';

/** App and operator splits keep this many groups and fold the rest into '*'; days are all kept. */
const MAX_GROUPS = 8;
export const OTHER_GROUP = '*';

export interface Pareto {
  total: number;
  codes: (FailureCode & { share: number; cumulativeShare: number })[];
  other: number;
  groupBy: ParetoGrouping | null;
  groups: { key: string; label: string; failures: number; byCode: number[] }[];
}

const groupDim: Record<ParetoGrouping, Dim> = { app: 'id', operator: 'operator', day: 'date' };

export function failurePareto(db: Db, input: RecordsFilter & { groupBy?: ParetoGrouping | undefined; top: number }, nowMs: number): Pareto {
  const { groupBy, top, ...filter } = input;
  const range = statsRange(filter, nowMs);
  const apps = loadApps(db);
  const f = resolveFilter(range.filter, apps);
  const all = countFailureCodes(db, f, groupBy ? groupDim[groupBy] : null);
  const total = all.reduce((n, c) => n + c.failures, 0);
  const shown = all.slice(0, top);
  let running = 0;
  const codes = shown.map((c) => {
    running += c.failures;
    return { ...withoutGroups(c), share: total ? c.failures / total : 0, cumulativeShare: total ? running / total : 0 };
  });
  const other = total - running;

  let groups: Pareto['groups'] = [];
  if (groupBy) {
    const totals = new Map<string, number>();
    for (const c of all) for (const [g, n] of c.byGroup) totals.set(g, (totals.get(g) ?? 0) + n);
    const keys = [...totals.keys()];
    if (groupBy === 'day') keys.sort();
    else keys.sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
    const folded = groupBy !== 'day' && keys.length > MAX_GROUPS;
    const kept = folded ? keys.slice(0, MAX_GROUPS - 1) : keys;
    const names = new Map(apps.map((a) => [a.id, a.name]));
    groups = kept.map((key) => ({
      key,
      label: groupBy === 'app' ? (names.get(key) ?? key) : key,
      failures: totals.get(key)!,
      byCode: shown.map((c) => c.byGroup.get(key) ?? 0),
    }));
    if (folded) {
      const rest = new Set(keys.slice(MAX_GROUPS - 1));
      const sum = (c: (typeof all)[number]): number => [...c.byGroup].reduce((n, [g, v]) => n + (rest.has(g) ? v : 0), 0);
      groups.push({ key: OTHER_GROUP, label: OTHER_GROUP, failures: all.reduce((n, c) => n + sum(c), 0), byCode: shown.map(sum) });
    }
  }
  return { total, codes, other, groupBy: groupBy ?? null, groups };
}
