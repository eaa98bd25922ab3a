import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  datesOfMonth,
  daysInMonth,
  isDate,
  isMonth,
  parseIsoInstant,
  shanghaiDate,
  shanghaiHour,
  shanghaiMonth,
  shanghaiMonthRange,
  startOfShanghaiDay,
  toShanghaiIso,
} from './shanghai';

describe('Asia/Shanghai calendar', () => {
  it('puts 2026-10-31T16:30Z in November (Shanghai is UTC+8)', () => {
    const ms = Date.parse('2026-10-31T16:30:00Z');
    expect(shanghaiDate(ms)).toBe('2026-11-01');
    expect(shanghaiMonth(ms)).toBe('2026-11');
    expect(shanghaiHour(ms)).toBe(0);
  });

  it('keeps 2026-10-31T15:59:59.999Z in October', () => {
    expect(shanghaiMonth(Date.parse('2026-10-31T15:59:59.999Z'))).toBe('2026-10');
  });

  it('formats instants with an explicit +08:00 offset that parses back to the same instant', () => {
    const ms = Date.parse('2026-02-28T23:59:59.007Z');
    const iso = toShanghaiIso(ms);
    expect(iso).toBe('2026-03-01T07:59:59.007+08:00');
    expect(parseIsoInstant(iso)).toBe(ms);
  });

  it('computes month ranges, lengths and day lists', () => {
    const { start, end } = shanghaiMonthRange('2026-11');
    expect(new Date(start).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2026-02')).toBe(28);
    expect(datesOfMonth('2026-02').at(-1)).toBe('2026-02-28');
    expect(startOfShanghaiDay('2026-01-01')).toBe(Date.parse('2025-12-31T16:00:00Z'));
  });

  it('adds days and months across year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
  });

  it('validates dates, months and instants', () => {
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-12')).toBe(true);
    expect(parseIsoInstant('2026-11-01T00:00:00')).toBeNaN();
    expect(() => startOfShanghaiDay('2026-02-30')).toThrow(RangeError);
  });
});
