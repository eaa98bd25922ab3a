/**
 * Bytes per auth record before and after descriptions come from the code catalogue (workspace-0021,
 * issue 13), on the emulator's records (its descriptions as a platform sends them), in one run:
 *   before   the records ingested by the writer into a store at the schema before workspace-0021
 *   after    that store migrated in place (a shrunk row leaves its page's free space where it was)
 *   fresh    the same records ingested at the current schema (what sync builds from now on)
 * with the share of records whose description now comes from the catalogue. BENCH_DESC_DAYS ×
 * BENCH_DESC_DAILY records (default 10 × 20,000 = 200k; --quick 3 × 10,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator';
import { systemClock } from '../electron/main/services/core/clock';
import { workspaceMigrations } from '../electron/main/services/db/migrations';
import { workspaceCatalogueDescriptions } from '../electron/main/services/db/migrations/workspace-0021-catalogue-descriptions';
import { openDatabase, type Db } from '../electron/main/services/db/open';
import { createPlatformClient } from '../electron/main/services/platform/http-client';
import { authRecordsWriter } from '../electron/main/services/store/auth-records-repo';
import { CATALOGUE_DESCRIPTION } from '../electron/main/services/store/record-codec';
import type { PlatformAuthRecord } from '../shared/platform/schemas';
import { machineLoad } from './machine-load';
import { migrateMeasured, printStorage, recordStorage } from './record-storage';

const quick = process.argv.includes('--quick');
const DAYS = Number(process.env.BENCH_DESC_DAYS ?? (quick ? 3 : 10));
const DAILY = Number(process.env.BENCH_DESC_DAILY ?? (quick ? 10_000 : 20_000));

function ingest(db: Db, pages: readonly PlatformAuthRecord[][]): void {
  const writer = authRecordsWriter(db);
  for (const page of pages) db.transaction(() => writer.insert(page))();
  db.pragma('wal_checkpoint(TRUNCATE)');
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onetap-bench-desc-'));
  const emu = await startEmulator({ seed: 4, days: DAYS, daily: DAILY });
  try {
    // The records as a sync fetches them (signed requests, verified and validated pages).
    const admin = emu.keys.find((k) => k.role === 'admin')!;
    const client = createPlatformClient({ endpoint: emu.url, accessKey: admin.accessKey, secretKey: admin.secretKey });
    const pages: PlatformAuthRecord[][] = [];
    for (let after = 0; ;) {
      const p = await client.authRecords(after, 5000);
      if (p.items.length) pages.push(p.items);
      if (!p.hasMore || !p.items.length) break;
      after = p.items[p.items.length - 1]!.seq;
    }
    client.close();
    const total = pages.reduce((n, p) => n + p.length, 0);
    console.log(
      `${total.toLocaleString('en-US')} emulator records (${DAYS} days × ~${DAILY.toLocaleString('en-US')}), fetched at ${new Date(systemClock.now()).toISOString()}  ${machineLoad()}`,
    );

    const beforeSchema = workspaceMigrations.slice(0, workspaceMigrations.indexOf(workspaceCatalogueDescriptions));
    const file = join(dir, 'migrated.db');
    const db = openDatabase(file, { migrations: beforeSchema });
    ingest(db, pages);
    const { before, after, migrateMs } = migrateMeasured(db);
    const fromCatalogue = db.prepare('SELECT COUNT(*) FROM auth_record_rows WHERE description = ?').pluck().get(CATALOGUE_DESCRIPTION) as number;
    const kept = db
      .prepare(
        'SELECT d.text, COUNT(*) AS n FROM auth_record_rows r JOIN record_descriptions d ON d.description = r.description GROUP BY d.text ORDER BY n DESC LIMIT 5',
      )
      .raw()
      .all() as [string, number][];
    db.close();

    const freshFile = join(dir, 'fresh.db');
    const fresh = openDatabase(freshFile, { migrations: workspaceMigrations });
    ingest(fresh, pages);
    const current = recordStorage(fresh);
    fresh.close();

    printStorage(`before workspace-0021 (schema ${beforeSchema.length}), as ingest built it`, before, null);
    printStorage('after workspace-0021, migrated in place', after, null);
    printStorage('current schema, as ingest builds it', current, null);
    const per = (s: { total: number; records: number }): number => s.total / s.records;
    console.log(
      `bytes a record: before ${per(before).toFixed(1)}, migrated ${per(after).toFixed(1)} (${(per(after) - per(before)).toFixed(1)}), ` +
        `fresh ${per(current).toFixed(1)} (${(per(current) - per(before)).toFixed(1)})  ${machineLoad()}`,
    );
    console.log(
      `descriptions from the catalogue: ${fromCatalogue.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records (${((fromCatalogue / total) * 100).toFixed(1)} %); ` +
        `migration ${(migrateMs / 1000).toFixed(2)} s`,
    );
    if (kept.length)
      console.log(`  texts still kept per record, commonest: ${kept.map(([t, n]) => `${JSON.stringify(t)} ×${n.toLocaleString('en-US')}`).join(', ')}`);
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
