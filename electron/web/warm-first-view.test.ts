import { afterAll, describe, expect, it } from 'vitest';
import type { CallName } from '../../shared/contract';
import type { Handlers } from '../main/services/core/dispatch';
import { handlers } from '../main/services/handlers';
import { createTestContext } from '../main/services/testing/context';
import { warmFirstView } from './warm-first-view';

const t = createTestContext();
afterAll(() => t.cleanup());

/** The real handlers, recording which calls ran and failing the ones named. */
function recording(failing: CallName[] = []): { table: Handlers; ran: CallName[] } {
  const ran: CallName[] = [];
  const table = new Proxy(handlers, {
    get(target, name: CallName) {
      const real = target[name] as (...a: unknown[]) => unknown;
      return (...args: unknown[]) => {
        ran.push(name);
        if (failing.includes(name)) throw new Error(`${name} failed`);
        return real(...args);
      };
    },
  });
  return { table, ran };
}

describe('the host warms the first view’s calls as it starts', () => {
  it('answers the calls the boot script makes on a bare address, through dispatch, each once', async () => {
    const { table, ran } = recording();
    expect(await warmFirstView(table, t.ctx)).toEqual([]);
    expect(ran).toEqual(['settings.get', 'app.info', 'dashboard.summary']);
  });

  it('goes on past a call that fails and says which did', async () => {
    const { table, ran } = recording(['app.info']);
    expect(await warmFirstView(table, t.ctx)).toEqual(['app.info']);
    expect(ran).toEqual(['settings.get', 'app.info', 'dashboard.summary']);
  });

  it('starts nothing in its caller’s turn and lets work that arrives between calls go first', async () => {
    const { table, ran } = recording();
    const order: string[] = [];
    const watched = new Proxy(table, {
      get(target, name: CallName) {
        const h = target[name] as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => {
          order.push(name);
          // A request arriving while this call runs (its handler queued for the next turn).
          if (name === 'settings.get') setImmediate(() => order.push('request'));
          return h(...args);
        };
      },
    });
    const warming = warmFirstView(watched, t.ctx);
    expect(ran).toEqual([]);
    await warming;
    expect(order).toEqual(['settings.get', 'request', 'app.info', 'dashboard.summary']);
  });
});
