/**
 * The store suite, run against both engines: the same feed synced through the same async
 * interface must leave the same records, rollups, cursors and search answers, each checked against
 * an independent calculation from the platform's own records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { parseIsoInstant, shanghaiMonth } from '../../../../shared/time/shanghai';
import { manualClock } from '../core/clock';
import { fakePlatform } from '../sync/testing/fake-platform';
import type { PgStore } from './pg-store';
import type { StoreEngine } from './store';
import { runStoreSync } from './store-sync';
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

  if (engine === 'postgresql') {
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
