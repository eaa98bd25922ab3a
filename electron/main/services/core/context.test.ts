import { describe, expect, it } from 'vitest';
import { SYNC_EXTENSION, type SyncCoordinator } from '../sync/coordinator';
import { createTestContext } from '../testing/context';
import { WORKSPACES_EXTENSION, type WorkspaceRegistry } from '../workspaces/active';
import { extension, ServiceKey, ServiceRegistry } from './context';

describe('typed service keys', () => {
  it('a key finds what was registered under it, and only that', () => {
    const registry = new ServiceRegistry();
    const count = new ServiceKey<number>('count');
    const sameName = new ServiceKey<number>('count');
    registry.set(count, 3);
    expect(registry.get(count)).toBe(3);
    // Identity, not the name: two keys never collide.
    expect(registry.get(sameName)).toBeUndefined();
    expect(registry.delete(count)).toBe(true);
    expect(registry.has(count)).toBe(false);
  });

  it('names the missing service, and a wrong type under a key does not compile', () => {
    const t = createTestContext();
    try {
      const ws: WorkspaceRegistry = extension(t.ctx, WORKSPACES_EXTENSION);
      expect(ws.active().id).toBe('test');
      expect(() => extension(t.ctx, SYNC_EXTENSION)).toThrow(/service extension 'sync' is not available in cli mode/);
      // Checked by `npm run typecheck`: each line would compile with string keys and casts.
      // @ts-expect-error the workspaces key does not hold a SyncCoordinator
      const wrong: SyncCoordinator | undefined = t.ctx.extensions.get(WORKSPACES_EXTENSION);
      // @ts-expect-error a registry is not a SyncCoordinator
      t.ctx.extensions.set(SYNC_EXTENSION, ws);
      // @ts-expect-error string keys are gone
      t.ctx.extensions.get('sync');
      expect(wrong).toBe(ws);
    } finally {
      t.cleanup();
    }
  });
});
