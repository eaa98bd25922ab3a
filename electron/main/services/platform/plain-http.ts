/**
 * HTTP/1.1 over a plain TCP socket whose reads land where the bytes are wanted: a large body of
 * declared length is read by the kernel straight into one of the transport's receive buffers.
 * node:http hands a 2 MB records page over as ~30 chunks of 64 KB, each copied out of its parser's
 * read buffer into new external memory and then again into the receive buffer; measured on a 2 MB
 * body over loopback, that costs ~6 ms of CPU a page against ~0.7 ms read this way (the page
 * worker's, at ~5,000 records a page: ~1 µs a record). Only for http: URLs (the emulator, the demo,
 * a platform on the local network); https stays on node:https (transport.ts).
 */
import { connect, type Socket } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import type { Exchange, TransportFailure } from './transport';

/** Where a body goes: a kept buffer for a large body of declared length (transport.ts), else null. */
export interface ReceiveBuffers {
  take(declared: number): Buffer | null;
  giveBack(b: Buffer): void;
}

/** The response head and small or undeclared bodies are read here first (one per connection). */
const SCRATCH_BYTES = 64 * 1024;
/** Idle connections kept per origin (the page worker has one records request out at a time; other calls may overlap it). */
const IDLE_KEPT = 4;
/** A header value node:http would refuse (it throws ERR_INVALID_CHAR): no CR, LF or other control. */
const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const BAD_HEADER_NAME = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

type BodyMode = { kind: 'none' } | { kind: 'length'; declared: number } | { kind: 'chunked' } | { kind: 'close' };

interface Pending {
  method: string;
  resolve(e: Exchange): void;
  fail(f: TransportFailure): void;
}

/** One keep-alive connection; one exchange on it at a time. */
class Connection {
  readonly socket: Socket;
  private readonly scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  /** Bytes in scratch not yet consumed. */
  private have = 0;
  private pending: Pending | null = null;
  /** Whether any byte of the current response arrived (a failure before that is 'connect'). */
  private began = false;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private mode: BodyMode | null = null;
  /** The body's own buffer while a declared length is read straight into it. */
  private into: Buffer | null = null;
  private received = 0;
  private chunks: Buffer[] = [];
  /** Chunked: bytes left in the current chunk, -1 when a size line is due, -2 for the trailers. */
  private chunkLeft = -1;
  private reusable = true;
  closed = false;
  onClosed: (() => void) | null = null;

  constructor(
    host: string,
    port: number,
    private readonly buffers: ReceiveBuffers,
    /** The largest body accepted: more fails the exchange as 'too-large'. */
    private readonly maxBody: number,
  ) {
    this.socket = connect({
      host,
      port,
      onread: { buffer: () => this.target(), callback: (n: number) => this.onRead(n) },
    });
    this.socket.setNoDelay(true);
    this.socket.on('error', (e: NodeJS.ErrnoException) => this.onEnd(e.code ?? e.message, false));
    this.socket.on('end', () => this.onEnd('ECONNRESET', true));
    this.socket.on('close', (hadError: boolean) => {
      this.closed = true;
      this.onEnd('ECONNRESET', !hadError);
      this.onClosed?.();
    });
  }

  /** Where the next read goes: straight into the body's buffer, up to its declared end, or into scratch. */
  private target(): Buffer {
    if (this.into && this.mode?.kind === 'length') return this.into.subarray(this.received, this.mode.declared);
    if (this.have === SCRATCH_BYTES) return this.scratch.subarray(0, 0);
    return this.scratch.subarray(this.have);
  }

  start(p: Pending, request: Buffer): void {
    this.pending = p;
    this.began = false;
    this.mode = null;
    this.received = 0;
    this.chunks = [];
    this.chunkLeft = -1;
    this.headers = {};
    this.socket.ref();
    this.socket.write(request);
  }

  private onRead(n: number): boolean {
    if (n <= 0) return true;
    if (!this.pending) {
      // Bytes on an idle connection: not a response to anything; the connection cannot be trusted.
      this.socket.destroy();
      return false;
    }
    this.began = true;
    if (this.into) this.received += n;
    else this.have += n;
    this.advance();
    return true;
  }

  /** Consumes what scratch holds and finishes the exchange when the body is whole. */
  private advance(): void {
    if (!this.mode) {
      const end = this.scratch.subarray(0, this.have).indexOf(HEAD_END);
      if (end < 0) {
        if (this.have === SCRATCH_BYTES) this.failAndClose({ kind: 'connect', code: 'HPE_HEADER_OVERFLOW' });
        return;
      }
      if (!this.parseHead(this.scratch.toString('latin1', 0, end))) return this.failAndClose({ kind: 'connect', code: 'HPE_INVALID_RESPONSE' });
      this.consume(end + 4);
      if (this.status >= 100 && this.status < 200) {
        this.mode = null;
        this.headers = {};
        return this.advance();
      }
      this.mode = this.bodyMode();
      if (this.mode.kind === 'length' && this.mode.declared > this.maxBody) return this.failAndClose({ kind: 'too-large', limit: this.maxBody });
      if (this.mode.kind === 'length') {
        // A large body goes straight into a kept buffer; others are gathered from scratch and joined.
        this.into = this.buffers.take(this.mode.declared);
        if (this.into) {
          const n = Math.min(this.have, this.mode.declared);
          this.scratch.copy(this.into, 0, 0, n);
          this.received = n;
          this.consume(n);
        }
      }
    }
    const mode = this.mode;
    switch (mode.kind) {
      case 'none':
        return this.complete(Buffer.alloc(0));
      case 'length':
        if (!this.into) this.takeScratch(Math.min(this.have, mode.declared - this.received));
        if (this.received < mode.declared) return;
        if (this.have > 0) this.reusable = false; // more than declared arrived: what follows cannot be trusted
        if (!this.into) return this.complete(Buffer.concat(this.chunks, this.received));
        {
          const held = this.into;
          this.into = null;
          return this.complete(held.subarray(0, mode.declared), held);
        }
      case 'close':
        this.takeScratch(this.have);
        return;
      case 'chunked':
        return this.advanceChunked();
    }
  }

  private advanceChunked(): void {
    for (;;) {
      if (this.chunkLeft > 0) {
        const n = Math.min(this.chunkLeft, this.have);
        if (n === 0) return;
        if (!this.takeScratch(n)) return;
        this.chunkLeft -= n;
        if (this.chunkLeft === 0) this.chunkLeft = -3; // the chunk's CRLF is due
        continue;
      }
      const eol = this.scratch.subarray(0, this.have).indexOf('\r\n', 0, 'latin1');
      if (eol < 0) {
        if (this.have === SCRATCH_BYTES) this.failAndClose({ kind: 'truncated', received: this.received, declared: null });
        return;
      }
      const line = this.scratch.toString('latin1', 0, eol);
      this.consume(eol + 2);
      if (this.chunkLeft === -3) {
        if (line !== '') return this.failAndClose({ kind: 'truncated', received: this.received, declared: null });
        this.chunkLeft = -1;
      } else if (this.chunkLeft === -2) {
        if (line === '') {
          if (this.have > 0) this.reusable = false;
          return this.complete(Buffer.concat(this.chunks, this.received));
        }
      } else {
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
        if (!size) return this.failAndClose({ kind: 'truncated', received: this.received, declared: null });
        const n = parseInt(size[1]!, 16);
        this.chunkLeft = n === 0 ? -2 : n;
      }
    }
  }

  /** Moves the first n scratch bytes into the body's chunks; false (and the exchange failed) past the largest body. */
  private takeScratch(n: number): boolean {
    if (n === 0) return true;
    if (this.received + n > this.maxBody) {
      this.failAndClose({ kind: 'too-large', limit: this.maxBody });
      return false;
    }
    this.chunks.push(Buffer.from(this.scratch.subarray(0, n)));
    this.received += n;
    this.consume(n);
    return true;
  }

  private consume(n: number): void {
    if (n < this.have) this.scratch.copyWithin(0, n, this.have);
    this.have -= n;
  }

  private parseHead(head: string): boolean {
    const lines = head.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]!);
    if (!m) return false;
    this.status = Number(m[2]);
    const headers: Record<string, string | string[]> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) return false;
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      const had = headers[name];
      if (name === 'set-cookie') headers[name] = [...((had as string[] | undefined) ?? []), value];
      else headers[name] = had === undefined ? value : `${had as string}, ${value}`;
    }
    this.headers = headers as IncomingHttpHeaders;
    const connection = String(headers.connection ?? '').toLowerCase();
    if (m[1] === '0' ? !connection.includes('keep-alive') : connection.includes('close')) this.reusable = false;
    return true;
  }

  private bodyMode(): BodyMode {
    if (this.pending!.method === 'HEAD' || this.status === 204 || this.status === 304) return { kind: 'none' };
    if (/(^|,)\s*chunked\s*$/i.test(String(this.headers['transfer-encoding'] ?? ''))) return { kind: 'chunked' };
    const cl = this.headers['content-length'];
    if (cl !== undefined) {
      const declared = /^\d{1,15}$/.test(cl) ? Number(cl) : NaN;
      if (Number.isSafeInteger(declared)) return declared === 0 ? { kind: 'none' } : { kind: 'length', declared };
    }
    this.reusable = false;
    return { kind: 'close' };
  }

  private complete(body: Buffer, pooled: Buffer | null = null): void {
    const p = this.pending!;
    this.pending = null;
    this.mode = null;
    this.chunks = [];
    if (this.have > 0) this.reusable = false;
    if (!this.reusable) this.socket.destroy();
    else this.socket.unref();
    let released = false;
    p.resolve({
      status: this.status,
      headers: this.headers,
      body,
      release: () => {
        if (pooled && !released) this.buffers.giveBack(pooled);
        released = true;
      },
    });
    if (!this.closed && this.reusable) this.onIdle?.(this);
  }

  onIdle: ((c: Connection) => void) | null = null;

  /** The connection ended (`clean`: the server closed it) or failed: the exchange on it, if any, ends. */
  private onEnd(code: string, clean: boolean): void {
    const p = this.pending;
    if (!p) return;
    if (this.mode?.kind === 'close' && clean) {
      const body = Buffer.concat(this.chunks, this.received);
      this.reusable = false;
      return this.complete(body);
    }
    const declared = this.mode?.kind === 'length' ? this.mode.declared : null;
    this.failAndClose(this.began ? { kind: 'truncated', received: this.received + (this.mode ? 0 : this.have), declared } : { kind: 'connect', code });
  }

  /** Ends the exchange with a failure and the connection with it (its buffer is no one's any more). */
  failAndClose(f: TransportFailure): void {
    const p = this.pending;
    this.pending = null;
    this.reusable = false;
    this.socket.destroy();
    if (this.into) this.buffers.giveBack(this.into);
    this.into = null;
    p?.fail(f);
  }
}

export interface PlainHttp {
  send(url: URL, method: string, headers: Record<string, string>, payload: Buffer | null, timeoutMs: number, signal?: AbortSignal): Promise<Exchange>;
  close(): void;
}

/** `failed` makes the error a failed exchange rejects with (transport.ts's TransportError). */
export function createPlainHttp(buffers: ReceiveBuffers, failed: (f: TransportFailure) => Error, maxBody: number): PlainHttp {
  const idle = new Map<string, Connection[]>();
  const open = new Set<Connection>();

  const connection = (host: string, port: number): Connection => {
    const key = `${host}:${port}`;
    const list = idle.get(key);
    while (list && list.length > 0) {
      const c = list.pop()!;
      if (!c.closed && !c.socket.destroyed) return c;
    }
    const c = new Connection(host, port, buffers, maxBody);
    open.add(c);
    c.onClosed = () => {
      open.delete(c);
      const l = idle.get(key);
      const i = l ? l.indexOf(c) : -1;
      if (i >= 0) l!.splice(i, 1);
    };
    c.onIdle = () => {
      const l = idle.get(key) ?? [];
      if (l.length >= IDLE_KEPT) return c.socket.destroy();
      l.push(c);
      idle.set(key, l);
    };
    return c;
  };

  const requestBytes = (url: URL, method: string, headers: Record<string, string>, payload: Buffer | null): Buffer => {
    let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n`;
    for (const [name, value] of Object.entries(headers)) {
      if (BAD_HEADER_NAME.test(name) || name === '') throw new TypeError(`invalid HTTP header name ${JSON.stringify(name)}`);
      if (BAD_HEADER_VALUE.test(value)) throw new TypeError(`invalid character in the HTTP header ${JSON.stringify(name)}`);
      head += `${name}: ${value}\r\n`;
    }
    if (payload) head += `Content-Length: ${payload.length}\r\n`;
    head += '\r\n';
    const h = Buffer.from(head, 'latin1');
    return payload ? Buffer.concat([h, payload]) : h;
  };

  return {
    send(url, method, headers, payload, timeoutMs, signal) {
      return new Promise<Exchange>((resolve, reject) => {
        if (signal?.aborted) return reject(failed({ kind: 'cancelled' }));
        const request = requestBytes(url, method, headers, payload);
        const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
        const port = url.port === '' ? 80 : Number(url.port);
        let settled = false;
        let current: Connection | null = null;
        const finish = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          fn();
        };
        // A kept connection the server closed fails as 'connect', as node:http's does: never sent again
        // here, since a POST may have reached the server (the retry policy decides, http-client.ts).
        const begin = (): void => {
          current = connection(host, port);
          current.start({ method, resolve: (e) => finish(() => resolve(e)), fail: (f) => finish(() => reject(failed(f))) }, request);
        };
        const timer = setTimeout(() => {
          current?.failAndClose({ kind: 'timeout' });
          finish(() => reject(failed({ kind: 'timeout' })));
        }, timeoutMs);
        const onAbort = (): void => {
          finish(() => reject(failed({ kind: 'cancelled' })));
          current?.failAndClose({ kind: 'cancelled' });
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        begin();
      });
    },
    close() {
      for (const c of [...open]) c.socket.destroy();
      open.clear();
      idle.clear();
    },
  };
}
