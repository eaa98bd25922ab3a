/**
 * POST /openapi/rs/tokenValidate — local-number verification (seeds/003 §3.2, seeds/004 §5.2).
 * phoneNum = upper(hex(SHA256(phone + appKey + timestamp))),
 * sign = upper(hex(HMAC-SHA256(appKey, appId + msgId + phoneNum + timestamp + token + version))).
 * resultCode 000 match / 001 mismatch (both billable), others per seeds/003 §4.3.
 * Answers HTTP 200 with the result in the body, like the carrier does.
 */
import { createHash, createHmac } from 'node:crypto';
import * as z from 'zod';
import { GATEWAY_CODES } from '../data/failure-codes';
import { signaturesEqual } from '../../shared/platform/signing';
import { failure, recordCall, systemTime17, type GatewayContext } from './context';
import type { GatewayResponse } from './login-token-validate';
import type { Operator } from '../../shared/platform/domain';

const requestSchema = z.object({
  header: z.object({
    version: z.string().min(1),
    msgId: z.string().min(1).max(64),
    timestamp: z.string().regex(/^\d{17}$/),
    appId: z.string().min(1),
  }),
  body: z.object({
    openType: z.enum(['0', '1', '2', '3']).optional(),
    requesterType: z.enum(['0', '1']),
    message: z.string().optional(),
    expandParams: z.string().optional(),
    phoneNum: z.string().min(1),
    token: z.string().min(1),
    sign: z.string().min(1),
  }),
});

const OPEN_TYPE: Record<string, Operator> = { '1': 'CMCC', '2': 'CUCC', '3': 'CTCC' };

export function phoneHash(phone: string, appKey: string, timestamp: string): string {
  return createHash('sha256')
    .update(phone + appKey + timestamp, 'utf8')
    .digest('hex')
    .toUpperCase();
}

export function verifySign(appKey: string, f: { appId: string; msgId: string; phoneNum: string; timestamp: string; token: string; version: string }): string {
  return createHmac('sha256', appKey)
    .update(f.appId + f.msgId + f.phoneNum + f.timestamp + f.token + f.version, 'utf8')
    .digest('hex')
    .toUpperCase();
}

export function tokenValidate(ctx: GatewayContext, raw: string, remoteIp: string): GatewayResponse {
  const now = ctx.now();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const header = (parsed as { header?: Record<string, unknown> } | undefined)?.header;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const rawExpand = (parsed as { body?: { expandParams?: unknown } } | undefined)?.body?.expandParams;
  const expandParams = typeof rawExpand === 'string' ? rawExpand : undefined;
  const answer = (code: { code: string; description: string }, message = ''): GatewayResponse => ({
    status: 200,
    body: {
      header: { msgId: str(header?.msgId), timestamp: systemTime17(now), appId: str(header?.appId), resultCode: code.code },
      // expandParams is echoed like message (seeds/003 §3.2.2 response table).
      body: { resultDesc: code.description, message, ...(expandParams !== undefined ? { expandParams } : {}) },
    },
  });
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return answer(GATEWAY_CODES.verifyParse);
  const r = requestSchema.safeParse(parsed);
  if (!r.success) return answer(GATEWAY_CODES.verifyParamInvalid);
  const { header: h, body: b } = r.data;
  // seeds/003 tokenValidate request table: openType is required when requesterType is 0.
  if (b.requesterType === '0' && b.openType === undefined) return answer(GATEWAY_CODES.verifyParamInvalid);
  // seeds/003: phoneNum is the SHA-256 hex "字母大写": a lower-case digest is refused, not quietly upper-cased.
  if (/[a-f]/.test(b.phoneNum)) return answer(GATEWAY_CODES.verifyParamInvalid);
  const app = ctx.store.byAppId(h.appId);
  if (!app || app.status !== 'approved') return answer(GATEWAY_CODES.verifyParamInvalid);

  const peeked = ctx.tokens.peek(b.token);
  const operator = peeked?.operator ?? (b.openType ? OPEN_TYPE[b.openType] : undefined) ?? 'CMCC';
  const base = { app, capability: 'verify' as const, operator, clientIp: remoteIp, outcome: null, phone: peeked?.phone ?? null, authType: null };
  const message = b.message ?? '';
  const fail = (serverCode: string, carrier: { code: string; description: string }): GatewayResponse => {
    recordCall(ctx, { ...base, ...failure(serverCode, carrier) });
    return answer(carrier, message);
  };

  if (!app.capabilities.includes('verify')) return fail('10301', GATEWAY_CODES.verifyParamInvalid);
  if (!ctx.store.whitelistOf(app).allows(remoteIp)) return fail('10105', GATEWAY_CODES.verifyWhitelist);
  const appKey = app.appKey ?? '';
  const expected = verifySign(appKey, { appId: h.appId, msgId: h.msgId, phoneNum: b.phoneNum, timestamp: h.timestamp, token: b.token, version: h.version });
  // "输出64位大写字母": a lower-case sign is a wrong sign.
  if (!signaturesEqual(b.sign, expected)) return fail('10105', GATEWAY_CODES.verifySign);
  const check = ctx.tokens.redeem(b.token, h.appId, 'verify', now);
  if (!check.ok) return fail(check.reason === 'used' ? '10106' : '10105', GATEWAY_CODES.verifyToken);
  const t = check.token;
  const match = signaturesEqual(b.phoneNum, phoneHash(t.phone, appKey, h.timestamp));
  const code = match ? GATEWAY_CODES.verifyMatch : GATEWAY_CODES.verifyMismatch;
  recordCall(ctx, {
    ...base,
    operator: t.operator,
    phone: t.phone,
    resultCode: '200',
    carrierCode: null,
    description: code.description,
    success: true,
    outcome: match ? 'match' : 'mismatch',
    authType: t.authType,
  });
  return answer(code, message);
}
