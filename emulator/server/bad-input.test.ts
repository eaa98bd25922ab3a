import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformErrorSchema } from '../../shared/platform/schemas';
import { domainKey, Rng } from '../random/prng';
import { startEmulator, type StartedEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock } from '../testing/fixtures';

const clock = testClock();
let emu: StartedEmulator;
let admin: SignedClient;

/** What must not change when a malformed request is refused. */
async function stateSnapshot(): Promise<string> {
  const apps = await admin.get<{ nextVersion: number }>('/v1/apps', { afterVersion: 0, limit: 1000 });
  const acts = await admin.get<{ nextSeq: number }>('/v1/activities', { afterSeq: 0, limit: 1000 });
  return `${apps.json.nextVersion}/${acts.json.nextSeq}/${emu.head()}`;
}

beforeAll(async () => {
  emu = await startEmulator({ seed: 23, days: 2, daily: 40, now: clock.now });
  admin = new SignedClient(emu.url, emu.key('admin'), clock.now);
});
afterAll(() => emu.close());

describe('malformed management requests', () => {
  it('answers bad JSON, empty and wrongly shaped bodies with documented errors', async () => {
    const before = await stateSnapshot();
    const cases: [unknown, number, string][] = [
      ['{"name": ', 400, 'INVALID_JSON'],
      ['', 400, 'INVALID_JSON'],
      ['[]', 422, 'VALIDATION_FAILED'],
      ['42', 422, 'VALIDATION_FAILED'],
      ['null', 422, 'VALIDATION_FAILED'],
      [{ name: ['x'], platform: 1 }, 422, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const r = await admin.request('POST', '/v1/apps', { body });
      expect([r.status, (r.json as { code: string }).code], JSON.stringify(body)).toEqual([status, code]);
      expect(r.signatureValid).toBe(true);
      platformErrorSchema.parse(r.json);
    }
    const review = await new SignedClient(emu.url, emu.key('reviewer'), clock.now).request('POST', '/v1/apps/x/review', { body: '{oops' });
    expect(review.json).toMatchObject({ code: 'INVALID_JSON' });
    expect(await stateSnapshot()).toBe(before);
  });

  it('refuses bodies over 1 MiB with 413 everywhere', async () => {
    const before = await stateSnapshot();
    const big = JSON.stringify({ name: 'x', platform: 'ios', bundleId: 'com.a.b', description: 'd'.repeat(1024 * 1024) });
    const r = await admin.request('POST', '/v1/apps', { body: big });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    for (const path of ['/unisdk/rsapi/loginTokenValidate', '/openapi/rs/tokenValidate', '/sandbox/tokens']) {
      const g = await fetch(`${emu.url}${path}`, { method: 'POST', body: big });
      expect(g.status).toBe(413);
    }
    expect(await stateSnapshot()).toBe(before);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    for (const path of ['/v1/nope', '/v1/apps/a/b/c', '/v2/apps', '/', '/sandbox']) {
      const r = await admin.get(path);
      expect(r.status, path).toBe(404);
      expect(r.json).toMatchObject({ code: 'NOT_FOUND' });
    }
    const put = await admin.request('PUT', '/v1/apps');
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    expect(put.signatureValid).toBe(true);
    expect((await fetch(`${emu.url}/sandbox/tokens`)).status).toBe(405);
    expect((await fetch(`${emu.url}/unisdk/rsapi/loginTokenValidate`, { method: 'PUT', body: '{}' })).status).toBe(405);
  });

  it('checks query parameters (400 BAD_REQUEST naming the parameter)', async () => {
    const auditor = new SignedClient(emu.url, emu.key('auditor'), clock.now);
    const cases: [string, Record<string, string>, string][] = [
      ['/v1/auth-records', { limit: '0' }, 'limit'],
      ['/v1/auth-records', { limit: '5001' }, 'limit'],
      ['/v1/auth-records', { limit: 'ten' }, 'limit'],
      ['/v1/auth-records', { afterSeq: '-1' }, 'afterSeq'],
      ['/v1/auth-records', { afterSeq: '1.5' }, 'afterSeq'],
      ['/v1/activities', { limit: '1001' }, 'limit'],
      ['/v1/apps', { afterVersion: 'x' }, 'afterVersion'],
    ];
    for (const [path, query, field] of cases) {
      const r = await auditor.get(path, query);
      expect([r.status, r.json], `${path} ${JSON.stringify(query)}`).toEqual([
        400,
        expect.objectContaining({ code: 'BAD_REQUEST', fields: { [field]: expect.any(String) } }),
      ]);
    }
    const twice = await auditor.get('/v1/auth-records', new URLSearchParams('limit=1&limit=2'));
    expect(twice.json).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await auditor.get('/v1/auth-records', { afterSeq: '0', limit: '5000', unknown: 'ignored' })).status).toBe(200);
  });

  it('survives a fuzz of random bodies and raw bytes without 5xx or state change', async () => {
    const before = await stateSnapshot();
    const rng = new Rng(domainKey(1, 'fuzz')).reset(0);
    const alphabet = '{}[]":,0123456789.-eE truefalsn\\u00e9中\u0000\n';
    const reviewer = new SignedClient(emu.url, emu.key('reviewer'), clock.now);
    for (let i = 0; i < 60; i++) {
      let body = '';
      const len = rng.int(80);
      for (let j = 0; j < len; j++) body += alphabet[rng.int(alphabet.length)];
      const targets = [
        admin.request('POST', '/v1/apps', { body }),
        admin.request('PATCH', '/v1/apps/app_nope', { body }),
        reviewer.request('POST', '/v1/apps/app_nope/review', { body }),
        fetch(`${emu.url}/sandbox/tokens`, { method: 'POST', body }),
        fetch(`${emu.url}/unisdk/rsapi/loginTokenValidate`, { method: 'POST', body }),
        fetch(`${emu.url}/openapi/rs/tokenValidate`, { method: 'POST', body }),
      ];
      for (const r of await Promise.all(targets)) expect(r.status).toBeLessThan(500);
    }
    expect(await stateSnapshot()).toBe(before);
  });

  it('copes with a client that disconnects mid-body', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${emu.url}/v1/apps`, { method: 'POST', headers: { 'Content-Length': '5000' } });
      req.on('error', () => resolve());
      req.write('{"name":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    expect((await admin.get('/v1/whoami')).status).toBe(200);
  });
});
