/**
 * The page worker thread (pageWorker: true): the same pages, errors, retries and cancellation as
 * the in-thread client, against a signed loopback server. The worker starts from its TypeScript
 * source here (tsx's require hook inside the thread); built bundles are found beside the bundle.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract';
import { createPlatformClient, type HttpPlatformClient } from './http-client';
import { prepareRecordBatch } from '../store/record-batch';
import { pageWorkerEntry } from './page-worker-host';
import { pageRecord } from './testing/records';
import { startTestServer, type Reply, type SeenRequest, type TestServer } from './testing/server';

const SECRET = 'worker-secret-0123456789abcdef';
const KEY = 'AK_WORKER_1';
let server: TestServer | null = null;
const clients: HttpPlatformClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  server = null;
});

async function serve(answer: (req: SeenRequest, n: number) => Reply): Promise<TestServer> {
  server = await startTestServer(SECRET, answer);
  return server;
}

function client(url: string, extra: Partial<Parameters<typeof createPlatformClient>[0]> = {}): HttpPlatformClient {
  const c = createPlatformClient({
    endpoint: url,
    accessKey: KEY,
    secretKey: SECRET,
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 3000,
    ...extra,
  });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

describe('page worker', () => {
  it('brings the same pages as the in-thread client, unknown fields stripped by the schema', { timeout: 30_000 }, async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ ...pageRecord(i + 1), extra: 'dropped' }));
    const s = await serve((req) => {
      const after = Number(req.query.get('afterSeq'));
      return { status: 200, body: { items: items.slice(after, after + 20), nextSeq: Math.min(after + 20, 50), hasMore: after + 20 < 50 } };
    });
    const inThread = client(s.url);
    const worker = client(s.url, { pageWorker: true });
    for (const after of [0, 20, 40]) {
      const a = await inThread.authRecords(after, 20);
      const b = await worker.authRecords(after, 20);
      expect(b).toEqual(a);
      expect(b.items[0]).not.toHaveProperty('extra');
    }
    expect(s.seen.every((r) => r.signatureValid)).toBe(true);
  });

  it('prepares record batches in the worker: the batch the writer would make of the same page', { timeout: 30_000 }, async () => {
    const items = Array.from({ length: 45 }, (_, i) => pageRecord(i + 1));
    const s = await serve((req) => {
      const after = Number(req.query.get('afterSeq'));
      return { status: 200, body: { items: items.slice(after, after + 20), nextSeq: Math.min(after + 20, 45), hasMore: after + 20 < 45 } };
    });
    const inThread = client(s.url);
    const worker = client(s.url, { pageWorker: true });
    expect(inThread.authRecordBatches).toBeUndefined();
    for (const after of [0, 20, 40]) {
      const a = await inThread.authRecords(after, 20);
      const b = await worker.authRecordBatches!(after, 20);
      expect({ next: b.next, hasMore: b.hasMore }).toEqual({ next: a.next, hasMore: a.hasMore });
      expect(b.items).toEqual(prepareRecordBatch(a.items));
      expect(b.items.count).toBe(a.items.length);
    }
  });

  it(
    'reads records pages ahead (at most 3), sends the ones read with the page asked for, and drops them when another is asked for',
    { timeout: 30_000 },
    async () => {
      const items = Array.from({ length: 130 }, (_, i) => pageRecord(i + 1));
      const s = await serve((req) => {
        const after = Number(req.query.get('afterSeq'));
        return { status: 200, body: { items: items.slice(after, after + 20), nextSeq: Math.min(after + 20, 130), hasMore: after + 20 < 130 } };
      });
      const inThread = client(s.url);
      const expected = new Map<number, ReturnType<typeof prepareRecordBatch>>();
      for (const after of [0, 20, 40, 60, 80, 100, 120]) expected.set(after, prepareRecordBatch((await inThread.authRecords(after, 20)).items));
      const inThreadAsks = s.seen.length;
      // The worker's requests only, by cursor.
      const asked = (after: number): number =>
        s.seen.slice(inThreadAsks).filter((r) => r.path.endsWith('/auth-records') && r.query.get('afterSeq') === String(after)).length;
      const settle = async (after: number): Promise<void> => {
        for (let i = 0; i < 200 && asked(after) < 1; i++) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, 150)); // its answer read, and anything it would ask for next
      };
      const worker = client(s.url, { pageWorker: true });
      const page = async (after: number): Promise<Awaited<ReturnType<NonNullable<HttpPlatformClient['authRecordBatches']>>>> => {
        const p = await worker.authRecordBatches!(after, 20);
        expect(p.items).toEqual(expected.get(after));
        return p;
      };
      await page(0);
      await settle(60);
      // Three pages ahead of the one sent, no more.
      expect([20, 40, 60, 80].map(asked)).toEqual([1, 1, 1, 0]);
      // 20 is answered by its request made ahead; 40 and 60, read already, come with it and are taken without asking.
      await page(20);
      const before = s.seen.length;
      await page(40);
      await page(60);
      expect([20, 40, 60].map(asked)).toEqual([1, 1, 1]);
      // The worker reads on meanwhile: after 60 (sent), 80 and what follows.
      await settle(80);
      expect(asked(80)).toBe(1);
      expect(s.seen.length).toBeGreaterThan(before);
      // Another page than the ones ahead: asked for now, and the pages ahead are not used for it.
      await page(0);
      expect(asked(0)).toBe(2);
      // The last page asks for nothing ahead.
      await settle(20);
      const last = await page(120);
      expect(last.hasMore).toBe(false);
      await new Promise((r) => setTimeout(r, 150));
      expect(asked(140)).toBe(0);
      expect(s.seen.every((r) => r.signatureValid)).toBe(true);
    },
  );

  it('asks again for a last page read ahead long ago: the records that arrived since are not missed', { timeout: 30_000 }, async () => {
    let total = 30;
    const items = Array.from({ length: 60 }, (_, i) => pageRecord(i + 1));
    const s = await serve((req) => {
      const after = Number(req.query.get('afterSeq'));
      const end = Math.min(after + 20, total);
      return { status: 200, body: { items: items.slice(after, end), nextSeq: end, hasMore: end < total } };
    });
    const asked = (after: number): number => s.seen.filter((r) => r.path.endsWith('/auth-records') && r.query.get('afterSeq') === String(after)).length;
    const worker = client(s.url, { pageWorker: true });
    // A sync takes the first page and stops there (cancelled between commits): the tail after it is read ahead.
    expect((await worker.authRecordBatches!(0, 20)).hasMore).toBe(true);
    for (let i = 0; i < 200 && asked(20) < 1; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 150));
    expect(asked(20)).toBe(1);
    // Records arrive; the next sync starts later from the same cursor.
    total = 50;
    await new Promise((r) => setTimeout(r, 1200));
    const p = await worker.authRecordBatches!(20, 20);
    expect(asked(20)).toBe(2);
    expect(p.next).toBe(40);
    expect(p.hasMore).toBe(true);
    expect(p.items).toEqual(prepareRecordBatch(items.slice(20, 40)));
  });

  it.runIf(process.platform === 'linux')('lowers its own thread only: the writer keeps the core when both want it', { timeout: 30_000 }, async () => {
    const niceOf = (task: string): number => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      // Fields after the command's closing parenthesis; nice is the 19th field of stat.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const before = new Set(readdirSync('/proc/self/task'));
    const s = await serve(() => ({ status: 200, body: { items: [], nextSeq: 0, hasMore: false } }));
    await client(s.url, { pageWorker: true }).authRecordBatches!(0, 20);
    const lowered = readdirSync('/proc/self/task').filter((t) => !before.has(t) && niceOf(t) === 10);
    expect(lowered).toHaveLength(1);
    expect(niceOf(String(process.pid))).toBe(0);
  });

  it('retries in the worker, reports each retry, and maps errors to the same ApiError', { timeout: 30_000 }, async () => {
    const page = { items: [pageRecord(1)], nextSeq: 1, hasMore: false };
    const broken: Reply[] = [{ status: 503, body: { code: 'UNAVAILABLE', message: 'busy' } }, { kind: 'destroy' }];
    const s = await serve((_r, n) => broken[n - 1] ?? { status: 200, body: page });
    const retries: string[] = [];
    const c = client(s.url, { pageWorker: true, onRetry: (i) => retries.push(i.reason) });
    expect((await c.authRecords(0, 1)).items).toEqual([pageRecord(1)]);
    expect(retries).toEqual(['server', 'network']);

    await server!.close();
    const bad = await serve(() => ({ status: 200, body: { items: [{ seq: 'x' }], nextSeq: 1, hasMore: false } }));
    const inThread = await failure(client(bad.url).authRecords(0, 1));
    const viaWorker = await failure(client(bad.url, { pageWorker: true }).authRecords(0, 1));
    expect(viaWorker.code).toBe('PLATFORM_ERROR');
    expect(viaWorker.message).toBe(inThread.message);
    expect(viaWorker.detail).toEqual(inThread.detail);
  });

  it('cancels a call in flight: CANCELLED at once, and the worker drops the request', { timeout: 30_000 }, async () => {
    const s = await serve(() => ({ kind: 'stall' }));
    const c = client(s.url, { pageWorker: true, timeoutMs: 20_000 });
    const ac = new AbortController();
    const p = c.authRecords(0, 10, ac.signal);
    for (let i = 0; i < 200 && s.seen.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(s.seen).toHaveLength(1);
    const t = Date.now();
    ac.abort();
    expect((await failure(p)).code).toBe('CANCELLED');
    expect(Date.now() - t).toBeLessThan(1000);
    expect((await failure(c.authRecords(0, 10, ac.signal))).code).toBe('CANCELLED');
  });

  it('finds the built worker beside the bundle (entry or shared chunk) before the source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onetap-worker-'));
    try {
      writeFileSync(join(dir, 'page-worker.js'), '');
      const fromChunk = pageWorkerEntry(pathToFileURL(join(dir, 'chunks', 'http-client-x.js')).href);
      expect(fromChunk).toEqual({ kind: 'built', url: pathToFileURL(join(dir, 'page-worker.js')) });
      writeFileSync(join(dir, 'page-worker.mjs'), '');
      expect(pageWorkerEntry(pathToFileURL(join(dir, 'index.mjs')).href)).toEqual({ kind: 'built', url: pathToFileURL(join(dir, 'page-worker.mjs')) });
      expect(pageWorkerEntry().kind).toBe('source');
      expect(() => pageWorkerEntry(pathToFileURL(join(dir, 'a', 'b', 'x.js')).href)).toThrow(/missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
