// The response side of the platform API's double signature: responses signed here from the text of
// platform-api.md §1 (HMAC-SHA256 over status + "\n" + request nonce + "\n" + hex(SHA-256(body))), each with
// one planted mistake, and a real response of the emulator read off the socket as curl -i prints it.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signExplanationSchema } from '../../../../../shared/contract/toolkit';
import { signRequest } from '../../../../../shared/platform/signing';
import { startEmulator, type StartedEmulator } from '../../../../../emulator/index';
import { explainSignature } from './explain';
import { parsePastedResponse } from './response-text';

const SECRET = 'sk-response-fixture-0123456789';
const NONCE = 'req-nonce-0123456789abcdef';
const NOW = Date.UTC(2026, 11, 4, 4, 0, 0, 0);
const BODY = '{"items":[],"nextVersion":0,"hasMore":false}';

/** The spec's formula written out here, independent of shared/platform/signing. */
function specSign(status: number, nonce: string, body: string, key = SECRET): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return createHmac('sha256', key).update(`${status}\n${nonce}\n${bodyHash}`).digest('hex');
}

interface Planted {
  status?: number;
  signedStatus?: number;
  body?: string;
  signedBody?: string;
  signature?: string | null;
  extraHeaders?: string[];
}
function curlI(p: Planted = {}): string {
  const body = p.body ?? BODY;
  const sig = p.signature === undefined ? specSign(p.signedStatus ?? p.status ?? 200, NONCE, p.signedBody ?? body) : p.signature;
  const headers = [
    `HTTP/1.1 ${p.status ?? 200} OK`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Request-Id: req_00000001',
    ...(sig === null ? [] : [`X-Signature: ${sig}`]),
    ...(p.extraHeaders ?? []),
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

const explain = (text: string, opts: { key?: string; nonce?: string | null } = {}) =>
  signExplanationSchema.parse(
    explainSignature(
      {
        scheme: 'platform-response',
        request: text,
        key: opts.key ?? SECRET,
        ...(opts.nonce === null ? {} : { nonce: opts.nonce ?? NONCE }),
      },
      NOW,
    ),
  );
const problems = (text: string, opts?: Parameters<typeof explain>[1]) => explain(text, opts).differs.map((d) => [d.field, d.problem]);

describe('platform-response: planted mistakes', () => {
  it('a correctly signed response is ok, with the spec canonical string', () => {
    const r = explain(curlI());
    expect(r.differs).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.canonical).toBe(`200\n${NONCE}\n${createHash('sha256').update(BODY).digest('hex')}`);
    expect(r.expected).toBe(specSign(200, NONCE, BODY));
  });

  it('body changed after signing (a value edited, same length): mismatch, nothing else to blame', () => {
    const r = explain(curlI({ body: BODY.replace('false', 'fals3'), signedBody: BODY }));
    expect(r.ok).toBe(false);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['X-Signature', 'mismatch']]);
    expect(r.differs[0]!.detail).toContain('changed after signing');
  });

  it('body cut short (Content-Length disagrees): changed on body', () => {
    const text = curlI().replace(/\}$/, '');
    expect(problems(text)).toContainEqual(['body', 'changed']);
  });

  it('body pretty-printed after signing: changed on body, named as a re-format', () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    const r = explain(curlI({ body: pretty, signedBody: BODY }));
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['body', 'changed']]);
    expect(r.differs[0]!.detail).toContain('re-formatted');
  });

  it('X-Signature missing: missing', () => {
    expect(problems(curlI({ signature: null }))).toEqual([['X-Signature', 'missing']]);
  });

  it('request nonce not given and not in the paste: missing X-Nonce', () => {
    expect(problems(curlI(), { nonce: null })).toContainEqual(['X-Nonce', 'missing']);
  });

  it('upper-case hex: case', () => {
    expect(problems(curlI({ signature: specSign(200, NONCE, BODY).toUpperCase() }))).toEqual([['X-Signature', 'case']]);
  });

  it('a trailing newline after the body the signature does not cover: whitespace on body', () => {
    const r = explain(`${curlI()}\n`);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['body', 'whitespace']]);
  });

  it('the server signed a trailing newline it does not send: whitespace on body', () => {
    expect(problems(curlI({ signedBody: `${BODY}\n` }))).toEqual([['body', 'whitespace']]);
  });

  it('signed with another status than sent: mismatch on status, naming it', () => {
    const r = explain(curlI({ status: 201, signedStatus: 200 }));
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['status', 'mismatch']]);
    expect(r.differs[0]!.detail).toContain('200');
  });

  it('a key with a trailing newline (from a key file): whitespace on key', () => {
    expect(problems(curlI(), { key: `${SECRET}\n` })).toEqual([['key', 'whitespace']]);
  });

  it('another secret key: mismatch', () => {
    expect(problems(curlI(), { key: 'another-secret' })).toEqual([['X-Signature', 'mismatch']]);
  });

  it("a request timestamp outside the window of the server's Date (curl -v trace): timestamp-window", () => {
    const date = new Date(NOW).toUTCString();
    const body = '{"code":"TIMESTAMP_EXPIRED","message":"timestamp outside the window","requestId":"req_1"}';
    const trace = [
      '*   Trying 127.0.0.1:8080...',
      '> GET /v1/apps HTTP/1.1',
      '> Host: 127.0.0.1:8080',
      `> X-Timestamp: ${NOW - 400_000}`,
      `> X-Nonce: ${NONCE}`,
      '>',
      '< HTTP/1.1 401 Unauthorized',
      `< Date: ${date}`,
      `< X-Signature: ${specSign(401, NONCE, body)}`,
      '<',
      '* Connection #0 to host 127.0.0.1 left intact',
      body,
    ].join('\n');
    const r = explain(trace, { nonce: null });
    expect(r.given).toBe(r.expected);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['X-Timestamp', 'timestamp-window']]);
    expect(r.differs[0]!.detail).toMatch(/400 s behind/);
  });

  it('a nonce given that is not the one in the trace: mismatch on X-Nonce', () => {
    const trace = ['> GET /v1/apps HTTP/1.1', `> X-Nonce: ${NONCE}`, '< HTTP/1.1 200 OK', `< X-Signature: ${specSign(200, NONCE, BODY)}`, '<', BODY].join('\n');
    expect(explain(trace, { nonce: null }).ok).toBe(true);
    expect(problems(trace, { nonce: 'another-nonce-0123456789' })).toContainEqual(['X-Nonce', 'mismatch']);
  });

  it('the JSON envelope form { status, headers, body } reads the same', () => {
    const text = JSON.stringify({ status: 200, headers: { 'X-Signature': specSign(200, NONCE, BODY) }, body: JSON.parse(BODY) as unknown });
    expect(explain(text).ok).toBe(true);
  });

  it('a paste that is no response is refused with a readable reason', () => {
    expect(() => explain('hello there')).toThrow(/neither a header nor the blank line/);
    expect(() => explain('{"a":1}')).toThrow(/paste the whole response/);
  });
});

describe('platform-response: a real response of the emulator', () => {
  let emu: StartedEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 5, days: 1, daily: 20, rate: 0, host: '127.0.0.1', port: 0 });
  });
  afterAll(() => emu.close());

  /** A signed request written to the socket and the raw answer read back, as `curl -i` shows it. */
  async function rawExchange(path: string, signWith: { accessKey: string; secretKey: string } = emu.key('admin')): Promise<{ text: string; nonce: string }> {
    const nonce = randomBytes(16).toString('hex');
    const timestamp = String(Date.now());
    const sig = signRequest(signWith.secretKey, { method: 'GET', path, query: 'limit=2', timestamp, nonce, body: '' });
    const { port } = new URL(emu.url);
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const s = connect(Number(port), '127.0.0.1', () => {
        s.write(
          `GET ${path}?limit=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Access-Key: ${signWith.accessKey}\r\nX-Timestamp: ${timestamp}\r\nX-Nonce: ${nonce}\r\nX-Signature: ${sig}\r\nConnection: close\r\n\r\n`,
        );
      });
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      s.on('error', reject);
    });
    return { text, nonce };
  }

  it('verifies ok with the admin secret and the request nonce', async () => {
    const { text, nonce } = await rawExchange('/v1/apps');
    expect(parsePastedResponse(text).status).toBe(200);
    const r = signExplanationSchema.parse(explainSignature({ scheme: 'platform-response', request: text, key: emu.key('admin').secretKey, nonce }, Date.now()));
    expect(r.differs).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it("an error response (401, another key's signature) is signed too and verifies with the key it names", async () => {
    const admin = emu.key('admin');
    const { text, nonce } = await rawExchange('/v1/apps', { accessKey: admin.accessKey, secretKey: 'not-the-secret' });
    expect(parsePastedResponse(text).status).toBe(401);
    expect(explainSignature({ scheme: 'platform-response', request: text, key: admin.secretKey, nonce }, Date.now()).ok).toBe(true);
    expect(explainSignature({ scheme: 'platform-response', request: text, key: 'not-the-secret', nonce }, Date.now()).ok).toBe(false);
  });

  it('the same response with its body edited is caught', async () => {
    const { text, nonce } = await rawExchange('/v1/apps');
    const edited = text.replace(/"name":"([^"]*)"/, (_m, n: string) => `"name":"${n.slice(0, -1)}X"`);
    expect(edited).not.toBe(text);
    const r = explainSignature({ scheme: 'platform-response', request: edited, key: emu.key('admin').secretKey, nonce }, Date.now());
    expect(r.ok).toBe(false);
    expect(r.differs.map((d) => d.field)).toContain('X-Signature');
  });
});
