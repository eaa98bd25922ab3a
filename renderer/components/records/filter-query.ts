/**
 * The auth-record filter as the screens keep it in the route query, so back/forward, a link and
 * a restart all restore it. The query uses the contract's own field names (the same as the CLI's
 * flags) plus `range` for a quick range, which is resolved against "now" when the view loads:
 * "last week" reopened tomorrow means tomorrow's last week.
 */
import type { LocationQuery } from 'vue-router';
import { recordsFilterSchema, type RecordsFilter } from '../../../shared/contract/records-filter';
import { quickRange, quickRanges, type QuickRange } from '../../../shared/time/quick-range';
import { addDays } from '../../../shared/time/shanghai';
import { emptyForm, filterFields, type FilterForm } from './records-link';

// Links need only the form and its query; they live apart so a screen that only links here does not load zod.
export { emptyForm, filterFields, formFromFilter, queryFromForm, recordsLocation, type FilterForm } from './records-link';

function firstString(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim() : '';
}

/** Reads the form from a query; a value the contract would refuse is dropped, not passed on. */
export function formFromQuery(query: LocationQuery): FilterForm {
  const form = emptyForm();
  const shape = recordsFilterSchema.shape;
  for (const field of filterFields) {
    const raw = firstString(query[field]);
    if (raw !== '' && shape[field].safeParse(raw).success) (form as unknown as Record<string, string>)[field] = raw;
  }
  const range = firstString(query.range);
  if ((quickRanges as readonly string[]).includes(range)) {
    form.range = range as QuickRange;
    form.from = '';
    form.to = '';
  }
  return form;
}

/** The contract filter of a form at `now` (quick ranges become whole Shanghai days). */
export function filterFromForm(form: FilterForm, now: number): RecordsFilter {
  const filter: RecordsFilter = {};
  for (const field of filterFields) {
    const v = form[field].trim();
    if (v) (filter as Record<string, string>)[field] = v;
  }
  if (form.range) Object.assign(filter, quickRange(form.range, now));
  return filter;
}

/**
 * The date picker shows whole days, inclusive; the filter's `to` is exclusive. Only bare
 * dates are shown in the picker (a precise instant from a link is kept but not editable there).
 */
export function pickerRange(form: FilterForm): [string, string] | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.from) || !/^\d{4}-\d{2}-\d{2}$/.test(form.to)) return null;
  return [form.from, addDays(form.to, -1)];
}

export function rangeFromPicker(value: [string, string] | null): { from: string; to: string } {
  if (!value) return { from: '', to: '' };
  return { from: value[0], to: addDays(value[1], 1) };
}

/** The keyset trail in the query: `c` holds the cursor of every page after the first. */
export function trailFromQuery(query: LocationQuery): string[] {
  const raw = query.c;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((x): x is string => typeof x === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(x));
}

export const PAGE_SIZES = [20, 50, 100, 200, 500] as const;
export const DEFAULT_PAGE_SIZE = 50;

export function pageSizeFromQuery(query: LocationQuery): number {
  const n = Number(firstString(query.size));
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
}
