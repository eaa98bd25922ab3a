import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport, TransportError, type Exchange, type TransportOptions } from './transport';

/** A body of `size` bytes that differs from any other seed's at every position. */
function bytes(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed * 7) & 0xff;
  return b;
}

const LARGE = 700_000; // above the receive-buffer threshold (256 KiB), sent in many chunks
let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** Connections the test server accepted. */
let connections = 0;

/**
 * Serves /<seed>/<size> as that body; /cut/<size> declares size bytes, sends half, and drops the connection;
 * /chunked/<size> sends the body of seed 1 in chunks of varied size; /close/<size> sends it with no length,
 * ending the connection after it; /stall/<size> sends half and then nothing; /empty answers 204; /huge/0 declares
 * 10 GB, sends 1000 bytes and then nothing; /endless/0 streams chunks until the client lets go.
 */
async function serve(): Promise<string> {
  connections = 0;
  server = createServer((req, res) => {
    const [, what, size] = (req.url ?? '').split('/');
    const n = Number(size);
    if (what === 'cut') {
      res.writeHead(200, { 'Content-Length': n });
      res.write(bytes(n >> 1, 99), () => res.destroy());
      return;
    }
    if (what === 'stall') {
      res.writeHead(200, { 'Content-Length': n });
      res.write(bytes(n >> 1, 99));
      return;
    }
    if (what === 'huge') {
      res.writeHead(200, { 'Content-Length': 10_000_000_000 });
      res.write(bytes(1000, 1));
      return;
    }
    if (what === 'endless') {
      // Chunked, never ending: as fast as the client reads, until it lets go.
      res.writeHead(200);
      const chunk = bytes(64 * 1024, 2);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    if (what === 'empty') {
      res.writeHead(204, { 'X-Seen': req.headers['x-probe'] ?? '' });
      res.end();
      return;
    }
    if (what === 'chunked' || what === 'close') {
      const body = bytes(n, 1);
      res.writeHead(200, what === 'close' ? { Connection: 'close', 'X-Twice': ['a', 'b'] } : { 'X-Twice': ['a', 'b'] });
      for (let at = 0, step = 1; at < body.length; at += step, step = (step * 7 + 3) % 90_001) res.write(body.subarray(at, at + step));
      res.end();
      return;
    }
    const body = bytes(n, Number(what));
    res.writeHead(200, { 'Content-Length': body.length });
    res.end(body);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

// The default (plain sockets, plain-http.ts) and node:http (the code https: URLs go through), case by case.
describe.each<[string, TransportOptions]>([
  ['plain sockets', {}],
  ['node:http', { plainSockets: false }],
])('transport receive buffers (%s)', (_name, options) => {
  it('gives every large body its own bytes, reusing a released buffer and never one still held', async () => {
    const url = await serve();
    const t = createTransport(options);
    const get = (path: string): Promise<Exchange> => t.send(new URL(url + path), 'GET', {}, '', 5000);
    const first = await get(`/1/${LARGE}`);
    expect(first.body.equals(bytes(LARGE, 1))).toBe(true);
    // Held, not released: the next body must not land in its memory.
    const second = await get(`/2/${LARGE}`);
    expect(second.body.equals(bytes(LARGE, 2))).toBe(true);
    expect(first.body.equals(bytes(LARGE, 1))).toBe(true);
    expect(second.body.buffer).not.toBe(first.body.buffer);
    // Two at once (the page worker's request ahead).
    const [a, b] = await Promise.all([get(`/3/${LARGE}`), get(`/4/${LARGE - 1}`)]);
    expect(a.body.equals(bytes(LARGE, 3))).toBe(true);
    expect(b.body.equals(bytes(LARGE - 1, 4))).toBe(true);
    for (const e of [first, second, a, b]) e.release();
    // Released: a later body reuses one of those buffers, with exactly its own length and bytes.
    const held = new Set([first, second, a, b].map((e) => e.body.buffer));
    const later = await get(`/5/${LARGE - 10}`);
    expect(held.has(later.body.buffer)).toBe(true);
    expect(later.body.length).toBe(LARGE - 10);
    expect(later.body.equals(bytes(LARGE - 10, 5))).toBe(true);
    later.release();
    later.release(); // twice is once: the buffer is not handed out to two later bodies
    const [c, d] = await Promise.all([get(`/6/${LARGE}`), get(`/7/${LARGE}`)]);
    expect(c.body.buffer).not.toBe(d.body.buffer);
    expect(c.body.equals(bytes(LARGE, 6)) && d.body.equals(bytes(LARGE, 7))).toBe(true);
    // Small bodies are joined as before, each in its own memory.
    const small = await get('/8/1000');
    expect(small.body.equals(bytes(1000, 8))).toBe(true);
    expect(held.has(small.body.buffer)).toBe(false);
    t.close();
  });

  it("reuses one released buffer for bodies that grow a little, as a sync's records pages do", async () => {
    const url = await serve();
    const t = createTransport(options);
    const get = (path: string): Promise<Exchange> => t.send(new URL(url + path), 'GET', {}, '', 5000);
    const first = await get(`/1/${LARGE}`);
    const buffer = first.body.buffer;
    first.release();
    // Each a little larger than the one before: the same memory every time, each body exactly its own bytes.
    for (let i = 1; i <= 4; i++) {
      const next = await get(`/${i + 1}/${LARGE + i * 1000}`);
      expect(next.body.buffer).toBe(buffer);
      expect(next.body.length).toBe(LARGE + i * 1000);
      expect(next.body.equals(bytes(LARGE + i * 1000, i + 1))).toBe(true);
      next.release();
    }
    t.close();
  });

  it('refuses a body over the limit, declared or streamed, without reading or waiting for the rest; the next call works', async () => {
    const url = await serve();
    const t = createTransport({ ...options, maxBodyBytes: 100_000 });
    // A 30 s timeout: only the limit can end the stalled and the endless bodies in time.
    const failureOf = (path: string): Promise<unknown> =>
      t.send(new URL(url + path), 'GET', {}, '', 30_000).then(
        () => null,
        (e: unknown) => e,
      );
    for (const path of ['/1/100001', '/huge/0', '/chunked/300000', '/close/300000', '/endless/0']) {
      const e = await failureOf(path);
      expect(e, path).toBeInstanceOf(TransportError);
      expect((e as TransportError).failure, path).toEqual({ kind: 'too-large', limit: 100_000 });
    }
    const whole = await t.send(new URL(`${url}/2/100000`), 'GET', {}, '', 5000);
    expect(whole.body.equals(bytes(100_000, 2))).toBe(true);
    whole.release();
    t.close();
  });

  it('reports a large body cut short as truncated, and the next body is whole', async () => {
    const url = await serve();
    const t = createTransport(options);
    const failure = await t.send(new URL(`${url}/cut/${LARGE}`), 'GET', {}, '', 5000).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TransportError);
    const f = (failure as TransportError).failure;
    expect(f.kind).toBe('truncated');
    if (f.kind === 'truncated') {
      expect(f.declared).toBe(LARGE);
      expect(f.received).toBeLessThan(LARGE);
    }
    const next = await t.send(new URL(`${url}/9/${LARGE}`), 'GET', {}, '', 5000);
    expect(next.body.equals(bytes(LARGE, 9))).toBe(true);
    next.release();
    t.close();
  });

  it('reads chunked bodies, bodies ended by the connection, and empty answers, keeping one connection while it can', async () => {
    const url = await serve();
    const t = createTransport(options);
    for (const size of [LARGE, 10, 300_001]) {
      const e = await t.send(new URL(`${url}/chunked/${size}`), 'GET', {}, '', 5000);
      expect(e.status).toBe(200);
      expect(e.body.equals(bytes(size, 1))).toBe(true);
      expect(e.headers['x-twice']).toBe('a, b');
      e.release();
    }
    const empty = await t.send(new URL(`${url}/empty`), 'POST', { 'X-Probe': 'p1' }, '{"a":1}', 5000);
    expect(empty.status).toBe(204);
    expect(empty.headers['x-seen']).toBe('p1');
    expect(empty.body.length).toBe(0);
    expect(connections).toBe(1);
    const closed = await t.send(new URL(`${url}/close/${LARGE}`), 'GET', {}, '', 5000);
    expect(closed.body.equals(bytes(LARGE, 1))).toBe(true);
    const after = await t.send(new URL(`${url}/2/${LARGE}`), 'GET', {}, '', 5000);
    expect(after.body.equals(bytes(LARGE, 2))).toBe(true);
    expect(connections).toBe(2);
    t.close();
  });

  it('tells a timeout and a cancel in the middle of a body apart, and gives the buffer back', async () => {
    const url = await serve();
    const t = createTransport(options);
    const timedOut = await t.send(new URL(`${url}/stall/${LARGE}`), 'GET', {}, '', 300).catch((e: unknown) => e);
    expect((timedOut as TransportError).failure).toEqual({ kind: 'timeout' });
    const ac = new AbortController();
    const cancelled = t.send(new URL(`${url}/stall/${LARGE}`), 'GET', {}, '', 5000, ac.signal).catch((e: unknown) => e);
    setTimeout(() => ac.abort(), 100);
    expect(((await cancelled) as TransportError).failure).toEqual({ kind: 'cancelled' });
    const next = await t.send(new URL(`${url}/3/${LARGE}`), 'GET', {}, '', 5000);
    expect(next.body.equals(bytes(LARGE, 3))).toBe(true);
    next.release();
    t.close();
  });

  it('reports a server that is not there as a connect failure with its code', async () => {
    const url = await serve();
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    const t = createTransport(options);
    const f = await t.send(new URL(`${url}/1/10`), 'GET', {}, '', 5000).catch((e: unknown) => e);
    expect((f as TransportError).failure).toEqual({ kind: 'connect', code: 'ECONNREFUSED' });
    t.close();
  });

  it('refuses a header value that would split the request', async () => {
    const url = await serve();
    const t = createTransport(options);
    await expect(t.send(new URL(`${url}/1/10`), 'GET', { 'X-Access-Key': 'AK\r\nX-Evil: 1' }, '', 5000)).rejects.toThrow(TypeError);
    t.close();
  });
});
