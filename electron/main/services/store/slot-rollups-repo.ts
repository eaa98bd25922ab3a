/**
 * The ten-minute rollups the alert rules read (rollup_slots, rollup_slot_failures; migration
 * workspace-0014). A separate step of the ingest writer: it upserts the page's sums (counted
 * with the other rollups in record-batch.ts) next to the hourly rollup, in the same
 * transaction, one upsert per key.
 */
import { SHANGHAI_OFFSET_MS } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import type { SlotDelta, SlotFailureDelta } from './rollup-journal';

/** Length of a slot, and slots per Shanghai day. */
export const SLOT_MS = 600_000;
export const SLOTS_PER_DAY = 144;

/** The slot (0–143) of an instant within its Shanghai day. */
export function shanghaiSlot(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / SLOT_MS) % SLOTS_PER_DAY;
}

export interface SlotRollups {
  /** Upserts a page's ten-minute sums (record-batch.ts adds them up); call inside the ingest transaction. */
  upsert(slots: readonly SlotDelta[], failures: readonly SlotFailureDelta[]): void;
}

export function slotRollupsWriter(db: Db): SlotRollups {
  const slots = db.prepare(`INSERT INTO rollup_slots (date, slot, id, operator, capability, calls, successes) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, slot, id, operator, capability) DO UPDATE SET calls = calls + excluded.calls, successes = successes + excluded.successes`);
  const failures = db.prepare(`INSERT INTO rollup_slot_failures (date, slot, id, operator, capability, result_code, carrier_code, failures)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, slot, id, operator, capability, result_code, carrier_code) DO UPDATE SET failures = failures + excluded.failures`);
  return {
    upsert(s, f) {
      for (const v of s) slots.run(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
      for (const v of f) failures.run(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    },
  };
}
