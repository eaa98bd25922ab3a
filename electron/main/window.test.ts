import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({
  windows: [] as unknown[],
  workArea: { x: 0, y: 0, width: 1920, height: 1050 },
  dark: false,
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class FakeWebContents extends EventEmitter {
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }): void {
      this.openHandler = fn;
    }
  }
  class BrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(async (_url: string) => undefined);
    readonly show = vi.fn();
    readonly maximize = vi.fn();
    bounds = { x: 10, y: 20, width: 1300, height: 900 };
    maximized = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      h.windows.push(this);
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    isFullScreen = () => false;
    isMaximized = () => this.maximized;
    getNormalBounds = () => this.bounds;
  }
  return {
    BrowserWindow,
    nativeTheme: {
      get shouldUseDarkColors() {
        return h.dark;
      },
    },
    screen: {
      getAllDisplays: () => [{ workArea: h.workArea }],
      getPrimaryDisplay: () => ({ workArea: h.workArea }),
    },
  };
});

import { blockForeignNavigation, createMainWindow, type MainWindowOptions } from './window';
import { trustedOrigins } from './trusted-origin';

interface FakeWindow {
  options: { webPreferences: Record<string, unknown> } & Record<string, unknown>;
  webContents: import('node:events').EventEmitter & { openHandler: ((d: { url: string }) => { action: string }) | null };
  loadURL: ReturnType<typeof vi.fn>;
  show: ReturnType<typeof vi.fn>;
  maximize: ReturnType<typeof vi.fn>;
  bounds: { x: number; y: number; width: number; height: number };
  maximized: boolean;
  emit(event: string, ...args: unknown[]): boolean;
}

function open(over: Partial<MainWindowOptions> = {}) {
  const openExternal = vi.fn(async () => true);
  const saveState = vi.fn();
  createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    origins: trustedOrigins({ isPackaged: true }),
    openExternal,
    saved: null,
    saveState,
    title: 'OneTap Console',
    log: () => undefined,
    ...over,
  });
  const win = h.windows.at(-1) as FakeWindow;
  return { win, openExternal, saveState };
}

function navigate(win: FakeWindow, event: string, url: string): boolean {
  let prevented = false;
  win.webContents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('console window', () => {
  beforeEach(() => {
    h.windows.length = 0;
    h.dark = false;
  });
  afterEach(() => vi.useRealTimers());

  it('is locked down: context isolation, sandbox, no Node, web security, our preload', () => {
    const { win } = open();
    const p = win.options.webPreferences;
    expect(p.contextIsolation).toBe(true);
    expect(p.sandbox).toBe(true);
    expect(p.nodeIntegration).toBe(false);
    expect(p.nodeIntegrationInSubFrames).toBe(false);
    expect(p.nodeIntegrationInWorker).toBe(false);
    expect(p.webSecurity).toBe(true);
    expect(p.allowRunningInsecureContent).toBe(false);
    expect(p.webviewTag).toBe(false);
    expect(p.preload).toBe('/app/out/preload/index.cjs');
    expect(win.options.show).toBe(false);
  });

  it('loads the app origin, and shows only when ready', () => {
    const { win } = open();
    expect(win.loadURL).toHaveBeenCalledWith('app://onetap/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('denies navigation away from the app and hands the link to the checked opener', () => {
    const { win, openExternal } = open();
    expect(navigate(win, 'will-navigate', 'https://example.com/docs')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://example.com/docs');
    expect(navigate(win, 'will-redirect', 'http://evil.example/')).toBe(true);
    expect(navigate(win, 'will-navigate', 'file:///etc/passwd')).toBe(true);
  });

  it('denies a sub-frame navigated away (will-frame-navigate carries its own url)', () => {
    const { win, openExternal } = open();
    const frame = (url: string): boolean => {
      let prevented = false;
      win.webContents.emit('will-frame-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(frame('https://evil.example/frame')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/frame');
    expect(frame('app://onetap/index.html')).toBe(false);
  });

  it('every other web contents: navigation, redirect and frame navigation off the origin are blocked', async () => {
    const { EventEmitter } = await import('node:events');
    const contents = Object.assign(new EventEmitter(), {
      openHandler: null as null | (() => unknown),
      setWindowOpenHandler(fn: () => unknown) {
        this.openHandler = fn;
      },
    });
    blockForeignNavigation(contents as never, trustedOrigins({ isPackaged: true }));
    const fire = (name: string, url: string): boolean => {
      let prevented = false;
      const ev = { url, preventDefault: () => (prevented = true) };
      contents.emit(name, ev, url);
      return prevented;
    };
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-frame-navigate', 'app://onetap/index.html')).toBe(false);
    expect(fire('will-attach-webview', 'x')).toBe(true);
    expect(contents.openHandler!()).toEqual({ action: 'deny' });
  });

  it('lets the page reload itself (same origin)', () => {
    const { win, openExternal } = open();
    expect(navigate(win, 'will-navigate', 'app://onetap/index.html')).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies every new window; a link goes to the opener instead', () => {
    const { win, openExternal } = open();
    expect(win.webContents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler!({ url: 'app://onetap/index.html' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/');
  });

  it('refuses webviews', () => {
    const { win } = open();
    expect(navigate(win, 'will-attach-webview', '')).toBe(true);
  });

  it('opens at the remembered place and size, maximized if it was', () => {
    const { win } = open({ saved: { x: 100, y: 80, width: 1400, height: 900, maximized: true } });
    expect(win.options).toMatchObject({ x: 100, y: 80, width: 1400, height: 900 });
    win.emit('ready-to-show');
    expect(win.maximize).toHaveBeenCalled();
  });

  it('saves its normal bounds when closed and shortly after a resize', () => {
    vi.useFakeTimers();
    const { win, saveState } = open();
    win.bounds = { x: 40, y: 30, width: 1111.4, height: 777 };
    win.emit('resize');
    win.emit('resize');
    expect(saveState).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(saveState).toHaveBeenCalledTimes(1);
    expect(saveState).toHaveBeenLastCalledWith({ x: 40, y: 30, width: 1111, height: 777, maximized: false });
    win.maximized = true;
    win.emit('close');
    expect(saveState).toHaveBeenLastCalledWith({ x: 40, y: 30, width: 1111, height: 777, maximized: true });
  });

  it('paints a dark background first when the OS is dark', () => {
    h.dark = true;
    const { win } = open();
    expect(win.options.backgroundColor).toBe('#101014');
  });
});
