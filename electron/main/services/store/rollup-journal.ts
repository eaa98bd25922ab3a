/**
 * Who changed the rollups, told as it happens, in this process: the ingest writer hands over
 * what each page added (the sums it upserted, already aggregated), every other writer (a rebuild,
 * a discard before a refetch, provider statistics) says "anything may have changed". The alert
 * rules keep running sums of the rollups they read and patch them with these deltas instead of
 * reading the rollups again after every sync page (alerts/rollup-query.ts).
 *
 * Only this connection's writes are told, and as they are written, before their transaction
 * commits: a consumer checks SQLite's data_version for other connections' (another process
 * syncing the same file), and recognises a delta whose transaction was rolled back by a day's
 * calls in rollup_daily falling short of what it counted (auth-records-repo.ts's rollupWitness).
 */
import type { Db } from '../db/open';

/** [date, hour, id, operator, capability, calls, successes, billable] as upserted into rollup_hourly. */
export type HourlyDelta = readonly [string, number, string, string, string, number, number, number];
/** [date, id, operator, capability, calls, successes, billable] as upserted into rollup_daily. */
export type DailyDelta = readonly [string, string, string, string, number, number, number];
/** [date, id, operator, capability, result_code, carrier_code, failures] as upserted into rollup_failures. */
export type FailureDelta = readonly [string, string, string, string, string, string, number];
/** [date, slot, id, operator, capability, calls, successes] as upserted into rollup_slots. */
export type SlotDelta = readonly [string, number, string, string, string, number, number];
/** [date, slot, id, operator, capability, result_code, carrier_code, failures] as upserted into rollup_slot_failures. */
export type SlotFailureDelta = readonly [string, number, string, string, string, string, string, number];

/** What one ingest call added to the rollups. */
export interface RollupDelta {
  daily: readonly DailyDelta[];
  hourly: readonly HourlyDelta[];
  failures: readonly FailureDelta[];
  slots: readonly SlotDelta[];
  slotFailures: readonly SlotFailureDelta[];
}

export interface RollupListener {
  /** Rows were added to the rollups (inside the writer's transaction: not yet committed). */
  added(delta: RollupDelta): void;
  /** Rollups were rewritten or deleted wholesale: nothing read before can be trusted. */
  reset(): void;
}

const listeners = new WeakMap<Db, Set<RollupListener>>();

/** Listens to this connection's rollup writes; returns the function that stops listening. */
export function watchRollups(db: Db, listener: RollupListener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** Whether anyone listens (the writer skips building a delta otherwise). */
export function rollupsWatched(db: Db): boolean {
  return (listeners.get(db)?.size ?? 0) > 0;
}

export function rollupsAdded(db: Db, delta: RollupDelta): void {
  for (const l of listeners.get(db) ?? []) l.added(delta);
}

export function rollupsReset(db: Db): void {
  for (const l of listeners.get(db) ?? []) l.reset();
}
