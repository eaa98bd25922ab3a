// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui';
import { settingsSchema } from '../../../shared/contract/settings';
import type { FilterForm } from '../../components/records/filter-query';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));
const { default: RecordsView } = await import('./RecordsView.vue');
const { default: RecordFilters } = await import('../../components/records/RecordFilters.vue');
const { i18n, applyLocale } = await import('../../i18n');

const searches = () => call.mock.calls.filter(([name]) => name === 'records.search').map(([, input]) => input as Record<string, unknown>);

async function mountRecords(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/records', component: RecordsView },
      { path: '/audit', component: { render: () => null } },
    ],
  });
  await router.push(path);
  const Root = defineComponent(() => () => h(NConfigProvider, null, () => h(NDialogProvider, null, () => h(NMessageProvider, null, () => h(RecordsView)))));
  const wrapper = mount(Root, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

describe('RecordsView', () => {
  beforeEach(() => {
    call.mockReset();
    call.mockImplementation(async (name: string, input: object) => {
      if (name === 'records.search') return { total: 230, items: [], next: 'CURSOR' };
      if (name === 'records.apps') return [];
      if (name === 'settings.set') return { ...settingsSchema.parse({}), ...input };
      if (name === 'settings.get') return settingsSchema.parse({});
      throw new Error(`unexpected ${name}`);
    });
    applyLocale('zh-CN');
    document.body.innerHTML = '';
  });

  it('fires exactly one search per filter change, also from a later page', async () => {
    const { wrapper, router } = await mountRecords('/records?result=failure&page=3&size=20');
    expect(searches()).toEqual([{ result: 'failure', limit: 20, offset: 40 }]);
    const filters = wrapper.findComponent(RecordFilters);
    const change = (patch: Partial<FilterForm>) => filters.vm.$emit('change', { ...(filters.props('form') as FilterForm), ...patch });

    change({ operator: 'CUCC' });
    await flushPromises();
    expect(searches()).toHaveLength(2);
    // The page went back to 1 with the same navigation; the size stayed.
    expect(searches()[1]).toEqual({ result: 'failure', operator: 'CUCC', limit: 20 });
    expect(router.currentRoute.value.query).toEqual({ result: 'failure', operator: 'CUCC', size: '20' });

    change({ result: '', range: 'lastWeek' });
    await flushPromises();
    expect(searches()).toHaveLength(3);

    // Opening a record is not a search.
    await router.push({ path: '/records', query: { ...router.currentRoute.value.query, record: '5' } });
    call.mockImplementation(async (name: string) => {
      if (name === 'records.get') throw new Error('not needed here');
      if (name === 'records.search') return { total: 230, items: [], next: 'CURSOR' };
      return [];
    });
    await flushPromises();
    expect(searches()).toHaveLength(3);
  });

  it('shows the page count and jumps to a page by offset', async () => {
    const { wrapper } = await mountRecords('/records?size=20');
    const pageNo = wrapper.find('[data-testid="page-number"]');
    expect(pageNo.attributes('data-pages')).toBe('12');
    expect(pageNo.text()).toBe('第 1 / 12 页');
    await wrapper.find('[data-testid="page-next"]').trigger('click');
    await flushPromises();
    expect(searches().at(-1)).toEqual({ limit: 20, after: 'CURSOR' });
    const jump = wrapper.find('[data-testid="page-jump"] input');
    await jump.setValue('7');
    await jump.trigger('keyup', { key: 'Enter' });
    await flushPromises();
    expect(searches().at(-1)).toEqual({ limit: 20, offset: 120 });
    expect(wrapper.find('[data-testid="page-number"]').attributes('data-page')).toBe('7');
  });

  it('sorts by request time oldest first from the column header, from page 1, and pages on in that order', async () => {
    const { wrapper, router } = await mountRecords('/records?size=20&page=4');
    expect(searches().at(-1)).toEqual({ limit: 20, offset: 60 });
    await wrapper.find('th[data-col-key="requestTime"]').trigger('click');
    await flushPromises();
    expect(searches().at(-1)).toEqual({ limit: 20, order: 'asc' });
    expect(router.currentRoute.value.query).toMatchObject({ sort: 'requestTime', size: '20' });
    await wrapper.find('[data-testid="page-next"]').trigger('click');
    await flushPromises();
    expect(searches().at(-1)).toEqual({ limit: 20, order: 'asc', after: 'CURSOR' });
    // Clicking again goes back to newest first, the default (no sort in the address).
    await wrapper.find('th[data-col-key="requestTime"]').trigger('click');
    await flushPromises();
    expect(searches().at(-1)).toEqual({ limit: 20 });
    expect(router.currentRoute.value.query).toEqual({ size: '20' });
    // Opened from the address (a restart, back/forward): the same order.
    const again = await mountRecords('/records?sort=requestTime&page=2&size=20');
    expect(searches().at(-1)).toEqual({ limit: 20, order: 'asc', offset: 20 });
    again.wrapper.unmount();
  });

  it("shows a team store's archived months: a search's `archived` notice, and a record asked for by seq that may be in one (zh-CN and English)", async () => {
    const { ApiError } = await import('../../../shared/contract/errors');
    const archived = [{ month: '2026-09', records: 12345, file: 'records-2026-09.jsonl.gz', location: 'ops-1:/srv/archives/records-2026-09.jsonl.gz' }];
    call.mockImplementation(async (name: string) => {
      if (name === 'records.search') return { total: 12345, items: [], next: null, archived };
      if (name === 'records.get')
        throw new ApiError('NOT_FOUND', 'no auth record with seq 77 in the team store; it may be in its archived month, …', { detail: { seq: 77, archived } });
      if (name === 'records.apps') return [];
      if (name === 'settings.get') return settingsSchema.parse({});
      throw new Error(`unexpected ${name}`);
    });
    const { wrapper } = await mountRecords('/records');
    const notice = wrapper.find('[data-testid="team-archived-months"]');
    expect(notice.exists()).toBe(true);
    expect(notice.text()).toContain('团队库中部分月份的原始记录已归档移出');
    expect(notice.find('li[data-month="2026-09"]').text()).toBe(
      '2026-09：12,345 条记录，归档文件 records-2026-09.jsonl.gz，位于 ops-1:/srv/archives/records-2026-09.jsonl.gz',
    );
    applyLocale('en-US');
    await flushPromises();
    expect(wrapper.find('[data-testid="team-archived-months"] li').text()).toBe(
      '2026-09: 12,345 records, archive file records-2026-09.jsonl.gz, at ops-1:/srv/archives/records-2026-09.jsonl.gz',
    );
    wrapper.unmount();

    // Without `archived` (a local workspace, or nothing archived in the range) there is no notice.
    call.mockImplementation(async (name: string) => {
      if (name === 'records.search') return { total: 0, items: [], next: null };
      if (name === 'records.apps') return [];
      if (name === 'settings.get') return settingsSchema.parse({});
      throw new Error(`unexpected ${name}`);
    });
    const plain = await mountRecords('/records');
    expect(plain.wrapper.find('[data-testid="team-archived-months"]').exists()).toBe(false);
    plain.wrapper.unmount();

    // The record drawer: not found, and the months it may be in instead of the bare error.
    call.mockImplementation(async (name: string) => {
      if (name === 'records.search') return { total: 0, items: [], next: null };
      if (name === 'records.get')
        throw new ApiError('NOT_FOUND', 'no auth record with seq 77 in the team store; it may be in its archived month, …', { detail: { seq: 77, archived } });
      if (name === 'records.apps') return [];
      if (name === 'settings.get') return settingsSchema.parse({});
      throw new Error(`unexpected ${name}`);
    });
    applyLocale('zh-CN');
    const drawer = await mountRecords('/records?record=77');
    await flushPromises();
    const inDrawer = [...document.querySelectorAll('[data-testid="team-archived-months"]')].find((n) => n.closest('.n-drawer'));
    expect(inDrawer?.textContent).toContain('团队库中没有这条记录');
    expect(inDrawer?.textContent).toContain('序号 77 的记录可能位于已归档移出团队库的月份');
    expect(inDrawer?.querySelector('li[data-month="2026-09"]')?.textContent?.trim()).toContain('records-2026-09.jsonl.gz');
    drawer.wrapper.unmount();
  });
});
