/**
 * The page worker (a node:worker_threads entry): fetches, verifies (response signature), parses
 * and validates (zod) feed pages on its own thread, so the sync's writer thread only commits.
 * It runs the same client as the main thread (http-client.ts), so retries, timeouts and error
 * meanings are the same; only the results cross the thread boundary. Started by page-worker-host.ts.
 * A records page is read straight from its verified bytes into the store's batch (records-page-parser.ts
 * readRecordsBatch: the schema's checks and the batch's encoding in the same pass; JSON.parse, zod and
 * prepareRecordBatch only for a body that reader leaves to them).
 *
 * Records pages are read ahead of the writer, up to AHEAD pages: as soon as a records page is
 * fetched and read, the request for the page after it (its `next`, the same limit) goes out — so
 * the platform makes page N+1 while this thread reads page N. A reply carries the page asked for and
 * the pages after it already read (`ahead`), so a writer that was busy committing finds several
 * pages ready at once and writes them in one transaction (sync/feed.ts). A page read ahead is the
 * platform's answer to that very request (signed, verified, validated like any other); it is used
 * only when the writer asks for exactly that page (or takes it from a reply), and dropped (its
 * request aborted) otherwise. A page that fails ahead is never sent: its error is the writer's
 * when it asks for that page.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../../../shared/contract/errors';
import { createPlatformClient } from './http-client';
import { batchTransferList, prepareRecordBatch } from '../store/record-batch';
import type { PageWorkerData, WorkerPage, WorkerReply, WorkerRequest } from './page-worker-protocol';

const port = parentPort;
if (!port) throw new Error('page-worker runs only as a worker thread');
const data = workerData as PageWorkerData;

/**
 * The writer thread is a sync's critical path: this thread only reads ahead of it. When both want
 * the same core (two cores shared with the platform, V8's helper threads and the UI), the writer
 * should get it, and this thread the time it leaves. On Linux a nice value is per thread, so this
 * lowers this thread only; elsewhere setPriority(pid 0) would lower the whole app, so it is not set.
 */
const PAGE_WORKER_NICE = 10;
if (process.platform === 'linux') {
  try {
    setPriority(PAGE_WORKER_NICE);
  } catch {
    // Not allowed (a sandbox): the worker runs at the writer's priority, as before.
  }
}

// The main thread's clock may not be the system's (tests run on the emulator's clock): each call
// carries the caller's "now", and request timestamps follow it from there.
let offset = 0;
const client = createPlatformClient({
  endpoint: data.endpoint,
  accessKey: data.accessKey,
  secretKey: data.secretKey,
  clock: { now: () => Date.now() + offset },
  ...(data.timeoutMs !== undefined ? { timeoutMs: data.timeoutMs } : {}),
  ...(data.retry ? { retry: data.retry } : {}),
  onRetry: (info) => port.postMessage({ type: 'retry', id: current, info } satisfies WorkerReply),
});

const inflight = new Map<number, AbortController>();
let current = 0;

type RecordsPage = Awaited<ReturnType<typeof client.authRecordsForStore>>;
/** Records pages read ahead of the writer at most (fetched, in flight or waiting to be sent). */
const AHEAD = 3;
/**
 * How long a last page read ahead (no more after it) may wait for the writer. A full page never
 * changes, but a tail grows as records arrive; the worker lives as long as its workspace, so a tail
 * read ahead before a cancel would otherwise answer the next sync, minutes later, with the old tail.
 */
const TAIL_FRESH_MS = 1000;
/** A records page asked for ahead of the writer: which one, its request, how to abort it, and the page once read. */
interface Ahead {
  after: number;
  limit: number;
  page: Promise<RecordsPage>;
  abort: AbortController;
  read: RecordsPage | null;
  /** When `read` arrived (performance.now()). */
  readAt: number;
}
/** In feed order: each one's `after` is the page before it's next. */
let ahead: Ahead[] = [];

function dropAhead(): void {
  for (const a of ahead) a.abort.abort();
  ahead = [];
}

/** The page after a read page, as the feed asks for it (a replayed page's next never goes back). */
const nextAfter = (after: number, p: RecordsPage): number => Math.max(after, p.next);

/** Asks for the page after `after` ahead of the writer, if there is room; each page read asks for the next in turn. */
function fetchAhead(after: number, limit: number): void {
  if (ahead.length >= AHEAD) return;
  const abort = new AbortController();
  const entry: Ahead = { after, limit, page: client.authRecordsForStore(after, limit, abort.signal), abort, read: null, readAt: 0 };
  ahead.push(entry);
  entry.page.then(
    (p) => {
      entry.read = p;
      entry.readAt = performance.now();
      // Still queued and last: the chain goes on (a dropped or taken entry asks for nothing more).
      if (ahead[ahead.length - 1] === entry && p.hasMore && !abort.signal.aborted) fetchAhead(nextAfter(after, p), limit);
    },
    () => undefined, // an error is the writer's when it asks for this page; unasked, nobody's
  );
}

/**
 * Refills the pages ahead after the writer took some: after the last one queued once it is read (one
 * still in flight asks for its next itself), or after the last page sent (`after`, `p`) when none is left.
 */
function topUp(after: number, p: RecordsPage, limit: number): void {
  const last = ahead[ahead.length - 1];
  if (!last) {
    if (p.hasMore) fetchAhead(nextAfter(after, p), limit);
  } else if (last.read?.hasMore) fetchAhead(nextAfter(last.after, last.read), limit);
}

/** The records page after `after`: the one fetched ahead when it is that one, else a request now. */
function recordsPage(after: number, limit: number, signal: AbortSignal): Promise<RecordsPage> {
  const a = ahead[0];
  const stale = a?.read && !a.read.hasMore && performance.now() - a.readAt > TAIL_FRESH_MS;
  if (a && a.after === after && a.limit === limit && !stale) {
    ahead.shift();
    // The writer's cancel reaches the request made ahead too.
    const onAbort = (): void => a.abort.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    return a.page.finally(() => signal.removeEventListener('abort', onAbort));
  }
  dropAhead();
  return client.authRecordsForStore(after, limit, signal);
}

/** A read page as it crosses: its batch (read straight from the bytes, or prepared here), its buffers added to `transfer`. */
function crossing(p: RecordsPage, transfer: ArrayBuffer[]): WorkerPage {
  const items = p.batch ?? prepareRecordBatch(p.items);
  for (const b of batchTransferList(items)) transfer.push(b);
  return { items, next: p.next, hasMore: p.hasMore };
}

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'cancel') {
    inflight.get(msg.id)?.abort();
    return;
  }
  if (msg.type === 'close') {
    for (const c of inflight.values()) c.abort();
    dropAhead();
    client.close();
    port.close();
    return;
  }
  const ac = new AbortController();
  inflight.set(msg.id, ac);
  offset = msg.now - Date.now();
  current = msg.id;
  // A records batch is prepared here too (encoded, dictionaries listed, rollups summed), and its
  // typed arrays are transferred rather than copied: the writer thread only inserts.
  const transfer: ArrayBuffer[] = [];
  const call: Promise<WorkerPage> =
    msg.method === 'authRecordBatches'
      ? recordsPage(msg.after, msg.limit, ac.signal).then((p) => {
          if (ac.signal.aborted) return crossing(p, transfer);
          // The pages after it already read go with it, in order, for the writer to take without asking:
          // only pages with more after them (full pages, which never change), so that a page kept
          // unasked on the writer's side can never be a tail that has grown since.
          const more: NonNullable<WorkerPage['ahead']> = [];
          let tail = { after: msg.after, page: p };
          while (p.hasMore && ahead[0]?.read?.hasMore && ahead[0].limit === msg.limit) {
            const a = ahead.shift()!;
            more.push({ after: a.after, page: crossing(a.read!, transfer) });
            tail = { after: a.after, page: a.read! };
          }
          topUp(tail.after, tail.page, msg.limit);
          return { ...crossing(p, transfer), ...(more.length > 0 ? { ahead: more } : {}) };
        })
      : msg.method === 'authRecords'
        ? client.authRecords(msg.after, msg.limit, ac.signal)
        : msg.method === 'activities'
          ? client.activities(msg.after, msg.limit, ac.signal)
          : client.listApps(msg.after, msg.limit, ac.signal);
  call.then(
    (page) => port.postMessage({ type: 'page', id: msg.id, page } satisfies WorkerReply, transfer),
    (e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
      port.postMessage({ type: 'error', id: msg.id, error: err.toBody() } satisfies WorkerReply);
    },
  );
  void call.finally(() => inflight.delete(msg.id)).catch(() => undefined);
});
