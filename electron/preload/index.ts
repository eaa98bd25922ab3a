/**
 * Preload of the console window (sandboxed, context-isolated, built as CommonJS): exposes
 * `window.api` — `call` and `on` from the contract — and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { callChannels, eventChannel, eventNames } from 'virtual:onetap-ipc-table';
import { createPreloadApi } from './expose';

contextBridge.exposeInMainWorld('api', createPreloadApi(ipcRenderer, { callChannels, eventChannel, eventNames }));
