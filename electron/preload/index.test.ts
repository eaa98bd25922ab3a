import { describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({ exposed: [] as [string, unknown][] }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => h.exposed.push([key, value]) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('virtual:onetap-ipc-table', () => ({ callChannels: { 'app.info': 'api:app.info' }, eventChannel: 'api:event', eventNames: ['sync.progress'] }));

describe('preload entry', () => {
  it('exposes window.api with call and on — and nothing else', async () => {
    await import('./index');
    expect(h.exposed.map(([k]) => k)).toEqual(['api']);
    expect(Object.keys(h.exposed[0]![1] as object).sort()).toEqual(['call', 'on']);
  });
});
