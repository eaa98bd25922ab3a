/**
 * The ten-minute rollups the alert rules read (rollup_slots, rollup_slot_failures; migration
 * workspace-0014). A separate step of the ingest writer: it counts each new record as the
 * writer inserts it and upserts the page's sums next to the hourly rollup, in the same
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

export interface SlotRecord {
  id: string;
  operator: string;
  capability: string;
  success: boolean;
  resultCode: string;
  carrierCode: string | null;
}

export interface SlotRollups {
  /** Counts one newly written record of Shanghai day `date` at instant `ms`. */
  count(r: SlotRecord, date: string, ms: number): void;
  /** Upserts what was counted since the last flush (call inside the ingest transaction); returns the rows upserted. */
  flush(): { slots: SlotDelta[]; failures: SlotFailureDelta[] };
}

export function slotRollupsWriter(db: Db): SlotRollups {
  const slots = db.prepare(`INSERT INTO rollup_slots (date, slot, id, operator, capability, calls, successes) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, slot, id, operator, capability) DO UPDATE SET calls = calls + excluded.calls, successes = successes + excluded.successes`);
  const failures = db.prepare(`INSERT INTO rollup_slot_failures (date, slot, id, operator, capability, result_code, carrier_code, failures)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, slot, id, operator, capability, result_code, carrier_code) DO UPDATE SET failures = failures + excluded.failures`);
  let s = new Map<string, [string, number, string, string, string, number, number]>();
  let f = new Map<string, [string, number, string, string, string, string, string, number]>();
  return {
    count(r, date, ms) {
      const slot = shanghaiSlot(ms);
      const k = `${date}|${slot}|${r.id}|${r.operator}|${r.capability}`;
      const ok = r.success ? 1 : 0;
      const v = s.get(k);
      if (v) {
        v[5]++;
        v[6] += ok;
      } else s.set(k, [date, slot, r.id, r.operator, r.capability, 1, ok]);
      if (!r.success) {
        const cc = r.carrierCode ?? '';
        const fk = `${k}|${r.resultCode}|${cc}`;
        const fv = f.get(fk);
        if (fv) fv[7]++;
        else f.set(fk, [date, slot, r.id, r.operator, r.capability, r.resultCode, cc, 1]);
      }
    },
    flush() {
      const out = { slots: [...s.values()], failures: [...f.values()] };
      for (const v of out.slots) slots.run(...v);
      for (const v of out.failures) failures.run(...v);
      s = new Map();
      f = new Map();
      return out;
    },
  };
}
