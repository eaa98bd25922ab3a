import type * as z from 'zod';
import { appCalls } from './app';
import { settingsCalls } from './settings';
import { workspacesCalls, workspacesEvents } from './workspaces';
import { syncCalls, syncEvents } from './sync';
import { recordsCalls, recordsEvents } from './records';
import { dashboardCalls, dashboardEvents } from './dashboard';
import { statsCalls, statsEvents } from './stats';
import { codesCalls, codesEvents } from './codes';
import { billingCalls, billingEvents } from './billing';
import { appsCalls, appsEvents } from './apps';
import { exportCalls, exportEvents } from './export';
import { alertsCalls, alertsEvents } from './alerts';
import { toolkitCalls } from './toolkit';
import { backupCalls, backupEvents } from './backup';
import { providersCalls } from './providers';
import { archiveCalls, archiveEvents } from './archive';
import { priceBooksCalls } from './price-books';
import { teamStoreCalls, teamStoreEvents } from './team-store';

/**
 * The one contract: every call the renderer, the browser host and the CLI can make,
 * with its input schema and output schema. Electron IPC, HTTP and the CLI are doors
 * onto exactly this table.
 */
export const calls = {
  ...appCalls,
  ...settingsCalls,
  ...workspacesCalls,
  ...syncCalls,
  ...recordsCalls,
  ...dashboardCalls,
  ...statsCalls,
  ...codesCalls,
  ...billingCalls,
  ...appsCalls,
  ...exportCalls,
  ...alertsCalls,
  ...toolkitCalls,
  ...backupCalls,
  ...providersCalls,
  ...archiveCalls,
  ...priceBooksCalls,
  ...teamStoreCalls,
} as const;

/** Every event pushed from the main process (IPC event / SSE), with its payload schema. */
export const events = {
  ...workspacesEvents,
  ...syncEvents,
  ...recordsEvents,
  ...dashboardEvents,
  ...statsEvents,
  ...codesEvents,
  ...billingEvents,
  ...appsEvents,
  ...exportEvents,
  ...alertsEvents,
  ...backupEvents,
  ...archiveEvents,
  ...teamStoreEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** The input after schema parsing (defaults applied): what a handler receives. */
export type ParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** What `window.api` (Electron) and the HTTP client (browser) both implement. */
export interface Api {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Electron only: the path on disk of a file the user dropped or picked (webUtils.getPathForFile), made
   * readable to `toolkit.inspect { path }` for a short while — the main process reads no other path the
   * page names. Rejects for a file that is not on disk or not a build. Absent in the browser (uploads).
   */
  pathForFile?(file: Blob): Promise<string>;
}

/** IPC channel names, derived from the contract so nothing else invents one: one channel per call. */
export const ipcChannel = {
  call: (name: CallName): string => `api:${name}`,
  event: 'api:event',
  /** The preload telling main which file the user dropped (not a contract call: the page cannot name a path on it). */
  droppedFile: 'files:dropped',
} as const;

export { ApiError, isApiError, errorStatus, ELECTRON_ERROR_PREFIX } from './errors';
export type { ApiErrorBody, ApiErrorCode } from './errors';
