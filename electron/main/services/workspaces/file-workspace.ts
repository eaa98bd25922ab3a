/**
 * A workspace database file opened on its own and offline (no platform connection, role not
 * known): what the CLI's reading commands use for --db, so they answer through the same
 * handlers as every door without starting the demo or asking for a connection. Without a
 * file, an empty in-memory workspace (the built-in price book, no data).
 */
import { existsSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { ServiceContext } from '../core/context';
import { demoPlatformSecret } from '../export/demo-secret';
import { EXPORT_PLATFORM_SECRET_EXTENSION, type PlatformSecret, type PlatformSecretProvider } from '../export/signing-keys';
import { WORKSPACES_EXTENSION, type ActiveWorkspace, type WorkspaceRegistry } from './active';
import { openWorkspaceDatabase } from './open-workspace-db';
import { DEMO_ID } from './demo-ids';
import { workspacesRepo } from './workspaces-repo';
import { consoleMigrations } from '../db/migrations';
import { openDatabase, type Db } from '../db/open';

export interface FileWorkspace {
  workspace: ActiveWorkspace;
  close(): void;
}

/**
 * Registers `file` (or an empty in-memory workspace when null) as the active workspace of `ctx`.
 * `secret` is the platform key pair the session was given, for signing exports; without one a
 * demo-synced file signs with the demo's own keys.
 */
export function openFileWorkspace(
  ctx: ServiceContext,
  file: string | null,
  secret: PlatformSecret | null,
  saved: { id: string; name: string } | null = null,
  /** An open database to register instead of `file` (a team store's working copy); closed with the workspace. */
  opened: Db | null = null,
): FileWorkspace {
  const db = opened ?? openWorkspaceDatabase(file === null ? ':memory:' : resolve(file));
  const name = saved?.name ?? (file === null ? 'memory' : basename(file, extname(file)));
  const workspace: ActiveWorkspace = {
    id: saved?.id ?? `file:${name}`,
    name,
    kind: 'remote',
    db,
    accessKey: secret?.accessKey ?? demoPlatformSecret(db, null)?.accessKey ?? null,
    role: null,
    platform: null,
  };
  const registry: WorkspaceRegistry = { active: () => workspace };
  ctx.extensions.set(WORKSPACES_EXTENSION, registry);
  if (secret) {
    const provider: PlatformSecretProvider = () => secret;
    ctx.extensions.set(EXPORT_PLATFORM_SECRET_EXTENSION, provider);
  }
  return {
    workspace,
    close() {
      ctx.extensions.delete(WORKSPACES_EXTENSION);
      ctx.extensions.delete(EXPORT_PLATFORM_SECRET_EXTENSION);
      db.close();
    },
  };
}

/**
 * A saved workspace's database file, found by id or name (else the saved active one, else the
 * demo) in the console database without starting anything: for commands that read local data
 * only. Null when no saved workspace matches.
 */
export function savedWorkspaceFile(ctx: ServiceContext, nameOrId: string | null): { id: string; name: string; file: string } | null {
  const repo = workspacesRepo(ctx.consoleDb);
  const wanted = nameOrId ?? repo.activeId() ?? DEMO_ID;
  const rows = repo.all();
  const row = rows.find((w) => w.id === wanted) ?? rows.find((w) => w.name === wanted);
  return row ? { id: row.id, name: row.name, file: resolve(join(ctx.dataDir, 'workspaces'), row.dbFile) } : null;
}

/** A saved team-store workspace: where its store is and where this console keeps its own state of it. */
export interface SavedTeamWorkspace {
  id: string;
  name: string;
  /** postgresql://… without a password. */
  url: string;
  /** The console's own state of it (team-store/local-state.ts). */
  localFile: string;
}

/**
 * The saved workspace named by `nameOrId` (id, then name; else the saved active one) when it is a
 * team store's, read from the data folder's console database (not created when there is none).
 * Null when there is no such workspace or it is of another kind.
 */
export function savedTeamWorkspace(dataDir: string, nameOrId: string | null): SavedTeamWorkspace | null {
  const file = join(dataDir, 'console.db');
  if (!existsSync(file)) return null;
  const db = openDatabase(file, { migrations: consoleMigrations });
  try {
    const repo = workspacesRepo(db);
    const wanted = nameOrId ?? repo.activeId();
    if (wanted === null) return null;
    const rows = repo.all();
    const row = rows.find((w) => w.id === wanted) ?? rows.find((w) => w.name === wanted);
    if (row?.kind !== 'team' || !row.endpoint) return null;
    return { id: row.id, name: row.name, url: row.endpoint, localFile: resolve(join(dataDir, 'workspaces'), row.dbFile) };
  } finally {
    db.close();
  }
}
