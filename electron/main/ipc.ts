/**
 * The Electron door onto the contract. Every call gets its own channel (`api:<name>`), and all
 * of them are registered here through one wrapper that
 *  - refuses names the contract does not know (no channel is ever invented),
 *  - refuses senders that are not our page in the main frame (FORBIDDEN, handler not run),
 *  - validates and dispatches through core/dispatch (the same path as HTTP and the CLI),
 *  - sends errors back as `ONETAP_API_ERROR:<json>` (see electron/preload/wire.ts).
 */
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { callNames, ipcChannel, isCallName, type CallName } from '../../shared/contract';
import type { ServiceContext } from './services/core/context';
import { dispatch, toErrorBody, type Handlers } from './services/core/dispatch';
import type { EventBus } from './services/core/events';
import type { TrustedOrigins } from './trusted-origin';
import { wireError } from '../preload/wire';

export interface ContractIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  ctx: ServiceContext;
  handlers: Handlers;
  origins: Pick<TrustedOrigins, 'isTrusted'>;
  /** Runs after a call succeeded; the shell follows settings changes (menu language, theme) with it. */
  afterCall?: (name: CallName, output: unknown) => void;
  log?: (message: string) => void;
}

type SenderFrame = Pick<WebFrameMain, 'url' | 'parent' | 'detached'> | null | undefined;

/** Why a sender may not call, or null when it may: our origin, main frame, still attached. */
export function senderRefusal(frame: SenderFrame, origins: Pick<TrustedOrigins, 'isTrusted'>): string | null {
  if (!frame) return 'no sender frame (it navigated away or was destroyed)';
  if (frame.detached) return 'sender frame is detached';
  if (frame.parent !== null) return 'sender is a subframe';
  if (!origins.isTrusted(frame.url)) return 'sender is not the console page';
  return null;
}

/** Registers one contract call. Throws for a name the contract does not define. */
export function registerCall(opts: ContractIpcOptions, name: string): void {
  if (!isCallName(name)) throw new Error(`refusing to register an IPC channel for unknown call ${JSON.stringify(name)}`);
  const log = opts.log ?? ((m: string) => console.warn(m));
  opts.ipcMain.handle(ipcChannel.call(name), async (event: IpcMainInvokeEvent, input: unknown) => {
    const refusal = senderRefusal(event.senderFrame, opts.origins);
    if (refusal) {
      log(`ipc: refused ${name}: ${refusal}`);
      throw wireError({ code: 'FORBIDDEN', message: 'this page may not use the console API' });
    }
    // A closed window cancels what it asked for (long syncs, exports).
    const abort = new AbortController();
    const onGone = (): void => abort.abort();
    event.sender.once('destroyed', onGone);
    try {
      const output = await dispatch(opts.handlers, opts.ctx, name, input, abort.signal);
      if (opts.afterCall) {
        try {
          opts.afterCall(name, output);
        } catch (e) {
          log(`ipc: after ${name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      return output;
    } catch (e) {
      const err = toErrorBody(e);
      // Input is never logged: it may hold a secret key.
      if (err.code === 'INTERNAL') log(`ipc: ${name} failed: ${err.message}`);
      throw wireError(err.toBody());
    } finally {
      event.sender.removeListener('destroyed', onGone);
    }
  });
}

/** Registers every contract call; returns a function that removes them again. */
export function registerContractCalls(opts: ContractIpcOptions): () => void {
  for (const name of callNames) registerCall(opts, name);
  return () => {
    for (const name of callNames) opts.ipcMain.removeHandler(ipcChannel.call(name));
  };
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** Pushes every contract event to the window on `api:event` as (name, payload). */
export function forwardEvents(events: EventBus, target: () => EventTarget | null): () => void {
  return events.subscribe((name, payload) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(ipcChannel.event, name, payload);
  });
}
