/**
 * A view's filters kept in the route query, so a filtered view can be linked, survives a
 * reload and is reopened on the next start (the last view is remembered with its query).
 * Defaults say each filter's type; values equal to their default stay out of the address.
 *
 *   const { filters, set, reset } = useQueryFilters({ q: '', page: 1, status: [] as string[], billable: null as boolean | null });
 *   watch(filters, (f) => search.run(f), { immediate: true });
 */
import { computed, type ComputedRef } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';

export type FilterValue = string | number | boolean | string[] | null;
export type FilterShape = Record<string, FilterValue>;

function first(v: LocationQuery[string] | undefined): string | null {
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

/** Reads each filter from the query by the type of its default; anything unreadable falls back to the default. */
export function parseQueryFilters<T extends FilterShape>(query: LocationQuery, defaults: T): T {
  const out: FilterShape = {};
  for (const [key, def] of Object.entries(defaults)) {
    const raw = query[key];
    if (raw === undefined) {
      out[key] = Array.isArray(def) ? [...def] : def;
      continue;
    }
    if (Array.isArray(def)) {
      out[key] = (Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === 'string' && x !== '');
    } else if (typeof def === 'number') {
      const n = Number(first(raw));
      out[key] = first(raw) !== null && first(raw) !== '' && Number.isFinite(n) ? n : def;
    } else if (typeof def === 'boolean' || def === null) {
      // A null default is a tri-state boolean: absent = no filter.
      const s = first(raw);
      out[key] = s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : def;
    } else {
      out[key] = first(raw) ?? def;
    }
  }
  return out as T;
}

function sameValue(a: FilterValue, b: FilterValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The query for the filters: only the ones that differ from their default. */
export function toQueryFilters<T extends FilterShape>(filters: T, defaults: T): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  for (const [key, def] of Object.entries(defaults)) {
    const v = filters[key];
    if (v === undefined || sameValue(v, def) || v === null || v === '') continue;
    out[key] = Array.isArray(v) ? [...v] : String(v);
  }
  return out;
}

export function useQueryFilters<T extends FilterShape>(
  defaults: T,
): { filters: ComputedRef<T>; set: (patch: Partial<T>) => Promise<unknown>; reset: () => Promise<unknown> } {
  const route = useRoute();
  const router = useRouter();
  const filters = computed(() => parseQueryFilters(route.query, defaults));

  function set(patch: Partial<T>): Promise<unknown> {
    const next = { ...filters.value, ...patch } as T;
    // Keep query keys this view does not own (another component's, or a deep link's).
    const others = Object.fromEntries(Object.entries(route.query).filter(([k]) => !(k in defaults)));
    return router.replace({ query: { ...others, ...toQueryFilters(next, defaults) } });
  }

  return { filters, set, reset: () => set(defaults) };
}
