/**
 * Request authentication of the management API (platform-api §1): access key, timestamp window,
 * nonce format and replay, HMAC-SHA256 signature (constant-time compare), in that order.
 * The nonce is remembered only once the signature is good, so forged requests cannot burn
 * a client's nonces.
 */
import { NONCE_RE, NONCE_TTL_MS, signaturesEqual, signRequest, sortedQuery, TIMESTAMP_WINDOW_MS } from '../../shared/platform/signing';
import type { EmulatorKey } from '../keys';
import { EmulatorError } from './errors';

export interface AuthInput {
  method: string;
  /** The path exactly as requested (before `?`). */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  now: number;
}

export type AuthResult = { ok: true; key: EmulatorKey; nonce: string } | { ok: false; error: EmulatorError; key?: EmulatorKey; nonce?: string };

const header = (h: AuthInput['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export class Authenticator {
  private readonly byAccessKey: Map<string, EmulatorKey>;
  private readonly nonces = new Map<string, number>();
  private lastSweep = 0;

  constructor(keys: readonly EmulatorKey[]) {
    this.byAccessKey = new Map(keys.map((k) => [k.accessKey, k]));
  }

  authenticate(r: AuthInput): AuthResult {
    const accessKey = header(r.headers, 'x-access-key');
    const key = accessKey === undefined ? undefined : this.byAccessKey.get(accessKey);
    if (!key) return { ok: false, error: new EmulatorError('ACCESS_KEY_INVALID', accessKey === undefined ? 'X-Access-Key is missing' : 'unknown access key') };
    const nonce = header(r.headers, 'x-nonce');
    const fail = (error: EmulatorError): AuthResult => ({ ok: false, error, key, ...(nonce ? { nonce } : {}) });

    const ts = header(r.headers, 'x-timestamp');
    if (ts === undefined || !/^\d{1,16}$/.test(ts)) return fail(new EmulatorError('TIMESTAMP_EXPIRED', 'X-Timestamp must be unix epoch milliseconds'));
    if (Math.abs(r.now - Number(ts)) > TIMESTAMP_WINDOW_MS)
      return fail(new EmulatorError('TIMESTAMP_EXPIRED', `X-Timestamp is more than ${TIMESTAMP_WINDOW_MS / 1000} s from the server clock`));
    if (nonce === undefined || !NONCE_RE.test(nonce))
      return fail(new EmulatorError('SIGNATURE_INVALID', 'X-Nonce must be 16–64 characters of A–Z a–z 0–9 _ -'));
    const given = header(r.headers, 'x-signature');
    if (given === undefined || given === '') return fail(new EmulatorError('SIGNATURE_INVALID', 'X-Signature is missing'));
    const expected = signRequest(key.secretKey, { method: r.method, path: r.rawPath, query: sortedQuery(r.query), timestamp: ts, nonce, body: r.body });
    if (!signaturesEqual(given.toLowerCase(), expected)) return fail(new EmulatorError('SIGNATURE_INVALID', 'signature does not match the request'));

    this.sweep(r.now);
    const nonceKey = `${key.accessKey}\n${nonce}`;
    const seenUntil = this.nonces.get(nonceKey);
    if (seenUntil !== undefined && seenUntil > r.now) return fail(new EmulatorError('NONCE_REPLAYED', 'this nonce was used in the last 10 minutes'));
    this.nonces.set(nonceKey, r.now + NONCE_TTL_MS);
    return { ok: true, key, nonce };
  }

  /** Drops nonces older than the replay window (at most every few seconds). */
  private sweep(now: number): void {
    if (now - this.lastSweep < 5_000 && now >= this.lastSweep) return;
    this.lastSweep = now;
    for (const [k, until] of this.nonces) if (until <= now) this.nonces.delete(k);
  }
}
