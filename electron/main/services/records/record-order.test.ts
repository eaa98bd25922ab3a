/**
 * records.search oldest first (`order: 'asc'`), against the oracle on the known dataset (ties on
 * request time, records on Shanghai midnights, seq out of time order): first pages of filter
 * combinations, keyset paging through every match, jumps to any page and keyset on from there,
 * and cursors that only continue their own order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickRange } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { ApiError } from '../../../../shared/contract/errors';
import { createTestContext, type TestContext } from '../testing/context';
import { FIXTURE_NOW, loadFixture } from './testing/fixture';
import { oracleSearch, oracleSearchOldestFirst } from './testing/oracle';
import { searchRecords } from './record-scanner';
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

const filters: RecordsFilter[] = [
  {},
  { operator: 'CUCC', result: 'failure' },
  { code: '10105' },
  { code: '10500', operator: 'CUCC' },
  { appName: 'a', capability: 'verify' },
  { app: 'app-alpha', result: 'success' },
  { ...quickRange('lastMonth', FIXTURE_NOW), app: 'app-beta' },
  { from: '2026-10-20T09:30:00+08:00', to: '2026-11-02T17:45:10.5+08:00' },
  { from: '2026-11-03T01:00:00Z', to: '2026-11-03T11:00:00Z', capability: 'login' },
  { to: '2026-10-10' },
];

function expectedOldestFirst(filter: RecordsFilter): number[] {
  const asc = seqs(oracleSearchOldestFirst(records, filter));
  // Two independent readings of the same order: the oldest-first sort is the newest-first one reversed.
  expect(asc).toEqual(seqs(oracleSearch(records, filter)).reverse());
  return asc;
}

describe("records.search order 'asc' (oldest first)", () => {
  it('gives the total and the first page, oldest first', () => {
    let nonEmpty = 0;
    for (const filter of filters) {
      const expected = expectedOldestFirst(filter);
      const got = searchRecords(db, { ...filter, limit: 7, order: 'asc' });
      expect({ filter, total: got.total }).toEqual({ filter, total: expected.length });
      expect({ filter, page: seqs(got.items) }).toEqual({ filter, page: expected.slice(0, 7) });
      expect(got.next === null).toBe(expected.length <= 7);
      if (expected.length > 13) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(filters.length / 2);
  });

  it('pages forward through every match exactly once, across ties and day boundaries', () => {
    for (const filter of filters) {
      const expected = expectedOldestFirst(filter);
      // Small pages only where the matches are few (each page is its own search).
      for (const limit of expected.length <= 150 ? [1, 4, 13] : [13]) {
        const seen: number[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = searchRecords(db, { ...filter, limit, order: 'asc', ...(after ? { after } : {}) });
          expect(page.total).toBe(expected.length);
          seen.push(...seqs(page.items));
          after = page.next ?? undefined;
          pages++;
        } while (after);
        expect({ filter, limit, seen }).toEqual({ filter, limit, seen: expected });
        expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
      }
    }
  });

  it('jumps to any page by offset from the oldest and continues by keyset from there', () => {
    let jumps = 0;
    for (const filter of filters) {
      const expected = expectedOldestFirst(filter);
      for (const offset of [0, 1, 12, 13, 40, expected.length - 5, expected.length - 1, expected.length, expected.length + 50]) {
        if (offset < 0) continue;
        const page = searchRecords(db, { ...filter, limit: 13, offset, order: 'asc' });
        expect({ filter, offset, total: page.total }).toEqual({ filter, offset, total: expected.length });
        expect({ filter, offset, page: seqs(page.items) }).toEqual({ filter, offset, page: expected.slice(offset, offset + 13) });
        expect(page.next === null).toBe(offset + 13 >= expected.length);
        if (page.next) {
          const after = searchRecords(db, { ...filter, limit: 13, after: page.next, order: 'asc' });
          expect(seqs(after.items)).toEqual(expected.slice(offset + 13, offset + 26));
        }
        jumps++;
      }
    }
    expect(jumps).toBeGreaterThan(60);
  });

  it('refuses a cursor of the other order (it would skip or repeat rows)', () => {
    const desc = searchRecords(db, { limit: 5 });
    const asc = searchRecords(db, { limit: 5, order: 'asc' });
    expect(desc.next).not.toBeNull();
    expect(asc.next).not.toBeNull();
    expect(() => searchRecords(db, { limit: 5, order: 'asc', after: desc.next! })).toThrow(ApiError);
    expect(() => searchRecords(db, { limit: 5, after: asc.next! })).toThrow(ApiError);
    // Newest first stays the default, and its cursors are unchanged.
    expect(seqs(searchRecords(db, { limit: 5, order: 'desc' }).items)).toEqual(seqs(desc.items));
  });
});
