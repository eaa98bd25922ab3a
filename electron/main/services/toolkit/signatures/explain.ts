/**
 * The signature debugger: recomputes a request's signature by the scheme's rule (seeds/003 §3.1 and §3.2,
 * seeds/004 §5; platform-api.md §1), shows the canonical string, and when the given signature is wrong,
 * finds the one input that explains it by trying the mistakes admins make: hex case, a stray trailing
 * newline or space (in a value or in the key), the right inputs in another order, plus the checks that
 * are not about the signature (timestamp window, missing inputs, the phone hash of tokenValidate).
 */
import { createHash, createHmac, verify } from 'node:crypto';
import type { SignDifference, SignExplanation, SignScheme } from '../../../../../shared/contract/toolkit';
import { canonicalString, signRequest, sortedQuery, TIMESTAMP_WINDOW_MS } from '../../../../../shared/platform/signing';
import { SHANGHAI_OFFSET_MS } from '../../../../../shared/time/shanghai';
import { ACS3_DATE_SKEW_MS, acs3Signature, canonicalRequest, parseAuthorization, sha256Hex, type WireRequest } from '../../../../../shared/providers/acs3';
import { permutations } from './permutations';
import { parsePastedRequest, type PastedRequest } from './request-text';
import { explainPlatformResponse } from './explain-response';
import { parsePastedResponse } from './response-text';

export interface ExplainInput {
  scheme: SignScheme;
  request: string;
  key: string;
  phone?: string;
  /** platform-response: the request's X-Nonce. */
  nonce?: string;
}

type Fields = Record<string, string>;
interface Rule {
  /** Names of the inputs in the order the scheme concatenates them. */
  order: readonly string[];
  sign(canonicalWithoutKey: string[], key: string): string;
  /** How the key joins the canonical string, for display. */
  canonical(values: string[], key: string): string;
}

const md5Upper = (s: string) => createHash('md5').update(s, 'utf8').digest('hex').toUpperCase();
const hmacUpper = (key: string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest('hex').toUpperCase();

const loginRule: Rule = {
  order: ['appid', 'version', 'msgid', 'systemtime', 'strictcheck', 'token'],
  sign: (v, key) => md5Upper(v.join('') + key),
  canonical: (v, key) => v.join('') + key,
};
const verifyRule: Rule = {
  order: ['appId', 'msgId', 'phoneNum', 'timestamp', 'token', 'version'],
  sign: (v, key) => hmacUpper(key, v.join('')),
  canonical: (v) => v.join(''),
};

/** yyyyMMddHHmmssSSS in Beijing time → epoch ms, or null. */
function time17(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h, mi, se, ms] = m.map(Number) as number[];
  const t = Date.UTC(y!, mo! - 1, d!, h!, mi!, se!, ms!) - SHANGHAI_OFFSET_MS;
  return new Date(t + SHANGHAI_OFFSET_MS).getUTCDate() === d ? t : null;
}

function windowCheck(field: string, at: number | null, raw: string, now: number): SignDifference[] {
  if (at === null) return [{ field, problem: 'format', detail: `${field} ${JSON.stringify(raw)} is not a valid time` }];
  const off = at - now;
  if (Math.abs(off) <= TIMESTAMP_WINDOW_MS) return [];
  return [
    {
      field,
      problem: 'timestamp-window',
      detail: `${field} is ${Math.round(Math.abs(off) / 1000)} s ${off < 0 ? 'in the past' : 'in the future'}; the accepted window is ±${TIMESTAMP_WINDOW_MS / 1000} s (check the server clock and that the time is Beijing time)`,
    },
  ];
}

const shown = (s: string) => JSON.stringify(s);
const hasEdgeSpace = (s: string) => s !== s.trim();

/**
 * Given wrong: which single input explains it. Tries, in order: case of the signature; trimming each value
 * and the key; another order of the inputs (key last for MD5; data order for HMAC).
 */
function diagnose(rule: Rule, names: readonly string[], values: string[], key: string, given: string, expected: string): SignDifference[] {
  if (given.toUpperCase() === expected)
    return [{ field: 'sign', problem: 'case', detail: 'the signature is right but in lower case: the seeds ask for upper-case hex (大写)' }];
  const up = given.toUpperCase();
  const differs: SignDifference[] = [];
  let explained = false;
  for (let i = 0; i < values.length; i++) {
    if (!hasEdgeSpace(values[i]!)) continue;
    const trimmed = values.map((v, j) => (j === i ? v.trim() : v));
    if (rule.sign(trimmed, key) === up) {
      explained = true;
      differs.push({
        field: names[i]!,
        problem: 'whitespace',
        detail: `${names[i]} is ${shown(values[i]!)} in the request but was signed as ${shown(values[i]!.trim())}`,
      });
    } else differs.push({ field: names[i]!, problem: 'whitespace', detail: `${names[i]} carries leading or trailing whitespace: ${shown(values[i]!)}` });
  }
  if (hasEdgeSpace(key) && rule.sign(values, key.trim()) === up) {
    explained = true;
    differs.push({
      field: 'key',
      problem: 'whitespace',
      detail: 'the key given here ends with whitespace (a newline from a key file?): the signer used it without',
    });
  } else if (
    rule.sign(
      values.map((v) => v.trim()),
      key.trim(),
    ) === up &&
    (hasEdgeSpace(key) || values.some(hasEdgeSpace))
  ) {
    explained = true;
    differs.push({ field: 'key', problem: 'whitespace', detail: 'signed with every value and the key trimmed' });
  }
  if (explained) return differs;
  const idx = names.map((_, i) => i);
  for (const p of permutations(idx)) {
    if (p.every((v, i) => v === i)) continue;
    if (
      rule.sign(
        p.map((i) => values[i]!),
        key,
      ) === up
    ) {
      return [
        ...differs,
        {
          field: 'order',
          problem: 'field-order',
          detail: `the inputs were concatenated as ${p.map((i) => names[i]).join(' + ')}; the rule is ${names.join(' + ')}`,
        },
      ];
    }
  }
  return [
    ...differs,
    {
      field: 'sign',
      problem: 'mismatch',
      detail: 'no single mistake explains the signature: check the key (appKey of this AppId) and every value against the canonical string above',
    },
  ];
}

function json(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`the request body is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('the request body is not a JSON object');
  return v as Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function explainGateway(rule: Rule, fields: Fields, present: Set<string>, given: string, key: string, extra: SignDifference[]): SignExplanation {
  const missing = rule.order.filter((n) => !present.has(n));
  const differs: SignDifference[] = missing.map((n) => ({ field: n, problem: 'missing' as const, detail: `${n} is required by the signing rule` }));
  if (!given) differs.push({ field: 'sign', problem: 'missing', detail: 'the request carries no sign' });
  const values = rule.order.map((n) => fields[n] ?? '');
  const expected = rule.sign(values, key);
  const canonical = rule.canonical(values, key);
  const signOk = given === expected;
  if (given && !signOk) differs.push(...diagnose(rule, rule.order, values, key, given, expected));
  differs.push(...extra);
  return { ok: signOk && differs.length === 0, canonical, expected, given, differs };
}

function explainLogin(req: PastedRequest, key: string, now: number): SignExplanation {
  const body = json(req.body);
  const fields: Fields = {};
  const present = new Set<string>();
  for (const n of loginRule.order) {
    const v = str(body[n]);
    if (v !== undefined) {
      fields[n] = v;
      present.add(n);
    }
  }
  const given = str(body['sign']) ?? '';
  const extra = present.has('systemtime') ? windowCheck('systemtime', time17(fields['systemtime']!), fields['systemtime']!, now) : [];
  if (str(body['encryptionalgorithm']) === 'RSA') {
    // RSA: the app signs appid + token with its private key (SHA256withRSA); only the public key is here.
    const canonical = (fields['appid'] ?? '') + (fields['token'] ?? '');
    let valid = false;
    let keyProblem: SignDifference | null = null;
    try {
      const sig = /^[0-9a-fA-F]+$/.test(given) && given.length % 2 === 0 ? Buffer.from(given, 'hex') : Buffer.from(given, 'base64');
      valid = verify('sha256', Buffer.from(canonical, 'utf8'), key, sig);
    } catch (e) {
      keyProblem = { field: 'key', problem: 'format', detail: `the key is not an RSA public key PEM (${e instanceof Error ? e.message : String(e)})` };
    }
    const differs = [...extra];
    if (keyProblem) differs.push(keyProblem);
    else if (!valid)
      differs.push({
        field: 'sign',
        problem: 'mismatch',
        detail:
          'SHA256withRSA over appid + token does not verify with this public key: the private key is not the pair of the registered public key, or other data was signed',
      });
    return { ok: valid && differs.length === 0, canonical, expected: '(RSA: verified with the public key, not recomputed)', given, differs };
  }
  return explainGateway(loginRule, fields, present, given, key, extra);
}

function explainVerify(req: PastedRequest, key: string, now: number, phone?: string): SignExplanation {
  const root = json(req.body);
  const header = (root['header'] ?? {}) as Record<string, unknown>;
  const body = (root['body'] ?? {}) as Record<string, unknown>;
  const fields: Fields = {};
  const present = new Set<string>();
  for (const n of verifyRule.order) {
    const v = str(n === 'phoneNum' || n === 'token' ? body[n] : header[n]);
    if (v !== undefined) {
      fields[n] = v;
      present.add(n);
    }
  }
  const given = str(body['sign']) ?? '';
  const extra: SignDifference[] = present.has('timestamp') ? windowCheck('timestamp', time17(fields['timestamp']!), fields['timestamp']!, now) : [];
  if (str(body['requesterType']) === '0' && str(body['openType']) === undefined) {
    extra.push({ field: 'openType', problem: 'missing', detail: 'openType is required when requesterType is 0 (seeds/003, tokenValidate request)' });
  }
  if (phone && present.has('phoneNum') && present.has('timestamp')) {
    const want = createHash('sha256')
      .update(phone + key + fields['timestamp']!, 'utf8')
      .digest('hex')
      .toUpperCase();
    const got = fields['phoneNum']!;
    if (got.toUpperCase() === want && got !== want)
      extra.push({ field: 'phoneNum', problem: 'case', detail: 'phoneNum is the right hash in lower case: the seeds ask for upper-case hex (字母大写)' });
    else if (got !== want) {
      const orders: [string, string][] = [
        [phone + fields['timestamp']! + key, 'phone + timestamp + appKey'],
        [key + phone + fields['timestamp']!, 'appKey + phone + timestamp'],
        [phone + key, 'phone + appKey (no timestamp)'],
        [phone, 'the phone alone'],
      ];
      const hit = orders.find(([s]) => createHash('sha256').update(s, 'utf8').digest('hex').toUpperCase() === got.toUpperCase());
      extra.push({
        field: 'phoneNum',
        problem: 'phone-hash',
        detail: hit
          ? `phoneNum hashes ${hit[1]}; the rule is SHA-256(phone + appKey + timestamp)`
          : 'phoneNum is not SHA-256(phone + appKey + timestamp) for this phone, key and timestamp',
      });
    }
  }
  return explainGateway(verifyRule, fields, present, given, key, extra);
}

function explainPlatform(req: PastedRequest, key: string, now: number): SignExplanation {
  if (!req.url) throw new Error('paste the platform request as a curl command (method, URL, X-Timestamp, X-Nonce and X-Signature headers, body)');
  const url = new URL(req.url, 'http://platform.invalid');
  const ts = req.headers['x-timestamp'] ?? '';
  const nonce = req.headers['x-nonce'] ?? '';
  const given = req.headers['x-signature'] ?? '';
  const differs: SignDifference[] = [];
  for (const [h, v] of [
    ['X-Timestamp', ts],
    ['X-Nonce', nonce],
    ['X-Signature', given],
    ['X-Access-Key', req.headers['x-access-key'] ?? ''],
  ] as const) {
    if (!v) differs.push({ field: h, problem: 'missing', detail: `${h} header is missing` });
  }
  const base = { method: req.method, path: url.pathname, query: sortedQuery(url.searchParams), timestamp: ts, nonce, body: req.body };
  const canonical = canonicalString(base);
  const expected = signRequest(key, base);
  if (ts && !/^\d{13}$/.test(ts)) differs.push({ field: 'X-Timestamp', problem: 'format', detail: 'X-Timestamp must be Unix epoch milliseconds (13 digits)' });
  else if (ts) differs.push(...windowCheck('X-Timestamp', Number(ts), ts, now));
  if (given && given !== expected) {
    const tries: [() => string, SignDifference][] = [
      [
        () => given.toLowerCase(),
        { field: 'X-Signature', problem: 'case', detail: 'the signature is right but upper-case: the platform API uses lower-case hex' },
      ],
      [
        () => signRequest(key, { ...base, body: req.body.replace(/\s+$/, '') }),
        { field: 'body', problem: 'whitespace', detail: 'the body was signed without its trailing newline (or sent with one it was not signed with)' },
      ],
      [
        () => signRequest(key, { ...base, body: req.body + '\n' }),
        { field: 'body', problem: 'whitespace', detail: 'the body was signed with a trailing newline that is not sent' },
      ],
      [
        () => signRequest(key, { ...base, query: url.search.replace(/^\?/, '') }),
        { field: 'query', problem: 'field-order', detail: 'the query was signed as sent, not sorted by name' },
      ],
      [
        () => signRequest(key.trim(), base),
        { field: 'key', problem: 'whitespace', detail: 'the key given here has surrounding whitespace; the signer used it without' },
      ],
      [
        () => signRequest(key, { ...base, method: req.method.toLowerCase() }),
        { field: 'method', problem: 'case', detail: 'the method was signed in lower case' },
      ],
    ];
    const hit = tries.find(([f, d]) => (d.problem === 'case' && d.field === 'X-Signature' ? f() === expected : f() === given));
    differs.push(
      hit
        ? hit[1]
        : {
            field: 'X-Signature',
            problem: 'mismatch',
            detail: 'no single mistake explains the signature: check the secret key and the canonical string above',
          },
    );
  }
  return { ok: !!given && given === expected && differs.length === 0, canonical, expected, given, differs };
}

/**
 * Alibaba Cloud's ACS3-HMAC-SHA256, as its SDK (@alicloud/openapi-core) signs a call: the pasted curl
 * command carries the method, URL, the x-acs-* headers and the Authorization header naming the signed
 * headers; the canonical request is built by the same code the emulator's Alibaba face verifies with.
 */
function explainAcs3(req: PastedRequest, key: string, now: number): SignExplanation {
  if (!req.url) throw new Error('paste the Alibaba Cloud request as a curl command (method, URL with the query, x-acs-* and Authorization headers, body)');
  const url = new URL(req.url, 'https://dypnsapi.aliyuncs.com');
  const rawAuth = req.headers['authorization'] ?? '';
  // An upper-case signature is still read, so the mistake can be named rather than the header refused.
  const auth = parseAuthorization(rawAuth.replace(/Signature=([0-9A-Fa-f]{64})/, (_m, sig: string) => `Signature=${sig.toLowerCase()}`));
  const differs: SignDifference[] = [];
  const signedHeaders =
    auth?.signedHeaders ??
    Object.keys(req.headers)
      .filter((h) => h === 'host' || h.startsWith('x-acs-'))
      .sort();
  if (!auth)
    differs.push({
      field: 'Authorization',
      problem: 'missing',
      detail: 'no "ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=<64 hex>" Authorization header',
    });
  const headers: WireRequest['headers'] = { ...req.headers };
  // curl sends Host from the URL; the SDK signs it.
  headers['host'] ??= url.host;
  const bodyHash = sha256Hex(req.body);
  const wire: WireRequest = { method: req.method, path: url.pathname, rawQuery: url.search.replace(/^\?/, ''), headers, payloadHash: bodyHash };
  const canonical = canonicalRequest(wire, signedHeaders);
  const expected = acs3Signature(key, canonical);
  const given = /Signature=([0-9a-fA-F]+)/.exec(rawAuth)?.[1] ?? '';
  for (const h of ['x-acs-date', 'x-acs-content-sha256', 'x-acs-signature-nonce']) {
    if (!req.headers[h]) differs.push({ field: h, problem: 'missing', detail: `${h} header is missing` });
  }
  const claimed = req.headers['x-acs-content-sha256'];
  if (claimed && claimed !== bodyHash) {
    const trailing = sha256Hex(req.body.replace(/\s+$/, '')) === claimed || sha256Hex(req.body + '\n') === claimed;
    differs.push({
      field: 'x-acs-content-sha256',
      problem: trailing ? 'whitespace' : 'mismatch',
      detail: trailing
        ? 'x-acs-content-sha256 is the hash of the body with a different trailing newline than the one sent'
        : 'x-acs-content-sha256 is not SHA-256 of the body sent',
    });
  }
  const date = req.headers['x-acs-date'];
  if (date) {
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(date) ? Date.parse(date) : NaN;
    if (Number.isNaN(at)) differs.push({ field: 'x-acs-date', problem: 'format', detail: 'x-acs-date must be UTC as YYYY-MM-DDThh:mm:ssZ' });
    else if (Math.abs(at - now) > ACS3_DATE_SKEW_MS)
      differs.push({
        field: 'x-acs-date',
        problem: 'timestamp-window',
        detail: `x-acs-date is ${Math.round(Math.abs(at - now) / 1000)} s ${at < now ? 'in the past' : 'in the future'}; Alibaba Cloud accepts ±${ACS3_DATE_SKEW_MS / 60_000} min (check the server clock and that the time is UTC)`,
      });
  }
  if (given && given !== expected) {
    const tries: [() => string, SignDifference][] = [
      [() => given.toLowerCase(), { field: 'Signature', problem: 'case', detail: 'the signature is right but upper-case: ACS3 uses lower-case hex' }],
      [
        () => acs3Signature(key, canonicalRequest({ ...wire, payloadHash: sha256Hex(req.body.replace(/\s+$/, '')) }, signedHeaders)),
        { field: 'body', problem: 'whitespace', detail: 'the body was signed without its trailing newline (or sent with one it was not signed with)' },
      ],
      [
        () => acs3Signature(key, canonicalRequest({ ...wire, payloadHash: sha256Hex(req.body + '\n') }, signedHeaders)),
        { field: 'body', problem: 'whitespace', detail: 'the body was signed with a trailing newline that is not sent' },
      ],
      [
        () => acs3Signature(key, canonicalRequest(wire, signedHeaders).replace(/^([^\n]*\n[^\n]*\n)[^\n]*/, `$1${wire.rawQuery}`)),
        { field: 'query', problem: 'field-order', detail: 'the query was signed as sent, not sorted by name and RFC 3986-encoded' },
      ],
      [
        () => acs3Signature(key.trim(), canonical),
        { field: 'key', problem: 'whitespace', detail: 'the secret given here has surrounding whitespace; the signer used it without' },
      ],
      [
        () => acs3Signature(key, canonicalRequest({ ...wire, method: req.method.toLowerCase() }, signedHeaders)),
        { field: 'method', problem: 'case', detail: 'the method was signed in lower case' },
      ],
    ];
    const hit = tries.find(([f, d]) => (d.problem === 'case' && d.field === 'Signature' ? f() === expected : f() === given));
    differs.push(
      hit
        ? hit[1]
        : {
            field: 'Signature',
            problem: 'mismatch',
            detail: 'no single mistake explains the signature: check the AccessKey secret, the signed headers and the canonical request above',
          },
    );
  }
  return { ok: !!given && given === expected && differs.length === 0, canonical, expected, given, differs };
}

/** Throws a plain Error with a readable message when the request cannot be read at all. */
export function explainSignature(input: ExplainInput, now: number): SignExplanation {
  if (input.scheme === 'platform-response') return explainPlatformResponse(parsePastedResponse(input.request), input.key, input.nonce);
  const req = parsePastedRequest(input.request);
  if (input.scheme === 'login-token-validate') return explainLogin(req, input.key, now);
  if (input.scheme === 'token-validate') return explainVerify(req, input.key, now, input.phone);
  if (input.scheme === 'acs3') return explainAcs3(req, input.key, now);
  return explainPlatform(req, input.key, now);
}
