import { describe, expect, it } from 'vitest';
import { calendarDateOrInstantSchema, calendarDateSchema, calendarMonthSchema } from './calendar';

const ok = (s: { safeParse(v: unknown): { success: boolean } }, v: string): boolean => s.safeParse(v).success;

describe('calendar bounds in the contract', () => {
  it('months: 2000-01 to 2099-12', () => {
    expect(['2000-01', '2026-11', '2099-12'].map((v) => ok(calendarMonthSchema, v))).toEqual([true, true, true]);
    expect(['0000-01', '1999-12', '2100-01', '9999-12', '2026-13'].map((v) => ok(calendarMonthSchema, v))).toEqual([false, false, false, false, false]);
  });

  it('dates: real days of 2000–2099', () => {
    expect(['2000-01-01', '2024-02-29', '2099-12-31'].map((v) => ok(calendarDateSchema, v))).toEqual([true, true, true]);
    expect(['0000-01-01', '9999-12-31', '2026-02-30', '2025-02-29'].map((v) => ok(calendarDateSchema, v))).toEqual([false, false, false, false]);
  });

  it('instants: their Shanghai day must be in the calendar (9999-12-31T23:59Z is already year 10000 there)', () => {
    expect(['2026-11-15', '2026-11-15T10:00:00+08:00', '2099-12-31T15:59:59Z'].map((v) => ok(calendarDateOrInstantSchema, v))).toEqual([true, true, true]);
    expect(
      ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2099-12-31T16:00:00Z', '2026-11-15T25:00+08:00'].map((v) => ok(calendarDateOrInstantSchema, v)),
    ).toEqual([false, false, false, false]);
  });
});
