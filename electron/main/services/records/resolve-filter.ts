/**
 * Turns the shared auth-record filter (shared/contract/records-filter.ts) into the columns and
 * instants the queries use. App names and appIds are resolved to internal ids here, once, so
 * every query (pages, totals, rollups) filters on the indexed `id` column.
 */
import { ApiError } from '../../../../shared/contract/errors';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { Capability, Operator } from '../../../../shared/platform/domain';
import { isDate, parseIsoInstant, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import { idsForApp, idsForAppName, type AppRow } from './app-directory';

export interface ResolvedFilter {
  /** Internal app ids to match; null = any app. */
  ids: readonly string[] | null;
  operator: Operator | null;
  capability: Capability | null;
  /** 1 successes only, 0 failures only, null both. */
  success: 0 | 1 | null;
  /** Failure code: a failed record's platform result code or carrier code. */
  code: string | null;
  /** [fromMs, toMs) in epoch ms; null = unbounded. */
  fromMs: number | null;
  toMs: number | null;
  /** Provably matches nothing (unknown app name, a success filtered by failure code, an empty range). */
  empty: boolean;
}

/** A bare date is that Shanghai day's 00:00; an instant must carry its offset. */
export function parseFilterInstant(value: string, field: 'from' | 'to'): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isDate(value)) throw new ApiError('INVALID_INPUT', `${field}: ${value} is not a calendar date`, { fields: { [field]: 'not a calendar date' } });
    return startOfShanghaiDay(value);
  }
  const ms = parseIsoInstant(value);
  if (Number.isNaN(ms))
    throw new ApiError('INVALID_INPUT', `${field}: ${value} is not an ISO 8601 instant with offset`, { fields: { [field]: 'not an instant' } });
  return ms;
}

export function resolveFilter(filter: RecordsFilter, apps: readonly AppRow[]): ResolvedFilter {
  let ids: string[] | null = null;
  if (filter.app !== undefined) ids = idsForApp(apps, filter.app);
  if (filter.appName !== undefined) {
    const named = idsForAppName(apps, filter.appName);
    ids = ids === null ? named : ids.filter((id) => named.includes(id));
  }
  const fromMs = filter.from !== undefined ? parseFilterInstant(filter.from, 'from') : null;
  const toMs = filter.to !== undefined ? parseFilterInstant(filter.to, 'to') : null;
  const success = filter.result === undefined ? null : filter.result === 'success' ? 1 : 0;
  const code = filter.code?.trim() || null;
  const empty = (ids !== null && ids.length === 0) || (code !== null && success === 1) || (fromMs !== null && toMs !== null && fromMs >= toMs);
  return {
    ids: ids === null ? null : [...new Set(ids)].sort(),
    operator: filter.operator ?? null,
    capability: filter.capability ?? null,
    // A failure code implies a failure: the code branches carry `success = 0` themselves.
    success: code !== null ? 0 : success,
    code,
    fromMs,
    toMs,
    empty,
  };
}
