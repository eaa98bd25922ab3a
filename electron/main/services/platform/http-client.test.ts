import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract';
import { NONCE_RE } from '../../../../shared/platform/signing';
import { createPlatformClient } from './http-client';
import { pageRecord } from './testing/records';
import { startTestServer, type Reply, type SeenRequest, type TestServer } from './testing/server';

const SECRET = 'test-secret-0123456789abcdef';
const KEY = 'AK_TEST_1';
let server: TestServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(answer: (req: SeenRequest, n: number) => Reply): Promise<TestServer> {
  server = await startTestServer(SECRET, answer);
  return server;
}

function client(url: string, extra: Partial<Parameters<typeof createPlatformClient>[0]> = {}) {
  return createPlatformClient({
    endpoint: url,
    accessKey: KEY,
    secretKey: SECRET,
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 2000,
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as Error).message).not.toContain(SECRET);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

const page = { items: [pageRecord(1), pageRecord(2)], nextSeq: 2, hasMore: true };

describe('platform client', () => {
  it('signs requests the way the platform checks them and maps the page', async () => {
    const s = await serve(() => ({ status: 200, body: page }));
    const p = await client(`${s.url}/`).authRecords(0, 2);
    expect(p).toEqual({ items: page.items, next: 2, hasMore: true });
    const req = s.seen[0]!;
    expect(req.signatureValid).toBe(true);
    expect(req.path).toBe('/v1/auth-records');
    expect(req.query.get('afterSeq')).toBe('0');
    expect(req.query.get('limit')).toBe('2');
    expect(req.headers['x-access-key']).toBe(KEY);
    expect(String(req.headers['x-nonce'])).toMatch(NONCE_RE);
    expect(JSON.stringify(req.headers)).not.toContain(SECRET);
  });

  it('signs a body and keeps an endpoint path prefix', async () => {
    const app = {
      id: 'a1',
      appId: null,
      appKey: null,
      name: 'x',
      platform: 'h5',
      description: '',
      logo: null,
      packageName: null,
      packageSignature: null,
      bundleId: null,
      origins: [],
      ipWhitelist: [],
      encryption: 'RSA',
      rsaPublicKey: null,
      capabilities: ['login'],
      status: 'pending',
      rejectReason: null,
      createdAt: '2026-11-01T00:00:00.000+08:00',
      updatedAt: '2026-11-01T00:00:00.000+08:00',
      version: 3,
    };
    const s = await serve(() => ({ status: 201, body: app }));
    const created = await client(`${s.url}/base`).updateApp('a 1', { name: 'y' });
    expect(created.version).toBe(3);
    expect(s.seen[0]!.path).toBe('/base/v1/apps/a%201');
    expect(s.seen[0]!.body).toBe('{"name":"y"}');
    expect(s.seen[0]!.signatureValid).toBe(true);
  });

  it('retries 5xx, truncated bodies, dropped connections and bad signatures with a new nonce and timestamp each try', async () => {
    const broken: Reply[] = [
      { status: 503, body: { code: 'UNAVAILABLE', message: 'busy' } },
      { kind: 'truncate', status: 200, body: page },
      { kind: 'destroy' },
    ];
    const s = await serve((_r, n) => broken[n - 1] ?? { status: 200, body: page });
    let t = 1_700_000_000_000;
    const retries: string[] = [];
    const c = client(s.url, { clock: { now: () => (t += 7) }, retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 }, onRetry: (i) => retries.push(i.reason) });
    expect((await c.authRecords(0, 2)).items).toHaveLength(2);
    expect(retries).toEqual(['server', 'truncated', 'network']);
    const nonces = s.seen.map((r) => r.headers['x-nonce']);
    const stamps = s.seen.map((r) => r.headers['x-timestamp']);
    expect(new Set(nonces).size).toBe(4);
    expect(new Set(stamps).size).toBe(4);
    expect(s.seen.every((r) => r.signatureValid)).toBe(true);
  });

  it('treats a missing or wrong response signature as a failed call', async () => {
    const s = await serve((_r, n) => ({ status: 200, body: page, sign: n % 2 ? 'none' : 'wrong' }));
    const e = await failure(client(s.url).authRecords(0, 2));
    expect(e.code).toBe('PLATFORM_ERROR');
    expect(e.message).toMatch(/signed/);
    expect(s.seen).toHaveLength(4);
  });

  it('times out a stalled answer and reports the platform unreachable after the tries', async () => {
    const s = await serve(() => ({ kind: 'stall' }));
    const e = await failure(client(s.url, { timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }).pricing());
    expect(e.code).toBe('PLATFORM_UNREACHABLE');
    expect(e.message).toMatch(/within/);
    expect(s.seen).toHaveLength(2);
  });

  it('refuses a body larger than the console accepts at once, without retrying or waiting for it', async () => {
    const s = await serve(() => ({ kind: 'oversize' }));
    // A 30 s timeout: only the size limit can end this call in time.
    const e = await failure(client(s.url, { timeoutMs: 30_000 }).pricing());
    expect(e.code).toBe('PLATFORM_ERROR');
    expect(e.message).toMatch(/larger than the 64 MiB/);
    expect(e.detail).toEqual({ limit: 64 * 1024 * 1024 });
    expect(s.seen).toHaveLength(1);
  });

  it('fails a schema-breaking answer at once, without retrying', async () => {
    const s = await serve(() => ({ status: 200, body: { items: [{ ...pageRecord(1), operator: 'XXXX' }], nextSeq: 1, hasMore: false } }));
    const e = await failure(client(s.url).authRecords(0, 10));
    expect(e.code).toBe('PLATFORM_ERROR');
    expect(e.message).toMatch(/items\.0\.operator/);
    expect(s.seen).toHaveLength(1);
  });

  it('explains 401s: unknown key and wrong secret', async () => {
    let s = await serve(() => ({ status: 401, body: { code: 'ACCESS_KEY_INVALID', message: 'unknown key' }, sign: 'none' }));
    let e = await failure(client(s.url).packages());
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toContain(KEY);
    expect(e.message).toMatch(/does not know/);
    await s.close();
    s = await serve(() => ({ status: 401, body: { code: 'SIGNATURE_INVALID', message: 'bad signature' } }));
    e = await failure(createPlatformClient({ endpoint: s.url, accessKey: KEY, secretKey: 'wrong-secret' }).packages());
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toMatch(/secret key does not match access key AK_TEST_1/);
    expect(s.seen).toHaveLength(1);
  });

  it('names the missing role on a 403', async () => {
    const s = await serve((r) =>
      r.path === '/v1/whoami'
        ? { status: 200, body: { accessKey: KEY, role: 'finance', serverTime: '2026-11-15T12:00:00.000+08:00', account: 'acme' } }
        : { status: 403, body: { code: 'FORBIDDEN', message: 'forbidden' } },
    );
    const c = client(s.url);
    await c.whoami();
    const e = await failure(c.authRecords(0, 10));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/AK_TEST_1 \(role finance\) may not call GET \/v1\/auth-records; it needs role admin or auditor/);
    expect(e.detail).toMatchObject({ role: 'finance', requiredRoles: ['admin', 'auditor'] });
  });

  it('reports clock skew with the skew measured from the platform clock', async () => {
    const local = Date.parse('2026-11-15T04:00:00Z');
    const server = new Date(local + 600_000).toUTCString();
    const s = await serve(() => ({ status: 401, body: { code: 'TIMESTAMP_EXPIRED', message: 'expired' }, headers: { Date: server } }));
    const e = await failure(client(s.url, { clock: { now: () => local } }).pricing());
    expect(e.code).toBe('CLOCK_SKEW');
    expect(e.detail?.skewMs).toBe(600_000);
    expect(e.message).toMatch(/600 s behind the platform/);
  });

  it('does not resend a create after a server error (it may have been applied)', async () => {
    const s = await serve(() => ({ status: 500, body: { code: 'INTERNAL', message: 'boom' } }));
    const e = await failure(client(s.url).createApp({ name: 'x', platform: 'h5' }));
    expect(e.code).toBe('PLATFORM_ERROR');
    expect(s.seen).toHaveLength(1);
  });

  it('cancels at once when the signal aborts', async () => {
    const s = await serve(() => ({ kind: 'stall' }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const e = await failure(client(s.url, { timeoutMs: 10_000 }).pricing(ac.signal));
    expect(e.code).toBe('CANCELLED');
  });

  it('reports an unreachable platform', async () => {
    const s = await serve(() => ({ status: 200, body: {} }));
    const url = s.url;
    await s.close();
    server = null;
    const e = await failure(client(url, { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).pricing());
    expect(e.code).toBe('PLATFORM_UNREACHABLE');
    expect(e.message).toContain(url);
  });

  it('refuses endpoints that are not plain http(s) base URLs', () => {
    expect(() => createPlatformClient({ endpoint: 'ftp://x', accessKey: KEY, secretKey: SECRET })).toThrow(/http/);
    expect(() => createPlatformClient({ endpoint: 'http://u:p@x', accessKey: KEY, secretKey: SECRET })).toThrow(/credentials/);
  });
});
