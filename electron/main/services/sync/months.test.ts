import { describe, expect, it } from 'vitest';
import { monthsToSync, usageMonthClosed } from './months';

describe('months to sync', () => {
  it('runs from the earliest month, or after the cursor, to the current month', () => {
    expect(monthsToSync('2026-09', null, '2026-11')).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(monthsToSync('2026-09', '2026-09', '2026-11')).toEqual(['2026-10', '2026-11']);
    expect(monthsToSync('2025-11', '2025-12', '2026-02')).toEqual(['2026-01', '2026-02']);
    expect(monthsToSync('2026-11', null, '2026-11')).toEqual(['2026-11']);
    // A cursor from before the earliest month (data removed) starts again at the earliest.
    expect(monthsToSync('2026-09', '2026-01', '2026-10')).toEqual(['2026-09', '2026-10']);
  });

  it('closes a usage month once the month before last has ended', () => {
    expect(usageMonthClosed('2026-09', '2026-11')).toBe(true);
    expect(usageMonthClosed('2026-10', '2026-11')).toBe(false);
    expect(usageMonthClosed('2025-12', '2026-01')).toBe(false);
    expect(usageMonthClosed('2025-11', '2026-01')).toBe(true);
  });
});
