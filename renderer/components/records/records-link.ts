/**
 * Links to the records screen: the filter form as the route query holds it, and the query of a
 * filter. Plain data (no schema), so the dashboard and the drawers link to records without
 * loading zod; reading a query back, with validation, is `filter-query.ts`.
 */
import type { LocationQueryRaw } from 'vue-router';
import type { RecordsFilter } from '../../../shared/contract/records-filter';
import type { Capability, Operator } from '../../../shared/platform/domain';
import type { QuickRange } from '../../../shared/time/quick-range';

export interface FilterForm {
  app: string;
  appName: string;
  operator: Operator | '';
  capability: Capability | '';
  result: 'success' | 'failure' | '';
  code: string;
  range: QuickRange | '';
  from: string;
  to: string;
}

export const filterFields = ['app', 'appName', 'operator', 'capability', 'result', 'code', 'from', 'to'] as const;

export function emptyForm(): FilterForm {
  return { app: '', appName: '', operator: '', capability: '', result: '', code: '', range: '', from: '', to: '' };
}

/** The query of a form: only the fields that are set; a quick range stands instead of from/to. */
export function queryFromForm(form: FilterForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of filterFields) {
    if ((field === 'from' || field === 'to') && form.range) continue;
    const v = form[field].trim();
    if (v) out[field] = v;
  }
  if (form.range) out.range = form.range;
  return out;
}

/** The form that shows a contract filter (a link from another screen). */
export function formFromFilter(filter: RecordsFilter & { range?: QuickRange }): FilterForm {
  const form = { ...emptyForm() };
  for (const field of filterFields) {
    const v = filter[field];
    if (v) (form as unknown as Record<string, string>)[field] = v;
  }
  if (filter.range) {
    form.range = filter.range;
    form.from = '';
    form.to = '';
  }
  return form;
}

/** A link to the records screen showing exactly `filter`. */
export function recordsLocation(filter: RecordsFilter & { range?: QuickRange }): { path: string; query: LocationQueryRaw } {
  return { path: '/records', query: queryFromForm(formFromFilter(filter)) };
}
