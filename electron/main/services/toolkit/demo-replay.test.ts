/**
 * "Send to the demo" through dispatch, against the demo workspace's real emulator on loopback: calls
 * signed here from the seed text (seeds/003 §3.1, §3.2; platform-api §1) with a sandbox token, and the
 * answers decoded with the seeds' code catalogue. The debugger must reach the demo and nothing else.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, calls } from '../../../../shared/contract';
import { appSchema, type PlatformApp } from '../../../../shared/platform/schemas';
import { signRequest } from '../../../../shared/platform/signing';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import { SignedClient } from '../../../../emulator/testing/signed-client';
import { bootServices, type Booted } from '../boot';
import type { ServiceContext } from '../core/context';
import { createContext } from '../core/create-context';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { DEMO_SEED } from '../workspaces/demo';
import { demoKeys, demoStarter } from '../workspaces/demo-emulator';
import { loopbackBase } from './demo-replay';

let dir: string;
let ctx: ServiceContext;
let booted: Booted;
let demoUrl: string;
let app: PlatformApp;
const PHONE = '13800138000';

const send = async (scheme: string, request: string) =>
  calls['toolkit.sendToDemo'].output.parse(await dispatch(handlers, ctx, 'toolkit.sendToDemo', { scheme, request }));
const admin = () => demoKeys(DEMO_SEED).find((k) => k.role === 'admin')!;

async function sandboxToken(capability: 'login' | 'verify'): Promise<string> {
  const r = await fetch(`${demoUrl}/sandbox/tokens`, { method: 'POST', body: JSON.stringify({ appId: app.appId, phone: PHONE, capability }) });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

const now17 = () =>
  toShanghaiIso(Date.now())
    .slice(0, 23)
    .replace(/[-T:.]/g, '');
let msg = 0;

function loginBody(token: string, key = app.appKey!): string {
  const f = { appid: app.appId!, version: '2.0', msgid: `replay-${Date.now()}-${++msg}`, systemtime: now17(), strictcheck: '0', token };
  const sign = createHash('md5')
    .update(f.appid + f.version + f.msgid + f.systemtime + f.strictcheck + f.token + key)
    .digest('hex')
    .toUpperCase();
  return JSON.stringify({ ...f, sign });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-demo-replay-'));
  ctx = createContext({ mode: 'cli', dataDir: dir });
  booted = await bootServices(ctx, { testing: { startDemo: demoStarter({ daily: 30, apps: 3 }), client: { retry: { attempts: 1 } } } });
  const ws = calls['workspaces.list'].output.parse(await dispatch(handlers, ctx, 'workspaces.list', {})).items.find((w) => w.id === 'demo')!;
  demoUrl = ws.endpoint!;
  const apps = ((await new SignedClient(demoUrl, admin()).get('/v1/apps', { limit: 100 })).json as { items: unknown[] }).items.map((a) => appSchema.parse(a));
  app = apps.find((a) => a.status === 'approved' && a.capabilities.includes('login') && a.capabilities.includes('verify') && a.encryption === 'MD5')!;
  expect(app).toBeDefined();
});
afterAll(async () => {
  await booted.shutdown();
  ctx.consoleDb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('toolkit.sendToDemo', () => {
  it('a correctly signed loginTokenValidate with a sandbox token: 103000 and the number', async () => {
    const r = await send('login-token-validate', loginBody(await sandboxToken('login')));
    expect(r).toMatchObject({ method: 'POST', path: '/unisdk/rsapi/loginTokenValidate', status: 200, resultCode: '103000' });
    expect(r.entry?.meaningEn).toBe('Success');
    expect(JSON.parse(r.body)).toMatchObject({ resultcode: '103000', msisdn: PHONE });
  });

  it('signed with another appKey: 103101 with its catalogue meaning (签名错误)', async () => {
    const r = await send('login-token-validate', loginBody(await sandboxToken('login'), 'not-the-app-key'));
    expect(r.resultCode).toBe('103101');
    expect(r.entry).toMatchObject({ kind: 'gateway-login', meaning: '签名错误', meaningEn: 'Signature error' });
  });

  it('tokenValidate signed as seeds/003 §3.2 says: 000 (match)', async () => {
    const token = await sandboxToken('verify');
    const header = { version: '1.0', msgId: `m-${Date.now()}`, timestamp: now17(), appId: app.appId! };
    const phoneNum = createHash('sha256')
      .update(PHONE + app.appKey! + header.timestamp)
      .digest('hex')
      .toUpperCase();
    const sign = createHmac('sha256', app.appKey!)
      .update(header.appId + header.msgId + phoneNum + header.timestamp + token + header.version)
      .digest('hex')
      .toUpperCase();
    const body = JSON.stringify({ header, body: { openType: '1', requesterType: '0', message: '', expandParams: '', phoneNum, token, sign } });
    const r = await send(
      'token-validate',
      `curl -X POST 'https://example.com/openapi/rs/tokenValidate' -H 'Content-Type: application/json' --data-raw '${body}'`,
    );
    expect(r.path).toBe('/openapi/rs/tokenValidate');
    expect(r.resultCode).toBe('000');
    expect(r.entry?.kind).toBe('gateway-verify');
  });

  it('a platform request (curl) is replayed with its signing headers: 200 when signed with the demo key, SIGNATURE_INVALID otherwise', async () => {
    const k = admin();
    const curl = (secret: string) => {
      const ts = String(Date.now());
      const nonce = `nonce-${Date.now()}-${++msg}-abcdefgh`;
      const sig = signRequest(secret, { method: 'GET', path: '/v1/pricing', query: '', timestamp: ts, nonce, body: '' });
      // The host named here is ignored: only the demo is ever called.
      return `curl 'http://169.254.169.254/v1/pricing' -H 'X-Access-Key: ${k.accessKey}' -H 'X-Timestamp: ${ts}' -H 'X-Nonce: ${nonce}' -H 'X-Signature: ${sig}'`;
    };
    const ok = await send('platform', curl(k.secretKey));
    expect(ok).toMatchObject({ method: 'GET', path: '/v1/pricing', status: 200, resultCode: null });
    expect(JSON.parse(ok.body)).toMatchObject({ currency: 'CNY' });
    const bad = await send('platform', curl('wrong-secret'));
    expect(bad).toMatchObject({ status: 401, resultCode: 'SIGNATURE_INVALID' });
  });

  it('takes no address: an extra url field is refused by the contract; non-/v1 paths are refused', async () => {
    const e1 = await dispatch(handlers, ctx, 'toolkit.sendToDemo', {
      scheme: 'platform',
      request: 'curl http://127.0.0.1/v1/apps',
      url: 'http://10.0.0.1/',
    }).catch((e: unknown) => e);
    expect((e1 as ApiError).code).toBe('INVALID_INPUT');
    const e2 = await dispatch(handlers, ctx, 'toolkit.sendToDemo', { scheme: 'platform', request: "curl 'http://127.0.0.1:1/sandbox/tokens'" }).catch(
      (e: unknown) => e,
    );
    expect(e2).toBeInstanceOf(ApiError);
    expect((e2 as ApiError).code).toBe('VALIDATION_FAILED');
    const e3 = await dispatch(handlers, ctx, 'toolkit.sendToDemo', { scheme: 'acs3', request: '{}' }).catch((e: unknown) => e);
    expect((e3 as ApiError).code).toBe('INVALID_INPUT');
  });

  it('the demo address must be http on loopback', () => {
    expect(loopbackBase('http://127.0.0.1:4567').port).toBe('4567');
    expect(loopbackBase('http://[::1]:4567').hostname).toBe('[::1]');
    for (const bad of ['http://10.0.0.1:80', 'https://127.0.0.1:1', 'http://example.com', 'http://user:pw@127.0.0.1:1', 'file:///etc/passwd', 'nonsense']) {
      expect(() => loopbackBase(bad), bad).toThrow(ApiError);
    }
  });
});
