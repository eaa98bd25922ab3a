/**
 * Totals at high density: many records per hour, ranges that start and end inside hours and days,
 * so every grain of aggregate.ts is exercised (whole days from the daily rollups, whole hours of
 * partial days from the hourly ones, records only for the edge hours) and checked against the
 * records oracle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { mulberry32 } from '../../../../shared/random/mulberry32';
import { startOfShanghaiDay, toShanghaiIso } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { createTestContext, type TestContext } from '../testing/context';
import { aggregate, type Dim } from './aggregate';
import { loadApps } from './app-directory';
import { countRecords, searchRecords } from './record-scanner';
import { resolveFilter } from './resolve-filter';
import { FIXTURE_NOW, fixtureRecords, loadFixture } from './testing/fixture';
import { byDate, byHour, oracleCounts, oracleGroup, oracleSearch } from './testing/oracle';

const HOUR = 3_600_000;
/** Three Shanghai days ending at the fixture's "now", holding every record. */
const WINDOW_START = startOfShanghaiDay('2026-11-12');
const WINDOW_END = FIXTURE_NOW;

/** The fixture's records squeezed into three days (~190 an hour), plus records on and just before hour starts. */
function denseRecords(): PlatformAuthRecord[] {
  const base = fixtureRecords(12_000, 7);
  const first = Math.min(...base.map((r) => Date.parse(r.requestTime)));
  const last = Math.max(...base.map((r) => Date.parse(r.requestTime)));
  const scale = (WINDOW_END - WINDOW_START - 1) / (last - first);
  return base.map((r, i) => {
    let ms = WINDOW_START + Math.floor((Date.parse(r.requestTime) - first) * scale);
    // Every 10th record sits exactly on an hour start or the millisecond before it.
    if (i % 10 === 0) ms = Math.floor(ms / HOUR) * HOUR - (i % 20 === 0 ? 0 : 1);
    return { ...r, requestTime: toShanghaiIso(Math.max(WINDOW_START, ms)) };
  });
}

let t: TestContext;
let db: Db;
let records: PlatformAuthRecord[];

beforeAll(() => {
  t = createTestContext({ now: FIXTURE_NOW });
  db = t.workspace.db;
  records = loadFixture(db, denseRecords());
});
afterAll(() => t.cleanup());

/** Range edges: inside hours, on hour starts, on midnights, and open. */
function ranges(): { from?: string; to?: string }[] {
  const r = mulberry32(13);
  const at = (): number => WINDOW_START + Math.floor(r() * (WINDOW_END - WINDOW_START));
  const out: { from?: string; to?: string }[] = [{}, { from: '2026-11-13' }, { to: '2026-11-14' }, { from: '2026-11-13', to: '2026-11-14' }];
  for (let i = 0; i < 14; i++) {
    let a = at();
    let b = at();
    if (a > b) [a, b] = [b, a];
    if (i % 4 === 1) a = Math.floor(a / HOUR) * HOUR;
    if (i % 4 === 2) b = Math.floor(b / HOUR) * HOUR;
    if (i % 5 === 3) b = a + 1 + Math.floor(r() * HOUR); // inside one or two hours
    out.push({ from: toShanghaiIso(a), to: toShanghaiIso(b) });
    if (i % 3 === 0) out.push({ from: toShanghaiIso(a) });
    if (i % 3 === 1) out.push({ to: toShanghaiIso(b) });
  }
  return out;
}

const filters: RecordsFilter[] = [
  {},
  { app: 'app-alpha' },
  { operator: 'CUCC', capability: 'login' },
  { result: 'success' },
  { result: 'failure', operator: 'CMCC' },
  { code: '10500' },
  { code: '10105' },
  { code: '10500', app: 'app-beta' },
  { code: '10105', capability: 'verify' },
];

describe('totals at high density, ranges inside hours and days', () => {
  it('the search total equals the oracle for every filter and range', () => {
    let nonEmpty = 0;
    for (const range of ranges()) {
      for (const filter of filters) {
        const f = { ...filter, ...range };
        const expected = oracleSearch(records, f).length;
        expect({ f, total: countRecords(db, f) }).toEqual({ f, total: expected });
        if (expected > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('calls, successes and billable grouped by date and hour equal the oracle', () => {
    const apps = loadApps(db);
    const groupings: readonly (readonly Dim[])[] = [[], ['hour'], ['date', 'hour'], ['date', 'operator']];
    for (const range of ranges().slice(0, 10)) {
      for (const filter of filters) {
        const f = { ...filter, ...range };
        const matched = oracleSearch(records, f);
        for (const by of groupings) {
          const got = aggregate(db, resolveFilter(f, apps), by);
          const keyOf = (r: PlatformAuthRecord): string => JSON.stringify(by.map((d) => (d === 'date' ? byDate(r) : d === 'hour' ? byHour(r) : r.operator)));
          const expected = [...oracleGroup(matched, keyOf)].map(([k, rs]) => {
            const o = oracleCounts(rs);
            return { k, calls: o.calls, successes: o.successes, billable: o.billable };
          });
          const actual = got.map((g) => ({ k: JSON.stringify(g.keys), calls: g.calls, successes: g.successes, billable: g.billable }));
          const sort = (a: { k: string }, b: { k: string }): number => a.k.localeCompare(b.k);
          expect({ f, by, rows: actual.sort(sort) }).toEqual({ f, by, rows: expected.sort(sort) });
        }
      }
    }
  });

  it('counts a range from a Shanghai midnight to an instant later the same day', () => {
    // Each bound alone finds these records; together they once found none (the tail partial day
    // was taken for already counted as a head partial day that a midnight start never has).
    const cases = [
      { from: '2026-11-13', to: '2026-11-13T15:45:00+08:00' },
      { from: '2026-11-13T00:00:00+08:00', to: '2026-11-13T00:00:00.001+08:00' },
      { from: '2026-11-12T16:00:00Z', to: '2026-11-13T09:59:59.999+08:00' },
      { from: '2026-11-14', to: '2026-11-14T00:30:00+08:00' },
    ];
    for (const range of cases) {
      for (const filter of filters) {
        const f = { ...filter, ...range };
        const expected = oracleSearch(records, f);
        const page = searchRecords(db, { ...f, limit: 5 });
        expect({ f, total: page.total, first: page.items.map((i) => i.seq) }).toEqual({
          f,
          total: expected.length,
          first: expected.slice(0, 5).map((r) => r.seq),
        });
      }
      expect(oracleSearch(records, range).length).toBeGreaterThan(0);
    }
  });

  it('reads records only for the edge hours of a partial-day range', () => {
    // A range from 10:30 to 15:45 of one day: hours 11–14 come from the hourly rollup. Emptying the
    // records of those hours (rollups untouched) must not change the total: they were never read.
    const from = Date.parse('2026-11-13T10:30:00+08:00');
    const to = Date.parse('2026-11-13T15:45:00+08:00');
    const f = { from: toShanghaiIso(from), to: toShanghaiIso(to) };
    const before = countRecords(db, f);
    expect(before).toBe(oracleSearch(records, f).length);
    const inner = db.prepare('SELECT COUNT(*) FROM auth_records WHERE request_ms >= ? AND request_ms < ?').pluck();
    const lo = Date.parse('2026-11-13T11:00:00+08:00');
    const hi = Date.parse('2026-11-13T15:00:00+08:00');
    expect(inner.get(lo, hi)).toBeGreaterThan(100);
    try {
      db.transaction(() => {
        db.prepare('DELETE FROM auth_records WHERE request_ms >= ? AND request_ms < ?').run(lo, hi);
        expect(countRecords(db, f)).toBe(before);
        expect(searchRecords(db, { ...f, limit: 5 }).total).toBe(before);
        expect(countRecords(db, { ...f, code: '10500' })).toBe(oracleSearch(records, { ...f, code: '10500' }).length);
        throw new Rollback();
      })();
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    expect(inner.get(lo, hi)).toBeGreaterThan(100);
  });
});

class Rollback extends Error {}
