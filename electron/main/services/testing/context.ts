/**
 * A ServiceContext for tests: temp data dir, manual clock, memory secrets, and optionally an
 * in-memory (or given) workspace database registered as the active workspace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../core/create-context';
import { manualClock } from '../core/clock';
import type { ServiceContext } from '../core/context';
import { openDatabase, type Db } from '../db/open';
import { workspaceMigrations } from '../db/migrations';
import { WORKSPACES_EXTENSION, type ActiveWorkspace, type WorkspaceRegistry } from '../workspaces/active';

export interface TestContext {
  ctx: ServiceContext;
  clock: ReturnType<typeof manualClock>;
  workspace: ActiveWorkspace;
  cleanup(): void;
}

export function openTestWorkspaceDb(file = ':memory:'): Db {
  return openDatabase(file, { migrations: workspaceMigrations });
}

export function createTestContext(opts: { now?: number; workspace?: Partial<ActiveWorkspace> } = {}): TestContext {
  const dataDir = mkdtempSync(join(tmpdir(), 'onetap-test-'));
  const clock = manualClock(opts.now ?? Date.parse('2026-11-15T04:00:00Z'));
  const ctx = createContext({ mode: 'cli', dataDir, clock });
  const workspace: ActiveWorkspace = {
    id: 'test',
    name: 'Test',
    kind: 'demo',
    db: opts.workspace?.db ?? openTestWorkspaceDb(),
    accessKey: null,
    role: 'admin',
    platform: null,
    ...opts.workspace,
  };
  const registry: WorkspaceRegistry = { active: () => workspace };
  ctx.extensions.set(WORKSPACES_EXTENSION, registry);
  return {
    ctx,
    clock,
    workspace,
    cleanup() {
      try {
        workspace.db.close();
      } catch {
        // already closed by the test
      }
      ctx.consoleDb.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
