import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get, request } from 'node:http';
import { connect } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '../main/services/handlers';
import { createTestContext, type TestContext } from '../main/services/testing/context';
import { MAX_BODY_BYTES, startHost, type RunningHost } from './host';
import { CONTENT_SECURITY_POLICY } from './security-headers';

let t: TestContext;
let host: RunningHost;
let staticDir: string;
const bigScript = `export const rows = [${Array.from({ length: 2000 }, (_, i) => `{ id: ${i}, name: "row ${i}" }`).join(', ')}];\n`;

beforeAll(async () => {
  t = createTestContext();
  staticDir = mkdtempSync(join(tmpdir(), 'onetap-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>onetap</title>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'index-AbCdEf12.js'), bigScript);
  writeFileSync(join(staticDir, 'favicon.ico'), Buffer.from([0, 0, 1, 0, 0, 0]));
  host = await startHost({ ctx: t.ctx, handlers, staticDir, port: 0 });
});
afterAll(async () => {
  await host.close();
  t.cleanup();
  rmSync(staticDir, { recursive: true, force: true });
});

function post(call: string, body: unknown, auth: string | null = host.token): Promise<Response> {
  return fetch(`${host.origin}/api/${call}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('browser-mode host', () => {
  it('binds loopback and puts the token in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a contract call with its output', async () => {
    const res = await post('app.info', {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { name: string; mode: string };
    expect(body.name).toBe('onetap-console');
    expect(body.mode).toBe('cli');
  });

  it('refuses a request without the token, or with a wrong one, with 401', async () => {
    const none = await post('app.info', {}, null);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const wrong = await post('app.info', {}, 'x'.repeat(host.token.length));
    expect(wrong.status).toBe(401);
  });

  it('reports an unknown call as UNKNOWN_CALL', async () => {
    const res = await post('nope.nothing', {});
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_CALL');
  });

  it('reports bad JSON and schema violations as INVALID_INPUT and changes nothing', async () => {
    const before = await (await post('settings.get', {})).json();
    const badJson = await post('settings.set', '{"locale":');
    expect(badJson.status).toBe(400);
    const bad = await post('settings.set', { locale: 'fr-FR', theme: 'dark' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(Object.keys(body.error.fields)).toContain('locale');
    const unknownKey = await post('settings.set', { colour: 'red' });
    expect(unknownKey.status).toBe(400);
    expect(await (await post('settings.get', {})).json()).toEqual(before);
  });

  it('saves settings through the door', async () => {
    const res = await post('settings.set', { locale: 'en-US', theme: 'dark' });
    expect(res.status).toBe(200);
    const s = (await res.json()) as { locale: string; theme: string; syncIntervalMinutes: number };
    expect(s).toMatchObject({ locale: 'en-US', theme: 'dark', syncIntervalMinutes: 5 });
  });

  it('refuses bodies over the limit with 413', async () => {
    // Answered with 413, not a connection reset (declared length, and a chunked body without one).
    const res = await post('settings.set', `{"lastView":"${'a'.repeat(MAX_BODY_BYTES + 10)}"}`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const big = `{"lastView":"${'b'.repeat(MAX_BODY_BYTES + 10)}"}`;
    const chunked = await new Promise<number>((resolve, reject) => {
      const u = new URL(host.origin);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          method: 'POST',
          path: '/api/settings.set',
          headers: { Authorization: `Bearer ${host.token}`, 'Transfer-Encoding': 'chunked' },
        },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < big.length; i += 1 << 20) req.write(big.slice(i, i + (1 << 20)));
      req.end();
    });
    expect(chunked).toBe(413);
    const s = (await (await post('settings.get', {})).json()) as { lastView: string };
    expect(s.lastView.length).toBeLessThan(100);
  });

  it('answers malformed percent-encoding with 400, not 500', async () => {
    for (const path of ['/%', '/api/%E0%A4%A', '/api/%', '/%zz/x']) {
      const res = await fetch(`${host.origin}${path}`, {
        method: path.startsWith('/api') ? 'POST' : 'GET',
        headers: { Authorization: `Bearer ${host.token}` },
      });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
    }
  });

  it('cuts off a client that never finishes its request (408), while the host keeps answering', async () => {
    const quick = await startHost({ ctx: t.ctx, handlers, staticDir: null, port: 0, requestTimeoutMs: 300 });
    try {
      const u = new URL(quick.origin);
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(Number(u.port), u.hostname, () => {
          socket.write(`POST /api/app.info HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${quick.token}\r\nContent-Length: 100\r\n\r\n{"a":`);
        });
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('close', () => resolve(got));
        socket.on('error', () => resolve(got));
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      const ok = await fetch(`${quick.origin}/api/app.info`, { method: 'POST', headers: { Authorization: `Bearer ${quick.token}` }, body: '{}' });
      expect(ok.status).toBe(200);
    } finally {
      await quick.close();
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(host.origin);
      const req = request(
        { host: u.hostname, port: u.port, path: '/api/app.info', method: 'POST', headers: { Host: 'evil.example:80', Authorization: `Bearer ${host.token}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('serves the renderer with a strict CSP and falls back to index.html for routes', async () => {
    const res = await fetch(`${host.origin}/records?x=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toContain('<title>onetap</title>');
    const js = await fetch(`${host.origin}/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const escape = await fetch(`${host.origin}/..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).not.toContain('root:');
  });

  it('serves hashed assets compressed (brotli, else gzip) and cached for a year; the page itself never cached', async () => {
    const fetchRaw = (path: string, encoding: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((ok, fail) => {
        get(`${host.origin}${path}`, { headers: { 'Accept-Encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', fail);
      });
    const br = await fetchRaw('/assets/index-AbCdEf12.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(bigScript.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(bigScript);
    const gz = await fetchRaw('/assets/index-AbCdEf12.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(bigScript);
    const plain = await fetchRaw('/assets/index-AbCdEf12.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(bigScript);
    const refused = await fetchRaw('/assets/index-AbCdEf12.js', 'br;q=0, gzip');
    expect(refused.headers['content-encoding']).toBe('gzip');
    const page = await fetchRaw('/', 'br');
    expect(page.headers['cache-control']).toBe('no-store');
    // An unhashed file is revalidated, never kept for a year under a name that can change content.
    expect((await fetchRaw('/app.js', 'br')).headers['cache-control']).toBe('no-cache');
  });

  it('serves a real favicon, and a missing file is a 404 rather than the page', async () => {
    const ico = await fetch(`${host.origin}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    expect(Buffer.from(await ico.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    const missing = await fetch(`${host.origin}/assets/missing-12345678.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<title>');
  });

  it('streams contract events over SSE to a client with the token', async () => {
    const ac = new AbortController();
    const res = await fetch(`${host.origin}/api/events`, { headers: { Authorization: `Bearer ${host.token}` }, signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // ': connected'
    (t.ctx.events.emit as (n: string, p: unknown) => void)('test.event', { n: 1 });
    const { value } = await reader.read();
    expect(value).toContain('event: test.event');
    expect(value).toContain('data: {"n":1}');
    ac.abort();
    const noAuth = await fetch(`${host.origin}/api/events`);
    expect(noAuth.status).toBe(401);
  });
});
