/**
 * The team store's administrator calls through dispatch, without PostgreSQL: a door that opened
 * no team store (the desktop app, the browser host) answers UNSUPPORTED naming the command line,
 * the browser never names a file on the host, and the writer needs its platform. The calls on a
 * real store are tested through the CLI (electron/cli/commands/sync-store, sync-daemon and
 * store-migrate tests).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type CallName } from '../../../../shared/contract';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { createTestContext, type TestContext } from '../testing/context';
import { TEAM_STORE_EXTENSION } from './admin-access';
import type { PgStore } from './pg-store';

let t: TestContext | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
});

const failure = (p: Promise<unknown>): Promise<ApiError> =>
  p.then(
    () => {
      throw new Error('the call succeeded');
    },
    (e: unknown) => e as ApiError,
  );

const calls: [CallName, unknown][] = [
  ['store.status', {}],
  ['store.sync', {}],
  ['store.daemon', { intervalSeconds: 60 }],
  ['store.migrate', { db: '/tmp/w.db' }],
];

describe('store.* calls', () => {
  it.each(['electron', 'browser', 'cli'] as const)('answer UNSUPPORTED in a %s session that opened no team store', async (mode) => {
    t = createTestContext();
    t.ctx.mode = mode;
    for (const [name, input] of calls) {
      const e = await failure(dispatch(handlers, t.ctx, name, input));
      expect(e, name).toBeInstanceOf(ApiError);
      expect(e.code, name).toBe('UNSUPPORTED');
      expect(e.message).toMatch(/runs from the command line: onetap sync --store/);
    }
  });

  it('store.migrate never takes a path from the browser, nor a relative or missing one', async () => {
    t = createTestContext();
    // No PostgreSQL is reached: each refusal comes before the store is used.
    t.ctx.extensions.set(TEAM_STORE_EXTENSION, { store: {} as PgStore, display: 'u@h/db', writer: 'test', platform: null });
    t.ctx.mode = 'browser';
    expect((await failure(dispatch(handlers, t.ctx, 'store.migrate', { db: '/tmp/w.db' }))).code).toBe('FORBIDDEN');
    t.ctx.mode = 'cli';
    const relative = await failure(dispatch(handlers, t.ctx, 'store.migrate', { db: 'w.db' }));
    expect([relative.code, relative.fields]).toEqual(['INVALID_INPUT', { db: 'not an absolute path' }]);
    const missing = await failure(dispatch(handlers, t.ctx, 'store.migrate', { db: '/nonexistent/onetap/w.db' }));
    expect(missing.code).toBe('NOT_FOUND');
    expect((await failure(dispatch(handlers, t.ctx, 'store.migrate', { db: '/tmp/w.db', pageSize: 10 }))).code).toBe('INVALID_INPUT');
  });

  it("the writer's calls need the platform connection", async () => {
    t = createTestContext();
    t.ctx.extensions.set(TEAM_STORE_EXTENSION, { store: {} as PgStore, display: 'u@h/db', writer: 'test', platform: null });
    for (const [name, input] of calls.filter(([n]) => n === 'store.sync' || n === 'store.daemon')) {
      const e = await failure(dispatch(handlers, t.ctx, name, input));
      expect(e.code, name).toBe('UNAUTHORIZED');
      expect(e.message).toMatch(/needs the platform/);
    }
  });
});
