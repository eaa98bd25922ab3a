/**
 * Emulated traffic for the alert rules' tests: the emulator's own generator (with its
 * scenario knobs) produces the history, which goes in through the ingest writer, so the
 * rules read exactly the rollups a sync would have built.
 */
import { EmulatedPlatform } from '../../../../../emulator/platform';
import { resolveOptions, type EmulatorOptions } from '../../../../../emulator/options';
import { RecordGenerator } from '../../../../../emulator/history/record-gen';
import type { PlatformAuthRecord } from '../../../../../shared/platform/schemas';
import type { Db } from '../../db/open';
import { authRecordsWriter } from '../../store/auth-records-repo';
import { syncStateRepo } from '../../store/sync-state-repo';

export interface EmulatedTraffic {
  platform: EmulatedPlatform;
  records: number;
}

/** The emulator's whole history (up to its clock), record by record, in feed order. */
export function* emulatedRecords(options: EmulatorOptions): Generator<PlatformAuthRecord, EmulatedPlatform> {
  const platform = new EmulatedPlatform(resolveOptions(options));
  const cfg = platform.config;
  const gen = new RecordGenerator(cfg.seed, platform.plan, platform.traffic, { incidents: cfg.incidents, volumeDrops: cfg.volumeDrops });
  const plan = platform.plan;
  for (let d = 0; d < plan.days; d++) {
    const count = plan.dayCount[d]!;
    for (let i = 0; i < count; i++) {
      gen.coreHistory(plan.firstSeq[d]! + i, d, i);
      yield JSON.parse(gen.json()) as PlatformAuthRecord;
    }
  }
  return platform;
}

/** Ingests the emulator's whole history (up to its clock) into `db`, pages of 5,000 in transactions. */
export function ingestEmulatedHistory(db: Db, options: EmulatorOptions): EmulatedTraffic {
  const writer = authRecordsWriter(db);
  let page: PlatformAuthRecord[] = [];
  const flush = db.transaction((rows: PlatformAuthRecord[]) => writer.insert(rows));
  let n = 0;
  const records = emulatedRecords(options);
  let next = records.next();
  for (; !next.done; next = records.next()) {
    page.push(next.value);
    if (page.length === 5000) {
      n += flush(page);
      page = [];
    }
  }
  const platform = next.value;
  const cfg = platform.config;
  const plan = platform.plan;
  if (page.length) n += flush(page);
  const sync = syncStateRepo(db);
  db.transaction(() => {
    sync.advance('records', String(plan.total), 0);
    sync.succeeded('records', cfg.startedAt);
  })();
  return { platform, records: n };
}
