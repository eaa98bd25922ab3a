/**
 * The object the preload hands to the page as `window.api`: `call`, `on` and `pathForFile`, nothing
 * else. Names are checked against the contract table before anything reaches IPC, and listeners
 * never see the IPC event object (it would hand the page `sender` and friends). `pathForFile` asks
 * Electron for a dropped File's path (webUtils.getPathForFile: empty for a File a script made) and
 * registers it with main, the only way a path becomes readable to `toolkit.inspect` there.
 */
import type { Api } from '../../shared/contract';
import { wireError } from './wire';

/** The contract as plain data (built from shared/contract by the build, see electron.vite.config.ts). */
export interface IpcTable {
  callChannels: Readonly<Record<string, string>>;
  eventChannel: string;
  eventNames: readonly string[];
  /** Where the preload reports a dropped file's path (ipcChannel.droppedFile). */
  droppedFileChannel: string;
}

/** The part of Electron's webUtils the api needs (lets tests pass a fake). */
export interface FileUtils {
  getPathForFile(file: File): string;
}

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The part of ipcRenderer the api needs (lets tests pass a fake). */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function createPreloadApi(ipc: RendererIpc, table: IpcTable, files: FileUtils): Api {
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
    pathForFile(file: unknown): Promise<string> {
      let path = '';
      try {
        path = files.getPathForFile(file as File);
      } catch {
        // not a File at all
      }
      if (typeof path !== 'string' || path === '') {
        return Promise.reject(wireError({ code: 'INVALID_INPUT', message: 'not a file from this computer (drop or pick the build file)' }));
      }
      return ipc.invoke(table.droppedFileChannel, path) as Promise<string>;
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
