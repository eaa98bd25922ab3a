/**
 * The object the preload hands to the page as `window.api`: `call` and `on`, nothing else.
 * Names are checked against the contract table before anything reaches IPC, and listeners
 * never see the IPC event object (it would hand the page `sender` and friends).
 */
import type { Api } from '../../shared/contract';
import { wireError } from './wire';

/** The contract as plain data (built from shared/contract by the build, see electron.vite.config.ts). */
export interface IpcTable {
  callChannels: Readonly<Record<string, string>>;
  eventChannel: string;
  eventNames: readonly string[];
}

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The part of ipcRenderer the api needs (lets tests pass a fake). */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function createPreloadApi(ipc: RendererIpc, table: IpcTable): Api {
  const knownEvents = new Set(table.eventNames);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  // One IPC listener for all events, attached only while someone listens.
  const onEvent: IpcListener = (_event, name, payload) => {
    if (typeof name !== 'string') return;
    for (const l of listeners.get(name) ?? []) {
      try {
        l(payload);
      } catch (e) {
        // One broken view must not keep the event from the others.
        console.error(`listener for ${name} failed`, e);
      }
    }
  };
  let attached = false;

  const api = {
    call(name: string, input: unknown): Promise<unknown> {
      if (typeof name !== 'string' || !has(table.callChannels, name)) {
        return Promise.reject(wireError({ code: 'UNKNOWN_CALL', message: `unknown call: ${JSON.stringify(String(name)).slice(0, 100)}` }));
      }
      return ipc.invoke(table.callChannels[name]!, input ?? {});
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !knownEvents.has(event)) throw new Error(`unknown event: ${JSON.stringify(String(event)).slice(0, 100)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      if (!attached) {
        ipc.on(table.eventChannel, onEvent);
        attached = true;
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(listener);
        if (set.size === 0) listeners.delete(event);
        if (listeners.size === 0 && attached) {
          ipc.removeListener(table.eventChannel, onEvent);
          attached = false;
        }
      };
    },
  };
  return api as Api;
}
