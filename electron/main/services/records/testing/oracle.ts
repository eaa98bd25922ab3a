/**
 * The obvious, slow answer to every records question, straight from the record list: what the
 * fast paths (rollups, windows, branches) are tested against. No SQL, no shared code with them.
 */
import type { RecordsFilter } from '../../../../../shared/contract/records-filter';
import { isBillable } from '../../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../../shared/platform/schemas';
import { shanghaiDate, shanghaiHour } from '../../../../../shared/time/shanghai';
import { fixtureApps } from './fixture';

const SHANGHAI = 8 * 3600_000;
function instant(v: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00Z`) - SHANGHAI;
  return Date.parse(v);
}

export function oracleMatches(r: PlatformAuthRecord, f: RecordsFilter): boolean {
  if (f.app !== undefined) {
    const app = fixtureApps.find((a) => a.id === f.app || a.appId === f.app);
    if (r.id !== f.app && r.id !== app?.id) return false;
  }
  if (f.appName !== undefined) {
    const name = fixtureApps.find((a) => a.id === r.id)?.name;
    if (!name || !name.toLowerCase().includes(f.appName.toLowerCase())) return false;
  }
  if (f.operator !== undefined && r.operator !== f.operator) return false;
  if (f.capability !== undefined && r.capability !== f.capability) return false;
  if (f.result !== undefined && r.success !== (f.result === 'success')) return false;
  if (f.code !== undefined && (r.success || (r.resultCode !== f.code && r.carrierCode !== f.code))) return false;
  const ms = Date.parse(r.requestTime);
  if (f.from !== undefined && ms < instant(f.from)) return false;
  if (f.to !== undefined && ms >= instant(f.to)) return false;
  return true;
}

/** Matches, newest first by (request time, seq). */
export function oracleSearch(records: readonly PlatformAuthRecord[], f: RecordsFilter): PlatformAuthRecord[] {
  return records.filter((r) => oracleMatches(r, f)).sort((a, b) => Date.parse(b.requestTime) - Date.parse(a.requestTime) || b.seq - a.seq);
}

/** Matches, oldest first by (request time, seq): compared pairwise, not by reversing the newest-first list. */
export function oracleSearchOldestFirst(records: readonly PlatformAuthRecord[], f: RecordsFilter): PlatformAuthRecord[] {
  return records.filter((r) => oracleMatches(r, f)).sort((a, b) => Date.parse(a.requestTime) - Date.parse(b.requestTime) || a.seq - b.seq);
}

export interface OracleCounts {
  calls: number;
  successes: number;
  failures: number;
  billable: number;
}

export function oracleCounts(records: readonly PlatformAuthRecord[]): OracleCounts {
  let successes = 0;
  let billable = 0;
  for (const r of records) {
    if (r.success) successes++;
    if (isBillable(r.capability, r.success, r.outcome)) billable++;
  }
  return { calls: records.length, successes, failures: records.length - successes, billable };
}

/** Records grouped by a key function. */
export function oracleGroup<K extends string | number>(
  records: readonly PlatformAuthRecord[],
  key: (r: PlatformAuthRecord) => K,
): Map<K, PlatformAuthRecord[]> {
  const m = new Map<K, PlatformAuthRecord[]>();
  for (const r of records) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export const byDate = (r: PlatformAuthRecord): string => shanghaiDate(Date.parse(r.requestTime));
export const byHour = (r: PlatformAuthRecord): number => shanghaiHour(Date.parse(r.requestTime));
