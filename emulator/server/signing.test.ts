import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../shared/platform/signing';
import { whoamiSchema } from '../../shared/platform/schemas';
import { startEmulator, type StartedEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock } from '../testing/fixtures';

const clock = testClock();
let emu: StartedEmulator;
const client = (role: 'admin' | 'finance' | 'auditor' | 'reviewer') => new SignedClient(emu.url, emu.key(role), clock.now);

beforeAll(async () => {
  emu = await startEmulator({ seed: 3, days: 3, daily: 50, now: clock.now });
});
afterAll(() => emu.close());

describe('request and response signatures (platform-api §1)', () => {
  it('accepts a well-signed request and signs the response', async () => {
    const r = await client('auditor').get('/v1/whoami');
    expect(r.status).toBe(200);
    expect(r.signatureValid).toBe(true);
    const who = whoamiSchema.parse(r.json);
    expect(who).toMatchObject({ role: 'auditor', accessKey: emu.key('auditor').accessKey });
    expect(Date.parse(who.serverTime)).toBe(clock.now());
  });

  it('gives four distinct keys, the same for the same seed', async () => {
    expect(new Set(emu.keys.map((k) => k.role))).toEqual(new Set(['admin', 'finance', 'auditor', 'reviewer']));
    expect(new Set(emu.keys.map((k) => k.accessKey)).size).toBe(4);
    const again = await startEmulator({ seed: 3, days: 1, daily: 1, now: clock.now });
    const other = await startEmulator({ seed: 4, days: 1, daily: 1, now: clock.now });
    expect(again.keys).toEqual(emu.keys);
    expect(other.keys[0]!.secretKey).not.toBe(emu.keys[0]!.secretKey);
    await again.close();
    await other.close();
  });

  it('rejects an unknown or missing access key (unsigned: the key is unknown)', async () => {
    const bad = new SignedClient(emu.url, { accessKey: 'OTAKNOPE', secretKey: 'x' }, clock.now);
    const r = await bad.get('/v1/whoami');
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ code: 'ACCESS_KEY_INVALID', requestId: expect.any(String) });
    expect(r.headers.get('x-signature')).toBeNull();
    const missing = await client('admin').request('GET', '/v1/whoami', { headers: { 'X-Access-Key': null } });
    expect(missing.json).toMatchObject({ code: 'ACCESS_KEY_INVALID' });
  });

  it('rejects a bad signature: wrong secret, tampered query, tampered body', async () => {
    const wrong = new SignedClient(emu.url, { accessKey: emu.key('admin').accessKey, secretKey: 'not-the-secret' }, clock.now);
    const r1 = await wrong.get('/v1/apps');
    expect(r1.status).toBe(401);
    expect(r1.json).toMatchObject({ code: 'SIGNATURE_INVALID' });
    // Our client cannot verify with the wrong secret, the real one can.
    expect(r1.signatureValid).toBe(false);

    const admin = emu.key('admin');
    const ts = String(clock.now());
    const nonce = 'n0nce-for-tampered-query';
    const sig = signRequest(admin.secretKey, { method: 'GET', path: '/v1/apps', query: 'limit=1', timestamp: ts, nonce, body: '' });
    const r2 = await client('admin').request('GET', '/v1/apps', { query: { limit: 2 }, timestamp: ts, nonce, signature: sig });
    expect(r2.json).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(r2.signatureValid).toBe(true);

    const body = JSON.stringify({ name: 'x' });
    const sig3 = signRequest(admin.secretKey, { method: 'POST', path: '/v1/apps', query: '', timestamp: ts, nonce: 'n0nce-for-tampered-body', body });
    const r3 = await client('admin').request('POST', '/v1/apps', { body: { name: 'y' }, timestamp: ts, nonce: 'n0nce-for-tampered-body', signature: sig3 });
    expect(r3.json).toMatchObject({ code: 'SIGNATURE_INVALID' });
    const r4 = await client('admin').request('GET', '/v1/apps', { headers: { 'X-Signature': null } });
    expect(r4.json).toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('enforces the ±300 s timestamp window on the emulator clock', async () => {
    const c = client('finance');
    for (const skew of [-301_000, 301_000]) {
      const r = await c.request('GET', '/v1/pricing', { timestamp: String(clock.now() + skew) });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ code: 'TIMESTAMP_EXPIRED' });
      expect(r.signatureValid).toBe(true);
    }
    for (const skew of [-299_000, 299_000]) expect((await c.request('GET', '/v1/pricing', { timestamp: String(clock.now() + skew) })).status).toBe(200);
    const garbage = await c.request('GET', '/v1/pricing', { timestamp: 'yesterday' });
    expect(garbage.json).toMatchObject({ code: 'TIMESTAMP_EXPIRED' });
  });

  it('rejects a nonce seen in the last 10 minutes, and a malformed one', async () => {
    const c = client('finance');
    const nonce = 'replay-me-0123456789';
    expect((await c.request('GET', '/v1/pricing', { nonce })).status).toBe(200);
    const again = await c.request('GET', '/v1/pricing', { nonce });
    expect(again.status).toBe(401);
    expect(again.json).toMatchObject({ code: 'NONCE_REPLAYED' });
    expect(again.signatureValid).toBe(true);
    clock.advance(601_000);
    expect((await c.request('GET', '/v1/pricing', { nonce })).status).toBe(200);
    for (const bad of ['short', 'x'.repeat(65), 'has spaces in it 1234']) {
      const r = await c.request('GET', '/v1/pricing', { nonce: bad });
      expect(r.json).toMatchObject({ code: 'SIGNATURE_INVALID' });
    }
  });

  it('does not burn a nonce on a request whose signature is wrong', async () => {
    const nonce = 'forged-first-0123456';
    const forged = await client('finance').request('GET', '/v1/pricing', { nonce, signature: 'ab'.repeat(32) });
    expect(forged.json).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect((await client('finance').request('GET', '/v1/pricing', { nonce })).status).toBe(200);
  });

  it('applies the four roles', async () => {
    const cases: [role: 'admin' | 'finance' | 'auditor' | 'reviewer', method: string, path: string, allowed: boolean][] = [
      ['finance', 'GET', '/v1/auth-records', false],
      ['finance', 'GET', '/v1/activities', false],
      ['finance', 'GET', '/v1/bills?month=2026-03', true],
      ['finance', 'GET', '/v1/apps', true],
      ['auditor', 'GET', '/v1/bills?month=2026-03', false],
      ['auditor', 'GET', '/v1/usage/daily?month=2026-03', false],
      ['auditor', 'GET', '/v1/packages', false],
      ['auditor', 'GET', '/v1/auth-records', true],
      ['auditor', 'POST', '/v1/apps', false],
      ['reviewer', 'POST', '/v1/apps', false],
      ['reviewer', 'GET', '/v1/pricing', false],
      ['admin', 'POST', '/v1/apps/app_x/review', false],
      ['admin', 'GET', '/v1/pricing', true],
    ];
    for (const [role, method, pathQ, allowed] of cases) {
      const [path, q] = pathQ.split('?') as [string, string | undefined];
      const r = await client(role).request(method, path, { ...(q ? { query: new URLSearchParams(q) } : {}), ...(method === 'POST' ? { body: {} } : {}) });
      expect(r.signatureValid).toBe(true);
      if (allowed) expect(r.status, `${role} ${method} ${pathQ}`).toBe(200);
      else expect([r.status, (r.json as { code: string }).code], `${role} ${method} ${pathQ}`).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('hides the AppKey from every role but admin', async () => {
    const admin = await client('admin').get<{ items: { appKey: string | null; status: string }[] }>('/v1/apps');
    const finance = await client('finance').get<{ items: { appKey: string | null }[] }>('/v1/apps');
    expect(admin.json.items.some((a) => a.appKey !== null)).toBe(true);
    expect(finance.json.items.every((a) => a.appKey === null)).toBe(true);
  });
});
