import { describe, expect, it } from 'vitest';
import { callNames } from '../../../shared/contract';
import { handlers } from './handlers';
import { handlerModuleOf, lazyHandlers, loadedHandlerModules, loadHandler } from './lazy-handlers';
import { createTestContext } from './testing/context';

describe('the lazy handler table', () => {
  it('runs the real handler, loading only the module of the call made', async () => {
    const t = createTestContext();
    try {
      expect(loadedHandlerModules()).toEqual([]);
      const ac = new AbortController();
      await expect(lazyHandlers['app.info'](t.ctx, {}, ac.signal)).resolves.toEqual(await handlers['app.info'](t.ctx, {}, ac.signal));
      expect(loadedHandlerModules()).toEqual(['app']);
    } finally {
      t.cleanup();
    }
  });

  it('has one entry per call, each loading the very handler `handlers` holds', async () => {
    expect(Object.keys(lazyHandlers).sort()).toEqual([...callNames].sort());
    expect(Object.keys(handlerModuleOf).sort()).toEqual([...callNames].sort());
    for (const name of callNames) expect(await loadHandler(name), name).toBe(handlers[name]);
  });
});
