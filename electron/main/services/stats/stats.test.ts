import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickRange } from '../../../../shared/contract/records';
import type { RecordsFilter } from '../../../../shared/contract/records-filter';
import { ApiError } from '../../../../shared/contract/errors';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import { addDays } from '../../../../shared/time/shanghai';
import { dispatch } from '../core/dispatch';
import type { Db } from '../db/open';
import { handlers } from '../handlers';
import { countRecords } from '../records/record-scanner';
import { FIXTURE_NOW, FIXTURE_TODAY, fixtureApps, loadFixture } from '../records/testing/fixture';
import { byDate, byHour, oracleCounts, oracleGroup, oracleSearch } from '../records/testing/oracle';
import { createTestContext, type TestContext } from '../testing/context';
import { statsDaily } from './daily';
import { statsDay } from './day';
import { failurePareto } from './pareto';

let t: TestContext;
let db: Db;
let records: PlatformAuthRecord[];

beforeAll(() => {
  t = createTestContext({ now: FIXTURE_NOW });
  db = t.workspace.db;
  records = loadFixture(db);
});
afterAll(() => t.cleanup());

const filters: RecordsFilter[] = [
  {},
  { app: 'app-alpha' },
  { app: 'B2000002', operator: 'CTCC' },
  { appName: 'a', capability: 'verify' },
  { result: 'failure' },
  { result: 'success', operator: 'CMCC' },
  { code: '10105' },
  { code: '10500', app: 'app-beta' },
];

function expectCounts(
  got: { calls: number; successes: number; failures: number; billable: number; successRate: number | null },
  rs: PlatformAuthRecord[],
  label: unknown,
): void {
  const o = oracleCounts(rs);
  expect({ label, calls: got.calls, successes: got.successes, failures: got.failures, billable: got.billable }).toEqual({ label, ...o });
  expect(got.successRate).toBe(o.calls ? o.successes / o.calls : null);
}

describe('stats.daily', () => {
  it('lists every day of the last month by default, zeros included, and matches the records', () => {
    for (const filter of filters) {
      const out = statsDaily(db, filter, FIXTURE_NOW);
      expect(out.from).toBe(addDays(FIXTURE_TODAY, -29));
      expect(out.to).toBe(addDays(FIXTURE_TODAY, 1));
      expect(out.days).toHaveLength(30);
      const matched = oracleSearch(records, { ...filter, ...quickRange('lastMonth', FIXTURE_NOW) });
      const groups = oracleGroup(matched, byDate);
      for (const d of out.days) expectCounts(d, groups.get(d.date) ?? [], { filter, date: d.date });
      expectCounts(out.totals, matched, { filter });
      // The same number the records screen shows for the same filter.
      expect(out.totals.calls).toBe(countRecords(db, { ...filter, from: out.from, to: out.to }));
    }
  });

  it('counts partial edge days from the records themselves', () => {
    const range = { from: '2026-10-20T09:30:00+08:00', to: '2026-11-02T17:45:10.5+08:00' };
    for (const filter of filters) {
      const out = statsDaily(db, { ...filter, ...range }, FIXTURE_NOW);
      expect(out.days[0]!.date).toBe('2026-10-20');
      expect(out.days[out.days.length - 1]!.date).toBe('2026-11-02');
      const groups = oracleGroup(oracleSearch(records, { ...filter, ...range }), byDate);
      for (const d of out.days) expectCounts(d, groups.get(d.date) ?? [], { filter, date: d.date });
    }
  });

  it('refuses an empty or over-long range', async () => {
    for (const bad of [
      { from: '2026-11-02', to: '2026-11-01' },
      { from: '2020-01-01', to: '2026-11-01' },
    ]) {
      const e = await dispatch(handlers, t.ctx, 'stats.daily', bad).catch((x: unknown) => x);
      expect((e as ApiError).code).toBe('INVALID_INPUT');
    }
  });
});

describe('stats.day', () => {
  it('breaks a day down by hour, operator and capability, with its failure codes', () => {
    for (const filter of filters) {
      for (const date of ['2026-11-13', '2026-10-17', FIXTURE_TODAY]) {
        const out = statsDay(db, filter, date);
        const matched = oracleSearch(records, { ...filter, from: date, to: addDays(date, 1) });
        expectCounts(out.totals, matched, { filter, date });
        const hours = oracleGroup(matched, byHour);
        expect(out.hours).toHaveLength(24);
        for (const h of out.hours) expectCounts(h, hours.get(h.hour) ?? [], { filter, date, hour: h.hour });
        const ops = oracleGroup(matched, (r) => r.operator);
        for (const o of out.operators) expectCounts(o, ops.get(o.operator) ?? [], { filter, date, op: o.operator });
        const caps = oracleGroup(matched, (r) => r.capability);
        for (const c of out.capabilities) expectCounts(c, caps.get(c.capability) ?? [], { filter, date, cap: c.capability });
        const failures = matched.filter((r) => !r.success);
        expect(out.failureCodes.reduce((n, c) => n + c.failures, 0)).toBe(failures.length);
        for (const c of out.failureCodes) {
          const n = failures.filter(
            (r) => r.resultCode === c.resultCode && (r.carrierCode ?? '') === c.carrierCode && (c.operator === null || r.operator === c.operator),
          ).length;
          expect({ filter, date, code: c, n }).toEqual({ filter, date, code: c, n: c.failures });
        }
      }
    }
  });

  it('refuses a date that is not on the calendar', async () => {
    const e = await dispatch(handlers, t.ctx, 'stats.day', { date: '2026-02-30' }).catch((x: unknown) => x);
    expect((e as ApiError).code).toBe('INVALID_INPUT');
  });
});

describe('stats.failures (Pareto)', () => {
  it('orders failure codes by count with cumulative shares, keeping carrier codes per operator', () => {
    const range = quickRange('lastMonth', FIXTURE_NOW);
    for (const filter of filters) {
      const out = failurePareto(db, { ...filter, top: 100 }, FIXTURE_NOW);
      const failures = oracleSearch(records, { ...filter, ...range }).filter((r) => !r.success);
      expect(out.total).toBe(failures.length);
      expect(out.other).toBe(0);
      const expected = oracleGroup(failures, (r) => `${r.resultCode}|${r.carrierCode ?? ''}|${r.carrierCode ? r.operator : ''}`);
      expect(out.codes).toHaveLength(expected.size);
      for (const c of out.codes) expect(c.failures).toBe(expected.get(`${c.resultCode}|${c.carrierCode}|${c.operator ?? ''}`)?.length);
      for (let i = 1; i < out.codes.length; i++) expect(out.codes[i - 1]!.failures).toBeGreaterThanOrEqual(out.codes[i]!.failures);
      if (out.codes.length) expect(out.codes[out.codes.length - 1]!.cumulativeShare).toBeCloseTo(1, 10);
    }
  });

  it('folds the codes beyond `top` into other', () => {
    const all = failurePareto(db, { top: 100 }, FIXTURE_NOW);
    const two = failurePareto(db, { top: 2 }, FIXTURE_NOW);
    expect(two.codes).toHaveLength(2);
    expect(two.other).toBe(all.total - all.codes[0]!.failures - all.codes[1]!.failures);
  });

  it('splits each code by app, operator or day, and the splits add up', () => {
    const range = quickRange('lastMonth', FIXTURE_NOW);
    for (const groupBy of ['app', 'operator', 'day'] as const) {
      const out = failurePareto(db, { groupBy, top: 100 }, FIXTURE_NOW);
      expect(out.groupBy).toBe(groupBy);
      out.codes.forEach((c, i) => expect(out.groups.reduce((n, g) => n + g.byCode[i]!, 0)).toBe(c.failures));
      const failures = oracleSearch(records, range).filter((r) => !r.success);
      const key = groupBy === 'app' ? (r: PlatformAuthRecord) => r.id : groupBy === 'operator' ? (r: PlatformAuthRecord) => r.operator : byDate;
      const expected = oracleGroup(failures, key);
      for (const g of out.groups) expect(g.failures).toBe(expected.get(g.key)?.length);
      if (groupBy === 'app') expect(out.groups.find((g) => g.key === 'app-alpha')?.label).toBe(fixtureApps[0]!.name);
      if (groupBy === 'day') expect(out.groups.map((g) => g.key)).toEqual([...out.groups.map((g) => g.key)].sort());
    }
  });
});
