import { describe, expect, it } from 'vitest';
import { filterTerms, formatBytes } from './filter-summary';

const t = (key: string, values?: Record<string, unknown>): string => (values ? `${key}(${Object.values(values).join(',')})` : key);

describe('filterTerms', () => {
  it('names every term of the filter in order, apps by name', () => {
    expect(
      filterTerms({ app: 'app-1', operator: 'CMCC', result: 'failure', code: '10500', from: '2026-11-01' }, t, (v) => (v === 'app-1' ? 'Alpha' : v)),
    ).toEqual(['audit.filter.app(Alpha)', 'records.operator.CMCC', 'records.result.failure', 'audit.filter.code(10500)', 'audit.filter.from(2026-11-01)']);
  });

  it('says "all records" for an empty filter', () => {
    expect(filterTerms({}, t)).toEqual(['audit.filter.all']);
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(850 * 1024 * 1024)).toBe('850 MB');
  });
});
