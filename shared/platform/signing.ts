/**
 * Request and response signing of the management API (platform-api.md §1).
 * Node-only (node:crypto): used by the platform client and the emulator, never the renderer.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_WINDOW_MS = 300_000;
export const NONCE_TTL_MS = 600_000;
export const NONCE_RE = /^[A-Za-z0-9_-]{16,64}$/;

export function sha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** RFC 3986 percent-encoding (encodeURIComponent leaves !'()* alone; RFC 3986 does not). */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Query parameters sorted by name (then value), each name=value encoded, joined by "&". */
export function sortedQuery(params: URLSearchParams | Iterable<[string, string]>): string {
  const pairs = [...params].map(([k, v]) => [rfc3986(k), rfc3986(v)] as const);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export interface CanonicalRequest {
  method: string;
  path: string;
  query: string;
  timestamp: string;
  nonce: string;
  body: string | Uint8Array;
}

export function canonicalString(r: CanonicalRequest): string {
  return [r.method.toUpperCase(), r.path, r.query, r.timestamp, r.nonce, sha256Hex(r.body)].join('\n');
}

export function signRequest(secretKey: string, r: CanonicalRequest): string {
  return createHmac('sha256', secretKey).update(canonicalString(r)).digest('hex');
}

/** What a response signature covers (§1): the status, the nonce of the request it answers, and the body's SHA-256. */
export function canonicalResponseString(status: number, requestNonce: string, body: string | Uint8Array): string {
  return `${status}\n${requestNonce}\n${sha256Hex(body)}`;
}

export function signResponse(secretKey: string, status: number, requestNonce: string, body: string | Uint8Array): string {
  return signResponseDigest(secretKey, status, requestNonce, sha256Hex(body));
}

/** signResponse for a body whose SHA-256 (hex) is known already: a body served again need not be hashed again. */
export function signResponseDigest(secretKey: string, status: number, requestNonce: string, bodySha256: string): string {
  return createHmac('sha256', secretKey).update(`${status}\n${requestNonce}\n${bodySha256}`).digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ba.length !== bb.length) {
    timingSafeEqual(ba, ba);
    return false;
  }
  return timingSafeEqual(ba, bb);
}
