/**
 * POST /unisdk/rsapi/loginTokenValidate — token → number (seeds/003 §3.1, seeds/004 §5.1).
 * MD5 scheme: sign = upper(MD5(appid+version+msgid+systemtime+strictcheck+token+appkey)).
 * RSA scheme (encryptionalgorithm "RSA"): sign = the app's RSA signature (SHA-256, PKCS#1
 * v1.5; base64 or hex) of appid+token, checked with its registered public key; the msisdn
 * comes back RSA-OAEP(SHA-256)-encrypted to that key, base64.
 * Answers HTTP 200 with the carrier's resultcode, like the carrier does.
 */
import { constants, createHash, publicEncrypt, verify } from 'node:crypto';
import * as z from 'zod';
import { GATEWAY_CODES } from '../data/failure-codes';
import { signaturesEqual } from '../../shared/platform/signing';
import { failure, recordCall, systemTime17, type GatewayCall, type GatewayContext } from './context';

const requestSchema = z.object({
  version: z.string().min(1),
  msgid: z.string().min(1).max(36),
  systemtime: z.string().regex(/^\d{17}$/),
  strictcheck: z.string(),
  appid: z.string().min(1),
  expandparams: z.string().optional(),
  token: z.string(),
  sign: z.string().min(1),
  encryptionalgorithm: z.string().optional(),
});

export interface GatewayResponse {
  status: number;
  body: Record<string, unknown>;
}

export function md5Sign(f: { appid: string; version: string; msgid: string; systemtime: string; strictcheck: string; token: string }, appKey: string): string {
  return createHash('md5')
    .update(f.appid + f.version + f.msgid + f.systemtime + f.strictcheck + f.token + appKey, 'utf8')
    .digest('hex')
    .toUpperCase();
}

function decodeSignature(sign: string): Buffer {
  return /^[0-9a-fA-F]+$/.test(sign) && sign.length % 2 === 0 ? Buffer.from(sign, 'hex') : Buffer.from(sign, 'base64');
}

function rsaVerify(publicKeyPem: string, data: string, sign: string): boolean {
  try {
    return verify('sha256', Buffer.from(data, 'utf8'), publicKeyPem, decodeSignature(sign));
  } catch {
    return false;
  }
}

export function loginTokenValidate(ctx: GatewayContext, raw: string, remoteIp: string): GatewayResponse {
  const now = ctx.now();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const msgid = typeof (parsed as { msgid?: unknown } | undefined)?.msgid === 'string' ? (parsed as { msgid: string }).msgid : '';
  // seeds/003 §3.1.3 marks openID 必选 in every response: a failure carries it empty (no user identified).
  const answer = (resultcode: string, extra: Record<string, string> = {}): GatewayResponse => ({
    status: 200,
    body: { inresponseto: msgid, systemtime: systemTime17(now), resultcode, openID: '', ...extra },
  });
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return answer(GATEWAY_CODES.invalidRequest.code);
  const r = requestSchema.safeParse(parsed);
  if (!r.success) return answer(GATEWAY_CODES.paramCheckFailed.code);
  const req = r.data;
  if (req.token === '') return answer(GATEWAY_CODES.tokenEmpty.code);
  const app = ctx.store.byAppId(req.appid);
  if (!app || app.status !== 'approved') return answer(GATEWAY_CODES.appidUnknown.code);

  // From here the call is attributable to an app: it is recorded, whatever the outcome.
  const peeked = ctx.tokens.peek(req.token);
  const base = {
    app,
    capability: 'login' as const,
    operator: peeked?.operator ?? ('CMCC' as const),
    clientIp: remoteIp,
    outcome: null,
    phone: null,
    authType: null,
  };
  const fail = (serverCode: string, carrier: { code: string; description: string }): GatewayResponse => {
    recordCall(ctx, { ...base, ...failure(serverCode, carrier) });
    return answer(carrier.code);
  };

  if (!app.capabilities.includes('login')) return fail('10301', GATEWAY_CODES.appNotAuthorized);
  if (!ctx.store.whitelistOf(app).allows(remoteIp)) return fail('10105', GATEWAY_CODES.sourceIpInvalid);
  const rsa = req.encryptionalgorithm === 'RSA';
  if (rsa) {
    if (!app.rsaPublicKey || !rsaVerify(app.rsaPublicKey, req.appid + req.token, req.sign)) return fail('10105', GATEWAY_CODES.signatureInvalid);
  } else if (!signaturesEqual(req.sign, md5Sign(req, app.appKey ?? ''))) {
    // Compared as sent: seeds/004 says the MD5 sign is "输出32位大写字母", so lower-case hex is a wrong sign (103101).
    return fail('10105', GATEWAY_CODES.signatureInvalid);
  }
  // A msgid used again by this AppId is a replay (103107), whatever the token (seeds/003 §4.2).
  if (ctx.msgids.seen(req.appid, req.msgid, now)) return fail('10105', GATEWAY_CODES.msgidReused);
  const check = ctx.tokens.redeem(req.token, req.appid, 'login', now);
  if (!check.ok) {
    if (check.reason === 'used') return fail('10106', GATEWAY_CODES.tokenInvalid);
    if (check.reason === 'capability') return fail('10105', GATEWAY_CODES.tokenPermission);
    return fail('10105', GATEWAY_CODES.tokenInvalid);
  }
  const t = check.token;
  const call: GatewayCall = {
    ...base,
    operator: t.operator,
    resultCode: '200',
    carrierCode: null,
    description: 'Success',
    success: true,
    phone: t.phone,
    authType: t.authType,
  };
  recordCall(ctx, call);
  const openID = createHash('sha256').update(`${app.id}:${t.phone}`).digest('hex').slice(0, 32);
  const msisdn = rsa
    ? publicEncrypt({ key: app.rsaPublicKey!, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(t.phone, 'utf8')).toString('base64')
    : t.phone;
  return answer(GATEWAY_CODES.loginSuccess.code, { openID, msisdn });
}
