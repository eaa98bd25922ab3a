// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/contract/errors';
import { electronApi, ELECTRON_ERROR_PREFIX, httpApi, takeTokenFromLocation } from './index';

describe('token handling of the browser door', () => {
  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', '/');
  });

  it('takes the token from the fragment, keeps it for the tab and removes it from the address', async () => {
    history.replaceState(null, '', '/#token=abc_DEF-123');
    expect(takeTokenFromLocation()).toBe('abc_DEF-123');
    expect(location.hash).toBe('');
    // Kept for the tab once the page's current task is over (see the next test).
    await new Promise((r) => setTimeout(r, 0));
    expect(sessionStorage.getItem('onetap.token')).toBe('abc_DEF-123');
    // A reload has no token in the address any more: the stored one is used.
    expect(takeTokenFromLocation()).toBe('abc_DEF-123');
  });

  it("does not touch the tab's storage before the token is returned: it is kept there later", () => {
    history.replaceState(null, '', '/#/dashboard&token=abc');
    const store = { getItem: vi.fn(() => null), setItem: vi.fn() };
    const later: Array<() => void> = [];
    expect(
      takeTokenFromLocation(
        location,
        () => store,
        (work) => later.push(work),
      ),
    ).toBe('abc');
    expect(store.getItem).not.toHaveBeenCalled();
    expect(store.setItem).not.toHaveBeenCalled();
    expect(later).toHaveLength(1);
    later[0]!();
    expect(store.setItem).toHaveBeenCalledWith('onetap.token', 'abc');
  });

  it('a refused storage does not lose the token the page was opened with', () => {
    history.replaceState(null, '', '/#token=abc');
    const later: Array<() => void> = [];
    const refused = () => {
      throw new DOMException('refused', 'SecurityError');
    };
    expect(takeTokenFromLocation(location, refused, (work) => later.push(work))).toBe('abc');
    expect(() => later[0]!()).not.toThrow();
  });

  it('keeps the route and its query when the token follows them', () => {
    history.replaceState(null, '', '/#/records?status=fail&token=t0k3n');
    expect(takeTokenFromLocation()).toBe('t0k3n');
    expect(location.hash).toBe('#/records?status=fail');
  });

  it('has no token when none was ever given', () => {
    expect(takeTokenFromLocation()).toBeNull();
  });
});

describe('httpApi', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('posts the input to /api/<call> with the bearer token', async () => {
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ locale: 'zh-CN' }), { status: 200 }));
    const client = httpApi('http://127.0.0.1:9', () => 'secret');
    const out = await client.call('settings.get', {});
    expect(out).toEqual({ locale: 'zh-CN' });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:9/api/settings.get');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer secret');
    expect(init.body).toBe('{}');
  });

  it('turns an error body into an ApiError with its code', async () => {
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong bearer token' } }), { status: 401 }),
    );
    const err = await httpApi('', () => null)
      .call('app.info', {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNAUTHORIZED');
    const [, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer ');
  });

  it('reports a failure without a body as INTERNAL with the HTTP status', async () => {
    fetchMock.mockResolvedValueOnce(new Response('gateway down', { status: 502 }));
    const err = (await httpApi('', () => 't')
      .call('app.info', {})
      .catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toContain('502');
  });
});

describe('electronApi', () => {
  it('rebuilds the ApiError the preload flattened into a message', async () => {
    const raw = {
      call: () =>
        Promise.reject(new Error(`Error invoking remote method: ${ELECTRON_ERROR_PREFIX}${JSON.stringify({ code: 'UNKNOWN_CALL', message: 'no such call' })}`)),
      on: () => () => undefined,
    };
    const err = (await electronApi(raw)
      .call('app.info', {})
      .catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('UNKNOWN_CALL');
    expect(err.message).toBe('no such call');
  });
});
