import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport, TransportError, type Exchange } from './transport';

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

/** Serves /<seed>/<size> as that body; /cut/<size> declares size bytes, sends half, and drops the connection. */
async function serve(): Promise<string> {
  server = createServer((req, res) => {
    const [, what, size] = (req.url ?? '').split('/');
    const n = Number(size);
    if (what === 'cut') {
      res.writeHead(200, { 'Content-Length': n });
      res.write(bytes(n >> 1, 99), () => res.destroy());
      return;
    }
    const body = bytes(n, Number(what));
    res.writeHead(200, { 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('transport receive buffers', () => {
  it('gives every large body its own bytes, reusing a released buffer and never one still held', async () => {
    const url = await serve();
    const t = createTransport();
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
    const t = createTransport();
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

  it('reports a large body cut short as truncated, and the next body is whole', async () => {
    const url = await serve();
    const t = createTransport();
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
});
