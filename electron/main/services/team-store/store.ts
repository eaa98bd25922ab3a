/**
 * The store interface of the sync path and the record search, asynchronous so one engine-neutral
 * caller drives either the embedded SQLite file (sqlite-store.ts, a wrapper of the existing
 * repositories) or a team's PostgreSQL database (pg-store.ts). The store test suite runs the same
 * cases against both.
 */
import type { RecordsSearchOutput } from '../../../../shared/contract/records';
import type { PlatformApp, PlatformAuthRecord } from '../../../../shared/platform/schemas';
import type { SearchInput } from '../records/record-scanner';
import type { SyncErrorInfo, SyncStateRow } from '../store/sync-state-repo';
import type { AppVersionRow } from '../store/apps-repo';

export type StoreEngine = 'sqlite' | 'postgresql';

/** One Shanghai day × app × operator × capability, as both engines count it. */
export interface DailyRollup {
  date: string;
  id: string;
  operator: string;
  capability: string;
  calls: number;
  successes: number;
  billable: number;
}

/** The right to write a resource: exactly one holder per store at a time. */
export interface WriterLease {
  readonly resources: readonly string[];
  release(): Promise<void>;
}

export interface AcquireOptions {
  /** Wait for the current writer to finish (up to `timeoutMs`), instead of being refused at once. */
  wait?: boolean;
  timeoutMs?: number;
}

export interface SyncStore {
  readonly engine: StoreEngine;
  /** Takes the writer lock of each resource (all or none); refused with CONFLICT naming the holder. */
  acquireWriter(resources: readonly string[], opts?: AcquireOptions): Promise<WriterLease>;
  syncState(resource: string): Promise<SyncStateRow | null>;
  syncStates(): Promise<SyncStateRow[]>;
  /**
   * One transaction: new records inserted (a seq already stored is skipped), their rollups bumped,
   * the records cursor moved to `cursor`. Returns how many records were new.
   */
  commitRecordsPage(items: readonly PlatformAuthRecord[], cursor: number): Promise<number>;
  /** One transaction: newer app versions stored, the apps cursor moved. Returns how many apps changed. */
  commitAppsPage(items: readonly PlatformApp[], cursor: number, seenAt: number): Promise<number>;
  succeeded(resource: string, at: number): Promise<void>;
  failed(resource: string, at: number, error: SyncErrorInfo): Promise<void>;
  /** `records.search`'s answer (same input, same output, same cursor tokens). */
  searchRecords(input: SearchInput): Promise<RecordsSearchOutput>;
  dailyRollups(): Promise<DailyRollup[]>;
  /** app_versions: every version of every app stored, by app and version (data: the stored app JSON). */
  appVersions(): Promise<AppVersionRow[]>;
  countRecords(): Promise<number>;
  close(): Promise<void>;
}

/** One order for both engines (SQLite sorts operator names, PostgreSQL their numbers). */
export function sortRollups(rows: DailyRollup[]): DailyRollup[] {
  const key = (r: DailyRollup): string => `${r.date}|${r.id}|${r.operator}|${r.capability}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
