// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { NConfigProvider, NDialogProvider, NMessageProvider } from 'naive-ui';
import type { Workspace, WorkspacesList } from '../../../shared/contract/workspaces';
import { providerCapabilities } from '../../../shared/providers/capabilities';

const call = vi.fn();
vi.mock('../../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));

const { default: WorkspaceSettings } = await import('./WorkspaceSettings.vue');
const { applyLocale, i18n } = await import('../../i18n');

const demo: Workspace = {
  id: 'demo',
  name: '演示 Demo',
  kind: 'demo',
  provider: 'onetap',
  capabilities: providerCapabilities.onetap,
  protocol: null,
  endpoint: 'http://127.0.0.1:40000',
  accessKey: 'OTAKDEMO',
  active: true,
  secretStored: true,
  secretAvailable: true,
  role: 'admin',
  fromFlags: false,
  demoRole: null,
  createdAt: 1,
  updatedAt: 1,
};
const prod: Workspace = {
  id: 'ws_1',
  name: '生产',
  kind: 'remote',
  provider: 'onetap',
  capabilities: providerCapabilities.onetap,
  protocol: null,
  endpoint: 'https://open.example.com',
  accessKey: 'AK1',
  active: false,
  secretStored: false,
  secretAvailable: false,
  role: 'finance',
  fromFlags: false,
  demoRole: null,
  createdAt: 2,
  updatedAt: 2,
};
let list: WorkspacesList;

async function mountIt() {
  setActivePinia(createPinia());
  const Root = defineComponent(
    () => () => h(NConfigProvider, null, () => h(NDialogProvider, null, () => h(NMessageProvider, null, () => h(WorkspaceSettings)))),
  );
  const w = mount(Root, { global: { plugins: [i18n] }, attachTo: document.body });
  await flushPromises();
  return w;
}

async function typeInto(field: string, value: string): Promise<void> {
  const input = document.querySelector(`[data-field="${field}"] input`) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

describe('WorkspaceSettings', () => {
  beforeEach(() => {
    call.mockReset();
    document.body.innerHTML = '';
    applyLocale('zh-CN');
    list = { items: [demo, prod], activeId: 'demo', secretStorage: { kind: 'memory', persistent: false, warning: null } };
    call.mockImplementation((name: string) => (name === 'workspaces.list' ? Promise.resolve(list) : Promise.reject(new Error(name))));
  });

  it('lists the workspaces with role and how the secret is kept, and says secrets last only this session', async () => {
    const w = await mountIt();
    const rows = w.findAll('[data-testid="workspace-list"] tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('演示 Demo');
    expect(rows[0]!.text()).toContain('当前');
    expect(rows[1]!.text()).toContain('财务');
    expect(rows[1]!.text()).toContain('需要输入');
    expect(w.text()).toContain('密钥只保留到本次退出');
    w.unmount();
  });

  it('warns loudly when the OS keyring cannot keep secrets', async () => {
    list.secretStorage = { kind: 'memory', persistent: false, warning: 'No OS keyring is available (safeStorage backend "basic_text")' };
    const w = await mountIt();
    expect(w.find('[data-testid="secret-storage-warning"]').text()).toContain('basic_text');
    w.unmount();
  });

  it('tests a row and shows role and clock skew', async () => {
    call.mockImplementation((name: string) => {
      if (name === 'workspaces.list') return Promise.resolve(list);
      if (name === 'workspaces.test')
        return Promise.resolve({
          ok: true,
          role: 'admin',
          accessKey: 'OTAKDEMO',
          account: 'demo-enterprise',
          serverTime: '2026-11-15T12:00:00.000+08:00',
          skewMs: 90_000,
          latencyMs: 12,
        });
      return Promise.reject(new Error(name));
    });
    const w = await mountIt();
    await w.find('[data-workspace="demo"] [data-action="test"]').trigger('click');
    await flushPromises();
    expect(call).toHaveBeenCalledWith('workspaces.test', { id: 'demo' });
    const result = w.find('[data-testid="workspace-test-result"]').text();
    expect(result).toContain('连接成功');
    expect(result).toContain('管理员');
    expect(result).toContain('平台快 90 秒');
    expect(result).toContain('时钟偏差较大');
    w.unmount();
  });

  it('adds a connection: the test shows the failure and the skew, save sends the connection', async () => {
    call.mockImplementation((name: string, input: Record<string, unknown>) => {
      if (name === 'workspaces.list') return Promise.resolve(list);
      if (name === 'workspaces.test')
        return Promise.resolve({ ok: false, error: { code: 'CLOCK_SKEW', message: 'clock is 400 s behind the platform', detail: { skewMs: 400_000 } } });
      if (name === 'workspaces.create') return Promise.resolve({ ...prod, id: 'ws_2', name: String(input.name), active: true });
      return Promise.reject(new Error(name));
    });
    const w = await mountIt();
    await w.find('[data-testid="workspace-add"]').trigger('click');
    await flushPromises();
    await typeInto('name', '测试环境');
    await typeInto('endpoint', 'https://open.example.com');
    await typeInto('accessKey', 'AK2');
    await typeInto('secretKey', 's3cret');
    (document.querySelector('[data-action="test-form"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('workspaces.test', { endpoint: 'https://open.example.com', accessKey: 'AK2', secretKey: 's3cret' });
    const result = document.querySelector('[data-testid="workspace-form-test"]')!.textContent!;
    expect(result).toContain('连接失败');
    expect(result).toContain('平台快 400 秒');
    (document.querySelector('[data-action="save"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('workspaces.create', {
      name: '测试环境',
      endpoint: 'https://open.example.com',
      accessKey: 'AK2',
      secretKey: 's3cret',
      activate: true,
    });
    w.unmount();
  });

  it('adds an Alibaba Cloud connection: provider first, then AccessKey ID / Secret and HOST[:PORT]', async () => {
    call.mockImplementation((name: string, input: Record<string, unknown>) => {
      if (name === 'workspaces.list') return Promise.resolve(list);
      if (name === 'providers.testConnection')
        return Promise.resolve({
          ok: false,
          error: {
            code: 'UNAUTHORIZED',
            message: 'the AccessKey Secret does not match (SignatureDoesNotMatch)',
            detail: { providerCode: 'SignatureDoesNotMatch' },
          },
        });
      if (name === 'workspaces.create')
        return Promise.resolve({
          ...prod,
          id: 'ws_3',
          name: String(input.name),
          provider: 'aliyun-dypns',
          capabilities: providerCapabilities['aliyun-dypns'],
          protocol: 'https',
        });
      return Promise.reject(new Error(name));
    });
    const w = await mountIt();
    await w.find('[data-testid="workspace-add"]').trigger('click');
    await flushPromises();
    (document.querySelector('[data-provider="aliyun-dypns"] input') as HTMLInputElement).click();
    await flushPromises();
    expect(document.querySelector('[data-testid="workspace-form"]')!.textContent).toContain('AccessKey Secret');
    // The connection can be tested before it is saved: through the official SDK, not our platform's whoami.
    expect((document.querySelector('[data-action="test-form"]') as HTMLButtonElement).disabled).toBe(true);
    await typeInto('name', '阿里云生产');
    await typeInto('endpoint', 'dypnsapi.aliyuncs.com');
    await typeInto('accessKey', 'LTAI5tEXAMPLE');
    await typeInto('secretKey', 's3cret');
    (document.querySelector('[data-action="test-form"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('providers.testConnection', {
      endpoint: 'dypnsapi.aliyuncs.com',
      protocol: 'https',
      accessKey: 'LTAI5tEXAMPLE',
      secretKey: 's3cret',
    });
    expect(call).not.toHaveBeenCalledWith('workspaces.test', expect.anything());
    expect(document.querySelector('[data-testid="workspace-form-test"]')!.textContent).toContain('SignatureDoesNotMatch');
    (document.querySelector('[data-action="save"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('workspaces.create', {
      name: '阿里云生产',
      provider: 'aliyun-dypns',
      endpoint: 'dypnsapi.aliyuncs.com',
      protocol: 'https',
      accessKey: 'LTAI5tEXAMPLE',
      secretKey: 's3cret',
      activate: true,
    });
    w.unmount();
  });

  it('adds a team store: URL, TLS and password; the test says read-only and migrations current; save sends only what was given', async () => {
    call.mockImplementation((name: string, input: Record<string, unknown>) => {
      if (name === 'workspaces.list') return Promise.resolve(list);
      if (name === 'workspaces.testTeamStore')
        return Promise.resolve({
          ok: true,
          user: 'finance_li',
          role: 'reader',
          schemaVersion: 8,
          requiredVersion: 8,
          migrationsCurrent: true,
          serverVersion: '17.2',
          latencyMs: 3,
        });
      if (name === 'workspaces.addTeamStore')
        return Promise.resolve({ ...prod, id: 'ws_9', kind: 'team', name: String(input.name), endpoint: String(input.url) });
      return Promise.reject(new Error(name));
    });
    const w = await mountIt();
    await w.find('[data-testid="team-store-add"]').trigger('click');
    await flushPromises();
    const form = document.querySelector('[data-testid="team-store-form"]')!;
    const typeIn = async (field: string, value: string): Promise<void> => {
      const input = form.querySelector(`[data-field="${field}"] input`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await flushPromises();
    };
    await typeIn('name', '团队库');
    await typeIn('url', 'postgresql://finance_li:pw@db.example.com/team');
    (form.querySelector('[data-action="save-team-store"]') as HTMLButtonElement).click();
    await flushPromises();
    // A password in the URL is refused by the contract's schema before anything is sent.
    expect(call).not.toHaveBeenCalledWith('workspaces.addTeamStore', expect.anything());
    await typeIn('url', 'postgresql://finance_li@db.example.com/team');
    await typeIn('password', 'finance-pw');
    (form.querySelector('[data-action="test-team-store"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('workspaces.testTeamStore', { url: 'postgresql://finance_li@db.example.com/team', password: 'finance-pw' });
    const result = form.querySelector('[data-testid="team-store-test"]')!;
    expect(result.textContent).toContain('只读');
    expect(result.textContent).toContain('库结构为最新（版本 8）');
    (form.querySelector('[data-action="save-team-store"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('workspaces.addTeamStore', {
      name: '团队库',
      url: 'postgresql://finance_li@db.example.com/team',
      password: 'finance-pw',
      activate: true,
    });
    w.unmount();
  });
});
