import { describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({
  exposed: [] as [string, unknown][],
  invoke: vi.fn(async (channel: string, arg: unknown) => ({ channel, arg })),
  getPathForFile: vi.fn((_file: unknown) => '/tmp/dropped.apk'),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => h.exposed.push([key, value]) },
  ipcRenderer: { invoke: h.invoke, on: vi.fn(), removeListener: vi.fn() },
  webUtils: { getPathForFile: h.getPathForFile },
}));
vi.mock('virtual:onetap-ipc-table', () => ({
  callChannels: { 'app.info': 'api:app.info' },
  eventChannel: 'api:event',
  eventNames: ['sync.progress'],
  droppedFileChannel: 'files:dropped',
}));

describe('preload entry', () => {
  it('exposes window.api with call, on and pathForFile — and nothing else', async () => {
    await import('./index');
    expect(h.exposed.map(([k]) => k)).toEqual(['api']);
    expect(Object.keys(h.exposed[0]![1] as object).sort()).toEqual(['call', 'on', 'pathForFile']);
  });

  it("pathForFile goes through Electron's webUtils.getPathForFile and the dropped-file channel", async () => {
    await import('./index');
    const api = h.exposed[0]![1] as { pathForFile(f: unknown): Promise<unknown> };
    const file = new Blob(['x']);
    await expect(api.pathForFile(file)).resolves.toEqual({ channel: 'files:dropped', arg: '/tmp/dropped.apk' });
    expect(h.getPathForFile).toHaveBeenCalledWith(file);
  });
});
