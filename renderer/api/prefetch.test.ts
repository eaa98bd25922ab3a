import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/contract/errors';
import { PREFETCH_FRESH_MS, prefetchCall, takePrefetched } from './prefetch';

/** A door whose answers the test releases by hand. */
function door() {
  const pending: { name: string; input: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const call = vi.fn(
    (name: string, input: unknown) =>
      new Promise((resolve, reject) => {
        pending.push({ name, input, resolve, reject });
      }),
  );
  return { door: { call } as never, call, pending };
}

describe('calls started before the app', () => {
  it('hands the answer to the first take of the same call and input, once', async () => {
    const d = door();
    prefetchCall('dashboard.summary', { app: 'a1' }, d.door);
    expect(d.call).toHaveBeenCalledWith('dashboard.summary', { app: 'a1' });
    // Another input, or another call, is not this one.
    expect(takePrefetched('dashboard.summary', {})).toBeUndefined();
    expect(takePrefetched('app.info', {})).toBeUndefined();
    const taken = takePrefetched('dashboard.summary', { app: 'a1' });
    expect(taken).toBeDefined();
    d.pending[0]!.resolve({ ok: 1 });
    await expect(taken).resolves.toEqual({ ok: 1 });
    // Taken: a reload asks the host again.
    expect(takePrefetched('dashboard.summary', { app: 'a1' })).toBeUndefined();
  });

  it('is taken while still on its way, and rejects as the call would', async () => {
    const d = door();
    prefetchCall('settings.get', {}, d.door);
    const taken = takePrefetched('settings.get', {});
    d.pending[0]!.reject(new ApiError('UNAUTHORIZED', 'no token'));
    await expect(taken).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('does not hand out an answer that arrived more than PREFETCH_FRESH_MS ago', async () => {
    const d = door();
    let now = 1_000;
    prefetchCall('app.info', {}, d.door, () => now);
    d.pending[0]!.resolve({ version: '1' });
    await Promise.resolve();
    await Promise.resolve();
    now += PREFETCH_FRESH_MS + 1;
    expect(takePrefetched('app.info', {}, () => now)).toBeUndefined();
  });

  it('hands out an answer that arrived just now even when it was asked long ago', async () => {
    const d = door();
    let now = 1_000;
    prefetchCall('app.info', {}, d.door, () => now);
    now += 3 * PREFETCH_FRESH_MS; // a slow host
    d.pending[0]!.resolve({ version: '2' });
    await Promise.resolve();
    await Promise.resolve();
    await expect(takePrefetched('app.info', {}, () => now)).resolves.toEqual({ version: '2' });
  });

  it('a failure nobody takes is not reported as unhandled', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const d = door();
      prefetchCall('alerts.inbox', {} as never, d.door);
      d.pending[0]!.reject(new Error('host gone'));
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
