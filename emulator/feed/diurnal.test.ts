/**
 * Live traffic at a realistic pace: `rate: 'diurnal'` (the history going on with the clock) and
 * fractional rates. Checked against an independent reader: an emulator started later, whose
 * generated history must be exactly what the running one appended meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { parseIsoInstant, shanghaiDate, shanghaiMonth } from '../../shared/time/shanghai';
import { EmulatorOptionsError, parseRate } from '../options';
import { allRecords, testClock, testPlatform, TEST_NOW } from '../testing/fixtures';

const MINUTE = 60_000;
const base = { seed: 23, days: 5, daily: 3000, apps: 4, start: '2026-03-11' } as const;

describe("rate: 'diurnal'", () => {
  it('appends at the day curve’s pace, and what it appended is the history a later start generates', () => {
    const clock = testClock();
    const running = testPlatform({ ...base, rate: 'diurnal', now: clock.now });
    const history = running.plan.total;
    running.catchUp();
    expect(running.feed.head()).toBe(history);
    clock.advance(20 * MINUTE);
    running.catchUp();
    const grown = running.feed.head() - history;
    // Noon, 3000 a day: about 4.3 / 64.1 of the day's calls in an hour, so some 40 in 20 minutes.
    expect(grown).toBeGreaterThan(20);
    expect(grown).toBeLessThan(80);
    const records = allRecords(running);
    for (const r of records.slice(history)) expect(parseIsoInstant(r.requestTime)).toBeLessThanOrEqual(clock.now());

    // An emulator started 20 minutes later, without live traffic, generates exactly these records.
    const later = testPlatform({ ...base, rate: 0, now: testClock(clock.now()).now });
    expect(later.plan.total).toBe(running.feed.head());
    expect(allRecords(later)).toEqual(records);
  });

  it('goes on past midnight at the last day’s size, and the usage statement counts what it appended', () => {
    const clock = testClock();
    const p = testPlatform({ ...base, rate: 'diurnal', now: clock.now });
    const before = p.plan.total;
    clock.advance(14 * 60 * MINUTE); // 02:00 the next day (Shanghai)
    p.catchUp();
    const records = allRecords(p);
    const tomorrow = shanghaiDate(clock.now());
    const today = shanghaiDate(TEST_NOW);
    expect(records.filter((r) => r.requestTime.startsWith(tomorrow)).length).toBeGreaterThan(0);
    // The rest of today arrived in full (about 56 % of a 3000-record day after noon).
    expect(records.length - before).toBeGreaterThan(1200);
    expect(records.filter((r) => r.requestTime.startsWith(today)).length).toBeGreaterThan(2500);
    const month = shanghaiMonth(clock.now());
    const calls = p.ledger.usage(month, clock.now()).items.reduce((s, l) => s + l.calls, 0);
    expect(calls).toBe(records.filter((r) => r.requestTime.startsWith(month)).length);
  });

  it('skips the days a far clock jump passes over instead of producing them all', () => {
    const clock = testClock();
    const p = testPlatform({ ...base, rate: 'diurnal', now: clock.now });
    clock.advance(30 * 24 * 60 * MINUTE);
    p.catchUp();
    // At most the two days before the new one, and that day so far.
    expect(p.feed.head() - p.plan.total).toBeLessThanOrEqual(3 * base.daily + 10);
  });
});

describe('fractional rates', () => {
  it('produces rate × elapsed records when the rate is below one a second', () => {
    const clock = testClock();
    const p = testPlatform({ ...base, rate: 0.5, now: clock.now });
    const history = p.plan.total;
    clock.advance(9_999);
    p.catchUp();
    expect(p.feed.head() - history).toBe(4);
    clock.advance(1);
    p.catchUp();
    expect(p.feed.head() - history).toBe(5);
    clock.advance(60_000);
    p.catchUp();
    expect(p.feed.head() - history).toBe(35);
  });

  it('reads N, N/s, N/min, N/h and diurnal', () => {
    expect(parseRate('2')).toBe(2);
    expect(parseRate('0.25/s')).toBe(0.25);
    expect(parseRate('30/min')).toBe(0.5);
    expect(parseRate('360/h')).toBe(0.1);
    expect(parseRate('diurnal')).toBe('diurnal');
    expect(() => parseRate('-1')).toThrow(EmulatorOptionsError);
    expect(() => parseRate('5/day')).toThrow(EmulatorOptionsError);
  });
});
