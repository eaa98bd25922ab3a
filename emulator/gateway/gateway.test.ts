import { constants, createHash, createHmac, generateKeyPairSync, privateDecrypt, sign as rsaSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSchema, authRecordsPageSchema, usageStatementSchema, type PlatformApp, type PlatformAuthRecord } from '../../shared/platform/schemas';
import { shanghaiMonth } from '../../shared/time/shanghai';
import { startEmulator, type StartedEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock } from '../testing/fixtures';

const clock = testClock();
let emu: StartedEmulator;
let admin: SignedClient;
let auditor: SignedClient;
let app: PlatformApp;
let loginOnly: PlatformApp;
let fenced: PlatformApp;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

async function approvedApp(body: Record<string, unknown>): Promise<PlatformApp> {
  const created = appSchema.parse((await admin.request('POST', '/v1/apps', { body })).json);
  const reviewer = new SignedClient(emu.url, emu.key('reviewer'), clock.now);
  await reviewer.request('POST', `/v1/apps/${created.id}/review`, { body: { action: 'start' } });
  await reviewer.request('POST', `/v1/apps/${created.id}/review`, { body: { action: 'approve' } });
  return appSchema.parse((await admin.get(`/v1/apps/${created.id}`)).json);
}

async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> & { header?: Record<string, string>; body?: Record<string, string> } }> {
  const r = await fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as never };
}

async function token(a: PlatformApp, phone: string, capability: 'login' | 'verify'): Promise<string> {
  const r = await post('/sandbox/tokens', { appId: a.appId, phone, capability });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.token as string;
}

/** systemtime of the carriers: yyyyMMddHHmmssSSS. */
const systemtime = '20260315120000123';

/** seeds/003 §3.1.3: MD5(appid + version + msgid + systemtime + strictcheck + token + appkey), upper case. */
// Each call its own msgid: a msgid used again by the same AppId is a replay (103107), see conformance.test.ts.
let msgCounter = 0;
function md5Body(a: PlatformApp, tok: string, msgid = `auto-${++msgCounter}`) {
  const f = { version: '2.0', msgid, systemtime, strictcheck: '0', appid: a.appId!, token: tok };
  const sign = createHash('md5')
    .update(f.appid + f.version + f.msgid + f.systemtime + f.strictcheck + f.token + a.appKey!)
    .digest('hex')
    .toUpperCase();
  return { ...f, sign };
}

/** seeds/003 §3.2.3: phoneNum = upper(SHA256(phone + appKey + timestamp)); sign = upper(HMAC-SHA256(appKey, appId + msgId + phoneNum + timestamp + token + version)). */
function verifyBody(a: PlatformApp, tok: string, phone: string, msgId = '8ADFF305-C7FC-B3E1-B1AE-CC130792FBD0') {
  const header = { version: '1.0', msgId, timestamp: systemtime, appId: a.appId! };
  const phoneNum = createHash('sha256')
    .update(phone + a.appKey! + header.timestamp)
    .digest('hex')
    .toUpperCase();
  const sign = createHmac('sha256', a.appKey!)
    .update(header.appId + header.msgId + phoneNum + header.timestamp + tok + header.version)
    .digest('hex')
    .toUpperCase();
  return { header, body: { openType: '1', requesterType: '0', message: 'm', phoneNum, token: tok, sign } };
}

async function lastRecords(n: number): Promise<PlatformAuthRecord[]> {
  const head = emu.head();
  const r = await auditor.get('/v1/auth-records', { afterSeq: Math.max(0, head - n), limit: n });
  return authRecordsPageSchema.parse(r.json).items;
}

beforeAll(async () => {
  emu = await startEmulator({ seed: 9, days: 2, daily: 30, now: clock.now });
  admin = new SignedClient(emu.url, emu.key('admin'), clock.now);
  auditor = new SignedClient(emu.url, emu.key('auditor'), clock.now);
  const base = { platform: 'android', packageName: 'com.example.gw', packageSignature: 'a'.repeat(32), ipWhitelist: ['127.0.0.1', '::1'] };
  app = await approvedApp({
    ...base,
    name: 'Gateway App',
    capabilities: ['login', 'verify'],
    rsaPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  loginOnly = await approvedApp({ ...base, name: 'Login Only', capabilities: ['login'], encryption: 'MD5' });
  fenced = await approvedApp({ ...base, name: 'Fenced', capabilities: ['login', 'verify'], ipWhitelist: ['203.0.113.5'], encryption: 'MD5' });
});
afterAll(() => emu.close());

describe('loginTokenValidate (seeds/003 §3.1, seeds/004 §5.1)', () => {
  it('returns the number for a good MD5-signed token and records a billable login', async () => {
    const head = emu.head();
    const tok = await token(app, '13800138000', 'login');
    const body = md5Body(app, tok);
    const r = await post('/unisdk/rsapi/loginTokenValidate', body);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ resultcode: '103000', msisdn: '13800138000', inresponseto: body.msgid, openID: expect.any(String) });
    expect(r.json.systemtime).toMatch(/^\d{17}$/);
    expect(emu.head()).toBe(head + 1);
    const [rec] = await lastRecords(1);
    expect(rec).toMatchObject({
      seq: head + 1,
      id: app.id,
      appId: app.appId,
      capability: 'login',
      operator: 'CMCC',
      resultCode: '200',
      success: true,
      outcome: null,
      maskedPhone: '138****8000',
      clientIp: '127.0.0.1',
    });
  });

  it('refuses a token used twice (104201; recorded as 10106)', async () => {
    const tok = await token(app, '13900139000', 'login');
    expect((await post('/unisdk/rsapi/loginTokenValidate', md5Body(app, tok))).json.resultcode).toBe('103000');
    const again = await post('/unisdk/rsapi/loginTokenValidate', md5Body(app, tok, 'msg-0002'));
    expect(again.json.resultcode).toBe('104201');
    const [rec] = await lastRecords(1);
    expect(rec).toMatchObject({ success: false, resultCode: '10106', carrierCode: '104201', maskedPhone: null });
  });

  it('expires tokens after 2 minutes', async () => {
    const fresh = await token(app, '13700137000', 'login');
    clock.advance(119_999);
    expect((await post('/unisdk/rsapi/loginTokenValidate', md5Body(app, fresh))).json.resultcode).toBe('103000');
    const old = await token(app, '13700137001', 'login');
    clock.advance(120_000);
    expect((await post('/unisdk/rsapi/loginTokenValidate', md5Body(app, old))).json.resultcode).toBe('104201');
    expect((await lastRecords(1))[0]).toMatchObject({ resultCode: '10105', carrierCode: '104201' });
  });

  it('refuses a bad MD5 sign (103101) without using the token', async () => {
    const tok = await token(app, '13600136000', 'login');
    const body = { ...md5Body(app, tok), sign: 'F'.repeat(32) };
    expect((await post('/unisdk/rsapi/loginTokenValidate', body)).json.resultcode).toBe('103101');
    expect((await lastRecords(1))[0]).toMatchObject({ resultCode: '10105', carrierCode: '103101', success: false });
    expect((await post('/unisdk/rsapi/loginTokenValidate', md5Body(app, tok))).json.resultcode).toBe('103000');
  });

  it('supports the RSA scheme: signature of appid+token, msisdn encrypted to the app key', async () => {
    const tok = await token(app, '18912345678', 'login');
    const sig = rsaSign('sha256', Buffer.from(app.appId! + tok), privateKey).toString('base64');
    const body = { version: '2.0', msgid: 'rsa-1', systemtime, strictcheck: '0', appid: app.appId!, token: tok, sign: sig, encryptionalgorithm: 'RSA' };
    const r = await post('/unisdk/rsapi/loginTokenValidate', body);
    expect(r.json.resultcode).toBe('103000');
    const phone = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(r.json.msisdn as string, 'base64'),
    ).toString();
    expect(phone).toBe('18912345678');
    expect((await lastRecords(1))[0]).toMatchObject({ operator: 'CTCC', maskedPhone: '189****5678', success: true });
    // Hex encoding of the signature is accepted too; a wrong signature is not.
    const tok2 = await token(app, '18912345679', 'login');
    const hex = rsaSign('sha256', Buffer.from(app.appId! + tok2), privateKey).toString('hex');
    expect((await post('/unisdk/rsapi/loginTokenValidate', { ...body, msgid: 'rsa-2', token: tok2, sign: hex })).json.resultcode).toBe('103000');
    const tok3 = await token(app, '18912345670', 'login');
    expect((await post('/unisdk/rsapi/loginTokenValidate', { ...body, msgid: 'rsa-3', token: tok3, sign: sig })).json.resultcode).toBe('103101');
    const noKey = await token(loginOnly, '18912345671', 'login');
    const sigNoKey = rsaSign('sha256', Buffer.from(loginOnly.appId! + noKey), privateKey).toString('base64');
    expect((await post('/unisdk/rsapi/loginTokenValidate', { ...body, appid: loginOnly.appId!, token: noKey, sign: sigNoKey })).json.resultcode).toBe('103101');
  });

  it('checks the caller IP against the whitelist (103511) and the token’s capability (105018)', async () => {
    const tok = await token(fenced, '13500135000', 'login');
    expect((await post('/unisdk/rsapi/loginTokenValidate', md5Body(fenced, tok))).json.resultcode).toBe('103511');
    expect((await lastRecords(1))[0]).toMatchObject({ id: fenced.id, resultCode: '10105', carrierCode: '103511', clientIp: '127.0.0.1' });
    const vtok = await token(app, '13500135001', 'verify');
    expect((await post('/unisdk/rsapi/loginTokenValidate', md5Body(app, vtok))).json.resultcode).toBe('105018');
  });

  it('matches the caller against IP segments of the whitelist (seed 002: "支持配置 IP 段")', async () => {
    const base = { platform: 'android', packageName: 'com.example.gw', packageSignature: 'a'.repeat(32), capabilities: ['login'], encryption: 'MD5' };
    const inRange = await approvedApp({ ...base, name: 'Range In', ipWhitelist: ['127.0.0.0-127.0.0.9', '::1'] });
    const outRange = await approvedApp({ ...base, name: 'Range Out', ipWhitelist: ['127.0.0.2-127.0.0.9'] });
    const cidr = await approvedApp({ ...base, name: 'Cidr In', ipWhitelist: ['127.0.0.0/8'] });
    for (const [a, code] of [
      [inRange, '103000'],
      [outRange, '103511'],
      [cidr, '103000'],
    ] as const) {
      const tok = await token(a, '13600136000', 'login');
      expect([a.name, (await post('/unisdk/rsapi/loginTokenValidate', md5Body(a, tok))).json.resultcode]).toEqual([a.name, code]);
    }
    // The forms the seed does not speak of are refused with a message that says why.
    const refused = await admin.request('POST', '/v1/apps', { body: { ...base, name: 'Wildcard', ipWhitelist: ['127.0.0.*'] } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.json)).toContain('wildcards');
  });

  it('answers malformed calls with carrier codes and records nothing', async () => {
    const head = emu.head();
    expect((await post('/unisdk/rsapi/loginTokenValidate', '{not json')).json.resultcode).toBe('103412');
    expect((await post('/unisdk/rsapi/loginTokenValidate', [])).json.resultcode).toBe('103412');
    expect((await post('/unisdk/rsapi/loginTokenValidate', { appid: app.appId })).json.resultcode).toBe('103414');
    const tok = await token(app, '13400134000', 'login');
    expect((await post('/unisdk/rsapi/loginTokenValidate', { ...md5Body(app, tok), systemtime: '2026' })).json.resultcode).toBe('103414');
    expect((await post('/unisdk/rsapi/loginTokenValidate', { ...md5Body(app, tok), token: '' })).json.resultcode).toBe('103811');
    expect((await post('/unisdk/rsapi/loginTokenValidate', { ...md5Body(app, tok), appid: '300000000000' })).json.resultcode).toBe('103119');
    expect(emu.head()).toBe(head);
  });
});

describe('tokenValidate (seeds/003 §3.2, seeds/004 §5.2)', () => {
  it('answers 000 for the local number and 001 for another, both billable', async () => {
    const tok = await token(app, '13812345678', 'verify');
    const r = await post('/openapi/rs/tokenValidate', verifyBody(app, tok, '13812345678'));
    expect(r.status).toBe(200);
    expect(r.json.header).toMatchObject({ resultCode: '000', appId: app.appId, msgId: '8ADFF305-C7FC-B3E1-B1AE-CC130792FBD0' });
    expect(r.json.body).toMatchObject({ resultDesc: '是本机号码', message: 'm' });
    expect((await lastRecords(1))[0]).toMatchObject({ capability: 'verify', success: true, outcome: 'match', maskedPhone: '138****5678' });

    const tok2 = await token(app, '13812345678', 'verify');
    const r2 = await post('/openapi/rs/tokenValidate', verifyBody(app, tok2, '13899998888'));
    expect(r2.json.header!.resultCode).toBe('001');
    expect(r2.json.body!.resultDesc).toBe('非本机号码');
    expect((await lastRecords(1))[0]).toMatchObject({ outcome: 'mismatch', success: true });
  });

  it('refuses a reused token (606, recorded as 10106), a bad sign (302), a login token (606)', async () => {
    const tok = await token(app, '15012345678', 'verify');
    expect((await post('/openapi/rs/tokenValidate', verifyBody(app, tok, '15012345678'))).json.header!.resultCode).toBe('000');
    expect((await post('/openapi/rs/tokenValidate', verifyBody(app, tok, '15012345678'))).json.header!.resultCode).toBe('606');
    expect((await lastRecords(1))[0]).toMatchObject({ resultCode: '10106', carrierCode: '606', outcome: 'unknown', success: false });
    const tok2 = await token(app, '15012345679', 'verify');
    const bad = verifyBody(app, tok2, '15012345679');
    bad.body.sign = '0'.repeat(64);
    expect((await post('/openapi/rs/tokenValidate', bad)).json.header!.resultCode).toBe('302');
    const ltok = await token(app, '15012345670', 'login');
    expect((await post('/openapi/rs/tokenValidate', verifyBody(app, ltok, '15012345670'))).json.header!.resultCode).toBe('606');
  });

  it('checks the whitelist (124) and the capability, and answers malformed calls (303/102) without a record', async () => {
    const tok = await token(fenced, '13512345678', 'verify');
    expect((await post('/openapi/rs/tokenValidate', verifyBody(fenced, tok, '13512345678'))).json.header!.resultCode).toBe('124');
    const lt = await token(loginOnly, '13512345670', 'login');
    expect((await post('/openapi/rs/tokenValidate', verifyBody(loginOnly, lt, '13512345670'))).json.header!.resultCode).toBe('102');
    const head = emu.head();
    expect((await post('/openapi/rs/tokenValidate', 'nope')).json.header!.resultCode).toBe('303');
    expect((await post('/openapi/rs/tokenValidate', { header: {}, body: {} })).json.header!.resultCode).toBe('102');
    expect(emu.head()).toBe(head);
  });
});

describe('sandbox tokens and the token rules', () => {
  it('allows at most 30 unused tokens per number in 10 minutes (103911)', async () => {
    const phone = '13311112222';
    for (let i = 0; i < 30; i++) await token(app, phone, 'login');
    const over = await post('/sandbox/tokens', { appId: app.appId, phone, capability: 'login' });
    expect(over.status).toBe(429);
    expect(over.json).toMatchObject({ code: '103911' });
    clock.advance(600_001);
    const t = await token(app, phone, 'login');
    // Using a token frees its place.
    for (let i = 0; i < 29; i++) await token(app, phone, 'login');
    expect((await post('/sandbox/tokens', { appId: app.appId, phone, capability: 'login' })).status).toBe(429);
    expect((await post('/unisdk/rsapi/loginTokenValidate', md5Body(app, t))).json.resultcode).toBe('103000');
    expect((await post('/sandbox/tokens', { appId: app.appId, phone, capability: 'login' })).status).toBe(200);
  });

  it('validates its input', async () => {
    expect((await post('/sandbox/tokens', '{')).json).toMatchObject({ code: 'INVALID_JSON' });
    expect((await post('/sandbox/tokens', { appId: app.appId, phone: '12345', capability: 'login' })).json).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { phone: expect.any(String) },
    });
    expect((await post('/sandbox/tokens', { appId: app.appId, phone: '19212345678', capability: 'login' })).json).toMatchObject({
      fields: { phone: expect.any(String) },
    });
    expect((await post('/sandbox/tokens', { appId: loginOnly.appId, phone: '13812345678', capability: 'verify' })).json).toMatchObject({
      fields: { capability: expect.any(String) },
    });
    const unknown = await post('/sandbox/tokens', { appId: '300000000000', phone: '13812345678', capability: 'login' });
    expect(unknown.status).toBe(404);
    expect((await post('/sandbox/tokens', { appId: app.appId, phone: '13812345678', capability: 'login', extra: 1 })).status).toBe(422);
  });

  it('counts gateway calls in the usage statement', async () => {
    const finance = new SignedClient(emu.url, emu.key('finance'), clock.now);
    const month = shanghaiMonth(clock.now());
    const lines = usageStatementSchema.parse((await finance.get('/v1/usage/daily', { month })).json).items.filter((l) => l.id === app.id);
    const records = (await auditor.all<PlatformAuthRecord>('/v1/auth-records', 'afterSeq', 'nextSeq', 5000)).filter((r) => r.id === app.id);
    const sum = (f: (x: { calls: number; billable: number }) => number) => lines.reduce((s, l) => s + f(l), 0);
    expect(sum((l) => l.calls)).toBe(records.length);
    expect(sum((l) => l.billable)).toBe(records.filter((r) => r.success).length);
  });
});
