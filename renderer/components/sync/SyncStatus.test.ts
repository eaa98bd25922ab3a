// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { NConfigProvider, NMessageProvider } from 'naive-ui';
import { syncResources, type SyncProgress, type SyncStatus as Status } from '../../../shared/contract/sync';

const call = vi.fn();
const listeners = new Map<string, Set<(p: unknown) => void>>();
vi.mock('../../api', () => ({
  api: {
    call: (...args: unknown[]) => call(...args),
    on: (event: string, fn: (p: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
      return () => listeners.get(event)!.delete(fn);
    },
  },
}));
const emit = (event: string, payload: unknown): void => listeners.get(event)?.forEach((l) => l(payload));

const { default: SyncStatus } = await import('./SyncStatus.vue');
const { applyLocale, i18n } = await import('../../i18n');

const NOW = Date.now();
function status(over: Partial<Status> = {}): Status {
  return {
    workspaceId: 'demo',
    running: false,
    current: null,
    connected: true,
    online: true,
    offlineReason: null,
    lastContactAt: NOW,
    dataAsOf: NOW - 5 * 60_000,
    staleMs: 5 * 60_000,
    intervalMinutes: 5,
    nextRunAt: NOW + 60_000,
    resources: syncResources.map((resource) => ({
      resource,
      cursor: 1,
      rows: resource === 'records' ? 123456 : 3,
      lastAttemptAt: NOW - 5 * 60_000,
      lastSuccessAt: NOW - 5 * 60_000,
      lastError: null,
      readable: resource !== 'bills',
    })),
    ...over,
  };
}

async function mountIt() {
  setActivePinia(createPinia());
  const Root = defineComponent(() => () => h(NConfigProvider, null, () => h(NMessageProvider, null, () => h(SyncStatus))));
  const w = mount(Root, { global: { plugins: [i18n] }, attachTo: document.body });
  await flushPromises();
  return w;
}

/** Opens the panel: its own chunk (SyncPanel.vue), loaded on first open, so wait until it is drawn. */
async function openPanel(w: Awaited<ReturnType<typeof mountIt>>): Promise<void> {
  await w.find('[data-testid="sync-status"]').trigger('click');
  await vi.waitFor(() => expect(document.querySelector('[data-testid="sync-panel"]')).not.toBeNull());
  await flushPromises();
}

describe('SyncStatus', () => {
  beforeEach(() => {
    listeners.clear();
    call.mockReset();
    document.body.innerHTML = '';
    applyLocale('zh-CN');
  });

  it('says when the data was last synced, and lists every resource in its panel', async () => {
    call.mockImplementation((name: string) => (name === 'sync.status' ? Promise.resolve(status()) : Promise.reject(new Error(name))));
    const w = await mountIt();
    const button = w.find('[data-testid="sync-status"]');
    expect(button.attributes('data-state')).toBe('ok');
    expect(button.text()).toContain('5分钟前已同步');
    await openPanel(w);
    const panel = document.querySelector('[data-testid="sync-resources"]')!;
    expect(panel.querySelectorAll('tbody tr')).toHaveLength(7);
    expect(panel.querySelector('[data-resource="records"]')!.textContent).toContain('123,456');
    expect(panel.querySelector('[data-resource="bills"]')!.textContent).toContain('当前角色无权读取');
    w.unmount();
  });

  it('shows that it works offline and how stale the data is', async () => {
    call.mockResolvedValue(
      status({ online: false, offlineReason: { code: 'PLATFORM_UNREACHABLE', message: 'cannot reach http://x (ECONNREFUSED)' }, dataAsOf: NOW - 3 * 3600_000 }),
    );
    const w = await mountIt();
    const button = w.find('[data-testid="sync-status"]');
    expect(button.attributes('data-state')).toBe('offline');
    expect(button.text()).toContain('离线工作');
    expect(button.text()).toContain('数据更新于3小时前');
    await openPanel(w);
    expect(document.querySelector('[data-testid="sync-offline"]')!.textContent).toContain('ECONNREFUSED');
    w.unmount();
  });

  it('follows a run through its events and cancels it', async () => {
    let finish!: (v: unknown) => void;
    call.mockImplementation((name: string) => {
      if (name === 'sync.status') return Promise.resolve(status());
      if (name === 'sync.run') return new Promise((r) => (finish = r));
      if (name === 'sync.cancel') return Promise.resolve({ cancelled: true });
      return Promise.reject(new Error(name));
    });
    const w = await mountIt();
    await openPanel(w);
    (document.querySelector('[data-testid="sync-now"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('sync.run', {});
    emit('sync.state', status({ running: true, current: { resources: [...syncResources], startedAt: NOW } }));
    const p: SyncProgress = { workspaceId: 'demo', resource: 'records', phase: 'page', done: 25000, total: null, rowsPerSec: 50000, etaSeconds: null };
    emit('sync.progress', p);
    await flushPromises();
    expect(w.find('[data-testid="sync-status"]').attributes('data-state')).toBe('running');
    expect(w.find('[data-testid="sync-status"]').text()).toContain('正在同步认证记录');
    const progress = document.querySelector('[data-testid="task-progress"]')!;
    expect(progress.textContent).toContain('25,000');
    expect(progress.textContent).toContain('50,000 行/秒');
    (progress.querySelector('button') as HTMLButtonElement).click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith('sync.cancel', {});
    finish({ resources: {}, durationMs: 10, ok: false, cancelled: true });
    emit('sync.state', status());
    await flushPromises();
    expect(w.find('[data-testid="sync-status"]').attributes('data-state')).toBe('ok');
    w.unmount();
  });

  it("a team store: says the team's writer syncs it and how fresh, and offers no sync of its own", async () => {
    const team = {
      store: 'postgresql://finance_li@db.example.com:5432/team',
      writer: { name: 'ops-server-1', state: 'idle' as const, resource: null, done: 0, alive: true, reportedAt: NOW - 60_000, nextRunAt: null },
      checkedAt: NOW,
    };
    call.mockImplementation((name: string) =>
      name === 'sync.status' ? Promise.resolve(status({ connected: false, nextRunAt: null, team })) : Promise.reject(new Error(name)),
    );
    const w = await mountIt();
    const button = w.find('[data-testid="sync-status"]');
    expect(button.attributes('data-state')).toBe('team');
    expect(button.text()).toContain('团队库 · 数据更新于5分钟前');
    await openPanel(w);
    expect(document.querySelector('[data-testid="sync-now"]')).toBeNull();
    expect(document.querySelector('[data-testid="sync-team-footer"]')!.textContent).toContain('由团队写入端 ops-server-1 同步 · 数据更新于5分钟前');
    const writer = document.querySelector('[data-testid="sync-team-writer"]')!;
    expect(writer.getAttribute('data-alive')).toBe('true');
    expect(writer.textContent).toContain('写入端 ops-server-1：空闲');
    expect(document.querySelector('[data-testid="sync-team"]')!.textContent).toContain('finance_li@db.example.com');

    // The writer starts a run: the header follows its report; then it dies (holds no lock).
    emit('sync.state', status({ connected: false, team: { ...team, writer: { ...team.writer, state: 'syncing', resource: 'records', done: 5000 } } }));
    await flushPromises();
    expect(w.find('[data-testid="sync-status"]').text()).toContain('写入端正在同步认证记录');
    expect(document.querySelector('[data-testid="sync-team-writer"]')!.textContent).toContain('已 5,000 行');
    emit('sync.state', status({ connected: false, team: { ...team, writer: { ...team.writer, state: 'syncing', alive: false } } }));
    await flushPromises();
    expect(document.querySelector('[data-testid="sync-team-writer"]')!.textContent).toContain('未在运行');
    w.unmount();
  });
});
