/**
 * The Electron shell: app lifecycle and wiring only. Everything the console does lives in the
 * services (electron/main/services), reached through the contract; this file starts them with
 * Electron's data folder and keyring, opens the one window, and registers the IPC door.
 */
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, Menu, nativeTheme, protocol, safeStorage, session, shell, type BrowserWindow } from 'electron';
import type { Settings } from '../../shared/contract/settings';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol';
import { setDesktopCapabilities } from './services/core/capabilities';
import { desktopCapabilities } from './desktop-capabilities';
import { createExternalOpener } from './external-links';
import { forwardEvents, registerContractCalls } from './ipc';
import { registerDroppedFiles } from './dropped-files';
import { menuTemplate } from './menu';
import { resolveNativeBinding } from './native-binding';
import { safeStorageSecretStore } from './secret-store';
import { hardenSession } from './session-security';
import { APP_SCHEME, trustedOrigins } from './trusted-origin';
import { blockForeignNavigation, createMainWindow } from './window';
import { bootServices } from './services/boot';
import { startTrendDrawing } from './services/dashboard/trend-svg';
import { createContext } from './services/core/create-context';
import type { ServiceContext } from './services/core/context';
import { setDefaultNativeBinding } from './services/db/open';
import { handlers } from './services/handlers';
import { settingsRepo } from './services/settings/settings-repo';

const APP_TITLE = 'OneTap Console';
const built = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
// Paths relative to out/main/index.js (the same inside the packaged asar).
const PRELOAD = built('../preload/index.cjs');
const RENDERER_DIR = built('../renderer');
const ICON = built('../../resources/icon.png');

const log = (m: string): void => console.warn(`[onetap] ${m}`);

// Before 'ready': app:// must be a standard, secure scheme for the page to get a real origin.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const origins = trustedOrigins({ devServerUrl: process.env.ELECTRON_RENDERER_URL, isPackaged: app.isPackaged });
const openExternal = createExternalOpener(shell, log);

let win: BrowserWindow | null = null;
let ctx: ServiceContext | null = null;
let shutdown: (() => Promise<void>) | null = null;

function focusWindow(): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function applySettings(settings: Settings): void {
  nativeTheme.themeSource = settings.theme;
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        locale: settings.locale,
        platform: process.platform,
        appName: APP_TITLE,
        isDev: !app.isPackaged,
        openDataFolder: () => {
          if (ctx) void shell.openPath(ctx.dataDir);
        },
      }),
    ),
  );
}

function openWindow(c: ServiceContext): void {
  win = createMainWindow({
    preloadPath: PRELOAD,
    origins,
    openExternal,
    saved: settingsRepo(c.consoleDb).read().window,
    saveState: (state) => settingsRepo(c.consoleDb).write({ window: state }),
    title: APP_TITLE,
    ...(process.platform === 'linux' ? { iconPath: ICON } : {}),
    log,
  });
  win.on('closed', () => {
    win = null;
  });
}

async function start(): Promise<void> {
  const electronVersion = process.versions.electron ?? '';
  const binding = resolveNativeBinding({ appPath: app.getAppPath(), electronVersion });
  if (!binding.ok) throw new Error(binding.problem);
  setDefaultNativeBinding(binding.path);

  const secrets = safeStorageSecretStore(safeStorage);
  if (secrets.warning) log(`WARNING: ${secrets.warning}`);

  const c = createContext({
    mode: 'electron',
    // ONETAP_DATA_DIR lets tests and side-by-side installs use another folder, as in the CLI.
    dataDir: process.env.ONETAP_DATA_DIR || app.getPath('userData'),
    secrets,
    electronVersion,
    nativeBinding: binding.path,
  });
  ctx = c;
  const booted = await bootServices(c, { backgroundSync: true });
  // The dashboard trend's first frame is drawn on a thread of its own (dashboard.trendSvg): started now,
  // it has ECharts loaded and compiled by the time the window asks, as in the browser-mode host.
  startTrendDrawing();
  shutdown = async () => {
    await booted.shutdown();
    c.consoleDb.close();
  };

  setDesktopCapabilities(c, desktopCapabilities({ window: () => win, focus: focusWindow }));
  hardenSession(session.defaultSession, origins);
  session.defaultSession.protocol.handle(APP_SCHEME, appProtocolHandler(RENDERER_DIR));
  registerContractCalls({
    ipcMain,
    ctx: c,
    handlers,
    origins,
    log,
    afterCall: (name, output) => {
      if (name === 'settings.set') applySettings(output as Settings);
    },
  });
  // A dropped build's path, reported by the preload: the only paths toolkit.inspect reads in the window.
  registerDroppedFiles({ ipcMain, ctx: c, origins, log });
  forwardEvents(c.events, () => win?.webContents ?? null);

  app.setAboutPanelOptions({ applicationName: APP_TITLE, applicationVersion: c.version, iconPath: ICON });
  applySettings(settingsRepo(c.consoleDb).read());
  openWindow(c);
}

function fatal(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`[onetap] could not start: ${message}`);
  dialog.showErrorBox(`${APP_TITLE} could not start`, message);
  app.exit(1);
}

// Windows shows notifications only for an app with a user model id (the installer's appId).
if (process.platform === 'win32') app.setAppUserModelId('com.onetap.console');

if (!app.requestSingleInstanceLock()) {
  // Another console is running: it gets focused (second-instance) and this one leaves.
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  // Every web contents, whoever creates it: no webviews, no popups, no navigation off our origin.
  // The console window adds the checked opener for links on top (window.ts).
  app.on('web-contents-created', (_e, contents) => blockForeignNavigation(contents, origins));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (ctx && !win) openWindow(ctx);
  });
  app.on('will-quit', (event) => {
    if (!shutdown) return;
    // Close databases and stop background sync before the process goes away.
    event.preventDefault();
    const stop = shutdown;
    shutdown = null;
    void stop()
      .catch((e: unknown) => log(`shutdown: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => app.quit());
  });
  app.whenReady().then(start).catch(fatal);
}
