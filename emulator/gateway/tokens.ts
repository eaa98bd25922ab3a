/**
 * Tokens of the sandbox and the gateway, with the carriers' rules (seeds 002/003/004): a token
 * is valid for 2 minutes and for one use; a phone number may hold at most 30 unused tokens
 * obtained in the last 10 minutes (the next request fails with 103911).
 */
import type { Capability, Operator } from '../../shared/platform/domain';
import type { IdIssuer } from '../state/ids';

export const TOKEN_TTL_MS = 120_000;
export const TOKEN_WINDOW_MS = 600_000;
export const MAX_UNUSED_TOKENS = 30;

export interface Token {
  token: string;
  /** The internal id and AppId of the app it was issued for. */
  id: string;
  appId: string;
  phone: string;
  operator: Operator;
  capability: Capability;
  /** authType of seeds/003: 2 = 网关鉴权. */
  authType: string;
  issuedAt: number;
  expiresAt: number;
  used: boolean;
}

export type TokenCheck = { ok: true; token: Token } | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'other-app' | 'capability'; token?: Token };

export class TokenStore {
  private readonly byToken = new Map<string, Token>();
  private readonly byPhone = new Map<string, Token[]>();
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(private readonly ids: IdIssuer) {}

  /** A new token, or null when the phone already holds 30 unused tokens from the last 10 minutes. */
  issue(app: { id: string; appId: string }, phone: string, operator: Operator, capability: Capability, now: number): Token | null {
    if (now - this.lastPrune >= 10_000 || now < this.lastPrune) this.prune(now);
    const recent = (this.byPhone.get(phone) ?? []).filter((t) => t.issuedAt > now - TOKEN_WINDOW_MS);
    if (recent.filter((t) => !t.used).length >= MAX_UNUSED_TOKENS) return null;
    const t: Token = {
      token: this.ids.token(),
      id: app.id,
      appId: app.appId,
      phone,
      operator,
      capability,
      authType: '2',
      issuedAt: now,
      expiresAt: now + TOKEN_TTL_MS,
      used: false,
    };
    recent.push(t);
    this.byPhone.set(phone, recent);
    this.byToken.set(t.token, t);
    return t;
  }

  /** Looks a token up without using it (the gateway needs its operator for the record either way). */
  peek(token: string): Token | undefined {
    return this.byToken.get(token);
  }

  /** Checks a presented token for an app and capability; a passing token is used up. */
  redeem(token: string, appId: string, capability: Capability, now: number): TokenCheck {
    const t = this.byToken.get(token);
    if (!t) return { ok: false, reason: 'unknown' };
    if (t.appId !== appId) return { ok: false, reason: 'other-app', token: t };
    if (t.used) return { ok: false, reason: 'used', token: t };
    if (now >= t.expiresAt) return { ok: false, reason: 'expired', token: t };
    if (t.capability !== capability) return { ok: false, reason: 'capability', token: t };
    t.used = true;
    return { ok: true, token: t };
  }

  /** Forgets tokens older than the 10-minute window (by then expired and out of the count). */
  prune(now: number): void {
    this.lastPrune = now;
    const cutoff = now - TOKEN_WINDOW_MS;
    for (const [k, t] of this.byToken) if (t.issuedAt <= cutoff) this.byToken.delete(k);
    for (const [phone, list] of this.byPhone) {
      const keep = list.filter((t) => t.issuedAt > cutoff);
      if (keep.length) this.byPhone.set(phone, keep);
      else this.byPhone.delete(phone);
    }
  }
}
