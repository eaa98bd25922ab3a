/**
 * The Electron implementations of the desktop capabilities (see capabilities.ts for the
 * contract services see). Inputs come from services, not the page, but are still checked:
 * a bad file name or filter must not turn into a confusing native dialog.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { app, dialog, Notification, shell, type BrowserWindow, type SaveDialogOptions } from 'electron';
import * as z from 'zod';
import type { DesktopCapabilities, Notify, ShowItemInFolder, ShowSaveDialog } from './services/core/capabilities';

const saveRequest = z
  .object({
    title: z.string().max(200).optional(),
    defaultName: z.string().max(255).optional(),
    filters: z
      .array(
        z.object({
          name: z.string().min(1).max(100),
          extensions: z
            .array(z.string().regex(/^[A-Za-z0-9*]{1,16}$/))
            .min(1)
            .max(20),
        }),
      )
      .max(20)
      .optional(),
  })
  .strict();

const notice = z.object({ title: z.string().min(1).max(200), body: z.string().max(2000), silent: z.boolean().optional() }).strict();

export interface DesktopDeps {
  window: () => BrowserWindow | null;
  /** Brings the console to the front (notification clicks). */
  focus: () => void;
}

export function saveDialogCapability(deps: Pick<DesktopDeps, 'window'>): ShowSaveDialog {
  return async (raw) => {
    const req = saveRequest.parse(raw);
    const name = req.defaultName ? basename(req.defaultName) : undefined;
    const options: SaveDialogOptions = {
      ...(req.title ? { title: req.title } : {}),
      ...(name ? { defaultPath: join(app.getPath('downloads'), name) } : {}),
      ...(req.filters ? { filters: req.filters } : {}),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = deps.window();
    const result = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}

/**
 * Notifications shown and not yet closed. Electron does not keep a shown Notification alive: one
 * only this function referred to is collected, and its click handler never runs (electron#16922,
 * #12690: clicking an alert's notification a minute later would open nothing). Held until closed
 * or failed; the oldest are let go past HELD_MAX (where a platform never reports a close).
 */
const held = new Set<Notification>();
const HELD_MAX = 50;

/** How many notifications are held (tests). */
export const heldNotifications = (): number => held.size;

export function notifyCapability(deps: Pick<DesktopDeps, 'focus'>): Notify {
  return (raw) => {
    const { onClick, ...text } = raw;
    const n = notice.parse(text);
    if (!Notification.isSupported()) return false;
    const shown = new Notification({ title: n.title, body: n.body, silent: n.silent ?? false });
    shown.on('click', () => {
      deps.focus();
      if (typeof onClick === 'function') onClick();
    });
    const release = () => held.delete(shown);
    shown.once('close', release);
    shown.once('failed', release);
    held.add(shown);
    for (const oldest of held) {
      if (held.size <= HELD_MAX) break;
      held.delete(oldest);
    }
    shown.show();
    return true;
  };
}

export function showItemInFolderCapability(): ShowItemInFolder {
  return (path) => {
    if (typeof path !== 'string' || !existsSync(path)) return false;
    shell.showItemInFolder(path);
    return true;
  };
}

export function desktopCapabilities(deps: DesktopDeps): DesktopCapabilities {
  return {
    showSaveDialog: saveDialogCapability(deps),
    notify: notifyCapability(deps),
    showItemInFolder: showItemInFolderCapability(),
  };
}
