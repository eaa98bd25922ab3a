/**
 * The whole shell wired together, with `electron` mocked: what index.ts registers before and
 * after 'ready', and how it follows settings and quits.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callNames, ipcChannel } from '../../shared/contract';

const h = vi.hoisted(() => ({
  appEvents: new Map<string, (...args: unknown[]) => unknown>(),
  channels: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  windows: [] as { options: { webPreferences: Record<string, unknown> }; loadURL: { mock: { calls: unknown[][] } } }[],
  menus: [] as { label?: string }[][],
  privileged: [] as unknown[],
  protocolHandled: [] as string[],
  headerHooks: 0,
  boot: [] as unknown[],
  trendDrawing: 0,
  shutdowns: 0,
  quit: 0,
  lock: true,
  theme: { themeSource: 'system', shouldUseDarkColors: false },
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    readonly webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler: () => undefined, isDestroyed: () => false, send: () => undefined });
    readonly loadURL = vi.fn(async () => undefined);
    constructor(readonly options: Record<string, unknown>) {
      super();
      h.windows.push(this as never);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    isFullScreen = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 });
    show() {}
    focus() {}
  }
  const area = { x: 0, y: 0, width: 1920, height: 1080 };
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => h.lock,
      on: (e: string, fn: (...args: unknown[]) => unknown) => h.appEvents.set(e, fn),
      whenReady: () => Promise.resolve(),
      getAppPath: () => '/app',
      getPath: () => '/not-used-when-ONETAP_DATA_DIR-is-set',
      quit: () => void h.quit++,
      exit: vi.fn(),
      setAboutPanelOptions: vi.fn(),
    },
    BrowserWindow,
    dialog: { showErrorBox: vi.fn() },
    ipcMain: {
      handle: (ch: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => h.channels.set(ch, fn),
      removeHandler: (ch: string) => h.channels.delete(ch),
    },
    Menu: { buildFromTemplate: (t: { label?: string }[]) => t, setApplicationMenu: (m: { label?: string }[]) => h.menus.push(m) },
    nativeTheme: h.theme,
    protocol: { registerSchemesAsPrivileged: (s: unknown[]) => h.privileged.push(...s) },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
    screen: { getAllDisplays: () => [{ workArea: area }], getPrimaryDisplay: () => ({ workArea: area }) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => void h.headerHooks++ },
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
        protocol: { handle: (scheme: string) => h.protocolHandled.push(scheme) },
      },
      fromPartition: () => ({}),
    },
    shell: { openExternal: vi.fn(), openPath: vi.fn(), showItemInFolder: vi.fn() },
    Notification: class {
      static isSupported = () => false;
    },
  };
});

// The Node build stands in for the Electron one: the shell must pass *a* binding to every database.
const nodeBuild = fileURLToPath(new URL('../../node_modules/better-sqlite3/build/Release/better_sqlite3.node', import.meta.url));
vi.mock('./native-binding', () => ({ resolveNativeBinding: () => ({ ok: true, path: nodeBuild }) }));
// The trend's drawing thread (ECharts on a worker) is the dashboard service's own; here, only that the shell starts it.
vi.mock('./services/dashboard/trend-svg', () => ({ startTrendDrawing: () => void h.trendDrawing++ }));
vi.mock('./services/boot', () => ({
  bootServices: async (_ctx: unknown, opts: unknown) => {
    h.boot.push(opts);
    return { shutdown: async () => void h.shutdowns++ };
  },
}));

const mainFrame = { url: 'app://onetap/index.html', parent: null, detached: false };
const invoke = (name: string, input: unknown) => h.channels.get(ipcChannel.call(name as never))!({ senderFrame: mainFrame, sender: new EventEmitter() }, input);

describe('Electron shell', () => {
  let dataDir: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onetap-shell-'));
    process.env.ONETAP_DATA_DIR = dataDir;
    vi.spyOn(console, 'warn').mockImplementation((m: string) => void warnings.push(m));
    await import('./index');
    await vi.waitFor(() => expect(h.windows).toHaveLength(1));
  });
  afterAll(() => {
    delete process.env.ONETAP_DATA_DIR;
    vi.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers app:// as a privileged scheme before ready, and serves it after', () => {
    expect(h.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(h.protocolHandled).toEqual(['app']);
    expect(h.headerHooks).toBe(1);
  });

  it('registers every contract call on its own channel, and the one channel of dropped files', () => {
    expect([...h.channels.keys()].sort()).toEqual([...callNames.map((n) => ipcChannel.call(n)), ipcChannel.droppedFile].sort());
  });

  it('opens one locked-down window with the built CommonJS preload', () => {
    const prefs = h.windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload).endsWith(`${sep}preload${sep}index.cjs`)).toBe(true);
    expect(h.windows[0]!.loadURL.mock.calls[0]![0]).toBe('app://onetap/index.html');
  });

  it('runs the services in electron mode in the data folder, with background sync', async () => {
    const info = (await invoke('app.info', {})) as { mode: string; dataDir: string };
    expect(info).toMatchObject({ mode: 'electron', dataDir });
    expect(h.boot).toEqual([{ backgroundSync: true }]);
    // And the dashboard trend's drawing thread, so the window's first dashboard finds it ready.
    expect(h.trendDrawing).toBe(1);
  });

  it('warns loudly that secrets are session-only on a basic_text keyring', () => {
    expect(warnings.some((w) => w.includes('WARNING') && w.includes('basic_text'))).toBe(true);
  });

  it('builds the menu in the saved language and follows a change', async () => {
    expect(h.menus.at(-1)!.map((m) => m.label)).toContain('编辑');
    await invoke('settings.set', { locale: 'en-US', theme: 'dark' });
    expect(h.menus.at(-1)!.map((m) => m.label)).toContain('Edit');
    expect(h.theme.themeSource).toBe('dark');
  });

  it('stops the services before quitting', async () => {
    let prevented = false;
    h.appEvents.get('will-quit')!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(h.quit).toBe(1));
    expect(h.shutdowns).toBe(1);
  });
});
