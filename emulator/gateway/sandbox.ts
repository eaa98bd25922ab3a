/**
 * POST /sandbox/tokens { appId, phone, capability } → { token, … }: stands in for the mobile
 * SDK and the carrier network, which in real life hand the app a token for the phone's own
 * number. Applies the carriers' token rules; makes no record (the platform records the
 * server-side validation, not the SDK's token fetch).
 */
import * as z from 'zod';
import { capabilities } from '../../shared/platform/domain';
import { toShanghaiIso } from '../../shared/time/shanghai';
import { GATEWAY_CODES } from '../data/failure-codes';
import { operatorOfPhone } from '../data/phone-segments';
import { EmulatorError, validationFailed } from '../server/errors';
import type { GatewayContext } from './context';

const sandboxSchema = z.strictObject({
  appId: z.string().min(1),
  phone: z.string().regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile number'),
  capability: z.enum(capabilities),
});

export interface SandboxToken {
  token: string;
  expiresAt: string;
  operator: string;
  authType: string;
}

export function issueSandboxToken(ctx: GatewayContext, body: unknown): SandboxToken {
  const r = sandboxSchema.safeParse(body);
  if (!r.success) {
    const fields: Record<string, string> = {};
    for (const i of r.error.issues) fields[i.path.length ? i.path.join('.') : '(body)'] ??= i.message;
    throw validationFailed(fields);
  }
  const { appId, phone, capability } = r.data;
  const operator = operatorOfPhone(phone);
  if (!operator) throw validationFailed({ phone: 'is not a China Mobile, China Unicom or China Telecom number segment' });
  // seeds/003 "本业务目前仅支持中国移动号码", seeds/002 200080 本机号码校验仅支持移动手机号.
  if (capability === 'verify' && operator !== 'CMCC')
    throw new EmulatorError('200080', '本机号码校验仅支持移动手机号 (number verification is for China Mobile numbers only)');
  const app = ctx.store.byAppId(appId);
  if (!app || app.status !== 'approved') throw new EmulatorError('NOT_FOUND', `no approved app with AppId ${JSON.stringify(appId)}`);
  if (!app.capabilities.includes(capability)) throw validationFailed({ capability: `the app does not have the ${capability} capability` });
  const now = ctx.now();
  const t = ctx.tokens.issue({ id: app.id, appId }, phone, operator, capability, now);
  if (!t) throw new EmulatorError('103911', GATEWAY_CODES.tokenTooFrequent.description);
  return { token: t.token, expiresAt: toShanghaiIso(t.expiresAt), operator, authType: t.authType };
}
