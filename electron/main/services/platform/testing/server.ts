/**
 * A tiny signed management-API server for the client's tests (loopback, random port): checks
 * request signatures like the platform does, signs its answers, and lets a test script each
 * answer — including the broken ones (5xx, stalls, truncated bodies, bad signatures).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest, signResponse, signaturesEqual, sortedQuery } from '../../../../../shared/platform/signing';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  signatureValid: boolean;
}

export type Reply =
  | { status: number; body: unknown; sign?: 'valid' | 'none' | 'wrong'; headers?: Record<string, string> }
  | { kind: 'truncate'; status: number; body: unknown }
  | { kind: 'stall' }
  | { kind: 'destroy' }
  /** Declares a body of 10 GB, sends a little of it, then nothing. */
  | { kind: 'oversize' };

export interface TestServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startTestServer(secretKey: string, answer: (req: SeenRequest, n: number) => Reply): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      const nonce = String(req.headers['x-nonce'] ?? '');
      const expected = signRequest(secretKey, {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: sortedQuery(url.searchParams),
        timestamp: String(req.headers['x-timestamp'] ?? ''),
        nonce,
        body,
      });
      const s: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        signatureValid: signaturesEqual(String(req.headers['x-signature'] ?? ''), expected),
      };
      seen.push(s);
      const reply = answer(s, seen.length);
      if ('kind' in reply) {
        if (reply.kind === 'stall') return; // never answers; the client's timeout must fire
        if (reply.kind === 'destroy') return req.socket.destroy();
        if (reply.kind === 'oversize') {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(10_000_000_000) });
          res.write('{"items":[');
          return;
        }
        const text = JSON.stringify(reply.body);
        res.writeHead(reply.status, {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(text)),
          'X-Signature': signResponse(secretKey, reply.status, nonce, text),
        });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setTimeout(() => req.socket.destroy(), 5);
        return;
      }
      const text = JSON.stringify(reply.body);
      const sig = reply.sign ?? 'valid';
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        ...(sig === 'none' ? {} : { 'X-Signature': sig === 'valid' ? signResponse(secretKey, reply.status, nonce, text) : 'ab'.repeat(32) }),
        ...reply.headers,
      });
      res.end(text);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
