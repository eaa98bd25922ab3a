/**
 * The main-process end of `window.api.pathForFile`: the preload reports the path of a file the user
 * dropped (or picked) on `ipcChannel.droppedFile`, and the toolkit's dropped-builds registry checks
 * it (a regular build file within the size bound) and makes it readable to one `toolkit.inspect`
 * call. Senders are checked like every contract call. Large builds are then streamed from disk by
 * the same bounded inspector as `onetap inspect`, never read whole or copied through IPC.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel } from '../../shared/contract';
import { wireError } from '../preload/wire';
import type { ServiceContext } from './services/core/context';
import { toErrorBody } from './services/core/dispatch';
import { DROPPED_BUILDS_EXTENSION, DroppedBuilds } from './services/toolkit/dropped-builds';
import { buildFileApiError } from './services/toolkit/handlers';
import { senderRefusal } from './ipc';
import type { TrustedOrigins } from './trusted-origin';

export interface DroppedFilesOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  ctx: ServiceContext;
  origins: Pick<TrustedOrigins, 'isTrusted'>;
  log?: (message: string) => void;
  registry?: DroppedBuilds;
}

/** Registers the channel and the registry the inspect handler consults; returns how to remove both. */
export function registerDroppedFiles(opts: DroppedFilesOptions): () => void {
  const registry = opts.registry ?? new DroppedBuilds();
  const log = opts.log ?? ((m: string) => console.warn(m));
  opts.ctx.extensions.set(DROPPED_BUILDS_EXTENSION, registry);
  opts.ipcMain.handle(ipcChannel.droppedFile, async (event: IpcMainInvokeEvent, path: unknown) => {
    const refusal = senderRefusal(event.senderFrame, opts.origins);
    if (refusal) {
      log(`ipc: refused a dropped file: ${refusal}`);
      throw wireError({ code: 'FORBIDDEN', message: 'this page may not use the console API' });
    }
    try {
      return await registry.register(path, opts.ctx.clock.now());
    } catch (e) {
      throw wireError(toErrorBody(buildFileApiError(e)).toBody());
    }
  });
  return () => {
    opts.ipcMain.removeHandler(ipcChannel.droppedFile);
    opts.ctx.extensions.delete(DROPPED_BUILDS_EXTENSION);
  };
}
