/**
 * One HTTP exchange: the whole body or a precise reason why not. http: URLs (the emulator, the demo, a
 * platform on the local network) go over a plain socket that reads a large body straight into a receive
 * buffer (plain-http.ts); https: over node:https. Not fetch, because fetch refuses some ports outright
 * and blurs "never reached the server", "timed out" and "body cut short" — the three cases the retry
 * policy tells apart.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createPlainHttp } from './plain-http';

export interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  /** Valid until release(): a large body may sit in one of the transport's receive buffers. */
  body: Buffer;
  /** Gives the body's memory back for a later response; the body must not be read after. */
  release(): void;
}

export type TransportFailure =
  | { kind: 'cancelled' }
  | { kind: 'timeout' }
  /** No response began: refused, reset, DNS, TLS. `code` is the system error code. */
  | { kind: 'connect'; code: string }
  /** A response began but its body did not arrive whole. */
  | { kind: 'truncated'; received: number; declared: number | null }
  /** The body declared or sent more than `limit` bytes: refused without reading the rest. */
  | { kind: 'too-large'; limit: number };

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

/**
 * Bodies at least this large (a records page is about 2 MB) are received into a buffer the transport
 * keeps and reuses: a fresh buffer of that size per response (what Buffer.concat of the chunks gives)
 * costs more than reading the whole body twice (new memory to map and fault in, and external memory
 * that hastens the next GC) — about 1.6 µs a record against 0.02 for copying into memory already used.
 */
const RECEIVE_BUFFER_MIN = 256 * 1024;
/** Above this a body is not pooled (the pool would hold the memory until the client closes). */
const RECEIVE_BUFFER_MAX = 64 * 1024 * 1024;
/**
 * The largest response body accepted (a records page is about 2 MB): a server that declares or streams
 * more (chunked, or until it closes) fails the call at once instead of filling memory until the timeout.
 */
const RESPONSE_BODY_MAX = 64 * 1024 * 1024;
/**
 * How many receive buffers a transport keeps. The page worker has one records request out at a time
 * (each page's request leaves once the page before it is read: its cursor comes from that page), and a
 * body's buffer is given back once it is read, so two are enough.
 */
const RECEIVE_BUFFERS_KEPT = 2;
/**
 * A new receive buffer leaves this share of room above the body it is made for (an eighth): a sync's
 * records pages grow a little as it goes (longer seq numbers and ids), and a buffer of exactly one
 * page's size was too small for most pages after it, each of which then made a new one (measured in
 * the page worker: 14 new 2 MB buffers for the 38 pages of a day at 200,000 records, 2 with the room).
 */
const RECEIVE_BUFFER_ROOM_SHIFT = 3;

export interface TransportOptions {
  /**
   * http: URLs over plain-http.ts (default true). A 2 MB records page costs ~0.7 ms of CPU that way
   * against ~6 ms through node:http (64 KB chunks, each copied twice) and ~3 ms through undici's
   * client (the same chunks, copied once). false sends http: through node:http, the code https: URLs
   * take, so that path is tested without TLS (transport.test.ts).
   */
  plainSockets?: boolean;
  /** The largest response body accepted, in bytes (default 64 MiB); more fails as 'too-large'. */
  maxBodyBytes?: number;
}

/** A keep-alive transport (one per client): consecutive pages reuse the connection. */
export function createTransport(options: TransportOptions = {}): Transport {
  const spare: Buffer[] = [];
  const maxBody = options.maxBodyBytes ?? RESPONSE_BODY_MAX;
  const tooLarge: TransportFailure = { kind: 'too-large', limit: maxBody };
  /** A receive buffer of at least `size` bytes: a kept one when one is large enough, else a new one. */
  const takeBuffer = (size: number): Buffer => {
    const i = spare.findIndex((b) => b.length >= size);
    if (i >= 0) return spare.splice(i, 1)[0]!;
    if (spare.length > 0) spare.shift(); // too small for the pages now coming: let it go
    return Buffer.allocUnsafeSlow(Math.min(RECEIVE_BUFFER_MAX, size + (size >>> RECEIVE_BUFFER_ROOM_SHIFT)));
  };
  const giveBack = (b: Buffer): void => {
    if (spare.length < RECEIVE_BUFFERS_KEPT) spare.push(b);
  };
  const plain =
    options.plainSockets === false
      ? null
      : createPlainHttp(
          {
            take: (declared) => (declared >= RECEIVE_BUFFER_MIN && declared <= RECEIVE_BUFFER_MAX ? takeBuffer(declared) : null),
            giveBack,
          },
          (f) => new TransportError(f),
          maxBody,
        );
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 4 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 4 }) };
  // An idle kept-alive connection must not keep a finished CLI process alive.
  for (const a of [agents.http, agents.https]) a.on('free', (socket: { unref(): void }) => socket.unref());
  return {
    send(url, method, headers, body, timeoutMs, signal) {
      return new Promise<Exchange>((resolve, reject) => {
        if (signal?.aborted) return reject(new TransportError({ kind: 'cancelled' }));
        const https = url.protocol === 'https:';
        const payload = body === '' ? null : Buffer.from(body, 'utf8');
        if (plain && !https) return resolve(plain.send(url, method, headers, payload, timeoutMs, signal));
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
          if (declared !== null && declared > maxBody) {
            fail(tooLarge);
            req.destroy();
            return;
          }
          // A large body of declared length goes straight into a receive buffer; others are gathered and joined.
          let into: Buffer | null =
            declared !== null && Number.isSafeInteger(declared) && declared >= RECEIVE_BUFFER_MIN && declared <= RECEIVE_BUFFER_MAX
              ? takeBuffer(declared)
              : null;
          const dropBuffer = (): void => {
            if (into) giveBack(into);
            into = null;
          };
          res.on('data', (c: Buffer) => {
            if (received + c.length > maxBody) {
              fail(tooLarge);
              req.destroy();
              return;
            }
            // More than declared is a failure (cut below); what fits is copied until then.
            if (into) c.copy(into, received, 0, Math.max(0, Math.min(c.length, declared! - received)));
            else chunks.push(c);
            received += c.length;
          });
          const cut = (): void => {
            dropBuffer();
            fail(timedOut ? { kind: 'timeout' } : { kind: 'truncated', received, declared });
          };
          res.on('error', cut);
          res.on('aborted', cut);
          res.on('end', () => {
            if (!res.complete || (declared !== null && declared !== received)) return cut();
            if (settled) return dropBuffer();
            const held = into;
            into = null;
            const body = held ? held.subarray(0, received) : Buffer.concat(chunks, received);
            let released = false;
            const release = (): void => {
              if (held && !released) giveBack(held);
              released = true;
            };
            finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, release }));
          });
          // A cancel or a timeout after the response began: the buffer is no one's any more.
          res.on('close', () => {
            if (settled && into) dropBuffer();
          });
        });
        req.end(payload ?? undefined);
      });
    },
    close() {
      plain?.close();
      spare.length = 0;
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
