/** Independent calculations the team-store tests check a store against. */
import { isBillable } from '../../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../../shared/platform/schemas';
import { parseIsoInstant, shanghaiDate } from '../../../../../shared/time/shanghai';
import type { DailyRollup } from '../store';

/** Daily rollups computed straight from the platform's records. */
export function oracleRollups(records: readonly PlatformAuthRecord[]): DailyRollup[] {
  const m = new Map<string, DailyRollup>();
  for (const r of records) {
    const date = shanghaiDate(parseIsoInstant(r.requestTime));
    const k = `${date}|${r.id}|${r.operator}|${r.capability}`;
    const v = m.get(k) ?? { date, id: r.id, operator: r.operator, capability: r.capability, calls: 0, successes: 0, billable: 0 };
    v.calls++;
    v.successes += r.success ? 1 : 0;
    v.billable += isBillable(r.capability, r.success, r.outcome) ? 1 : 0;
    m.set(k, v);
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}
