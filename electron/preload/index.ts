/**
 * Preload of the console window (sandboxed, context-isolated, built as CommonJS): exposes
 * `window.api` — `call` and `on` from the contract, and `pathForFile` for dropped builds — and
 * nothing else.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { callChannels, droppedFileChannel, eventChannel, eventNames } from 'virtual:onetap-ipc-table';
import { createPreloadApi } from './expose';

contextBridge.exposeInMainWorld('api', createPreloadApi(ipcRenderer, { callChannels, eventChannel, eventNames, droppedFileChannel }, webUtils));
