/**
 * One HTTP exchange on node:http(s): the whole body or a precise reason why not. Chosen over
 * fetch because fetch refuses some ports outright and blurs "never reached the server",
 * "timed out" and "body cut short" — the three cases the retry policy tells apart.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type TransportFailure =
  | { kind: 'cancelled' }
  | { kind: 'timeout' }
  /** No response began: refused, reset, DNS, TLS. `code` is the system error code. */
  | { kind: 'connect'; code: string }
  /** A response began but its body did not arrive whole. */
  | { kind: 'truncated'; received: number; declared: number | null };

export class TransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(failure.kind);
    this.name = 'TransportError';
  }
}

export interface Transport {
  send(url: URL, method: string, headers: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal): Promise<Exchange>;
  close(): void;
}

/** A keep-alive transport (one per client): consecutive pages reuse the connection. */
export function createTransport(): Transport {
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 4 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 4 }) };
  // An idle kept-alive connection must not keep a finished CLI process alive.
  for (const a of [agents.http, agents.https]) a.on('free', (socket: { unref(): void }) => socket.unref());
  return {
    send(url, method, headers, body, timeoutMs, signal) {
      return new Promise<Exchange>((resolve, reject) => {
        if (signal?.aborted) return reject(new TransportError({ kind: 'cancelled' }));
        const https = url.protocol === 'https:';
        const payload = body === '' ? null : Buffer.from(body, 'utf8');
        let settled = false;
        let timedOut = false;
        const finish = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          fn();
        };
        const fail = (f: TransportFailure): void => finish(() => reject(new TransportError(f)));
        const req = (https ? httpsRequest : httpRequest)(url, {
          method,
          headers: payload ? { ...headers, 'Content-Length': String(payload.length) } : headers,
          agent: https ? agents.https : agents.http,
        });
        req.on('socket', (socket) => socket.ref());
        const timer = setTimeout(() => {
          timedOut = true;
          req.destroy();
        }, timeoutMs);
        const onAbort = (): void => {
          req.destroy();
          fail({ kind: 'cancelled' });
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        let responded = false;
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (timedOut) return fail({ kind: 'timeout' });
          if (responded) return fail({ kind: 'truncated', received: 0, declared: null });
          fail({ kind: 'connect', code: e.code ?? e.message });
        });
        req.on('response', (res) => {
          responded = true;
          const chunks: Buffer[] = [];
          let received = 0;
          const declaredHeader = res.headers['content-length'];
          const declared = declaredHeader === undefined ? null : Number(declaredHeader);
          res.on('data', (c: Buffer) => {
            chunks.push(c);
            received += c.length;
          });
          const cut = (): void => fail(timedOut ? { kind: 'timeout' } : { kind: 'truncated', received, declared });
          res.on('error', cut);
          res.on('aborted', cut);
          res.on('end', () => {
            if (!res.complete || (declared !== null && declared !== received)) return cut();
            finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, received) }));
          });
        });
        req.end(payload ?? undefined);
      });
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
