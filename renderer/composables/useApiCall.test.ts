import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/contract/errors';

const call = vi.fn();
vi.mock('../api', () => ({ api: { call: (...args: unknown[]) => call(...args), on: () => () => undefined } }));
const { useApiCall } = await import('./useApiCall');

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('useApiCall', () => {
  beforeEach(() => call.mockReset());

  it('tracks loading, data and error of a call', async () => {
    const c = useApiCall('app.info');
    const answer = deferred<unknown>();
    call.mockReturnValueOnce(answer.promise);
    const run = c.run({});
    expect(c.loading.value).toBe(true);
    answer.resolve({ version: '1' });
    await expect(run).resolves.toEqual({ version: '1' });
    expect(c.loading.value).toBe(false);
    expect(c.data.value).toEqual({ version: '1' });

    call.mockRejectedValueOnce(new ApiError('INTERNAL', 'boom'));
    await expect(c.run({})).resolves.toBeUndefined();
    expect((c.error.value as ApiError).code).toBe('INTERNAL');
    expect(c.data.value).toEqual({ version: '1' }); // kept while the error shows
  });

  it('uses a call already on its way (prefetched) instead of asking, with the same state around it', async () => {
    const c = useApiCall('app.info');
    const early = deferred<unknown>();
    const run = c.run({}, early.promise as never);
    expect(c.loading.value).toBe(true);
    early.resolve({ version: 'early' });
    await expect(run).resolves.toEqual({ version: 'early' });
    expect(call).not.toHaveBeenCalled();
    expect(c.data.value).toEqual({ version: 'early' });
    expect(c.loading.value).toBe(false);
  });

  it('keeps only the newest answer when runs overlap', async () => {
    const c = useApiCall('settings.get');
    const slow = deferred<unknown>();
    const fast = deferred<unknown>();
    call.mockReturnValueOnce(slow.promise).mockReturnValueOnce(fast.promise);
    const first = c.run({});
    const second = c.run({});
    fast.resolve({ n: 2 });
    await second;
    slow.resolve({ n: 1 });
    await expect(first).resolves.toBeUndefined();
    expect(c.data.value).toEqual({ n: 2 });
    expect(c.loading.value).toBe(false);
  });

  it('can clear data at the start of a run and be reset', async () => {
    const c = useApiCall('settings.get', { keepData: false });
    call.mockResolvedValueOnce({ n: 1 });
    await c.run({});
    const pending = deferred<unknown>();
    call.mockReturnValueOnce(pending.promise);
    const run = c.run({});
    expect(c.data.value).toBeNull();
    c.reset();
    pending.resolve({ n: 2 });
    await expect(run).resolves.toBeUndefined();
    expect(c.data.value).toBeNull();
    expect(c.loading.value).toBe(false);
  });

  it('with keepError, shows the previous error until the next answer replaces it', async () => {
    const c = useApiCall('app.info', { keepError: true });
    call.mockRejectedValueOnce(new ApiError('PLATFORM_UNREACHABLE', 'offline'));
    await c.run({});
    const retry = deferred<unknown>();
    call.mockReturnValueOnce(retry.promise);
    const run = c.run({});
    expect((c.error.value as ApiError).code).toBe('PLATFORM_UNREACHABLE');
    retry.resolve({ version: '2' });
    await run;
    expect(c.error.value).toBeNull();
    expect(c.data.value).toEqual({ version: '2' });
  });
});
