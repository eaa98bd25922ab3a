// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import { parseQueryFilters, toQueryFilters, useQueryFilters } from './useQueryFilters';

const defaults = { q: '', page: 1, status: [] as string[], billable: null as boolean | null, exact: false };

describe('query filters', () => {
  it('reads each filter by the type of its default', () => {
    expect(parseQueryFilters({ q: 'abc', page: '3', status: ['ok', 'fail'], billable: 'false', exact: '1' }, defaults)).toEqual({
      q: 'abc',
      page: 3,
      status: ['ok', 'fail'],
      billable: false,
      exact: true,
    });
    expect(parseQueryFilters({ status: 'ok' }, defaults).status).toEqual(['ok']);
  });

  it('falls back to the default for what it cannot read', () => {
    expect(parseQueryFilters({ page: 'x', billable: 'maybe' }, defaults)).toEqual(defaults);
    expect(parseQueryFilters({ page: '' }, defaults).page).toBe(1);
  });

  it('writes only what differs from the default', () => {
    expect(toQueryFilters({ ...defaults, page: 2, status: ['ok'], billable: true }, defaults)).toEqual({ page: '2', status: ['ok'], billable: 'true' });
    expect(toQueryFilters(defaults, defaults)).toEqual({});
  });

  it('keeps the filters in the route and leaves other query keys alone', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/records', component: { render: () => null } }] });
    await router.push('/records?tab=2&page=4');
    let api!: ReturnType<typeof useQueryFilters<typeof defaults>>;
    const Probe = defineComponent(() => {
      api = useQueryFilters(defaults);
      return () => h('span', JSON.stringify(api.filters.value));
    });
    const w = mount(Probe, { global: { plugins: [router] } });
    expect(api.filters.value.page).toBe(4);
    await api.set({ q: '138', page: 1 });
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ tab: '2', q: '138' });
    await nextTick();
    expect(w.text()).toContain('"q":"138"');
    await api.reset();
    expect(router.currentRoute.value.fullPath).toBe('/records?tab=2');
  });
});
