/**
 * The ACS3 debugger against requests Alibaba Cloud's own SDK signed: a loopback server captures what
 * @alicloud/dypnsapi20170525 sends, the capture is pasted as a curl command, and each planted mistake
 * is named.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acs3Signature, canonicalRequest, parseAuthorization, sha256Hex } from '../../../../../shared/providers/acs3';
import { Dypns } from '../../providers/aliyun/sdk-module';
import { explainSignature } from './explain';

const SECRET = 'S3cr3tOfTheAccessKey0123456789';
interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}
let server: Server;
let captured: Captured;

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      captured = { method: req.method!, url: req.url!, headers, body, at: Date.now() };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ Code: 'OK', Message: 'OK', RequestId: 'r-1', Data: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const sdk = new Dypns.Client(new Dypns.Config({ accessKeyId: 'LTAI5tDEBUGGER', accessKeySecret: SECRET, endpoint: `127.0.0.1:${port}`, protocol: 'http' }));
  await sdk
    .queryGateVerifyBillingPublic(new Dypns.models.QueryGateVerifyBillingPublicRequest({ month: '202601', authenticationType: 2 }))
    .catch(() => undefined);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
function curl(c: Captured, over: Partial<Captured> = {}): string {
  const x = { ...c, ...over };
  const hs = Object.entries(x.headers)
    .filter(([k]) => !['content-length', 'connection'].includes(k))
    .map(([k, v]) => `-H ${q(`${k}: ${v}`)}`)
    .join(' ');
  return `curl -X ${x.method} ${q(`http://${x.headers['host']}${x.url}`)} ${hs}${x.body ? ` --data-raw ${q(x.body)}` : ''}`;
}
const explain = (request: string, now = captured.at, key = SECRET) => explainSignature({ scheme: 'acs3', request, key }, now);

describe('signature debugger: ACS3-HMAC-SHA256 as the Alibaba SDK signs it', () => {
  it('accepts the request the SDK made, and shows its canonical request', () => {
    expect(captured.headers['authorization']).toMatch(/^ACS3-HMAC-SHA256 /);
    const r = explain(curl(captured));
    expect(r.differs).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.given).toBe(parseAuthorization(captured.headers['authorization'])!.signature);
    expect(r.canonical.split('\n')[0]).toBe(captured.method);
    expect(r.canonical).toContain('x-acs-action:QueryGateVerifyBillingPublic');
  });

  it('names an upper-cased signature', () => {
    const auth = captured.headers['authorization']!.replace(/Signature=([0-9a-f]+)/, (_m, s: string) => `Signature=${s.toUpperCase()}`);
    const r = explain(curl(captured, { headers: { ...captured.headers, authorization: auth } }));
    expect(r.ok).toBe(false);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['Signature', 'case']]);
  });

  it('names a wrong secret with whitespace (a key file newline)', () => {
    const r = explain(curl(captured), captured.at, `${SECRET}\n`);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['key', 'whitespace']]);
  });

  it('names a timestamp outside the window', () => {
    const r = explain(curl(captured), captured.at + 20 * 60_000);
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['x-acs-date', 'timestamp-window']]);
  });

  it('names a body sent with a trailing newline it was not signed with', () => {
    // A body the signer hashed and signed, then sent with a newline added.
    const body = 'a=1&b=2';
    const headers: Record<string, string> = { ...captured.headers, 'x-acs-content-sha256': sha256Hex(body) };
    const auth = parseAuthorization(headers['authorization'])!;
    const url = new URL(`http://${headers['host']}${captured.url}`);
    const wire = { method: captured.method, path: url.pathname, rawQuery: url.search.slice(1), headers, payloadHash: sha256Hex(body) };
    const sig = acs3Signature(SECRET, canonicalRequest(wire, auth.signedHeaders));
    headers['authorization'] = headers['authorization']!.replace(/Signature=[0-9a-f]+/, `Signature=${sig}`);
    const r = explain(curl(captured, { headers, body: `${body}\n` }));
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([
      ['x-acs-content-sha256', 'whitespace'],
      ['body', 'whitespace'],
    ]);
  });

  it('names a query signed in the order sent instead of sorted', () => {
    const url = new URL(`http://${captured.headers['host']}${captured.url}`);
    const params = [...url.searchParams];
    expect(params.length).toBeGreaterThan(1);
    // The same parameters sent in reverse order and signed as sent (not sorted).
    const reversed = params
      .reverse()
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    const headers: Record<string, string> = { ...captured.headers };
    const auth = parseAuthorization(headers['authorization'])!;
    const wire = { method: captured.method, path: url.pathname, rawQuery: reversed, headers, payloadHash: headers['x-acs-content-sha256']! };
    const canonical = canonicalRequest(wire, auth.signedHeaders).replace(/^([^\n]*\n[^\n]*\n)[^\n]*/, `$1${reversed}`);
    headers['authorization'] = headers['authorization']!.replace(/Signature=[0-9a-f]+/, `Signature=${acs3Signature(SECRET, canonical)}`);
    const r = explain(curl(captured, { headers, url: `${url.pathname}?${reversed}` }));
    expect(r.differs.map((d) => [d.field, d.problem])).toEqual([['query', 'field-order']]);
  });
});
