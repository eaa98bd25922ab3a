/**
 * The store suite, run against both engines: the same feed synced through the same async
 * interface must leave the same records, rollups, cursors and search answers, each checked against
 * an independent calculation from the platform's own records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { mulberry32 } from '../../../../shared/random/mulberry32';
import { parseIsoInstant, shanghaiDate, shanghaiMonth, toShanghaiIso } from '../../../../shared/time/shanghai';
import { manualClock } from '../core/clock';
import { fakePlatform } from '../sync/testing/fake-platform';
import { PgStore as PgStoreClass, type PgStore } from './pg-store';
import type { StoreEngine, SyncStore } from './store';
import { runStoreSync } from './store-sync';
import pg from 'pg';
import { pgMigrations } from '../db/pg-migrations';
import { appsRepo } from '../store/apps-repo';
import { openWorkspaceDatabase } from '../workspaces/open-workspace-db';
import { migratePg } from './pg-migrate';
import { loadWorkspaceSnapshot, snapshotSlotsFrom } from './workspace-snapshot';
import { engineHarness, type EngineHarness } from './testing/engines';
import { oracleRollups } from './testing/oracle';

const NOW = Date.parse('2026-11-20T04:00:00Z');

/** Newest first on (request time, seq), as records.search pages. */
function oracleSearch(records: readonly PlatformAuthRecord[], keep: (r: PlatformAuthRecord) => boolean): number[] {
  return records
    .filter(keep)
    .map((r) => ({ ms: parseIsoInstant(r.requestTime), seq: r.seq }))
    .sort((a, b) => b.ms - a.ms || b.seq - a.seq)
    .map((r) => r.seq);
}

const CODES = ['E1', 'E2', 'E3', 'C9', 'C10'] as const;

/**
 * Failed records whose codes cross: a code is a platform result code on some records and a
 * carrier code on others, the two are sometimes equal, the carrier code sometimes absent or
 * empty; times anywhere in twelve days (inside hours, across midnights).
 */
function codedRecords(n: number): PlatformAuthRecord[] {
  const rnd = mulberry32(16);
  const start = Date.parse('2026-10-28T00:00:00+08:00');
  const out: PlatformAuthRecord[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const success = rnd() < 0.35;
    const capability = rnd() < 0.6 ? 'login' : 'verify';
    const resultCode = success ? '200' : CODES[Math.floor(rnd() * CODES.length)]!;
    const k = rnd();
    const carrierCode = success ? '103000' : k < 0.15 ? null : k < 0.25 ? '' : k < 0.4 ? resultCode : CODES[Math.floor(rnd() * CODES.length)]!;
    const app = 1 + Math.floor(rnd() * 3);
    out.push({
      seq,
      recordId: `rec-${seq}`,
      id: `app-${app}`,
      appId: `30000${app}`,
      capability,
      operator: (['CMCC', 'CUCC', 'CTCC'] as const)[Math.floor(rnd() * 3)]!,
      requestTime: toShanghaiIso(start + Math.floor(rnd() * 12 * 86_400) * 1000),
      resultCode,
      success,
      outcome: capability === 'verify' ? (success ? 'match' : 'unknown') : null,
      carrierCode,
      description: success ? '成功' : '失败',
      maskedPhone: '138****0000',
      authType: null,
      clientIp: '10.0.0.1',
      traceId: `trace-${seq}`,
    });
  }
  return out;
}

/** The records.search filter as a predicate on the platform's records (written out, not resolved). */
function oracleFilter(c: Record<string, string>): (r: PlatformAuthRecord) => boolean {
  const from = c.from === undefined ? -Infinity : parseIsoInstant(c.from);
  const to = c.to === undefined ? Infinity : parseIsoInstant(c.to);
  return (r) => {
    const ms = parseIsoInstant(r.requestTime);
    return (
      ms >= from &&
      ms < to &&
      (c.app === undefined || r.id === c.app) &&
      (c.operator === undefined || r.operator === c.operator) &&
      (c.capability === undefined || r.capability === c.capability) &&
      (c.result === undefined || r.success === (c.result === 'success')) &&
      (c.code === undefined || (!r.success && (r.resultCode === c.code || r.carrierCode === c.code)))
    );
  };
}

describe.each<StoreEngine>(['sqlite', 'postgresql'])('store suite on %s', (engine) => {
  let h: EngineHarness;
  beforeAll(() => {
    h = engineHarness(engine);
  }, 60_000);
  afterAll(async () => h.stop());

  it('syncs apps and records page by page: counts, cursor and rollups equal the platform', { timeout: 60_000 }, async () => {
    const store = await h.fresh();
    const platform = fakePlatform({ now: NOW, records: 1500, days: 70 });
    const summary = await runStoreSync({ store, client: platform, clock: manualClock(NOW), pageSizes: { records: 200, apps: 2 } });
    expect(summary.ok).toBe(true);
    const head = platform.records.length;
    expect(summary.resources.records).toMatchObject({ fetched: head, written: head, cursor: head });
    expect(await store.countRecords()).toBe(head);
    expect((await store.syncState('records'))?.cursor).toBe(String(head));
    expect((await store.syncState('records'))?.rows).toBe(head);
    expect((await store.syncState('apps'))?.cursor).toBe(String(Math.max(...platform.apps.map((a) => a.version))));
    expect(await store.dailyRollups()).toEqual(oracleRollups(platform.records));

    // A second run fetches nothing new; a page served again writes nothing and leaves the rollups alone.
    const again = await runStoreSync({ store, client: platform, clock: manualClock(NOW) });
    expect(again.resources.records).toMatchObject({ fetched: 0, written: 0, cursor: head });
    const lease = await store.acquireWriter(['records']);
    expect(await store.commitRecordsPage(platform.records.slice(0, 300), head)).toBe(0);
    await lease.release();
    expect(await store.countRecords()).toBe(head);
    expect(await store.dailyRollups()).toEqual(oracleRollups(platform.records));

    // New records arrive: only they are fetched.
    platform.addRecords(120, NOW - 3_600_000);
    const more = await runStoreSync({ store, client: platform, clock: manualClock(NOW), resources: ['records'] });
    expect(more.resources.records).toMatchObject({ fetched: 120, written: 120, cursor: head + 120 });
    expect(await store.dailyRollups()).toEqual(oracleRollups(platform.records));
  });

  it('answers records.search like the oracle: filters, keyset pages, totals', { timeout: 60_000 }, async () => {
    const store = await h.fresh();
    const platform = fakePlatform({ now: NOW, records: 900, days: 40 });
    await runStoreSync({ store, client: platform, clock: manualClock(NOW), pageSizes: { records: 250 } });
    const app = platform.apps[1]!;
    const failing = platform.records.find((r) => !r.success)!;
    const cases: { filter: Record<string, string>; keep: (r: PlatformAuthRecord) => boolean }[] = [
      { filter: {}, keep: () => true },
      { filter: { operator: 'CUCC' }, keep: (r) => r.operator === 'CUCC' },
      { filter: { app: app.appId! }, keep: (r) => r.id === app.id },
      { filter: { result: 'failure', capability: 'verify' }, keep: (r) => !r.success && r.capability === 'verify' },
      { filter: { code: failing.resultCode }, keep: (r) => !r.success && (r.resultCode === failing.resultCode || r.carrierCode === failing.resultCode) },
      {
        filter: { from: '2026-10-20', to: '2026-11-05' },
        keep: (r) =>
          parseIsoInstant(r.requestTime) >= Date.parse('2026-10-20T00:00:00+08:00') && parseIsoInstant(r.requestTime) < Date.parse('2026-11-05T00:00:00+08:00'),
      },
      {
        // Bounds inside a day: the total cannot come from daily rollups alone.
        filter: { from: '2026-10-20T10:30:00+08:00', to: '2026-11-02T06:00:00+08:00', result: 'success' },
        keep: (r) =>
          r.success &&
          parseIsoInstant(r.requestTime) >= Date.parse('2026-10-20T10:30:00+08:00') &&
          parseIsoInstant(r.requestTime) < Date.parse('2026-11-02T06:00:00+08:00'),
      },
      {
        filter: { code: failing.resultCode, from: '2026-10-25', operator: failing.operator },
        keep: (r) =>
          !r.success &&
          r.operator === failing.operator &&
          (r.resultCode === failing.resultCode || r.carrierCode === failing.resultCode) &&
          parseIsoInstant(r.requestTime) >= Date.parse('2026-10-25T00:00:00+08:00'),
      },
    ];
    for (const c of cases) {
      const want = oracleSearch(platform.records, c.keep);
      const got: number[] = [];
      let after: string | undefined;
      let total = -1;
      for (let guard = 0; guard < 100; guard++) {
        const page = await store.searchRecords({ ...c.filter, limit: 97, ...(after ? { after } : {}) });
        total = page.total;
        got.push(...page.items.map((i) => i.seq));
        if (!page.next) break;
        after = page.next;
      }
      expect(total, JSON.stringify(c.filter)).toBe(want.length);
      expect(got, JSON.stringify(c.filter)).toEqual(want);
      // Jump to a page (offset), then continue it by keyset.
      const jumped = await store.searchRecords({ ...c.filter, limit: 13, offset: 40 });
      expect(
        jumped.items.map((i) => i.seq),
        JSON.stringify(c.filter),
      ).toEqual(want.slice(40, 53));
      if (jumped.next) expect((await store.searchRecords({ ...c.filter, limit: 5, after: jumped.next })).items.map((i) => i.seq)).toEqual(want.slice(53, 58));
      // Oldest first: the same matches in the opposite order, by keyset too.
      const asc: number[] = [];
      after = undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = await store.searchRecords({ ...c.filter, limit: 97, order: 'asc', ...(after ? { after } : {}) });
        asc.push(...page.items.map((i) => i.seq));
        if (!page.next) break;
        after = page.next;
      }
      expect(asc, JSON.stringify(c.filter)).toEqual([...want].reverse());
    }
    // Items are the contract's RecordItem, field for field.
    const first = (await store.searchRecords({ limit: 1 })).items[0]!;
    const src = platform.records.find((r) => r.seq === first.seq)!;
    expect(first).toMatchObject({
      recordId: src.recordId,
      id: src.id,
      appId: src.appId,
      operator: src.operator,
      capability: src.capability,
      resultCode: src.resultCode,
      carrierCode: src.carrierCode,
      description: src.description,
      traceId: src.traceId,
      success: src.success,
      outcome: src.outcome,
    });
    expect(parseIsoInstant(first.requestTime)).toBe(parseIsoInstant(src.requestTime));
  });

  it('totals equal an independent count: failure codes (either column), ranges starting and ending inside hours and days', { timeout: 90_000 }, async () => {
    const store = await h.fresh();
    const records = codedRecords(1800);
    const lease = await store.acquireWriter(['records']);
    for (let i = 0; i < records.length; i += 400) await store.commitRecordsPage(records.slice(i, i + 400), Math.min(i + 400, records.length));
    // A page served again (a resync) leaves every total alone.
    expect(await store.commitRecordsPage(records.slice(200, 700), records.length)).toBe(0);
    await lease.release();

    const rnd = mulberry32(0x16a);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const first = Date.parse('2026-10-28T00:00:00+08:00');
    // Bounds on midnights, on whole hours, and anywhere (to the second).
    const bound = (): number => {
      const kind = rnd();
      const day = first + Math.floor(rnd() * 12) * 86_400_000;
      if (kind < 0.25) return day;
      if (kind < 0.5) return day + Math.floor(rnd() * 24) * 3_600_000;
      return day + Math.floor(rnd() * 86_400) * 1000;
    };
    const cases: Record<string, string>[] = [
      { code: 'E1', from: '2026-10-30T07:20:00+08:00', to: '2026-11-04T15:45:30+08:00' },
      { code: 'E1', from: '2026-10-30T07:20:00+08:00', to: '2026-10-30T07:50:00+08:00' },
      { code: 'C9', from: '2026-10-30T07:00:00+08:00', to: '2026-10-30T19:00:00+08:00' },
      { code: 'E2', app: 'app-2', from: '2026-10-29T23:59:59+08:00', to: '2026-11-06T00:00:01+08:00' },
      { code: 'C9', operator: 'CTCC', capability: 'verify' },
      { code: 'NEVER-SEEN' },
      { app: 'app-1', result: 'success', from: '2026-10-31T10:05:00+08:00', to: '2026-11-03T10:55:00+08:00' },
    ];
    for (let i = 0; i < 60; i++) {
      const c: Record<string, string> = {};
      if (rnd() < 0.6) c.code = pick(CODES);
      if (rnd() < 0.3) c.app = pick(['app-1', 'app-2', 'app-3']);
      if (rnd() < 0.3) c.operator = pick(['CMCC', 'CUCC', 'CTCC']);
      if (rnd() < 0.2) c.capability = pick(['login', 'verify']);
      if (!c.code && rnd() < 0.4) c.result = pick(['success', 'failure']);
      const a = rnd() < 0.85 ? bound() : null;
      const b = rnd() < 0.85 ? bound() : null;
      if (a !== null && (b === null || a < b)) c.from = toShanghaiIso(a);
      if (b !== null && (a === null || a < b)) c.to = toShanghaiIso(b);
      cases.push(c);
    }
    for (const [i, c] of cases.entries()) {
      const got = await store.searchRecords({ ...c, limit: 3 });
      const want = oracleSearch(records, oracleFilter(c));
      expect(got.total, JSON.stringify(c)).toBe(want.length);
      expect(
        got.items.map((x) => x.seq),
        JSON.stringify(c),
      ).toEqual(want.slice(0, 3));
      if (i % 4 !== 0) continue;
      // Every page by keyset, both orders, and a jump past the first rows (the code's two arms merged).
      for (const order of ['desc', 'asc'] as const) {
        const seqs: number[] = [];
        let after: string | undefined;
        for (let guard = 0; guard < 200; guard++) {
          const page = await store.searchRecords({ ...c, limit: 40, order, ...(after ? { after } : {}) });
          seqs.push(...page.items.map((x) => x.seq));
          if (!page.next) break;
          after = page.next;
        }
        expect(seqs, `${order} ${JSON.stringify(c)}`).toEqual(order === 'desc' ? want : [...want].reverse());
      }
      expect(
        (await store.searchRecords({ ...c, limit: 6, offset: 9 })).items.map((x) => x.seq),
        JSON.stringify(c),
      ).toEqual(want.slice(9, 15));
    }
  });

  it(
    'stores every page exactly, copied or inserted: text needing escapes, pages served again in part, out of order, after another writer',
    { timeout: 90_000 },
    async () => {
      const store = await h.fresh();
      const records = codedRecords(900).map((r, i) =>
        i % 5 === 0 ? { ...r, clientIp: i % 2 ? null : 'a\tb\\N\nd\re', recordId: `rec\t${r.seq}`, traceId: `t\\${r.seq}\n` } : r,
      );
      const commit = async (s: SyncStore, page: PlatformAuthRecord[]): Promise<number> => {
        const lease = await s.acquireWriter(['records']);
        try {
          return await s.commitRecordsPage(page, Math.max(...page.map((r) => r.seq)));
        } finally {
          await lease.release();
        }
      };
      expect(await commit(store, records.slice(0, 300))).toBe(300);
      // Half stored, half new; then a page in no order; then a stored page again.
      expect(await commit(store, records.slice(200, 450))).toBe(150);
      expect(await commit(store, [...records.slice(450, 600)].reverse())).toBe(150);
      expect(await commit(store, records.slice(100, 200))).toBe(0);
      if (engine === 'postgresql') {
        // Another writer (a second console on the same database) stores the next pages; the first
        // writer, back with a page it had and pages it had not, must not take its own last seq for the store's.
        const other = await PgStoreClass.open({ config: { connectionString: h.cluster!.url(h.lastDatabase!) }, migrate: false });
        try {
          expect(await commit(other, records.slice(600, 750))).toBe(150);
        } finally {
          await other.close();
        }
        expect(await commit(store, records.slice(700, 800))).toBe(50);
      } else expect(await commit(store, records.slice(600, 800))).toBe(200);
      expect(await commit(store, records.slice(800))).toBe(100);

      expect(await store.countRecords()).toBe(records.length);
      expect(await store.dailyRollups()).toEqual(oracleRollups(records));
      for (const c of [{}, { code: 'E1' }, { code: 'C9', operator: 'CUCC', from: '2026-10-30T07:20:00+08:00' }] as Record<string, string>[])
        expect((await store.searchRecords({ ...c, limit: 1 })).total, JSON.stringify(c)).toBe(oracleSearch(records, oracleFilter(c)).length);
      // Every stored record's text as sent, escapes included (the phone is masked again on the way out).
      const page = await store.searchRecords({ limit: 1000, order: 'asc' });
      expect(page.items.map((x) => [x.seq, x.clientIp, x.recordId, x.traceId])).toEqual(
        oracleSearch(records, () => true)
          .reverse()
          .map((seq) => {
            const r = records[seq - 1]!;
            return [r.seq, r.clientIp, r.recordId, r.traceId];
          }),
      );
    },
  );

  it('writes nothing when a page fails half way (the page is one transaction)', { timeout: 60_000 }, async () => {
    const store = await h.fresh();
    const platform = fakePlatform({ now: NOW, records: 400, days: 10 });
    const lease = await store.acquireWriter(['records']);
    expect(await store.commitRecordsPage(platform.records.slice(0, 100), 100)).toBe(100);
    const bad = [...platform.records.slice(100, 150), { ...platform.records[150]!, requestTime: 'not a time' }];
    await expect(store.commitRecordsPage(bad, 151)).rejects.toThrow(/bad requestTime/);
    await lease.release();
    expect(await store.countRecords()).toBe(100);
    expect((await store.syncState('records'))?.cursor).toBe('100');
    expect(await store.dailyRollups()).toEqual(oracleRollups(platform.records.slice(0, 100)));
  });

  it('keeps every app version seen (app_versions) in the apps page transaction, as the change history', { timeout: 60_000 }, async () => {
    const store = await h.fresh();
    const platform = fakePlatform({ now: NOW, records: 50, days: 5 });
    await runStoreSync({ store, client: platform, clock: manualClock(NOW), resources: ['apps'] });
    const first = await store.appVersions();
    expect(first.map((v) => [v.id, v.version, v.seenAt])).toEqual([...platform.apps].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => [a.id, a.version, NOW]));
    // An app changes on the platform: its new version joins the history, the old one stays.
    platform.touchApp(0, NOW + 60_000);
    await runStoreSync({ store, client: platform, clock: manualClock(NOW + 120_000), resources: ['apps'] });
    const after = await store.appVersions();
    expect(after).toHaveLength(first.length + 1);
    const history = after.filter((v) => v.id === platform.apps[0]!.id);
    expect(history.map((v) => [v.version, v.seenAt])).toEqual([
      [first.find((v) => v.id === platform.apps[0]!.id)!.version, NOW],
      [platform.apps[0]!.version, NOW + 120_000],
    ]);
    expect((JSON.parse(history[1]!.data) as { name: string }).name).toBe(platform.apps[0]!.name);
    expect(JSON.parse(history[1]!.data)).not.toHaveProperty('appKey');
    // Served again, nothing new is stored.
    await runStoreSync({ store, client: platform, clock: manualClock(NOW + 180_000), resources: ['apps'] });
    expect(await store.appVersions()).toEqual(after);
  });

  if (engine === 'postgresql') {
    it('carries app_versions into the working copy, and starts the history of a store migrated from before pg app_versions', { timeout: 60_000 }, async () => {
      const store = (await h.fresh()) as PgStore;
      const platform = fakePlatform({ now: NOW, records: 30, days: 3 });
      await runStoreSync({ store, client: platform, clock: manualClock(NOW), resources: ['apps'] });
      platform.touchApp(1, NOW + 1000);
      await runStoreSync({ store, client: platform, clock: manualClock(NOW + 2000), resources: ['apps'] });
      const db = openWorkspaceDatabase(':memory:');
      try {
        await loadWorkspaceSnapshot(store, db);
        const copy = appsRepo(db).versions();
        const stored = await store.appVersions();
        expect(copy.map((v) => [v.id, v.version, v.seenAt, JSON.parse(v.data) as unknown])).toEqual(
          stored.map((v) => [v.id, v.version, v.seenAt, JSON.parse(v.data) as unknown]),
        );
      } finally {
        db.close();
      }

      // A store at the schema before app_versions, holding apps: the migration starts their history.
      const legacy = await h.admin('SELECT current_database() AS d');
      expect(legacy.rows[0].d).toBe(h.lastDatabase);
      await h.admin('CREATE DATABASE legacy_apps');
      const c = new pg.Client({ connectionString: h.cluster!.url('legacy_apps') });
      await c.connect();
      try {
        // The migrations up to app_versions (later ones, such as archived-months, follow it in order).
        const at = pgMigrations.find((m) => m.name === 'app-versions')!.version;
        const before = pgMigrations.filter((m) => m.version < at);
        await migratePg(c, before);
        await c.query(
          `INSERT INTO apps (id, app_id, name, platform, status, version, created_at, updated_at, data) VALUES ('a1', '1', 'x', 'h5', 'online', 4, 10, 20, '{"name":"x"}')`,
        );
        expect(await migratePg(c)).toEqual({ from: before.length, to: pgMigrations.length });
        expect((await c.query('SELECT id, version, seen_at, data FROM app_versions')).rows).toEqual([
          { id: 'a1', version: '4', seen_at: '20', data: { name: 'x' } },
        ]);
      } finally {
        await c.end();
      }
    });

    it('migrates a store from before the code-total indexes, records already stored: indexes built, totals exact', { timeout: 60_000 }, async () => {
      const first = (await h.fresh()) as PgStore;
      const records = codedRecords(500);
      const lease = await first.acquireWriter(['records']);
      await first.commitRecordsPage(records, records.length);
      await lease.release();
      await first.close();
      // Back to the schema before pg-0010, holding the same records and rollups.
      await h.admin('DROP INDEX rollup_failures_code, rollup_failures_carrier, auth_records_carrier');
      await h.admin("DELETE FROM schema_migrations WHERE name = 'code-totals'");
      const url = h.cluster!.url(h.lastDatabase!);
      // A reader may not migrate: the older schema is refused until the writer runs.
      await expect(PgStoreClass.open({ config: { connectionString: url }, migrate: false })).rejects.toThrow(/schema is at version/);
      const store = await PgStoreClass.open({ config: { connectionString: url }, migrate: true });
      try {
        const indexes = (await h.admin("SELECT indexname AS i FROM pg_indexes WHERE tablename = 'rollup_failures' ORDER BY 1")).rows.map(
          (r: { i: string }) => r.i,
        );
        expect(indexes).toEqual(expect.arrayContaining(['rollup_failures_carrier', 'rollup_failures_code']));
        const filters: Record<string, string>[] = [
          { code: 'C9', operator: 'CUCC' },
          { code: 'E3', app: 'app-1', from: '2026-10-30T08:30:00+08:00' },
          { code: 'E1' },
        ];
        for (const f of filters) {
          expect((await store.searchRecords({ ...f, limit: 1 })).total, JSON.stringify(f)).toBe(oracleSearch(records, oracleFilter(f)).length);
        }
      } finally {
        await store.close();
      }
    });

    it('a working copy holds the ten-minute rollups of the alert window only, every other grain whole', { timeout: 60_000 }, async () => {
      const store = (await h.fresh()) as PgStore;
      const platform = fakePlatform({ now: NOW, records: 700, days: 75 });
      await runStoreSync({ store, client: platform, clock: manualClock(NOW), resources: ['apps', 'records'] });
      const from = snapshotSlotsFrom(NOW);
      expect(from).toBe(shanghaiDate(NOW - 30 * 86_400_000));
      const db = openWorkspaceDatabase(':memory:');
      try {
        await loadWorkspaceSnapshot(store, db, NOW);
        const dates = (sql: string): string[] => db.prepare(sql).pluck().all() as string[];
        const recordDates = [...new Set(platform.records.map((r) => shanghaiDate(parseIsoInstant(r.requestTime))))].sort();
        expect(dates('SELECT DISTINCT date FROM rollup_slots ORDER BY 1')).toEqual(recordDates.filter((d) => d >= from));
        const failing = [...new Set(platform.records.filter((r) => !r.success).map((r) => shanghaiDate(parseIsoInstant(r.requestTime))))].sort();
        expect(dates('SELECT DISTINCT date FROM rollup_slot_failures ORDER BY 1')).toEqual(failing.filter((d) => d >= from));
        // Calls in the window's slots equal the records of those days; the daily grain keeps every day.
        const inWindow = platform.records.filter((r) => shanghaiDate(parseIsoInstant(r.requestTime)) >= from).length;
        expect(db.prepare('SELECT sum(calls) FROM rollup_slots').pluck().get()).toBe(inWindow);
        expect(dates('SELECT DISTINCT date FROM rollup_daily ORDER BY 1')).toEqual(recordDates);
      } finally {
        db.close();
      }
    });

    it('partitions records by Shanghai month and keeps each record in its month', { timeout: 60_000 }, async () => {
      const store = (await h.fresh()) as PgStore;
      const platform = fakePlatform({ now: NOW, records: 600, days: 75 });
      await runStoreSync({ store, client: platform, clock: manualClock(NOW), resources: ['records'] });
      const months = [...new Set(platform.records.map((r) => shanghaiMonth(parseIsoInstant(r.requestTime))))].sort();
      expect(await store.partitionMonths()).toEqual(months);
      for (const m of months) {
        const n = Number((await h.admin(`SELECT count(*) AS n FROM auth_records_${m.replace('-', '_')}`)).rows[0].n);
        expect(n, m).toBe(platform.records.filter((r) => shanghaiMonth(parseIsoInstant(r.requestTime)) === m).length);
      }
      // A month can be detached to archive: the rest stays searchable.
      const oldest = months[0]!;
      await h.admin(`ALTER TABLE auth_records DETACH PARTITION auth_records_${oldest.replace('-', '_')}`);
      expect(await store.countRecords()).toBe(platform.records.filter((r) => shanghaiMonth(parseIsoInstant(r.requestTime)) !== oldest).length);
    });
  }
});
