/**
 * Desktop capabilities the Electron shell offers to services through `ctx.extensions`.
 * Services never import 'electron'; they ask for a capability here and get null outside
 * Electron (browser host, CLI, tests), where they use their browser-mode path instead:
 *
 *   const save = desktopCapability(ctx, 'showSaveDialog');
 *   if (save) path = await save({ defaultName });     // Electron: the native dialog
 *   else …                                            // browser: a download link
 *
 * It lives with the services (the shell implements it in desktop-capabilities.ts), so services
 * never import the shell.
 */
import { ServiceKey, type ServiceContext } from './context';

export interface SaveDialogRequest {
  title?: string;
  /** Suggested file name (only the base name is used; the folder is the user's Downloads). */
  defaultName?: string;
  filters?: { name: string; extensions: string[] }[];
}
/** Shows the native save dialog over the console window; the chosen absolute path, or null when cancelled. */
export type ShowSaveDialog = (req: SaveDialogRequest) => Promise<string | null>;

export interface DesktopNotice {
  title: string;
  body: string;
  silent?: boolean;
  /** Called after the console was focused by a click on the notification (e.g. open the alert's view). */
  onClick?: () => void;
}
/** Shows a desktop notification (clicking it focuses the console); false when the OS has none. */
export type Notify = (notice: DesktopNotice) => boolean;

/** Reveals a file the console wrote (an export) in the OS file manager; false if it does not exist. */
export type ShowItemInFolder = (path: string) => boolean;

export interface DesktopCapabilities {
  showSaveDialog: ShowSaveDialog;
  notify: Notify;
  showItemInFolder: ShowItemInFolder;
}

/** The `ctx.extensions` keys, each typed by its capability. */
export const DESKTOP_EXTENSION_KEYS: { readonly [K in keyof DesktopCapabilities]: ServiceKey<DesktopCapabilities[K]> } = {
  showSaveDialog: new ServiceKey('electron.showSaveDialog'),
  notify: new ServiceKey('electron.notify'),
  showItemInFolder: new ServiceKey('electron.showItemInFolder'),
};

/** The capability when the console runs in Electron, else null. */
export function desktopCapability<K extends keyof DesktopCapabilities>(ctx: ServiceContext, name: K): DesktopCapabilities[K] | null {
  return ctx.extensions.get<DesktopCapabilities[K]>(DESKTOP_EXTENSION_KEYS[name]) ?? null;
}

export function setDesktopCapabilities(ctx: ServiceContext, caps: DesktopCapabilities): void {
  ctx.extensions.set(DESKTOP_EXTENSION_KEYS.showSaveDialog, caps.showSaveDialog);
  ctx.extensions.set(DESKTOP_EXTENSION_KEYS.notify, caps.notify);
  ctx.extensions.set(DESKTOP_EXTENSION_KEYS.showItemInFolder, caps.showItemInFolder);
}
