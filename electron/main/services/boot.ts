import type { ServiceContext } from './core/context';

/** How a door asks for the services to start: which data, which platform connection. */
export interface BootOptions {
  /** Use this workspace database file instead of the saved workspaces (CLI/browser --db). */
  dbFile?: string;
  /** Connection from flags or environment (never persisted outside Electron). */
  connection?: { endpoint: string; accessKey: string; secretKey: string };
  /** Start background sync (the doors that stay up: Electron and the browser host). */
  backgroundSync?: boolean;
}

export interface Booted {
  /** Stops timers, the embedded demo emulator, and closes databases. */
  shutdown(): Promise<void>;
}

/**
 * Starts everything the services need beyond the console database: the workspace registry
 * (the demo emulator by default), background sync. Each door calls this once.
 */
export async function bootServices(_ctx: ServiceContext, _opts: BootOptions = {}): Promise<Booted> {
  return { shutdown: async () => undefined };
}
