/**
 * Handlers of the 'store' contract entries (shared/contract/team-store.ts): the team store's
 * writer (one run, or the daemon), its status, and copying a workspace file into it. The store
 * is the one the door opened (admin-access.ts); the PostgreSQL modules load when a call runs.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { Handlers } from '../core/dispatch';
import { createPlatformClient, type PlatformConnection } from '../platform/http-client';
import { openWorkspaceDatabase } from '../workspaces/open-workspace-db';
import { teamStoreAccess, type TeamStoreAccess } from './admin-access';

type TeamStoreHandlers = Pick<Handlers, 'store.status' | 'store.sync' | 'store.daemon' | 'store.migrate'>;

function platformOf(access: TeamStoreAccess): PlatformConnection {
  if (!access.platform) throw new ApiError('UNAUTHORIZED', "the team store's writer needs the platform: its endpoint, access key and secret key");
  return access.platform;
}

const lockOptions = (waitSeconds: number | undefined) => (waitSeconds !== undefined ? { wait: true, timeoutMs: waitSeconds * 1000 } : {});

export const teamStoreHandlers: TeamStoreHandlers = {
  'store.status': async (ctx) => {
    const { store, display } = teamStoreAccess(ctx);
    const writers = await store.writerStatuses();
    const resources = await store.syncStates();
    return { store: display, writers, resources };
  },

  'store.sync': async (ctx, input, signal) => {
    const access = teamStoreAccess(ctx);
    const client = createPlatformClient(platformOf(access));
    try {
      const { runStoreSync, storeSyncResources } = await import('./store-sync');
      return await runStoreSync({
        store: access.store,
        client,
        clock: ctx.clock,
        resources: input.resources ?? [...storeSyncResources],
        signal,
        lock: lockOptions(input.waitSeconds),
        workspaceId: `store:${access.display}`,
        onProgress: (p) => ctx.events.emit('sync.progress', p),
      });
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError('INTERNAL', `team store sync: ${(e as Error).message}`);
    } finally {
      client.close();
    }
  },

  'store.daemon': async (ctx, input, signal) => {
    const access = teamStoreAccess(ctx);
    const client = createPlatformClient(platformOf(access));
    try {
      const [{ runSyncDaemon }, { storeSyncResources }] = await Promise.all([import('./sync-daemon'), import('./store-sync')]);
      return await runSyncDaemon({
        store: access.store,
        client,
        clock: ctx.clock,
        resources: input.resources ?? [...storeSyncResources],
        intervalMs: input.intervalSeconds * 1000,
        writer: access.writer,
        ...(input.waitSeconds !== undefined ? { lock: lockOptions(input.waitSeconds) } : {}),
        signal,
        log: (line) => ctx.events.emit('store.daemonLog', { at: ctx.clock.now(), line }),
      });
    } finally {
      client.close();
    }
  },

  'store.migrate': async (ctx, input, signal) => {
    const access = teamStoreAccess(ctx);
    // The page of the browser door names no files on the host.
    if (ctx.mode === 'browser')
      throw new ApiError('FORBIDDEN', 'db: the browser names no file on the host; copy a workspace into a team store with onetap store migrate', {
        fields: { db: 'not in browser mode' },
      });
    if (!isAbsolute(input.db)) throw new ApiError('INVALID_INPUT', `db: ${input.db} is not an absolute path`, { fields: { db: 'not an absolute path' } });
    if (!existsSync(input.db)) throw new ApiError('NOT_FOUND', `db: no such file: ${input.db}`, { fields: { db: 'no such file' } });
    const { migrateWorkspaceToStore } = await import('./store-migration');
    const db = openWorkspaceDatabase(input.db);
    try {
      return await migrateWorkspaceToStore({
        db,
        source: input.db,
        store: access.store,
        clock: ctx.clock,
        signal,
        pageSize: input.pageSize,
        onProgress: (p) => ctx.events.emit('store.migrateProgress', p),
      });
    } finally {
      db.close();
    }
  },
};
