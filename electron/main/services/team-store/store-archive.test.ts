/**
 * A month of the team store archived to a file and its partition detached, on a real throwaway
 * PostgreSQL cluster set up as the README tells a team's DBA: the file holds exactly the month's
 * records (checked against the platform's own records, not the store), the totals and rollups do
 * not move, the read-only role and a second writer are refused with nothing changed, and the
 * re-import gives back the same records (count and content hash) without counting them twice.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { parseIsoInstant, shanghaiMonth, shanghaiMonthRange } from '../../../../shared/time/shanghai';
import { archiveFileName, readArchiveManifest } from '../archive/archive-file';
import { checkArchiveFile } from '../archive/month-archive';
import { manualClock } from '../core/clock';
import { canonicalLine, fromPlatformRecord } from '../store/content-digest';
import { fakePlatform, type FakePlatform } from '../sync/testing/fake-platform';
import { storeConnection } from './connection';
import { partitionName, PgStore } from './pg-store';
import { archiveStoreMonth, importStoreArchive, listStoreMonths, storeArchiveWorkspace, verifyStoreArchive, type StoreArchiveContext } from './store-archive';
import { runStoreSync } from './store-sync';
import { oracleRollups } from './testing/oracle';
import { startPgCluster, type PgCluster } from './testing/pg-cluster';

const NOW = Date.parse('2026-11-20T04:00:00Z');
const MONTH = '2026-10';

let cluster: PgCluster;
let dir: string;
let platform: FakePlatform;
let writer: PgStore;

const open = (user: string, password: string, migrate = false): Promise<PgStore> =>
  PgStore.open({ config: storeConnection(cluster.url('team', user), { env: { PGPASSWORD: password } }).config, migrate });

async function context(store: PgStore, display = 'postgresql://team_writer@socket/team'): Promise<StoreArchiveContext> {
  return { store, dir, workspace: storeArchiveWorkspace(display, await store.storeId()), now: () => NOW + 1000 };
}

/** The month's records by the platform itself: count and the digest of their canonical lines in (time, seq) order. */
function oracleMonth(records: readonly PlatformAuthRecord[], month: string): { records: number; contentSha256: string } {
  const { start, end } = shanghaiMonthRange(month);
  const rows = records
    .map((r) => ({ r, ms: parseIsoInstant(r.requestTime) }))
    .filter((x) => x.ms >= start && x.ms < end)
    .sort((a, b) => a.ms - b.ms || a.r.seq - b.r.seq);
  const h = createHash('sha256');
  for (const x of rows) h.update(`${canonicalLine(fromPlatformRecord(x.r, x.ms))}\n`);
  return { records: rows.length, contentSha256: h.digest('hex') };
}

/** The store's month by its own keyset reads (every stored record, seq order), digested in the archive's order. */
async function storeMonth(store: PgStore, month: string): Promise<{ records: number; contentSha256: string }> {
  const { start, end } = shanghaiMonthRange(month);
  const rows = [];
  for await (const r of store.canonicalRecords(500)) if (r.requestMs >= start && r.requestMs < end) rows.push(r);
  rows.sort((a, b) => a.requestMs - b.requestMs || a.seq - b.seq);
  const h = createHash('sha256');
  for (const r of rows) h.update(`${canonicalLine(r)}\n`);
  return { records: rows.length, contentSha256: h.digest('hex') };
}

async function superuser(sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: cluster.url('team') });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  cluster = startPgCluster();
  dir = mkdtempSync(join(tmpdir(), 'onetap-store-archive-'));
  const c = new pg.Client({ connectionString: cluster.url() });
  await c.connect();
  for (const stmt of [
    'CREATE ROLE onetap_reader NOLOGIN',
    'CREATE ROLE onetap_auditor NOLOGIN IN ROLE onetap_reader',
    "CREATE ROLE team_writer LOGIN PASSWORD 'writer-pw'",
    "CREATE ROLE finance_li LOGIN PASSWORD 'finance-pw' IN ROLE onetap_reader",
    'CREATE DATABASE team OWNER team_writer',
  ])
    await c.query(stmt);
  await c.end();
  writer = await open('team_writer', 'writer-pw', true);
  platform = fakePlatform({ now: NOW, records: 3000, days: 75 });
  expect((await runStoreSync({ store: writer, client: platform, clock: manualClock(NOW), pageSizes: { records: 500 } })).ok).toBe(true);
}, 120_000);
afterAll(async () => {
  await writer?.close();
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('archive a month of the team store', () => {
  it('archives, detaches and re-imports a month exactly; totals and rollups never move', { timeout: 120_000 }, async () => {
    const expected = oracleMonth(platform.records, MONTH);
    expect(expected.records).toBeGreaterThan(500);
    const monthFilter = { from: '2026-10-01', to: '2026-11-01' };
    const before = {
      total: (await writer.searchRecords({ limit: 1, ...monthFilter })).total,
      all: (await writer.searchRecords({ limit: 1 })).total,
      rollups: await writer.dailyRollups(),
      count: await writer.countRecords(),
    };
    expect(before.total).toBe(expected.records);
    expect(before.rollups).toEqual(oracleRollups(platform.records));
    expect(await storeMonth(writer, MONTH)).toEqual(expected);

    const cx = await context(writer);
    const archived = await archiveStoreMonth(cx, MONTH, true);
    expect(archived).toMatchObject({
      month: MONTH,
      state: 'dropped',
      storedRecords: 0,
      archive: { records: expected.records, contentSha256: expected.contentSha256 },
    });
    const file = join(dir, archiveFileName(MONTH));
    expect(archived.archive?.path).toBe(file);
    // The partition is gone from the table (detached and dropped), the other months stay.
    expect(await writer.partitionMonths()).not.toContain(MONTH);
    expect(await writer.partitionMonths()).toEqual(expect.arrayContaining(['2026-09', '2026-11']));
    expect((await superuser(`SELECT to_regclass('${partitionName(MONTH)}') AS t`)).rows[0].t).toBeNull();
    expect(await writer.countRecords()).toBe(before.count - expected.records);
    // Every reader knows the month is archived, and where.
    const [row] = await writer.archivedMonths();
    expect(row).toMatchObject({ month: MONTH, file: archiveFileName(MONTH), records: expected.records, contentSha256: expected.contentSha256 });
    expect(row!.droppedAt).not.toBeNull();
    expect(row!.location).toMatch(new RegExp(`:${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));

    // The file: the local archive's format, checked by the one verifier; its lines are the platform's records of the month.
    const manifest = readArchiveManifest(file);
    expect(manifest).toMatchObject({
      kind: 'onetap-console/archive',
      version: 1,
      month: MONTH,
      records: expected.records,
      contentSha256: expected.contentSha256,
    });
    expect(await checkArchiveFile(file, { workspace: cx.workspace, expectMonth: MONTH, recorded: () => row })).toEqual({
      ok: true,
      month: MONTH,
      records: expected.records,
      problems: [],
    });
    expect(await verifyStoreArchive(cx, { month: MONTH })).toMatchObject({ ok: true, records: expected.records });
    // Another login, reaching the store by another address, checks the same file against the same store.
    const finance = await open('finance_li', 'finance-pw');
    try {
      expect(await verifyStoreArchive(await context(finance, 'postgresql://finance_li@10.0.0.5:5432/team'), { month: MONTH })).toMatchObject({
        ok: true,
        records: expected.records,
      });
    } finally {
      await finance.close();
    }

    // Totals (from the rollups), statistics and bills' inputs are unchanged.
    expect((await writer.searchRecords({ limit: 1, ...monthFilter })).total).toBe(before.total);
    expect((await writer.searchRecords({ limit: 1 })).total).toBe(before.all);
    expect(await writer.dailyRollups()).toEqual(before.rollups);
    // The month's raw records are not listed any more.
    expect((await writer.searchRecords({ limit: 5, ...monthFilter })).items).toEqual([]);
    const listed = await listStoreMonths(cx);
    expect(listed.months.find((m) => m.month === MONTH)).toMatchObject({ state: 'dropped', storedRecords: 0, calls: expected.records });

    // Archiving again is a no-op; re-import brings the month back exactly, without counting it twice.
    expect((await archiveStoreMonth(cx, MONTH, true)).state).toBe('dropped');
    const back = await importStoreArchive(cx, file);
    expect(back).toEqual({ month: MONTH, imported: expected.records, skipped: 0 });
    expect(await storeMonth(writer, MONTH)).toEqual(expected);
    expect(await writer.countRecords()).toBe(before.count);
    expect(await writer.dailyRollups()).toEqual(before.rollups);
    expect((await writer.searchRecords({ limit: 1, ...monthFilter })).total).toBe(before.total);
    const page = await writer.searchRecords({ limit: 3, ...monthFilter, order: 'asc' });
    expect(page.items.map((i) => i.seq)).toEqual(
      platform.records
        .filter((r) => shanghaiMonth(parseIsoInstant(r.requestTime)) === MONTH)
        .sort((a, b) => parseIsoInstant(a.requestTime) - parseIsoInstant(b.requestTime) || a.seq - b.seq)
        .slice(0, 3)
        .map((r) => r.seq),
    );
    expect((await listStoreMonths(cx)).months.find((m) => m.month === MONTH)).toMatchObject({ state: 'archived', storedRecords: expected.records });
    // The re-created partition is readable by the read-only role, as the others are.
    const reader = await open('finance_li', 'finance-pw');
    try {
      expect((await reader.searchRecords({ limit: 1, ...monthFilter, from: '2026-10-02', to: '2026-10-03' })).items).toHaveLength(1);
    } finally {
      await reader.close();
    }
    // Archived (not dropped) and unchanged: a later --drop reuses the file after checking it, then drops.
    const again = await archiveStoreMonth(cx, MONTH, true);
    expect(again).toMatchObject({ state: 'dropped', archive: { createdAt: archived.archive!.createdAt, contentSha256: expected.contentSha256 } });
    expect(await importStoreArchive(cx, file)).toMatchObject({ imported: expected.records });
    expect(await storeMonth(writer, MONTH)).toEqual(expected);
  });

  it('refuses the read-only role and a second writer, changing nothing', { timeout: 60_000 }, async () => {
    const month = '2026-09';
    const expected = oracleMonth(platform.records, month);
    const reader = await open('finance_li', 'finance-pw');
    try {
      await expect(archiveStoreMonth(await context(reader, 'postgresql://finance_li@socket/team'), month, true)).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/finance_li may only read this team store: archiving 2026-09 detaches its partition.*nothing was changed/),
      });
    } finally {
      await reader.close();
    }
    expect(existsSync(join(dir, archiveFileName(month)))).toBe(false);

    // Another writer (a sync, the daemon) holds the records lock: refused, naming it.
    const other = await open('team_writer', 'writer-pw');
    const lease = await other.acquireWriter(['records']);
    try {
      await expect(archiveStoreMonth(await context(writer), month, true)).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/cannot archive or import 2026-09 now: the writer lock of records is held by .*stop the sync daemon/),
      });
    } finally {
      await lease.release();
      await other.close();
    }
    expect(existsSync(join(dir, archiveFileName(month)))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('2026-09'))).toEqual([]);
    expect(await writer.partitionMonths()).toContain(month);
    expect((await writer.archivedMonths()).map((r) => r.month)).not.toContain(month);
    expect(await storeMonth(writer, month)).toEqual(expected);

    // While an archive runs, it is the writer: a sync (a second writer) is refused, naming it.
    const rival = await open('team_writer', 'writer-pw');
    const tried: unknown[] = [];
    const original = writer.monthRecords.bind(writer);
    const spy = vi.spyOn(writer, 'monthRecords').mockImplementation(async function* (m, batch, signal) {
      for await (const b of original(m, batch, signal)) {
        tried.push(
          await rival.acquireWriter(['records']).then(
            (l) => l.release().then(() => 'acquired'),
            (e: unknown) => e,
          ),
        );
        yield b;
      }
    });
    try {
      expect(await archiveStoreMonth(await context(writer), month, false)).toMatchObject({ state: 'archived', storedRecords: expected.records });
    } finally {
      spy.mockRestore();
      await rival.close();
    }
    expect(tried.length).toBeGreaterThan(0);
    for (const t of tried)
      expect(t).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/another writer is syncing records into this team store: onetap/) });
  });

  it('refuses to import a damaged archive, leaving the month detached', { timeout: 60_000 }, async () => {
    const month = '2026-09';
    const cx = await context(writer);
    await archiveStoreMonth(cx, month, true);
    const file = join(dir, archiveFileName(month));
    const good = readFileSync(file);
    const bad = Buffer.from(good);
    const at = Math.floor(bad.length / 2);
    bad[at] = bad[at]! ^ 0xff;
    writeFileSync(file, bad);
    await expect(importStoreArchive(cx, file)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/does not check out/) });
    expect(await writer.partitionMonths()).not.toContain(month);
    expect((await verifyStoreArchive(cx, { month })).problems.map((p) => p.code)).toEqual(['FILE_HASH']);
    writeFileSync(file, good);
    expect(await importStoreArchive(cx, file)).toMatchObject({ month, imported: oracleMonth(platform.records, month).records });
    expect(await storeMonth(writer, month)).toEqual(oracleMonth(platform.records, month));

    // A record changed behind the console's back (same count): the old file is not reused, the month is archived anew as stored.
    const part = partitionName(month);
    const old = (await writer.archivedMonths()).find((r) => r.month === month)!;
    await superuser(`UPDATE ${part} SET masked_phone = '139****0000' WHERE seq = (SELECT min(seq) FROM ${part})`);
    const changed = await storeMonth(writer, month);
    expect(changed.contentSha256).not.toBe(old.contentSha256);
    const again = await archiveStoreMonth(cx, month, true);
    expect(again).toMatchObject({ state: 'dropped', archive: { records: changed.records, contentSha256: changed.contentSha256 } });
    expect(
      await checkArchiveFile(file, {
        workspace: cx.workspace,
        expectMonth: month,
        recorded: () => (again.archive ? { ...again.archive, fileSha256: again.archive.file.sha256 } : undefined),
      }),
    ).toMatchObject({ ok: true });
  });
});
