/**
 * The console window: locked-down webPreferences, navigation and new windows denied (links go
 * to the one checked opener), size and place remembered in settings.
 */
import { BrowserWindow, nativeTheme, screen, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import type { Settings } from '../../shared/contract/settings';
import type { ExternalOpener } from './external-links';
import type { TrustedOrigins } from './trusted-origin';
import { initialBounds, MIN_SIZE, windowToSave, type InitialBounds, type SavedWindow } from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  origins: TrustedOrigins;
  openExternal: ExternalOpener;
  saved: Settings['window'];
  saveState: (state: SavedWindow) => void;
  title: string;
  iconPath?: string;
  log?: (message: string) => void;
}

/** The BrowserWindow options; every security-relevant preference is spelled out, not left to defaults. */
export function mainWindowOptions(
  opts: Pick<MainWindowOptions, 'preloadPath' | 'title' | 'iconPath'>,
  bounds: InitialBounds,
  dark: boolean,
): BrowserWindowConstructorOptions {
  return {
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : { center: true }),
    minWidth: Math.min(MIN_SIZE.width, bounds.width),
    minHeight: Math.min(MIN_SIZE.height, bounds.height),
    title: opts.title,
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    show: false,
    // The page's own background, so no white flash before the first paint in dark mode.
    backgroundColor: dark ? '#101014' : '#ffffff',
    autoHideMenuBar: false,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/**
 * The floor for every web contents, whoever creates it (app 'web-contents-created'): no
 * webviews, no popups, and no navigation, redirect or frame navigation off our origin.
 */
export function blockForeignNavigation(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, origins: Pick<TrustedOrigins, 'isTrusted'>): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!origins.isTrusted(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!origins.isTrusted(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!origins.isTrusted(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * No navigation away from the app and no new windows, in any web contents. A link the user
 * clicked (or window.open) is handed to the checked opener, which opens only https/mailto.
 * Navigation within our own origin (a reload, the dev server's full reload) stays allowed.
 */
export function guardNavigation(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  origins: Pick<TrustedOrigins, 'isTrusted'>,
  openExternal: ExternalOpener,
): void {
  const deny = (event: { preventDefault(): void }, url: string): void => {
    if (origins.isTrusted(url)) return;
    event.preventDefault();
    void openExternal(url);
  };
  contents.on('will-navigate', (event, url) => deny(event, url));
  contents.on('will-redirect', (event, url) => deny(event, url));
  // Sub-frames too (an iframe navigated by the page), and the event carries its own url.
  contents.on('will-frame-navigate', (event) => deny(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });
}

/** Saves the window state a moment after the user stops moving/resizing, and when it closes. */
export function trackWindowState(win: BrowserWindow, save: (state: SavedWindow) => void, delayMs = 750): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    save(windowToSave(win.getNormalBounds(), win.isMaximized()));
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', flush);
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const log = opts.log ?? ((m: string) => console.warn(m));
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const primary = screen.getPrimaryDisplay().workArea;
  const bounds = initialBounds(opts.saved, [primary, ...workAreas.filter((a) => a !== primary)]);
  const win = new BrowserWindow(mainWindowOptions(opts, bounds, nativeTheme.shouldUseDarkColors));
  guardNavigation(win.webContents, opts.origins, opts.openExternal);
  trackWindowState(win, (state) => {
    try {
      opts.saveState(state);
    } catch (e) {
      log(`window: could not save its size: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  win.once('ready-to-show', () => {
    if (bounds.maximized) win.maximize();
    win.show();
  });
  win.webContents.on('render-process-gone', (_e, details) => log(`window: renderer gone (${details.reason})`));
  void win
    .loadURL(opts.origins.entryUrl)
    .catch((e: unknown) => log(`window: could not load ${opts.origins.entryUrl}: ${e instanceof Error ? e.message : String(e)}`));
  return win;
}
