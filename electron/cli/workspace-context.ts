/**
 * A service context for one CLI command that reads a workspace, so the command goes through
 * `dispatch` like the other doors:
 *   --db FILE       the workspace database file opened directly (offline: no platform, no
 *                   console data); the workspace is named after the file;
 *   --workspace W   a saved workspace, by id or name, started as the other doors start it (the
 *                   saved active workspace is put back afterwards);
 *   neither         the saved active workspace, or the demo.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { ApiError, calls } from '../../shared/contract';
import type { WorkspacesList } from '../../shared/contract/workspaces';
import { createContext } from '../main/services/core/create-context';
import type { ServiceContext } from '../main/services/core/context';
import { dispatch } from '../main/services/core/dispatch';
import { handlers } from '../main/services/handlers';
import { workspaceMigrations } from '../main/services/db/migrations';
import { openDatabase } from '../main/services/db/open';
import { WORKSPACES_EXTENSION, type ActiveWorkspace, type WorkspaceRegistry } from '../main/services/workspaces/active';
import { storedDemoParams } from '../main/services/workspaces/demo';
import { UsageError } from './output';
import { startServices } from './services';

export interface WorkspaceFlags {
  db?: string;
  workspace?: string;
  dataDir?: string;
}

async function withFile<T>(file: string, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  if (!existsSync(file)) throw new UsageError(`--db: no such file: ${file}`);
  const path = resolve(file);
  const dataDir = mkdtempSync(join(tmpdir(), 'onetap-cli-'));
  const ctx = createContext({ mode: 'cli', dataDir });
  const db = openDatabase(path, { migrations: workspaceMigrations });
  try {
    const ws: ActiveWorkspace = { id: 'file', name: basename(path, extname(path)), kind: storedDemoParams(db) ? 'demo' : 'remote', db, accessKey: null, role: null, platform: null };
    const registry: WorkspaceRegistry = { active: () => ws };
    ctx.extensions.set(WORKSPACES_EXTENSION, registry);
    return await fn(ctx);
  } finally {
    db.close();
    ctx.consoleDb.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function withWorkspace<T>(flags: WorkspaceFlags, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  if (flags.db !== undefined && flags.workspace !== undefined) throw new UsageError('give --db or --workspace, not both');
  if (flags.db !== undefined) return withFile(flags.db, fn);
  const services = await startServices('cli', flags.dataDir ? { dataDir: flags.dataDir } : {});
  const ctx = services.ctx;
  try {
    if (flags.workspace === undefined) return await fn(ctx);
    const list = calls['workspaces.list'].output.parse(await dispatch(handlers, ctx, 'workspaces.list', {})) as WorkspacesList;
    const target = list.items.find((w) => w.id === flags.workspace) ?? list.items.find((w) => w.name === flags.workspace);
    if (!target) throw new ApiError('NOT_FOUND', `--workspace: no workspace with the id or name ${JSON.stringify(flags.workspace)}`);
    if (target.id === list.activeId) return await fn(ctx);
    await dispatch(handlers, ctx, 'workspaces.activate', { id: target.id });
    try {
      return await fn(ctx);
    } finally {
      await dispatch(handlers, ctx, 'workspaces.activate', { id: list.activeId });
    }
  } finally {
    await services.close();
  }
}
