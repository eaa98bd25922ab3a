import { describe, expect, it } from 'vitest';
import {
  emptyForm,
  filterFromForm,
  formFromQuery,
  pageSizeFromQuery,
  pickerRange,
  queryFromForm,
  rangeFromPicker,
  recordsLocation,
  trailFromQuery,
} from './filter-query';

const NOW = Date.parse('2026-11-15T04:00:00Z');

describe('records filter in the route', () => {
  it('round-trips every field through the query', () => {
    const form = {
      ...emptyForm(),
      app: 'A1',
      appName: 'Beta',
      operator: 'CTCC' as const,
      capability: 'verify' as const,
      result: 'failure' as const,
      code: '10500',
      from: '2026-11-01',
      to: '2026-11-08',
    };
    expect(formFromQuery(queryFromForm(form))).toEqual(form);
  });

  it('keeps a quick range as a range, and resolves it to whole Shanghai days at `now`', () => {
    const form = formFromQuery({ range: 'last3days', from: '2026-01-01' });
    expect(form.range).toBe('last3days');
    expect(form.from).toBe('');
    expect(queryFromForm(form)).toEqual({ range: 'last3days' });
    expect(filterFromForm(form, NOW)).toEqual({ from: '2026-11-13', to: '2026-11-16' });
    expect(filterFromForm({ ...form, range: 'lastWeek' }, NOW)).toEqual({ from: '2026-11-09', to: '2026-11-16' });
    expect(filterFromForm({ ...form, range: 'lastMonth' }, NOW)).toEqual({ from: '2026-10-17', to: '2026-11-16' });
  });

  it('drops values the contract would refuse instead of sending them', () => {
    expect(formFromQuery({ operator: 'CMXX', result: 'maybe', from: 'yesterday', range: 'lastYear', code: 'x'.repeat(40) })).toEqual(emptyForm());
  });

  it('shows an exclusive `to` as an inclusive end day in the picker, and back', () => {
    const form = { ...emptyForm(), from: '2026-11-01', to: '2026-11-08' };
    expect(pickerRange(form)).toEqual(['2026-11-01', '2026-11-07']);
    expect(rangeFromPicker(['2026-11-01', '2026-11-07'])).toEqual({ from: '2026-11-01', to: '2026-11-08' });
    expect(pickerRange({ ...form, from: '2026-11-01T10:00:00+08:00' })).toBeNull();
  });

  it('builds links to the records screen from a contract filter', () => {
    expect(recordsLocation({ app: 'x', code: '103111', range: 'lastMonth' })).toEqual({
      path: '/records',
      query: { app: 'x', code: '103111', range: 'lastMonth' },
    });
  });

  it('reads the keyset trail and the page size', () => {
    expect(trailFromQuery({ c: ['abc', 'de_f-1', 'bad cursor!'] })).toEqual(['abc', 'de_f-1']);
    expect(trailFromQuery({ c: 'abc' })).toEqual(['abc']);
    expect(pageSizeFromQuery({ size: '200' })).toBe(200);
    expect(pageSizeFromQuery({ size: '7' })).toBe(50);
  });
});
