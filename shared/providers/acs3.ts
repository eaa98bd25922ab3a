/**
 * ACS3-HMAC-SHA256 as Alibaba Cloud documents it (the V3 request signature). One canonicalization
 * for the emulator's Alibaba face (which rebuilds the canonical request from what arrived on the
 * wire, so a client that signs anything else fails) and the console's signature debugger.
 * Node-only (node:crypto), like ../platform/signing.ts.
 *
 *   CanonicalRequest = METHOD \n URI \n sorted query (RFC 3986) \n "name:value\n" per signed header
 *                      \n signed header names joined by ';' \n hex sha256 of the body
 *   StringToSign     = "ACS3-HMAC-SHA256\n" + hex sha256(CanonicalRequest)
 *   Signature        = hex HMAC-SHA256(secret, StringToSign)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { rfc3986, sha256Hex } from '../platform/signing';

export { rfc3986, sha256Hex };

export const ACS3 = 'ACS3-HMAC-SHA256';

/** x-acs-date may differ from the server's clock by at most this much (Alibaba: 15 minutes). */
export const ACS3_DATE_SKEW_MS = 15 * 60_000;

/** The query string of a request target, decoded then re-encoded in sorted order. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      const k = decodeURIComponent((i < 0 ? p : p.slice(0, i)).replace(/\+/g, '%20'));
      const v = i < 0 ? '' : decodeURIComponent(p.slice(i + 1).replace(/\+/g, '%20'));
      return [k, v] as const;
    });
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
}

export interface ParsedAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex` → its parts, or null. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header || !header.startsWith(`${ACS3} `)) return null;
  const parts = new Map<string, string>();
  for (const kv of header.slice(ACS3.length + 1).split(',')) {
    const i = kv.indexOf('=');
    if (i > 0) parts.set(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
  }
  const accessKeyId = parts.get('Credential');
  const signed = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!accessKeyId || !signed || !signature || !/^[0-9a-f]{64}$/.test(signature)) return null;
  return { accessKeyId, signedHeaders: signed.split(';'), signature };
}

export interface WireRequest {
  method: string;
  /** Path without the query. */
  path: string;
  rawQuery: string;
  /** Lower-cased header names; repeated headers joined by the HTTP parser. */
  headers: Record<string, string | string[] | undefined>;
  payloadHash: string;
}

export function canonicalRequest(req: WireRequest, signedHeaders: readonly string[]): string {
  const headerLines = signedHeaders.map((h) => {
    const v = req.headers[h];
    const value = Array.isArray(v)
      ? v
          .map((x) => x.trim())
          .sort()
          .join(',')
      : (v ?? '').trim();
    return `${h}:${value}\n`;
  });
  const uri = req.path === '' ? '/' : req.path;
  return [req.method, uri, canonicalQuery(req.rawQuery), headerLines.join(''), signedHeaders.join(';'), req.payloadHash].join('\n');
}

export function acs3Signature(secret: string, canonical: string): string {
  return createHmac('sha256', secret)
    .update(`${ACS3}\n${sha256Hex(canonical)}`)
    .digest('hex');
}

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
