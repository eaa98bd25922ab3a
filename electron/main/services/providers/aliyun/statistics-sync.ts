/**
 * Sync of Alibaba Cloud daily statistics into the workspace's daily rollups. The API answers
 * one capability over a date range (the emulator, like the console, keeps a range within one
 * calendar month); the sync walks month windows from its cursor, per scheme and capability,
 * and always re-reads today and yesterday, which the provider may still revise. Each window is
 * written in one transaction with the cursor, so an interrupted sync resumes where it stopped,
 * and rows that did not change are not written.
 */
import { capabilities } from '../../../../../shared/platform/domain';
import { addDays, shanghaiDate } from '../../../../../shared/time/shanghai';
import type { Db } from '../../db/open';
import { providerStatisticsWriter, type ProviderDailyRow } from '../../store/provider-statistics-repo';
import { syncStateRepo } from '../../store/sync-state-repo';
import type { AliyunDypnsClient } from './client';

export const ALIYUN_STATISTICS_RESOURCE = 'aliyun.statistics';
/** Days a first sync reaches back. */
export const ALIYUN_FIRST_SYNC_DAYS = 90;
/** Days before today the provider may still revise (today and yesterday). */
export const ALIYUN_REVISABLE_DAYS = 2;

export interface StatisticsSyncResult {
  from: string;
  to: string;
  windows: number;
  calls: number;
  /** Rollup rows inserted or changed. */
  rowsWritten: number;
  /** Account-wide successes not in any listed scheme (schemes the workspace does not know yet). */
  unlistedSuccesses: number;
}

export interface StatisticsSyncOptions {
  schemeCodes: readonly string[];
  now: number;
  firstSyncDays?: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number }) => void;
}

/** [start, end] windows that never cross a calendar month. */
export function monthWindows(from: string, to: string): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  let start = from;
  while (start <= to) {
    let end = start;
    while (end < to && addDays(end, 1).slice(0, 7) === start.slice(0, 7)) end = addDays(end, 1);
    out.push({ start, end });
    start = addDays(end, 1);
  }
  return out;
}

export async function syncAliyunStatistics(db: Db, client: AliyunDypnsClient, opts: StatisticsSyncOptions): Promise<StatisticsSyncResult> {
  const state = syncStateRepo(db);
  const writer = providerStatisticsWriter(db);
  const today = shanghaiDate(opts.now);
  const settled = addDays(today, -ALIYUN_REVISABLE_DAYS);
  const cursor = state.get(ALIYUN_STATISTICS_RESOURCE)?.cursor ?? null;
  const revisable = addDays(today, -(ALIYUN_REVISABLE_DAYS - 1));
  const next = cursor ? addDays(cursor, 1) : addDays(today, -((opts.firstSyncDays ?? ALIYUN_FIRST_SYNC_DAYS) - 1));
  const from = next < revisable ? next : revisable;
  const windows = monthWindows(from, today);
  const total = windows.length * (opts.schemeCodes.length + 1) * capabilities.length;
  let done = 0;
  let calls = 0;
  let rowsWritten = 0;
  let unlisted = 0;
  try {
    for (const w of windows) {
      const rows: ProviderDailyRow[] = [];
      for (const capability of capabilities) {
        let listed = 0;
        for (const code of opts.schemeCodes) {
          const days = await client.dailyStatistics({ capability, startDate: w.start, endDate: w.end, sceneCode: code }, opts.signal);
          calls++;
          opts.onProgress?.({ done: ++done, total });
          for (const d of days) {
            if (d.date < w.start || d.date > w.end) continue;
            listed += d.success;
            // Alibaba bills successful calls: billable = TotalSuccess.
            rows.push({ date: d.date, id: code, capability, calls: d.success + d.fail + d.unknown, successes: d.success, billable: d.success });
          }
        }
        const account = await client.dailyStatistics({ capability, startDate: w.start, endDate: w.end }, opts.signal);
        calls++;
        opts.onProgress?.({ done: ++done, total });
        unlisted += account.reduce((s, d) => s + d.success, 0) - listed;
      }
      db.transaction(() => {
        const n = writer.put(rows);
        rowsWritten += n;
        // The cursor marks the last day no longer revisable; it only moves forward.
        const settledEnd = w.end < settled ? w.end : settled;
        if (settledEnd >= w.start) state.advance(ALIYUN_STATISTICS_RESOURCE, settledEnd, n);
        else state.addRows(ALIYUN_STATISTICS_RESOURCE, n);
      })();
    }
    state.succeeded(ALIYUN_STATISTICS_RESOURCE, opts.now);
  } catch (e) {
    state.failed(ALIYUN_STATISTICS_RESOURCE, opts.now, {
      code: (e as { code?: string }).code ?? 'INTERNAL',
      message: e instanceof Error ? e.message : String(e),
    });
    throw e;
  }
  return { from, to: today, windows: windows.length, calls, rowsWritten, unlistedSuccesses: Math.max(0, unlisted) };
}
