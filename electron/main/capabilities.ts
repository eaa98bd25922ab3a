/**
 * Desktop capabilities the Electron shell offers to services through `ctx.extensions`.
 * Services never import 'electron'; they ask for a capability here and get null outside
 * Electron (browser host, CLI, tests), where they use their browser-mode path instead:
 *
 *   const pdf = desktopCapability(ctx, 'printToPDF');
 *   if (pdf) bytes = await pdf({ html });            // Electron: a real PDF
 *   else …                                            // browser: hand back the HTML to print
 *
 * This module has no 'electron' import, so services may import it freely.
 */
import type { ServiceContext } from './services/core/context';

export interface PrintToPdfRequest {
  /** A complete, self-contained HTML document (inline CSS, images as data: URLs). Scripts never run. */
  html: string;
  pageSize?: 'A4' | 'A3' | 'Letter' | 'Legal';
  landscape?: boolean;
  /** Print CSS backgrounds (table stripes, coloured headers). Default true. */
  printBackground?: boolean;
}
/** Renders `html` in a hidden, script-less, offline window and returns the PDF bytes. */
export type PrintToPdf = (req: PrintToPdfRequest) => Promise<Buffer>;

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
  printToPDF: PrintToPdf;
  showSaveDialog: ShowSaveDialog;
  notify: Notify;
  showItemInFolder: ShowItemInFolder;
}

/** The `ctx.extensions` keys (values are the functions above). */
export const DESKTOP_EXTENSION_KEYS = {
  printToPDF: 'electron.printToPDF',
  showSaveDialog: 'electron.showSaveDialog',
  notify: 'electron.notify',
  showItemInFolder: 'electron.showItemInFolder',
} as const satisfies Record<keyof DesktopCapabilities, string>;

/** The capability when the console runs in Electron, else null. */
export function desktopCapability<K extends keyof DesktopCapabilities>(ctx: ServiceContext, name: K): DesktopCapabilities[K] | null {
  const fn = ctx.extensions.get(DESKTOP_EXTENSION_KEYS[name]);
  return typeof fn === 'function' ? (fn as DesktopCapabilities[K]) : null;
}

export function setDesktopCapabilities(ctx: ServiceContext, caps: DesktopCapabilities): void {
  for (const name of Object.keys(DESKTOP_EXTENSION_KEYS) as (keyof DesktopCapabilities)[]) {
    ctx.extensions.set(DESKTOP_EXTENSION_KEYS[name], caps[name]);
  }
}
