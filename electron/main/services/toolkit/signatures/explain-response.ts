/**
 * The response side of our platform API's double signature (platform-api.md §1): every management
 * response carries `X-Signature: hex(HMAC-SHA256(secretKey, status + "\n" + requestNonce + "\n" +
 * hex(SHA256(body))))`. The canonical string and the signature come from shared/platform/signing — the
 * code the emulator signs with and the sync's client verifies with — and when the given signature is
 * wrong, the one change that explains it is named: hex case, a trailing newline, a re-formatted or cut
 * body, another status, the key or the nonce with whitespace; besides, the request's timestamp against
 * the server's clock.
 */
import type { SignDifference, SignExplanation } from '../../../../../shared/contract/toolkit';
import { canonicalResponseString, NONCE_RE, signResponse, TIMESTAMP_WINDOW_MS } from '../../../../../shared/platform/signing';
import type { PastedResponse } from './response-text';

/** Statuses the platform answers with (§0, §1, §2): tried when the signature covers another one. */
const PLATFORM_STATUSES = [200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 502, 503];

function reformattedJson(body: string): string | null {
  try {
    const compact = JSON.stringify(JSON.parse(body));
    return compact === body ? null : compact;
  } catch {
    return null;
  }
}

function errorCode(body: string): string | null {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' && typeof (v as { code?: unknown }).code === 'string' ? (v as { code: string }).code : null;
  } catch {
    return null;
  }
}

export function explainPlatformResponse(res: PastedResponse, key: string, nonceGiven: string | undefined): SignExplanation {
  const differs: SignDifference[] = [];
  const traced = res.requestHeaders['x-nonce'];
  const nonce = nonceGiven ?? traced ?? '';
  const given = res.headers['x-signature'] ?? '';
  const status = res.status ?? 0;
  const body = res.body;

  if (res.status === null)
    differs.push({ field: 'status', problem: 'missing', detail: 'no status line (HTTP/1.1 200 OK): the response signature covers the status' });
  if (!nonce)
    differs.push({
      field: 'X-Nonce',
      problem: 'missing',
      detail: "the request's X-Nonce is needed (the response signature covers it): give it, or paste curl -v output that shows the request headers",
    });
  else if (nonceGiven !== undefined && traced !== undefined && traced !== nonceGiven)
    differs.push({
      field: 'X-Nonce',
      problem: 'mismatch',
      detail: `the nonce given is not the X-Nonce of the request in the trace (${JSON.stringify(traced)})`,
    });
  else if (!NONCE_RE.test(nonce.trim()))
    differs.push({ field: 'X-Nonce', problem: 'format', detail: 'a request nonce is 16–64 characters of A–Z, a–z, 0–9, "_" and "-"' });
  if (!given)
    differs.push({ field: 'X-Signature', problem: 'missing', detail: 'the response carries no X-Signature header: the client must treat it as a failed call' });

  const declared = res.headers['content-length'];
  const bytes = Buffer.byteLength(body, 'utf8');
  const trailing = body.replace(/\s+$/, '');
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) !== bytes && Number(declared) !== Buffer.byteLength(trailing, 'utf8')) {
    differs.push({
      field: 'body',
      problem: 'changed',
      detail: `Content-Length says ${declared} bytes, the body here has ${bytes}: it was cut or edited after it was sent`,
    });
  }

  // The request's time against the server's clock: what TIMESTAMP_EXPIRED answers.
  const sent = res.requestHeaders['x-timestamp'];
  const serverDate = res.headers['date'] ? Date.parse(res.headers['date']) : NaN;
  if (sent && /^\d{13}$/.test(sent) && !Number.isNaN(serverDate) && Math.abs(Number(sent) - serverDate) > TIMESTAMP_WINDOW_MS + 1000) {
    const off = Number(sent) - serverDate;
    differs.push({
      field: 'X-Timestamp',
      problem: 'timestamp-window',
      detail: `the request's X-Timestamp is ${Math.round(Math.abs(off) / 1000)} s ${off < 0 ? 'behind' : 'ahead of'} the server's Date; the platform accepts ±${TIMESTAMP_WINDOW_MS / 1000} s (check the client's clock)`,
    });
  } else if (errorCode(body) === 'TIMESTAMP_EXPIRED') {
    differs.push({
      field: 'X-Timestamp',
      problem: 'timestamp-window',
      detail: `the platform refused the request's X-Timestamp as outside ±${TIMESTAMP_WINDOW_MS / 1000} s of its clock (TIMESTAMP_EXPIRED): check the client's clock`,
    });
  }

  const canonical = canonicalResponseString(status, nonce, body);
  const expected = signResponse(key, status, nonce, body);
  if (given && given !== expected && nonce) {
    const sign = (s: number, n: string, b: string, k = key) => signResponse(k, s, n, b);
    const compact = reformattedJson(body);
    const tries: [() => string | null, SignDifference][] = [
      [
        () => given.toLowerCase(),
        { field: 'X-Signature', problem: 'case', detail: 'the signature is right but upper-case: the platform API uses lower-case hex' },
      ],
      [
        () => (trailing !== body ? sign(status, nonce, trailing) : null),
        {
          field: 'body',
          problem: 'whitespace',
          detail:
            'the body here ends with a newline (or spaces) the signature does not cover: if the paste added it, the response is fine; if the server sends it, it signed another body than it sent',
        },
      ],
      [
        () => sign(status, nonce, `${body}\n`),
        { field: 'body', problem: 'whitespace', detail: 'the server signed the body with a trailing newline it does not send' },
      ],
      [
        () => (compact !== null ? sign(status, nonce, compact) : null),
        {
          field: 'body',
          problem: 'changed',
          detail: 'the body was re-formatted after signing (pretty-printed or re-serialized): the signature covers the exact bytes sent',
        },
      ],
      [
        () => (key !== key.trim() ? sign(status, nonce, body, key.trim()) : null),
        { field: 'key', problem: 'whitespace', detail: 'the key given here has surrounding whitespace; the signer used it without' },
      ],
      [
        () => (nonce !== nonce.trim() ? sign(status, nonce.trim(), body) : null),
        { field: 'X-Nonce', problem: 'whitespace', detail: 'the nonce given here has surrounding whitespace; the signer used it without' },
      ],
    ];
    let hit = tries.find(([f, d]) => (d.problem === 'case' && d.field === 'X-Signature' ? f() === expected : f() === given))?.[1];
    if (!hit) {
      const other = PLATFORM_STATUSES.find((s) => s !== status && sign(s, nonce, body) === given);
      if (other !== undefined)
        hit = { field: 'status', problem: 'mismatch', detail: `the signature covers status ${other}, the response was sent with ${status}` };
    }
    differs.push(
      hit ?? {
        field: 'X-Signature',
        problem: 'mismatch',
        detail:
          'no single mistake explains the signature: the body was changed after signing, it was signed with another secret key, or it answers another request (the nonce): check the canonical string above',
      },
    );
  }
  return { ok: !!given && given === expected && differs.length === 0, canonical, expected, given, differs };
}
