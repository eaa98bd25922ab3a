// The debugger against requests signed as the seeds describe (computed here, from the seed text), each
// with one planted mistake: it must name the input that differs.
import { createHash, createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signExplanationSchema } from '../../../../../shared/contract/toolkit';
import { explainSignature } from './explain';

const NOW = Date.UTC(2026, 11, 4, 4, 0, 0, 0); // 12:00:00.000 Beijing
const T17 = '20261204120000000';
const APPKEY = 'k3Y-Fixture-AppKey';
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();
const hmac = (k: string, s: string) => createHmac('sha256', k).update(s, 'utf8').digest('hex').toUpperCase();
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').toUpperCase();

const explain = (scheme: 'login-token-validate' | 'token-validate' | 'platform', request: unknown, key = APPKEY, phone?: string) => {
  const r = explainSignature({ scheme, request: typeof request === 'string' ? request : JSON.stringify(request), key, ...(phone ? { phone } : {}) }, NOW);
  return signExplanationSchema.parse(r);
};

// seeds/003 §3.1: sign = MD5(appid + version + msgid + systemtime + strictcheck + token + appkey), upper case.
type LoginFields = { appid: string; version: string; msgid: string; systemtime: string; strictcheck: string; token: string };
function login(over: Partial<LoginFields> = {}, signWith?: (f: LoginFields) => string) {
  const f: LoginFields = { appid: '300011112222', version: '2.0', msgid: 'a1b2c3d4', systemtime: T17, strictcheck: '0', token: 'STsid-token-1', ...over };
  const sign = signWith ? signWith(f) : md5(f.appid + f.version + f.msgid + f.systemtime + f.strictcheck + f.token + APPKEY);
  return { ...f, sign };
}

describe('login-token-validate (MD5)', () => {
  it('a correct request is ok, with the canonical string and equal signatures', () => {
    const r = explain('login-token-validate', login());
    expect(r.ok).toBe(true);
    expect(r.canonical).toBe(`300011112222${'2.0'}a1b2c3d4${T17}0STsid-token-1${APPKEY}`);
    expect(r.given).toBe(r.expected);
    expect(r.differs).toEqual([]);
  });

  it('lower-case hex: case', () => {
    const req = login();
    const r = explain('login-token-validate', { ...req, sign: req.sign.toLowerCase() });
    expect(r.ok).toBe(false);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['sign', 'case']]);
  });

  it('fields concatenated in another order: field-order, naming the order used', () => {
    const r = explain(
      'login-token-validate',
      login({}, (f) => md5(f.appid + f.msgid + f.version + f.systemtime + f.strictcheck + f.token + APPKEY)),
    );
    expect(r.differs).toHaveLength(1);
    expect(r.differs[0]).toMatchObject({ field: 'order', problem: 'field-order' });
    expect(r.differs[0]!.detail).toContain('appid + msgid + version');
  });

  it('a timestamp ten minutes old: timestamp-window, with the signature itself right', () => {
    const r = explain('login-token-validate', login({ systemtime: '20261204115000000' }));
    expect(r.given).toBe(r.expected);
    expect(r.ok).toBe(false);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['systemtime', 'timestamp-window']]);
  });

  it('a token sent with a trailing newline the server did not sign: whitespace on token', () => {
    const signed = login();
    const r = explain('login-token-validate', { ...signed, token: `${signed.token}\n` });
    expect(r.differs[0]).toMatchObject({ field: 'token', problem: 'whitespace' });
  });

  it('the key pasted with a trailing newline (from a key file): whitespace on key', () => {
    const r = explain('login-token-validate', login(), `${APPKEY}\n`);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['key', 'whitespace']]);
  });

  it('the wrong key: mismatch, and a missing field is named', () => {
    expect(explain('login-token-validate', login(), 'other-key').differs.map((d) => d.problem)).toEqual(['mismatch']);
    const noMsg: Record<string, string> = login();
    delete noMsg['msgid'];
    expect(explain('login-token-validate', noMsg).differs.some((d) => d.field === 'msgid' && d.problem === 'missing')).toBe(true);
  });

  it('RSA: verifies SHA256withRSA over appid + token with the public key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const base = { ...login(), encryptionalgorithm: 'RSA' };
    const good = rsaSign('sha256', Buffer.from(base.appid + base.token), privateKey).toString('base64');
    expect(explain('login-token-validate', { ...base, sign: good }, pem).ok).toBe(true);
    const wrong = rsaSign('sha256', Buffer.from(base.token + base.appid), privateKey).toString('base64');
    expect(explain('login-token-validate', { ...base, sign: wrong }, pem).differs.map((d) => d.problem)).toEqual(['mismatch']);
  });
});

// seeds/003 §3.2: phoneNum = SHA256(phone + appKey + timestamp) upper; sign = HMACSHA256(appKey, appId + msgId + phoneNum + timestamp + token + version) upper.
function verifyReq(
  opts: {
    phone?: string;
    body?: Record<string, string>;
    signWith?: (h: { version: string; msgId: string; timestamp: string; appId: string }, phoneNum: string, token: string) => string;
  } = {},
) {
  const header = { version: '1.0', msgId: 'm-0001', timestamp: T17, appId: '300011112222' };
  const phoneNum = sha((opts.phone ?? '13800138000') + APPKEY + header.timestamp);
  const token = 'STsid-verify-1';
  const sign = opts.signWith
    ? opts.signWith(header, phoneNum, token)
    : hmac(APPKEY, header.appId + header.msgId + phoneNum + header.timestamp + token + header.version);
  return { header, body: { openType: '1', requesterType: '0', token, phoneNum, sign, ...opts.body } };
}

describe('token-validate (HMAC-SHA256)', () => {
  it('a correct request is ok, phone hash included', () => {
    expect(explain('token-validate', verifyReq(), APPKEY, '13800138000')).toMatchObject({ ok: true, differs: [] });
  });
  it('phoneNum hashed without the timestamp: phone-hash names the order used', () => {
    const req = verifyReq();
    req.body.phoneNum = sha(`13800138000${APPKEY}`);
    req.body.sign = hmac(APPKEY, req.header.appId + req.header.msgId + req.body.phoneNum + req.header.timestamp + req.body.token + req.header.version);
    const r = explain('token-validate', req, APPKEY, '13800138000');
    expect(r.differs).toEqual([expect.objectContaining({ field: 'phoneNum', problem: 'phone-hash' })]);
    expect(r.differs[0]!.detail).toContain('no timestamp');
  });
  it('sign in lower case: case', () => {
    const req = verifyReq();
    req.body.sign = req.body.sign.toLowerCase();
    expect(explain('token-validate', req).differs.map((d) => [d.field, d.problem])).toEqual([['sign', 'case']]);
  });
  it('version before appId: field-order', () => {
    const req = verifyReq({ signWith: (h, p, t) => hmac(APPKEY, h.version + h.appId + h.msgId + p + h.timestamp + t) });
    expect(explain('token-validate', req).differs.map((d) => d.problem)).toEqual(['field-order']);
  });
  it('requesterType 0 without openType: missing openType (seeds/003)', () => {
    const req = verifyReq();
    delete (req.body as Record<string, string>)['openType'];
    expect(explain('token-validate', req).differs.map((d) => [d.field, d.problem])).toEqual([['openType', 'missing']]);
  });
});

describe('platform request signature (platform-api §1)', () => {
  const SECRET = 'platform-secret';
  function curl(opts: { body?: string; signedBody?: string; query?: string; sigCase?: 'upper'; ts?: number } = {}) {
    const body = opts.body ?? '{"name":"demo"}';
    const ts = String(opts.ts ?? NOW);
    const nonce = 'nonce-0123456789abcdef';
    const canonical = [
      'POST',
      '/v1/apps',
      opts.query ?? 'a=1&b=2',
      ts,
      nonce,
      createHash('sha256')
        .update(opts.signedBody ?? body)
        .digest('hex'),
    ].join('\n');
    let sig = createHmac('sha256', SECRET).update(canonical).digest('hex');
    if (opts.sigCase === 'upper') sig = sig.toUpperCase();
    return `curl -X POST 'http://127.0.0.1:9/v1/apps?b=2&a=1' \\\n  -H 'X-Access-Key: ak1' -H 'X-Timestamp: ${ts}' -H "X-Nonce: ${nonce}" -H 'X-Signature: ${sig}' \\\n  --data-raw '${body}'`;
  }
  it('a correct curl command is ok (query sorted by name in the canonical string)', () => {
    const r = explain('platform', curl(), SECRET);
    expect(r.differs).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.canonical.split('\n').slice(0, 3)).toEqual(['POST', '/v1/apps', 'a=1&b=2']);
  });
  it('body signed with a trailing newline it is sent without: whitespace on body', () => {
    expect(explain('platform', curl({ signedBody: '{"name":"demo"}\n' }), SECRET).differs.map((d) => [d.field, d.problem])).toEqual([['body', 'whitespace']]);
  });
  it('query signed unsorted: field-order on query', () => {
    expect(explain('platform', curl({ query: 'b=2&a=1' }), SECRET).differs.map((d) => [d.field, d.problem])).toEqual([['query', 'field-order']]);
  });
  it('upper-case signature: case', () => {
    expect(explain('platform', curl({ sigCase: 'upper' }), SECRET).differs.map((d) => d.problem)).toEqual(['case']);
  });
  it('a timestamp 6 minutes old: timestamp-window', () => {
    expect(explain('platform', curl({ ts: NOW - 360_000 }), SECRET).differs.map((d) => d.problem)).toEqual(['timestamp-window']);
  });
});
