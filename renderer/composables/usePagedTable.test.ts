// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { settingsSchema } from '../../shared/contract/settings';

const call = vi.fn();
vi.mock('../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));
const { usePagedTable, RESIZE_SAVE_DELAY_MS } = await import('./usePagedTable');
type Req = import('./usePagedTable').PageRequest;

async function harness(path: string, answer: { total: number; next?: string | null } = { total: 95, next: 'CUR2' }) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/list', component: { render: () => null } }] });
  await router.push(path);
  const pinia = createPinia();
  setActivePinia(pinia);
  const fetches: Req[] = [];
  let table!: ReturnType<typeof usePagedTable<{ n: number }>>;
  const Host = defineComponent({
    setup() {
      table = usePagedTable<{ n: number }>({
        id: 'test',
        sortable: ['time'],
        defaultSize: 20,
        key: () => router.currentRoute.value.query.q ?? '',
        fetch: (r) => fetches.push(r),
        answer: () => answer,
      });
      return () => h('div');
    },
  });
  mount(Host, { global: { plugins: [router, pinia] } });
  await flushPromises();
  return { router, fetches, table: () => table };
}

describe('usePagedTable', () => {
  beforeEach(() => {
    call.mockReset();
    call.mockImplementation(async (name: string, input: unknown) => (name === 'settings.set' ? settingsSchema.parse(input) : settingsSchema.parse({})));
  });

  it('runs one search per change, even when a filter change also resets the page', async () => {
    const { router, fetches, table } = await harness('/list?q=a&page=3');
    expect(fetches).toEqual([{ limit: 20, offset: 40, after: null, sort: null }]);
    // The filter changes and the page goes back to 1 in the same navigation: one search.
    await router.push({ path: '/list', query: { q: 'b', ...table().resetQuery() } });
    await flushPromises();
    expect(fetches).toHaveLength(2);
    expect(fetches[1]).toEqual({ limit: 20, offset: 0, after: null, sort: null });
    // Navigating to the same position runs nothing.
    await router.push({ path: '/list', query: { q: 'b' } });
    await flushPromises();
    expect(fetches).toHaveLength(2);
  });

  it('pages next by keyset cursor, back and jumps by offset, and counts the pages', async () => {
    const { router, fetches, table } = await harness('/list');
    expect(table().pageCount.value).toBe(5);
    await table().next();
    await flushPromises();
    expect(router.currentRoute.value.query).toMatchObject({ page: '2', c: 'CUR2' });
    expect(fetches.at(-1)).toEqual({ limit: 20, offset: 0, after: 'CUR2', sort: null });
    await table().jump(99);
    await flushPromises();
    expect(table().page.value).toBe(5);
    expect(fetches.at(-1)).toEqual({ limit: 20, offset: 80, after: null, sort: null });
    await table().prev();
    await flushPromises();
    expect(fetches.at(-1)).toEqual({ limit: 20, offset: 60, after: null, sort: null });
    await table().setSort({ key: 'time', order: 'ascend' });
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ sort: 'time' });
    expect(fetches.at(-1)).toEqual({ limit: 20, offset: 0, after: null, sort: { key: 'time', order: 'ascend' } });
    // A sort the list cannot serve is ignored, not sent (the list is back in its own order).
    await router.push('/list?sort=-phone');
    await flushPromises();
    expect(table().sort.value).toBeNull();
    expect(fetches).toHaveLength(6);
    expect(fetches.at(-1)?.sort).toBeNull();
  });

  it('saves the column layout through the settings (one write per drag, after it rests)', async () => {
    vi.useFakeTimers();
    try {
      const { table } = await harness('/list');
      table().columns.hide('phone', true);
      await vi.advanceTimersByTimeAsync(0);
      expect(call).toHaveBeenCalledWith('settings.set', { tables: { test: { order: [], hidden: ['phone'], widths: {} } } });
      call.mockClear();
      for (const w of [130, 140, 150]) table().columns.resize('phone', w);
      expect(table().columns.layout.value.widths).toEqual({ phone: 150 });
      await vi.advanceTimersByTimeAsync(RESIZE_SAVE_DELAY_MS + 10);
      expect(call.mock.calls.filter(([n]) => n === 'settings.set')).toEqual([
        ['settings.set', { tables: { test: { order: [], hidden: ['phone'], widths: { phone: 150 } } } }],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
