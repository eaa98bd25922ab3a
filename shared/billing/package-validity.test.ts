import { describe, expect, it } from 'vitest';
import { packageValidity } from './package-validity';

describe('package validity', () => {
  it('reads [validFrom, validTo) as inclusive Shanghai days', () => {
    // 2026-09-06 00:00 Shanghai to 2026-12-06 00:00 Shanghai (exclusive).
    const p = { validFrom: Date.parse('2026-09-05T16:00:00Z'), validTo: Date.parse('2026-12-05T16:00:00Z') };
    expect(packageValidity(p)).toEqual({ firstDay: '2026-09-06', lastDay: '2026-12-05' });
  });

  it('keeps a package that ends mid-day on that day', () => {
    const p = { validFrom: Date.parse('2026-09-05T16:00:00Z'), validTo: Date.parse('2026-12-06T04:00:00Z') };
    expect(packageValidity(p).lastDay).toBe('2026-12-06');
  });
});
