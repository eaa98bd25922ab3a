// Gateway conformance (issue 17 §4): requests built by a client written from the seed text, for the rules
// the emulator used to bend — openType required with requesterType 0, upper-case hex where the seeds say 大写.
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSchema, type PlatformApp } from '../../shared/platform/schemas';
import { startEmulator, type StartedEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock } from '../testing/fixtures';

const clock = testClock();
let emu: StartedEmulator;
let app: PlatformApp;

async function post(path: string, body: unknown): Promise<Record<string, unknown> & { header?: Record<string, string> }> {
  const r = await fetch(`${emu.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
  return (await r.json()) as never;
}
async function token(capability: 'login' | 'verify', phone = '13800138000'): Promise<string> {
  return (await post('/sandbox/tokens', { appId: app.appId, phone, capability })).token as string;
}

beforeAll(async () => {
  emu = await startEmulator({ seed: 17, days: 1, daily: 5, now: clock.now });
  const admin = new SignedClient(emu.url, emu.key('admin'), clock.now);
  const reviewer = new SignedClient(emu.url, emu.key('reviewer'), clock.now);
  const body = {
    name: 'Conformance',
    platform: 'android',
    packageName: 'com.example.conf',
    packageSignature: 'B'.repeat(32),
    ipWhitelist: ['127.0.0.1', '::1'],
    encryption: 'MD5',
    capabilities: ['login', 'verify'],
  };
  const created = appSchema.parse((await admin.request('POST', '/v1/apps', { body })).json);
  await reviewer.request('POST', `/v1/apps/${created.id}/review`, { body: { action: 'start' } });
  await reviewer.request('POST', `/v1/apps/${created.id}/review`, { body: { action: 'approve' } });
  app = appSchema.parse((await admin.get(`/v1/apps/${created.id}`)).json);
});
afterAll(() => emu.close());

const timestamp = '20260315120000123';

/** seeds/003 §3.2 / seeds/004 §5.2 tokenValidate, as the table describes it; `lower` plants lower-case hex. */
function verifyRequest(tok: string, opts: { lowerSign?: boolean; lowerPhone?: boolean; openType?: string | null } = {}) {
  const header = { version: '1.0', msgId: `m-${Math.random().toString(36).slice(2)}`, timestamp, appId: app.appId! };
  let phoneNum = createHash('sha256').update(`13800138000${app.appKey!}${timestamp}`).digest('hex').toUpperCase();
  if (opts.lowerPhone) phoneNum = phoneNum.toLowerCase();
  let sign = createHmac('sha256', app.appKey!)
    .update(header.appId + header.msgId + phoneNum + header.timestamp + tok + header.version)
    .digest('hex')
    .toUpperCase();
  if (opts.lowerSign) sign = sign.toLowerCase();
  const openType = opts.openType === undefined ? '1' : opts.openType;
  return { header, body: { ...(openType === null ? {} : { openType }), requesterType: '0', phoneNum, token: tok, sign } };
}

describe('tokenValidate conformance (seeds/003, seeds/004)', () => {
  it('a request as the seed writes it matches (000)', async () => {
    expect((await post('/openapi/rs/tokenValidate', verifyRequest(await token('verify')))).header?.resultCode).toBe('000');
  });
  it('expandParams is echoed in the response body, on success and failure', async () => {
    const ok = verifyRequest(await token('verify'));
    const r = await post('/openapi/rs/tokenValidate', { ...ok, body: { ...ok.body, expandParams: 'a%3D1%7Cb%3D2' } });
    expect(r).toMatchObject({ header: { resultCode: '000' }, body: { expandParams: 'a%3D1%7Cb%3D2' } });
    const bad = verifyRequest(await token('verify'), { lowerSign: true });
    expect(await post('/openapi/rs/tokenValidate', { ...bad, body: { ...bad.body, expandParams: 'x' } })).toMatchObject({ body: { expandParams: 'x' } });
  });

  it('requesterType 0 without openType is refused (102 参数无效)', async () => {
    expect((await post('/openapi/rs/tokenValidate', verifyRequest(await token('verify'), { openType: null }))).header?.resultCode).toBe('102');
  });
  it('a lower-case sign is refused (302 sign校验失败): the seed says 输出64位大写字母', async () => {
    expect((await post('/openapi/rs/tokenValidate', verifyRequest(await token('verify'), { lowerSign: true }))).header?.resultCode).toBe('302');
  });
  it('a lower-case phoneNum is refused (102): the seed says 字母大写', async () => {
    expect((await post('/openapi/rs/tokenValidate', verifyRequest(await token('verify'), { lowerPhone: true }))).header?.resultCode).toBe('102');
  });
});

describe('number verification is China Mobile only (seeds/003, seeds/002 200080)', () => {
  it('the sandbox issues no verification token for China Unicom or China Telecom numbers', async () => {
    for (const phone of ['13012345678', '18912345678']) {
      const r = await fetch(`${emu.url}/sandbox/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ appId: app.appId, phone, capability: 'verify' }),
      });
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ code: '200080' });
    }
    // A login token for the same numbers is fine: one-click login covers all three carriers.
    expect(await token('login', '13012345678')).toEqual(expect.any(String));
  });
});

describe('loginTokenValidate conformance (seeds/004 §5.1: MD5 输出32位大写字母)', () => {
  const request = (tok: string, lower: boolean) => {
    const f = { version: '2.0', msgid: `l-${Math.random().toString(36).slice(2)}`, systemtime: timestamp, strictcheck: '0', appid: app.appId!, token: tok };
    const sign = createHash('md5')
      .update(f.appid + f.version + f.msgid + f.systemtime + f.strictcheck + f.token + app.appKey!)
      .digest('hex');
    return { ...f, sign: lower ? sign : sign.toUpperCase() };
  };
  it('a msgid used again by the same AppId is a replay (103107), even with a fresh token', async () => {
    const first = request(await token('login'), false);
    expect((await post('/unisdk/rsapi/loginTokenValidate', first)).resultcode).toBe('103000');
    const tok = await token('login');
    const again = { ...request(tok, false), msgid: first.msgid };
    again.sign = createHash('md5')
      .update(again.appid + again.version + again.msgid + again.systemtime + again.strictcheck + again.token + app.appKey!)
      .digest('hex')
      .toUpperCase();
    expect((await post('/unisdk/rsapi/loginTokenValidate', again)).resultcode).toBe('103107');
    // The token was not spent by the refused replay: a new msgid redeems it.
    expect((await post('/unisdk/rsapi/loginTokenValidate', request(tok, false))).resultcode).toBe('103000');
  });

  it('upper case passes (103000), lower case is a wrong signature (103101)', async () => {
    expect((await post('/unisdk/rsapi/loginTokenValidate', request(await token('login'), false))).resultcode).toBe('103000');
    const refused = await post('/unisdk/rsapi/loginTokenValidate', request(await token('login'), true));
    expect(refused.resultcode).toBe('103101');
    // openID is 必选 in the response table: present (empty) on a failure too.
    expect(refused).toHaveProperty('openID', '');
  });
});
