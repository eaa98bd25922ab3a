// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, markRaw } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { providerCapabilities } from '../../../shared/providers/capabilities';
import type { Workspace, WorkspacesList } from '../../../shared/contract/workspaces';
import { applyLocale, i18n } from '../../i18n';
import { useWorkspacesStore } from '../../stores/workspaces';
import RecordLevelPage from './RecordLevelPage.vue';

const Inner = markRaw(defineComponent({ render: () => h('div', { 'data-testid': 'the-page' }, 'records table') }));

function workspace(provider: Workspace['provider']): Workspace {
  return {
    id: provider,
    name: provider,
    kind: 'demo',
    provider,
    capabilities: providerCapabilities[provider],
    protocol: null,
    endpoint: null,
    accessKey: null,
    active: true,
    secretStored: true,
    secretAvailable: true,
    role: null,
    fromFlags: false,
    demoRole: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

async function mountWith(provider: Workspace['provider'], page: 'records' | 'audit') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useWorkspacesStore();
  const list: WorkspacesList = { items: [workspace(provider)], activeId: provider, secretStorage: { kind: 'memory', persistent: false, warning: null } };
  store.list = list;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: Inner }] });
  const w = mount(RecordLevelPage, { props: { page, view: Inner }, global: { plugins: [i18n, pinia, router] } });
  // The notice is an async component (its code is not in the shell's chunk): let it load and draw.
  await import('./ProviderNotice.vue');
  await flushPromises();
  return w;
}

describe('RecordLevelPage', () => {
  beforeEach(() => applyLocale('zh-CN'));

  it('shows the page itself when the provider has records', async () => {
    const w = await mountWith('onetap', 'records');
    expect(w.find('[data-testid="the-page"]').exists()).toBe(true);
    expect(w.find('[data-testid="provider-notice"]').exists()).toBe(false);
  });

  it('explains, never an empty table, when the provider has no record-level data', async () => {
    const w = await mountWith('aliyun-dypns', 'records');
    expect(w.find('[data-testid="the-page"]').exists()).toBe(false);
    const notice = w.find('[data-testid="provider-notice"]');
    expect(notice.text()).toContain('阿里云 号码认证服务 不提供逐条认证记录');
    expect(notice.text()).toContain('每日用量统计');
    applyLocale('en-US');
    await w.vm.$nextTick();
    expect(w.text()).toContain('does not provide individual authentication records');
  });

  it('Audit says why there is nothing to export', async () => {
    const w = await mountWith('aliyun-dypns', 'audit');
    expect(w.find('[data-view="audit"]').text()).toContain('审计导出针对逐条认证记录');
  });
});
