import { describe, expect, it, vi } from 'vitest';
import { callNames, eventNames, ipcChannel } from '../../shared/contract';
import { createPreloadApi, type FileUtils, type IpcTable, type RendererIpc } from './expose';
import { ELECTRON_ERROR_PREFIX } from './wire';

// The table the build generates (electron.vite.config.ts), computed the same way from the contract.
const table: IpcTable = {
  callChannels: Object.fromEntries(callNames.map((n) => [n, ipcChannel.call(n)])),
  eventChannel: ipcChannel.event,
  eventNames,
  droppedFileChannel: ipcChannel.droppedFile,
};

/** webUtils.getPathForFile as Electron behaves: a path for a File from disk, '' for one a script made. */
const onDisk = new WeakMap<object, string>();
const files: FileUtils = { getPathForFile: (f) => onDisk.get(f) ?? '' };

type Listener = (event: unknown, ...args: unknown[]) => void;
function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ channel, input })),
    on: vi.fn((channel: string, l: Listener) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l)),
    removeListener: vi.fn((channel: string, l: Listener) => void listeners.get(channel)?.delete(l)),
  } satisfies RendererIpc;
  const emit = (...args: unknown[]) => listeners.get(ipcChannel.event)?.forEach((l) => l({ sender: 'ipc-event-object' }, ...args));
  return { ipc, emit, count: () => listeners.get(ipcChannel.event)?.size ?? 0 };
}

describe('preload api', () => {
  it('has call, on and pathForFile, and nothing else', () => {
    expect(Object.keys(createPreloadApi(fakeIpc().ipc, table, files)).sort()).toEqual(['call', 'on', 'pathForFile']);
  });

  it("pathForFile: a dropped file's path is reported to main on its own channel and returned", async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc, table, files);
    const dropped = new Blob(['apk bytes']);
    onDisk.set(dropped, '/home/u/Downloads/app-release.apk');
    await expect(api.pathForFile!(dropped)).resolves.toEqual({ channel: 'files:dropped', input: '/home/u/Downloads/app-release.apk' });
    expect(ipc.invoke).toHaveBeenCalledWith('files:dropped', '/home/u/Downloads/app-release.apk');
  });

  it('pathForFile: a File a script made (no path), or no File at all, never reaches IPC', async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc, table, { getPathForFile: (f) => (f instanceof Blob ? '' : (f as unknown as { path: string }).path) });
    await expect(api.pathForFile!(new Blob(['made up']))).rejects.toThrow(/INVALID_INPUT/);
    // A plain object posing as a File: Electron throws for it; so does the fake when it has no path.
    const throwing = createPreloadApi(ipc, table, {
      getPathForFile: () => {
        throw new TypeError('not a File');
      },
    });
    await expect(throwing.pathForFile!({ path: '/etc/shadow' } as unknown as Blob)).rejects.toThrow(/INVALID_INPUT/);
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('invokes the contract channel of a known call', async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc, table, files);
    await expect(api.call('settings.set', { locale: 'en-US' })).resolves.toEqual({ channel: 'api:settings.set', input: { locale: 'en-US' } });
  });

  it('refuses an unknown call before it reaches IPC, in the wire error format', async () => {
    const { ipc } = fakeIpc();
    const api = createPreloadApi(ipc, table, files);
    const err = await (api.call as (n: string, i: unknown) => Promise<unknown>)('shell.exec', {}).catch((e: unknown) => e);
    const msg = (err as Error).message;
    expect(msg.startsWith(ELECTRON_ERROR_PREFIX)).toBe(true);
    expect(JSON.parse(msg.slice(ELECTRON_ERROR_PREFIX.length)).code).toBe('UNKNOWN_CALL');
    for (const sneaky of ['__proto__', 'constructor', 'toString']) {
      await expect((api.call as (n: string, i: unknown) => Promise<unknown>)(sneaky, {})).rejects.toThrow(/UNKNOWN_CALL/);
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('delivers events by name without the IPC event object, and unsubscribes', () => {
    const { ipc, emit, count } = fakeIpc();
    const api = createPreloadApi(ipc, table, files);
    const seen: unknown[][] = [];
    const off = api.on('sync.progress', (...args: unknown[]) => seen.push(args));
    const offOther = api.on('sync.state', () => undefined);
    expect(count()).toBe(1); // one IPC listener for all subscriptions
    emit('sync.progress', { done: 1 });
    emit('sync.state', { running: false });
    expect(seen).toEqual([[{ done: 1 }]]);
    off();
    off(); // twice is harmless
    emit('sync.progress', { done: 2 });
    expect(seen).toHaveLength(1);
    offOther();
    expect(count()).toBe(0);
  });

  it('keeps delivering when one listener throws', () => {
    const { ipc, emit } = fakeIpc();
    const api = createPreloadApi(ipc, table, files);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn();
    api.on('sync.progress', () => {
      throw new Error('view bug');
    });
    api.on('sync.progress', good);
    emit('sync.progress', {});
    expect(good).toHaveBeenCalled();
    err.mockRestore();
  });

  it('refuses unknown events and non-function listeners', () => {
    const api = createPreloadApi(fakeIpc().ipc, table, files);
    expect(() => (api.on as (e: string, l: unknown) => unknown)('secrets.leaked', () => undefined)).toThrow(/unknown event/);
    expect(() => (api.on as (e: string, l: unknown) => unknown)('sync.progress', 'nope')).toThrow(/function/);
  });
});
