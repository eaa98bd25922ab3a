/**
 * auth_records and the rollups that count them. Records are immutable on the platform and
 * keyed by seq, so an insert of a seq already present is skipped and its rollups untouched:
 * a page served twice changes nothing. Callers run this inside the transaction that also
 * advances the sync cursor.
 *
 * This is the ingest hot path (millions of rows). A page arrives as a RecordBatch
 * (record-batch.ts): encoded, its dictionaries listed and its rollups summed, by the sync's page
 * worker on the other core. Here, on the writer thread: one dictionary lookup per distinct app,
 * code and description of the page, one INSERT per record (binding the values the columns store, as
 * the bare insert of the sync bench does), one upsert per rollup key, then the day and month totals from the
 * page's sums (store/rollup-totals-repo.ts). The sync writes the pages it finds ready in one transaction
 * (insertBatches): their rollup sums are added up first, so each key is upserted once per transaction —
 * at 200,000 records a day a daily key is touched by every one of its day's forty pages.
 */
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { dataVersion } from '../db/connection';
import type { Db } from '../db/open';
import { batchRollups, mergeRollups, NO_OUTCOME, prepareRecordBatch, type BatchRollups, type RecordBatch } from './record-batch';
import { COMPACT_COLUMNS, recordDictionaries } from './record-codec';
import { rollupsAdded, rollupsWatched } from './rollup-journal';
import { rollupTotalsWriter } from './rollup-totals-repo';
import { slotRollupsWriter } from './slot-rollups-repo';

export { instantMs } from './record-batch';

export interface AuthRecordsWriter {
  /** Inserts new records and bumps rollups; returns how many were new. Call inside a transaction. */
  insert(records: readonly PlatformAuthRecord[]): number;
  /** The same for a page already prepared (by the sync's page worker). */
  insertBatch(batch: RecordBatch): number;
  /**
   * The same for several prepared pages written in one transaction: the records page by page, then
   * the rollups once, from the pages' sums added up (mergeRollups: each rollup key upserted once).
   * Stores exactly what writing them one by one stores.
   */
  insertBatches(batches: readonly RecordBatch[]): number;
}

export function authRecordsWriter(db: Db): AuthRecordsWriter {
  // One bound value per column, each what the column stores (record-codec.ts's compactRow): blobs as
  // views of the batch's bytes, compact integers as bigints (a number would be stored as a real in a
  // column without affinity), anything else as it came.
  const ins = db.prepare(
    `INSERT INTO auth_record_rows (${COMPACT_COLUMNS.join(', ')}) VALUES (${COMPACT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT(seq) DO NOTHING`,
  );
  // Updated first, inserted when absent: the writer learns which keys are new, each a cell more of its month's total.
  const dailyAdd = db.prepare(`UPDATE rollup_daily SET calls = calls + ?, successes = successes + ?, billable = billable + ?
    WHERE date = ? AND id = ? AND operator = ? AND capability = ?`);
  const dailyNew = db.prepare(`INSERT INTO rollup_daily (date, id, operator, capability, calls, successes, billable) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const hourly = db.prepare(`INSERT INTO rollup_hourly (date, hour, id, operator, capability, calls, successes, billable)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, hour, id, operator, capability) DO UPDATE SET
      calls = calls + excluded.calls, successes = successes + excluded.successes, billable = billable + excluded.billable`);
  const failures = db.prepare(`INSERT INTO rollup_failures (date, id, operator, capability, result_code, carrier_code, failures)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(date, id, operator, capability, result_code, carrier_code) DO UPDATE SET failures = failures + excluded.failures`);
  const codes = db.prepare(`INSERT INTO rollup_codes_hourly (code, date, hour, failures) VALUES (?, ?, ?, ?)
    ON CONFLICT(code, date, hour) DO UPDATE SET failures = failures + excluded.failures`);
  // Ten-minute rollups for the alert rules: upserted next to the hourly rollup.
  const slots = slotRollupsWriter(db);
  const totals = rollupTotalsWriter(db);

  const upsertRollups = (r: BatchRollups): void => {
    const newDaily = new Uint8Array(r.daily.length);
    r.daily.forEach((v, i) => {
      if (dailyAdd.run(v[4], v[5], v[6], v[0], v[1], v[2], v[3]).changes === 0) {
        dailyNew.run(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        newDaily[i] = 1;
      }
    });
    for (const v of r.hourly) hourly.run(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    slots.upsert(r.slots, r.slotFailures);
    for (const v of r.failures) failures.run(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    for (const v of r.codes) codes.run(v[0], v[1], v[2], v[3]);
    // The day and month totals, once per total row from the page's sums (no triggers since workspace-0022).
    totals.add(r.daily, newDaily, r.failures);
  };

  /** A page's records; returns how many were new and what they add to the rollups. */
  const insertRecords = (b: RecordBatch, dict: ReturnType<typeof recordDictionaries>): { written: number; rollups: BatchRollups } => {
    // The page's dictionary keys: a lookup per distinct value, in order of first sight (keys are
    // created in the order the records bring them).
    const appKey = new Array<number>(b.apps.length);
    const appIdCol = new Array<string | null>(b.apps.length);
    b.apps.forEach(([id, appId], i) => {
      const a = dict.app(id, appId);
      appKey[i] = a.key;
      appIdCol[i] = a.usual ? null : appId;
    });
    const codeKey = b.codes.map((c) => dict.code(c));
    const descKey = b.descriptions.map((d) => dict.recordDescription(d));
    const { seq, requestMs, app, operator, capability, success, outcome, resultCode, carrierCode, description } = b;
    const { blobs, blobAt, recordIdText, phoneNumber, phoneText, authType, authTypes, ipNumber, ipText, traceText } = b;
    let skipped: Uint8Array | null = null;
    for (let i = 0; i < b.count; i++) {
      const o = outcome[i]!;
      const cc = carrierCode[i]!;
      // An empty blob span or NaN: not compact (then the text, or null); an empty text column: all nulls (record-batch.ts).
      const idAt = blobAt[2 * i]!;
      const traceAt = blobAt[2 * i + 1]!;
      const traceEnd = blobAt[2 * i + 2]!;
      const phone = phoneNumber[i]!;
      const ip = ipNumber[i]!;
      const at = authType[i]!;
      const res = ins.run(
        seq[i],
        requestMs[i],
        appKey[app[i]!],
        operator[i],
        capability[i],
        success[i],
        o === NO_OUTCOME ? null : o,
        codeKey[resultCode[i]!],
        cc < 0 ? null : codeKey[cc],
        descKey[description[i]!],
        appIdCol[app[i]!],
        idAt === traceAt ? recordIdText[i] : blobs.subarray(idAt, traceAt),
        Number.isNaN(phone) ? (phoneText[i] ?? null) : BigInt(phone),
        at < 0 ? null : authTypes[at],
        Number.isNaN(ip) ? (ipText[i] ?? null) : BigInt(ip),
        traceAt === traceEnd ? traceText[i] : blobs.subarray(traceAt, traceEnd),
      );
      if (res.changes === 0) (skipped ??= new Uint8Array(b.count))[i] = 1;
    }
    let written = b.count;
    let rollups = b.rollups;
    if (skipped) {
      // Some records were stored already (a page served again): count only the new ones.
      const fresh = skipped.map((x) => 1 - x);
      written = fresh.reduce((n, x) => n + x, 0);
      rollups = batchRollups(b, fresh);
    }
    return { written, rollups };
  };

  const insertBatches = (batches: readonly RecordBatch[]): number => {
    // Fresh per call, i.e. per transaction: a rolled-back transaction takes its keys with it.
    const dict = recordDictionaries(db);
    let written = 0;
    const parts: BatchRollups[] = [];
    for (const b of batches) {
      const r = insertRecords(b, dict);
      written += r.written;
      parts.push(r.rollups);
    }
    if (parts.length === 0) return 0;
    const rollups = mergeRollups(parts);
    upsertRollups(rollups);
    // The alert rules patch their running sums with what these pages added (store/rollup-journal.ts).
    if (written > 0 && rollupsWatched(db)) rollupsAdded(db, rollups);
    return written;
  };

  return {
    insert: (records) => insertBatches([prepareRecordBatch(records)]),
    insertBatch: (b) => insertBatches([b]),
    insertBatches,
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
