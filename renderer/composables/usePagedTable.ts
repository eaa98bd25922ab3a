/**
 * The one way a list pages, sorts and remembers its columns (records, codes, export history,
 * apps). The page lives in the route (`page`, `c` = the keyset cursor that reaches it, `size`,
 * `sort`), so back/forward and a restart bring it back. Paging runs in the main process:
 *   - "next" follows the previous answer's keyset cursor (page 2,000 costs what page 1 does);
 *   - "previous", "first" and jump-to-page ask for an offset, which the main process answers
 *     from its counts (records) or an index (history) and which continues by keyset again.
 * A list the main process hands over whole (apps) is paged here with `local`.
 *
 * Every change of the filter, the page, the size, the sort or the data revision runs the
 * search exactly once: all of them feed one key, watched once.
 */
import { computed, shallowRef, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';
import { useSettingsStore } from '../stores/settings';
import type { TableLayout } from '../../shared/contract/settings';
import { emptyLayout, orderedKeys, withHidden, withMoved, withWidth } from '../components/paged-table/table-layout';

/** How long a column width waits after the last drag movement before it is saved. */
export const RESIZE_SAVE_DELAY_MS = 500;

export type SortOrder = 'ascend' | 'descend';
export interface SortState {
  key: string;
  order: SortOrder;
}

export interface PageRequest {
  limit: number;
  /** Rows to step over from the first (jump to a page); 0 with a cursor. */
  offset: number;
  /** The keyset cursor of the page, when it was reached by "next". */
  after: string | null;
  sort: SortState | null;
}

export interface PageAnswer {
  total: number;
  /** The cursor of the next page (null on the last); absent where the list pages by offset only. */
  next?: string | number | null;
}

export interface PagedTableOptions<T> {
  /** The settings key of the column layout. */
  id: string;
  /** Prefix of the route keys, where a view holds more than one table or shares keys with another. */
  prefix?: string;
  sizes?: readonly number[];
  defaultSize?: number;
  /** Sorts the list can serve fast (the view's sortable columns); the first is not implied. */
  sortable?: readonly string[];
  /**
   * The order the list has with no sort chosen (records: newest first), shown on its column so
   * one click gives the other order; choosing it again clears the sort (clean addresses).
   */
  defaultSort?: SortState;
  /** Changes that mean a new search (the filter, the data revision). */
  key: () => unknown;
  /** Runs the search for a page (server lists). */
  fetch?: (req: PageRequest) => void;
  /** The answer of the last search (server lists). */
  answer?: () => PageAnswer | null | undefined;
  /** The whole list (lists the main process hands over whole) and how to order it by a column. */
  local?: { rows: () => readonly T[]; compare?: (key: string) => ((a: T, b: T) => number) | null };
}

function one(q: LocationQuery, k: string): string | null {
  const v = q[k];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s !== '' ? s : null;
}

export function usePagedTable<T>(opts: PagedTableOptions<T>) {
  const route = useRoute();
  const router = useRouter();
  const settings = useSettingsStore();
  const sizes = opts.sizes ?? [20, 50, 100, 200];
  const defaultSize = opts.defaultSize ?? 50;
  const k = (name: string) => `${opts.prefix ?? ''}${name}`;

  const page = computed(() => {
    const n = Number(one(route.query, k('page')));
    return Number.isSafeInteger(n) && n > 1 ? n : 1;
  });
  const cursor = computed(() => (page.value > 1 ? one(route.query, k('c')) : null));
  const size = computed(() => {
    const n = Number(one(route.query, k('size')));
    return sizes.includes(n) ? n : defaultSize;
  });
  const sort = computed<SortState | null>(() => {
    const s = one(route.query, k('sort'));
    if (!s) return null;
    const key = s.replace(/^-/, '');
    return opts.sortable?.includes(key) ? { key, order: s.startsWith('-') ? 'descend' : 'ascend' } : null;
  });

  /** The route keys of a position; defaults stay out of the address. */
  function query(p: { page?: number; after?: string | null; size?: number; sort?: SortState | null }): LocationQueryRaw {
    const pg = p.page ?? page.value;
    const sz = p.size ?? size.value;
    const so = p.sort === undefined ? sort.value : p.sort;
    return {
      ...(pg > 1 ? { [k('page')]: String(pg) } : {}),
      ...(pg > 1 && p.after ? { [k('c')]: p.after } : {}),
      ...(sz !== defaultSize ? { [k('size')]: String(sz) } : {}),
      ...(so ? { [k('sort')]: `${so.order === 'descend' ? '-' : ''}${so.key}` } : {}),
    };
  }
  /** The current route without this table's keys (what a filter change builds on). */
  function othersOf(q: LocationQuery): LocationQueryRaw {
    const mine = ['page', 'c', 'size', 'sort'].map(k);
    return Object.fromEntries(Object.entries(q).filter(([key]) => !mine.includes(key)));
  }
  // push: every page is a step back/forward retraces.
  const go = (p: Parameters<typeof query>[0]) => router.push({ path: route.path, query: { ...othersOf(route.query), ...query(p) } });

  // ---- the one search per change
  const searchKey = computed(() => JSON.stringify([opts.key(), page.value, cursor.value, size.value, sort.value]));
  function run(): void {
    opts.fetch?.({ limit: size.value, offset: cursor.value ? 0 : (page.value - 1) * size.value, after: cursor.value, sort: sort.value });
  }
  if (opts.fetch) watch(searchKey, run, { immediate: true });

  const localSorted = computed<readonly T[]>(() => {
    const rows = opts.local?.rows() ?? [];
    const s = sort.value;
    const cmp = s ? opts.local?.compare?.(s.key) : null;
    if (!s || !cmp) return rows;
    const sorted = [...rows].sort(cmp);
    return s.order === 'descend' ? sorted.reverse() : sorted;
  });
  const total = computed(() => (opts.local ? localSorted.value.length : (opts.answer?.()?.total ?? null)));
  const pageCount = computed(() => (total.value === null ? null : Math.max(1, Math.ceil(total.value / size.value))));
  /** The rows of this page, for local lists. */
  const rows = computed(() => localSorted.value.slice((page.value - 1) * size.value, page.value * size.value));
  const hasNext = computed(() => {
    if (opts.local) return page.value < (pageCount.value ?? 1);
    const next = opts.answer?.()?.next;
    return next !== undefined ? next !== null : page.value < (pageCount.value ?? 1);
  });

  function next(): Promise<unknown> | undefined {
    if (!hasNext.value) return;
    const n = opts.local ? undefined : opts.answer?.()?.next;
    return go({ page: page.value + 1, after: n === undefined || n === null ? null : String(n) });
  }
  const prev = () => (page.value > 1 ? go({ page: page.value - 1, after: null }) : undefined);
  const first = () => go({ page: 1, after: null });
  function jump(n: number): Promise<unknown> | undefined {
    const last = pageCount.value ?? 1;
    const to = Math.min(Math.max(1, Math.floor(n)), last);
    return to === page.value ? undefined : go({ page: to, after: null });
  }
  const setSize = (n: number) => go({ page: 1, after: null, size: n });
  const isDefault = (s: SortState | null) => !!s && !!opts.defaultSort && s.key === opts.defaultSort.key && s.order === opts.defaultSort.order;
  const setSort = (s: SortState | null) => go({ page: 1, after: null, sort: isDefault(s) ? null : s });
  /** The sort the column headers show: the chosen one, else the list's default order. */
  const shownSort = computed<SortState | null>(() => sort.value ?? opts.defaultSort ?? null);

  // ---- the column layout, kept in the settings (so it survives a restart)
  // A drag fires a resize per mouse move: the width shows at once and is saved when the drag rests.
  const draft = shallowRef<TableLayout | null>(null);
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const layout = computed<TableLayout>(() => draft.value ?? settings.settings.tables?.[opts.id] ?? emptyLayout());
  function saveLayout(next: TableLayout, delayMs = 0): void {
    draft.value = next;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = null;
      void settings
        .update({ tables: { ...settings.settings.tables, [opts.id]: next } })
        .catch(() => undefined)
        .finally(() => {
          if (draft.value === next) draft.value = null;
        });
    }, delayMs);
  }
  const columnsApi = {
    layout,
    order: (viewKeys: readonly string[]) => orderedKeys(viewKeys, layout.value),
    hide: (key: string, hidden: boolean) => saveLayout(withHidden(layout.value, key, hidden)),
    move: (viewKeys: readonly string[], key: string, step: -1 | 1) => saveLayout(withMoved(layout.value, viewKeys, key, step)),
    resize: (key: string, width: number) => saveLayout(withWidth(layout.value, key, width), RESIZE_SAVE_DELAY_MS),
    reset: () => saveLayout(emptyLayout()),
  };

  return {
    page,
    size,
    sizes,
    sort,
    shownSort,
    total,
    pageCount,
    hasNext,
    rows,
    next,
    prev,
    first,
    jump,
    setSize,
    setSort,
    /** Re-runs the current search (retry). */
    run,
    /** The route keys of this table at page 1, for a view's own navigation (a filter change resets the page). */
    resetQuery: (): LocationQueryRaw => query({ page: 1, after: null }),
    columns: columnsApi,
  };
}

export type PagedTable<T> = ReturnType<typeof usePagedTable<T>>;
