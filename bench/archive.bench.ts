/**
 * Month archives (issue 16 §2): a month of BENCH_ARCHIVE_RECORDS auth records (default 10,000,000)
 * archived (written, read back, hashed) and dropped, then imported back, through the product's
 * archive code; each time printed next to a plain copy of the same archive bytes (copyFileSync)
 * and of the store file, measured in the same run. The records go in through the real ingest
 * writer, so the store is shaped as a sync leaves it.
 *
 * Then the team store (PostgreSQL, a throwaway cluster): BENCH_ARCHIVE_PG_RECORDS records (default
 * the same count) of the month committed page by page as a sync does, then `archive create --drop`
 * (write + read back + record, then re-read the partition, DETACH and DROP it) and `archive import`
 * (check the file, re-create the partition, load it, re-digest it) through the product's code, next
 * to a plain copy of the archive bytes.
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropArchivedMonth, importArchive, writeMonthArchive, type MonthArchiveContext } from '../electron/main/services/archive/month-archive';
import { archiveFileName } from '../electron/main/services/archive/archive-file';
import { authRecordsWriter } from '../electron/main/services/store/auth-records-repo';
import { openWorkspaceDatabase } from '../electron/main/services/workspaces/open-workspace-db';
import pg from 'pg';
import { PgStore } from '../electron/main/services/team-store/pg-store';
import { archiveStoreMonth, importStoreArchive, storeArchiveWorkspace } from '../electron/main/services/team-store/store-archive';
import { startPgCluster } from '../electron/main/services/team-store/testing/pg-cluster';
import { capabilities, operators } from '../shared/platform/domain';
import type { PlatformAuthRecord } from '../shared/platform/schemas';
import { mulberry32 } from '../shared/random/mulberry32';
import { shanghaiMonthRange, toShanghaiIso } from '../shared/time/shanghai';

const RECORDS = Number(process.env.BENCH_ARCHIVE_RECORDS ?? process.env.BENCH_RECORDS ?? 10_000_000);
const PG_RECORDS = Number(process.env.BENCH_ARCHIVE_PG_RECORDS ?? RECORDS);
const MONTH = '2026-10';
const APPS = 50;
const PAGE = 5000;

function records(from: number, count: number, span: { start: number; end: number }, total = RECORDS): PlatformAuthRecord[] {
  const r = mulberry32(from + 1);
  const out: PlatformAuthRecord[] = [];
  const step = (span.end - span.start) / total;
  for (let i = from; i < from + count; i++) {
    const capability = capabilities[i % 2]!;
    const ok = r() < 0.9;
    const n = Math.floor(r() * 1e8);
    out.push({
      seq: i + 1,
      recordId: `r${(i + 1).toString(36).padStart(10, '0')}`,
      id: `app-${i % APPS}`,
      appId: `A${1_000_000 + (i % APPS)}`,
      capability,
      operator: operators[i % 3]!,
      requestTime: toShanghaiIso(Math.floor(span.start + i * step)),
      resultCode: ok ? (capability === 'login' ? '103000' : '000') : '10500',
      success: ok,
      outcome: capability === 'verify' ? (ok ? 'match' : null) : null,
      carrierCode: ok ? null : '103111',
      description: ok ? '成功' : '取号失败',
      maskedPhone: `138****${String(n % 10000).padStart(4, '0')}`,
      authType: capability === 'login' ? 'one-click' : null,
      clientIp: `10.${n % 250}.${(n >> 8) % 250}.${(n >> 16) % 250}`,
      traceId: n.toString(16).padStart(32, '0'),
    } as PlatformAuthRecord);
  }
  return out;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onetap-bench-archive-'));
  try {
    const file = join(dir, 'store.db');
    const db = openWorkspaceDatabase(file);
    const span = shanghaiMonthRange(MONTH);
    const writer = authRecordsWriter(db);
    let t0 = performance.now();
    for (let i = 0; i < RECORDS; i += PAGE) db.transaction(() => writer.insert(records(i, Math.min(PAGE, RECORDS - i), span)))();
    db.pragma('wal_checkpoint(TRUNCATE)');
    console.log(
      `ingest of ${RECORDS.toLocaleString('en-US')} records (real writer): ${secs(performance.now() - t0)}, store ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`,
    );

    const cx: MonthArchiveContext = { db, dir, workspace: { id: 'bench', name: 'bench' }, now: () => Date.now() };
    t0 = performance.now();
    const written = await writeMonthArchive(cx, MONTH);
    const write = performance.now() - t0;
    const archive = join(dir, archiveFileName(MONTH));
    const bytes = statSync(archive).size;
    t0 = performance.now();
    // As `archive create --drop` runs it: the drop follows its own write, with the sync held.
    await dropArchivedMonth(cx, MONTH, written);
    const drop = performance.now() - t0;
    t0 = performance.now();
    const back = await importArchive(cx, archive);
    const imp = performance.now() - t0;
    if (back.imported !== RECORDS) throw new Error(`imported ${back.imported} of ${RECORDS}`);

    t0 = performance.now();
    copyFileSync(archive, join(dir, 'copy.gz'));
    const copy = performance.now() - t0;
    db.pragma('wal_checkpoint(TRUNCATE)');
    t0 = performance.now();
    copyFileSync(file, join(dir, 'copy.db'));
    const copyStore = performance.now() - t0;

    const rate = (ms: number): string => `${Math.round(RECORDS / (ms / 1000)).toLocaleString('en-US')} records/s`;
    console.log(`archive file: ${(bytes / 2 ** 20).toFixed(1)} MiB (${(bytes / RECORDS).toFixed(1)} bytes per record)`);
    console.log(
      `archive (write + read back + hash): ${secs(write)}  ${rate(write)}  = ${(write / copy).toFixed(0)}× a plain copy of the archive bytes (${secs(copy)})`,
    );
    console.log(`drop after the write (file hash + delete, rollups kept): ${secs(drop)}  ${rate(drop)}`);
    console.log(`import (check pass + insert pass):  ${secs(imp)}  ${rate(imp)}  = ${(imp / copy).toFixed(0)}× the plain copy`);
    console.log(`baseline: plain copy of the archive ${secs(copy)}; of the whole store file ${secs(copyStore)}`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await runTeamStore();
}

/** The team store's month archive: the same file, its partition detached and dropped, then re-imported. */
async function runTeamStore(): Promise<void> {
  const cluster = startPgCluster();
  const dir = mkdtempSync(join(tmpdir(), 'onetap-bench-archive-pg-'));
  chmodSync(dir, 0o700);
  try {
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE store');
    await admin.end();
    const store = await PgStore.open({ config: { connectionString: cluster.url('store') }, migrate: true });
    try {
      const span = shanghaiMonthRange(MONTH);
      let t0 = performance.now();
      const lease = await store.acquireWriter(['records']);
      for (let i = 0; i < PG_RECORDS; i += PAGE) await store.commitRecordsPage(records(i, Math.min(PAGE, PG_RECORDS - i), span, PG_RECORDS), i + PAGE);
      await lease.release();
      console.log(`team store: ingest of ${PG_RECORDS.toLocaleString('en-US')} records (sync's page commit): ${secs(performance.now() - t0)}`);
      const cx = { store, dir, workspace: storeArchiveWorkspace('postgresql://bench@socket/store', await store.storeId()), now: () => Date.now() };
      t0 = performance.now();
      const archived = await archiveStoreMonth(cx, MONTH, true);
      const create = performance.now() - t0;
      if (archived.state !== 'dropped' || archived.archive?.records !== PG_RECORDS) throw new Error(`archived ${archived.archive?.records} of ${PG_RECORDS}`);
      const archive = join(dir, archiveFileName(MONTH));
      t0 = performance.now();
      const back = await importStoreArchive(cx, archive);
      const imp = performance.now() - t0;
      if (back.imported !== PG_RECORDS) throw new Error(`imported ${back.imported} of ${PG_RECORDS}`);
      t0 = performance.now();
      copyFileSync(archive, join(dir, 'copy.gz'));
      const copy = performance.now() - t0;
      const rate = (ms: number): string => `${Math.round(PG_RECORDS / (ms / 1000)).toLocaleString('en-US')} records/s`;
      console.log(`team store archive file: ${(statSync(archive).size / 2 ** 20).toFixed(1)} MiB`);
      console.log(
        `team store archive create --drop (write + read back + record, count, DETACH, DROP): ${secs(create)}  ${rate(create)}  = ${(create / copy).toFixed(0)}× a plain copy of the archive bytes (${secs(copy)})`,
      );
      console.log(
        `team store archive import (check pass + load + re-digest, one transaction): ${secs(imp)}  ${rate(imp)}  = ${(imp / copy).toFixed(0)}× the plain copy`,
      );
    } finally {
      await store.close();
    }
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
