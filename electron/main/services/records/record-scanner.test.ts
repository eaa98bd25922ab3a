import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickRange, type RecordsSearchInput } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { ApiError } from '../../../../shared/contract/errors';
import { findCodes, recordLookupOptions } from '../../../../shared/codes';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { createTestContext, type TestContext } from '../testing/context';
import { FIXTURE_NOW, fixtureApps, loadFixture, UNSYNCED_APP } from './testing/fixture';
import { oracleSearch } from './testing/oracle';
import { countRecords, iterateRecordBatches, iterateRecords, searchRecords } from './record-scanner';
import type { Db } from '../db/open';

let t: TestContext;
let db: Db;
let records: PlatformAuthRecord[];

beforeAll(() => {
  t = createTestContext({ now: FIXTURE_NOW });
  db = t.workspace.db;
  records = loadFixture(db);
});
afterAll(() => t.cleanup());

const seqs = (items: { seq: number }[]): number[] => items.map((i) => i.seq);

const appChoices: RecordsFilter[] = [
  {},
  { app: 'app-alpha' },
  { app: 'B2000002' },
  { appName: 'a' },
  { appName: 'nothing-like-this' },
  { app: UNSYNCED_APP.id },
];
const operatorChoices: RecordsFilter[] = [{}, { operator: 'CMCC' }, { operator: 'CUCC' }, { operator: 'CTCC' }];
const capabilityChoices: RecordsFilter[] = [{}, { capability: 'login' }, { capability: 'verify' }];
const resultChoices: RecordsFilter[] = [{}, { result: 'success' }, { result: 'failure' }];
// 10105 is both a platform code (CMCC, CTCC) and a carrier code under 10500 (CUCC).
const codeChoices: RecordsFilter[] = [{}, { code: '10500' }, { code: '103111' }, { code: '10105' }];
const timeChoices: RecordsFilter[] = [
  {},
  quickRange('lastWeek', FIXTURE_NOW),
  { from: '2026-10-20T09:30:00+08:00', to: '2026-11-02T17:45:10.5+08:00' },
  { from: '2026-11-03T01:00:00Z', to: '2026-11-03T11:00:00Z' },
  { to: '2026-10-10' },
];

function* combinations(): Generator<RecordsFilter> {
  for (const a of appChoices)
    for (const o of operatorChoices)
      for (const c of capabilityChoices)
        for (const r of resultChoices) for (const k of codeChoices) for (const tm of timeChoices) yield { ...a, ...o, ...c, ...r, ...k, ...tm };
}

describe('records.search against the known dataset', () => {
  // Thousands of combinations: near the default 30 s on main too when the 2-core machine is shared.
  it('gives the total and the first page of every filter combination', { timeout: 120_000 }, () => {
    let checked = 0;
    let nonEmpty = 0;
    for (const filter of combinations()) {
      const expected = oracleSearch(records, filter);
      const got = searchRecords(db, { ...filter, limit: 7 });
      expect({ filter, total: got.total }).toEqual({ filter, total: expected.length });
      expect({ filter, page: seqs(got.items) }).toEqual({ filter, page: seqs(expected.slice(0, 7)) });
      expect(got.next === null).toBe(expected.length <= 7);
      checked++;
      if (expected.length) nonEmpty++;
    }
    expect(checked).toBe(6 * 4 * 3 * 3 * 4 * 5);
    // The dataset must make most combinations non-trivial for this test to mean anything.
    expect(nonEmpty).toBeGreaterThan(checked / 3);
  });

  it('pages forward through every match exactly once, across ties and day boundaries', () => {
    const filters: RecordsFilter[] = [
      {},
      { operator: 'CUCC', result: 'failure' },
      { code: '10105' },
      { appName: 'a', capability: 'verify' },
      { ...quickRange('lastMonth', FIXTURE_NOW), app: 'app-beta' },
    ];
    for (const filter of filters) {
      const expected = seqs(oracleSearch(records, filter));
      const seen: number[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = searchRecords(db, { ...filter, limit: 13, ...(after ? { after } : {}) });
        expect(page.total).toBe(expected.length);
        seen.push(...seqs(page.items));
        after = page.next ?? undefined;
        pages++;
      } while (after);
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 13)));
    }
  });

  it('jumps to any page by offset (the same rows keyset paging reaches) and continues by keyset from there', () => {
    const filters: RecordsFilter[] = [
      {},
      { operator: 'CUCC', result: 'failure' },
      { code: '10105' },
      { ...quickRange('lastMonth', FIXTURE_NOW), app: 'app-beta' },
    ];
    let jumps = 0;
    for (const filter of filters) {
      const expected = seqs(oracleSearch(records, filter));
      for (const offset of [0, 1, 12, 13, 40, expected.length - 5, expected.length - 1, expected.length, expected.length + 50]) {
        if (offset < 0) continue;
        const page = searchRecords(db, { ...filter, limit: 13, offset });
        expect({ filter, offset, total: page.total }).toEqual({ filter, offset, total: expected.length });
        expect({ filter, offset, page: seqs(page.items) }).toEqual({ filter, offset, page: expected.slice(offset, offset + 13) });
        expect(page.next === null).toBe(offset + 13 >= expected.length);
        if (page.next) {
          const after = searchRecords(db, { ...filter, limit: 13, after: page.next });
          expect(seqs(after.items)).toEqual(expected.slice(offset + 13, offset + 26));
        }
        jumps++;
      }
    }
    expect(jumps).toBeGreaterThan(30);
  });

  it('includes a record at 00:00:00.000 of the first day and excludes one at 00:00 of `to` (both quick-range edges)', () => {
    const range = quickRange('last3days', FIXTURE_NOW);
    expect(range).toEqual({ from: '2026-11-13', to: '2026-11-16' });
    const firstMs = Date.parse('2026-11-13T00:00:00+08:00');
    const atStart = records.filter((r) => Date.parse(r.requestTime) === firstMs);
    const justBefore = records.filter((r) => Date.parse(r.requestTime) === firstMs - 1);
    expect(atStart.length).toBeGreaterThan(0);
    expect(justBefore.length).toBeGreaterThan(0);
    const all = new Set<number>();
    for (const r of iterateRecords(db, range)) all.add(r.seq);
    for (const r of atStart) expect(all.has(r.seq)).toBe(true);
    for (const r of justBefore) expect(all.has(r.seq)).toBe(false);
    // The tail edge: a `to` of 2026-11-13 stops just before that midnight.
    const before = searchRecords(db, { to: range.from, limit: 500 });
    expect(seqs(before.items).slice(0, justBefore.length).sort()).toEqual(seqs(justBefore).sort());
    expect(before.items.some((i) => atStart.some((r) => r.seq === i.seq))).toBe(false);
  });

  it('fills each item from the record, the apps table and the code dictionary', () => {
    const failed = records.find((r) => !r.success && r.operator === 'CMCC' && r.carrierCode === '103111')!;
    const page = searchRecords(db, { code: '103111', from: failed.requestTime, to: new Date(Date.parse(failed.requestTime) + 1).toISOString(), limit: 50 });
    const item = page.items.find((i) => i.seq === failed.seq)!;
    expect(item).toMatchObject({
      recordId: failed.recordId,
      id: failed.id,
      appId: failed.appId,
      appName: fixtureApps.find((a) => a.id === failed.id)?.name ?? null,
      operator: 'CMCC',
      success: false,
      resultCode: '10500',
      carrierCode: '103111',
      description: failed.description,
      maskedPhone: failed.maskedPhone,
      billable: false,
    });
    expect(item.carrierMeaning).toBeTruthy();
    expect(item.requestTime).toMatch(/\+08:00$/);
    expect(Date.parse(item.requestTime)).toBe(Date.parse(failed.requestTime));
    const ghost = searchRecords(db, { app: UNSYNCED_APP.id, limit: 1 }).items[0]!;
    expect(ghost.appName).toBeNull();
  });

  it('finds an app by its issued appId and by its internal id alike', () => {
    expect(countRecords(db, { app: 'A1000001' })).toBe(countRecords(db, { app: 'app-alpha' }));
    expect(countRecords(db, { app: 'A1000001' })).toBe(oracleSearch(records, { app: 'app-alpha' }).length);
  });

  it('iterates every match in page order, in batches, and stops when aborted', () => {
    const filter: RecordsFilter = { operator: 'CMCC', result: 'failure' };
    const expected = seqs(oracleSearch(records, filter));
    const batches = [...iterateRecordBatches(db, filter, { batchSize: 40 })];
    expect(batches.flat().map((r) => r.seq)).toEqual(expected);
    expect(batches.every((b) => b.length <= 40)).toBe(true);
    const ac = new AbortController();
    let n = 0;
    expect(() => {
      for (const _ of iterateRecordBatches(db, filter, { batchSize: 10, signal: ac.signal })) if (++n === 2) ac.abort();
    }).toThrow();
    expect(n).toBe(2);
  });
});

describe('records.search through the contract', () => {
  const call = (input: unknown) => dispatch(handlers, t.ctx, 'records.search', input);

  it('validates the input: bad operator, limit out of range, unknown field, bad date, bad cursor', async () => {
    for (const bad of [
      { operator: 'CMXX' },
      { limit: 0 },
      { limit: 501 },
      { appname: 'x' },
      { from: '2026-02-30' },
      { from: 'yesterday' },
      { after: 'not-a-cursor' },
    ]) {
      const e = await call(bad).catch((x: unknown) => x);
      expect(e, JSON.stringify(bad)).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe('INVALID_INPUT');
    }
  });

  it('defaults to 50 per page and returns { total, items, next }', async () => {
    const out = (await call({})) as { total: number; items: unknown[]; next: string | null };
    expect(Object.keys(out).sort()).toEqual(['items', 'next', 'total']);
    expect(out.items).toHaveLength(50);
    expect(out.total).toBe(records.length);
    expect(typeof out.next).toBe('string');
  });

  it('returns one record with its dictionary entries, and NOT_FOUND for an unknown seq', async () => {
    const failed = records.find((r) => !r.success && r.carrierCode === '103111')!;
    const detail = (await dispatch(handlers, t.ctx, 'records.get', { seq: failed.seq })) as {
      seq: number;
      carrierMeaning: string | null;
      carrierCodeEntries: { code: string; operator: string | null; meaning: string }[];
      resultCodeEntries: { code: string }[];
      app: { name: string } | null;
    };
    expect(detail.seq).toBe(failed.seq);
    expect(detail.resultCodeEntries).toEqual(findCodes('10500', recordLookupOptions('resultCode')));
    expect(detail.carrierCodeEntries.length).toBeGreaterThan(0);
    expect(detail.carrierCodeEntries.every((e) => e.code === '103111' && (e.operator === null || e.operator === 'CMCC'))).toBe(true);
    expect(detail.carrierMeaning).toBe(detail.carrierCodeEntries[0]!.meaning);
    expect(detail.app?.name).toBe(fixtureApps.find((a) => a.id === failed.id)?.name);
    const e = await dispatch(handlers, t.ctx, 'records.get', { seq: 999_999 }).catch((x: unknown) => x);
    expect((e as ApiError).code).toBe('NOT_FOUND');
  });

  it('lists apps for pickers with deleted apps last', async () => {
    const apps = (await dispatch(handlers, t.ctx, 'records.apps', {})) as { id: string; status: string }[];
    expect(apps.map((a) => a.id)).toHaveLength(fixtureApps.length);
    expect(apps[apps.length - 1]!.status).toBe('deleted');
  });

  it('keeps the search input type in step with the CLI flags', () => {
    const input: RecordsSearchInput = {
      app: 'x',
      appName: 'y',
      operator: 'CMCC',
      capability: 'login',
      result: 'success',
      code: '1',
      from: '2026-01-01',
      to: '2026-01-02',
      limit: 10,
      after: 'c',
    };
    expect(Object.keys(input)).toHaveLength(10);
  });
});
