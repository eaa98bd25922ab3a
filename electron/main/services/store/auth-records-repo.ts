/**
 * auth_records and the rollups that count them. Records are immutable on the platform and
 * keyed by seq, so an insert of a seq already present is skipped and its rollups untouched:
 * a page served twice changes nothing. Callers run this inside the transaction that also
 * advances the sync cursor.
 *
 * This is the ingest hot path (millions of rows): the page is aggregated in memory first (one
 * rollup upsert per key, not per record), and the Shanghai day of consecutive records — which
 * arrive roughly in time order — is computed once per day rather than once per record.
 */
import { isBillable } from '../../../../shared/platform/domain';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { SHANGHAI_OFFSET_MS, shanghaiDate } from '../../../../shared/time/shanghai';
import { dataVersion } from '../db/connection';
import type { Db } from '../db/open';
import { fromPlatformRecord } from './content-digest';
import { COMPACT_COLUMNS, compactRow, recordDictionaries } from './record-codec';
import { rollupsAdded, rollupsWatched } from './rollup-journal';
import { slotRollupsWriter } from './slot-rollups-repo';

export interface AuthRecordsWriter {
  /** Inserts new records and bumps rollups; returns how many were new. Call inside a transaction. */
  insert(records: readonly PlatformAuthRecord[]): number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Epoch ms of an ISO 8601 instant that carries its offset. Cheaper than a full pattern match
 * (the platform client has already checked the format against the schema); what matters here
 * is that a time without an offset, which Date.parse would read as local time, is refused.
 */
export function instantMs(s: string): number {
  const n = s.length;
  const hasOffset =
    n >= 20 &&
    (s.charCodeAt(n - 1) === 90 /* Z */ || ((s.charCodeAt(n - 6) === 43 /* + */ || s.charCodeAt(n - 6) === 45) /* - */ && s.charCodeAt(n - 3) === 58)); /* : */
  return hasOffset && s.charCodeAt(10) === 84 /* T */ ? Date.parse(s) : NaN;
}

/** Shanghai day and hour of an instant, remembering the last day seen. */
function dayClock(): (ms: number) => { date: string; hour: number } {
  let start = 0;
  let end = -1;
  let date = '';
  const out = { date: '', hour: 0 };
  return (ms) => {
    if (ms < start || ms >= end) {
      start = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
      end = start + DAY_MS;
      date = shanghaiDate(ms);
    }
    out.date = date;
    out.hour = Math.floor((ms - start) / HOUR_MS);
    return out;
  };
}

export function authRecordsWriter(db: Db): AuthRecordsWriter {
  // The compact row (store/record-codec.ts); dictionary keys are looked up per page, in its transaction.
  const ins = db.prepare(
    `INSERT INTO auth_record_rows (${COMPACT_COLUMNS.join(', ')}) VALUES (${COMPACT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT(seq) DO NOTHING`,
  );
  const daily = db.prepare(`INSERT INTO rollup_daily (date, id, operator, capability, calls, successes, billable)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, id, operator, capability) DO UPDATE SET
      calls = calls + excluded.calls, successes = successes + excluded.successes, billable = billable + excluded.billable`);
  const hourly = db.prepare(`INSERT INTO rollup_hourly (date, hour, id, operator, capability, calls, successes, billable)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, hour, id, operator, capability) DO UPDATE SET
      calls = calls + excluded.calls, successes = successes + excluded.successes, billable = billable + excluded.billable`);
  const failures = db.prepare(`INSERT INTO rollup_failures (date, id, operator, capability, result_code, carrier_code, failures)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, id, operator, capability, result_code, carrier_code) DO UPDATE SET failures = failures + excluded.failures`);
  const codes = db.prepare(`INSERT INTO rollup_codes_hourly (code, date, hour, failures) VALUES (?, ?, ?, ?)
    ON CONFLICT(code, date, hour) DO UPDATE SET failures = failures + excluded.failures`);
  const when = dayClock();
  // Ten-minute rollups for the alert rules: a separate step, counted per new record, upserted next to the hourly rollup.
  const slots = slotRollupsWriter(db);

  return {
    insert(records) {
      // Aggregate the page in memory first: one rollup upsert per key instead of per record.
      const d = new Map<string, [string, string, string, string, number, number, number]>();
      const h = new Map<string, [string, number, string, string, string, number, number, number]>();
      const f = new Map<string, [string, string, string, string, string, string, number]>();
      const c = new Map<string, [string, string, number, number]>();
      const countCode = (code: string, date: string, hour: number): void => {
        const ck = `${code}|${date}|${hour}`;
        const cv = c.get(ck);
        if (cv) cv[3]++;
        else c.set(ck, [code, date, hour, 1]);
      };
      const dict = recordDictionaries(db);
      let written = 0;
      for (const r of records) {
        const ms = instantMs(r.requestTime);
        if (Number.isNaN(ms)) throw new Error(`record ${r.seq} has a bad requestTime ${r.requestTime}`);
        const billable = isBillable(r.capability, r.success, r.outcome) ? 1 : 0;
        const ok = r.success ? 1 : 0;
        const res = ins.run(...compactRow(fromPlatformRecord(r, ms), dict));
        if (res.changes === 0) continue;
        written++;
        const { date, hour } = when(ms);
        const dk = `${date}|${r.id}|${r.operator}|${r.capability}`;
        const dv = d.get(dk);
        if (dv) {
          dv[4]++;
          dv[5] += ok;
          dv[6] += billable;
        } else d.set(dk, [date, r.id, r.operator, r.capability, 1, ok, billable]);
        const hk = `${dk}|${hour}`;
        const hv = h.get(hk);
        if (hv) {
          hv[5]++;
          hv[6] += ok;
          hv[7] += billable;
        } else h.set(hk, [date, hour, r.id, r.operator, r.capability, 1, ok, billable]);
        slots.count(r, date, ms);
        if (!r.success) {
          const cc = r.carrierCode ?? '';
          const fk = `${dk}|${r.resultCode}|${cc}`;
          const fv = f.get(fk);
          if (fv) fv[6]++;
          else f.set(fk, [date, r.id, r.operator, r.capability, r.resultCode, cc, 1]);
          // A code filter matches either code: a failure counts once under each distinct code it carries.
          countCode(r.resultCode, date, hour);
          if (cc !== '' && cc !== r.resultCode) countCode(cc, date, hour);
        }
      }
      for (const v of d.values()) daily.run(...v);
      for (const v of h.values()) hourly.run(...v);
      const slotRows = slots.flush();
      for (const v of f.values()) failures.run(...v);
      for (const v of c.values()) codes.run(...v);
      // The alert rules patch their running sums with what this page added (store/rollup-journal.ts).
      if (written > 0 && rollupsWatched(db))
        rollupsAdded(db, {
          daily: [...d.values()],
          hourly: [...h.values()],
          failures: [...f.values()],
          slots: slotRows.slots,
          slotFailures: slotRows.failures,
        });
      return written;
    },
  };
}

export interface AuthRecordsRepo {
  /** How many auth records the store holds (backups show it beside each copy). */
  count(): number;
}

/** Reads of the records table as a whole (searches are records/record-scanner.ts's, archives auth-records-archive-repo.ts's). */
export function authRecordsRepo(db: Db): AuthRecordsRepo {
  const count = db.prepare('SELECT count(*) FROM auth_record_rows').pluck();
  return { count: () => count.get() as number };
}

/**
 * Checks a consumer of the rollup journal (store/rollup-journal.ts) makes before trusting it:
 * a day's calls as committed (a rolled-back page leaves fewer than the consumer counted), and
 * SQLite's data_version (which moves when another connection commits, never for this
 * connection's own writes).
 */
export function rollupWitness(db: Db): { dayCalls(date: string): number; dataVersion(): number } {
  const calls = db.prepare<[string], number>('SELECT COALESCE(SUM(calls), 0) FROM rollup_daily WHERE date = ?').pluck();
  return {
    dayCalls: (date) => calls.get(date) ?? 0,
    dataVersion: () => dataVersion(db),
  };
}
