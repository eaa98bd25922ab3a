/**
 * The page worker (a node:worker_threads entry): fetches, verifies (response signature), parses
 * and validates (zod) feed pages on its own thread, so the sync's writer thread only commits.
 * It runs the same client as the main thread (http-client.ts), so retries, timeouts and error
 * meanings are the same; only the results cross the thread boundary. Started by page-worker-host.ts.
 * A records page is read straight from its verified bytes into the store's batch (records-page-parser.ts
 * readRecordsBatch: the schema's checks and the batch's encoding in the same pass; JSON.parse, zod and
 * prepareRecordBatch only for a body that reader leaves to them).
 *
 * Records pages are asked for one page ahead (pipeline depth 2): as soon as a records page is
 * fetched and validated, the request for the page after it (its `next`, the same limit) goes out,
 * before this page is prepared and handed over — so the platform makes page N+1 while this thread
 * prepares page N, and the writer's next call usually finds it fetched. The page ahead is the
 * platform's answer to that very request (signed, verified, validated like any other); it is used
 * only when the writer asks for exactly that page, and dropped (its request aborted) otherwise.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../../../shared/contract/errors';
import { createPlatformClient } from './http-client';
import { batchTransferList, prepareRecordBatch } from '../store/record-batch';
import type { PageWorkerData, WorkerPage, WorkerReply, WorkerRequest } from './page-worker-protocol';

const port = parentPort;
if (!port) throw new Error('page-worker runs only as a worker thread');
const data = workerData as PageWorkerData;

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
/** The records page asked for ahead of the writer: which one, its request, and how to abort it. */
let ahead: { after: number; limit: number; page: Promise<RecordsPage>; abort: AbortController } | null = null;

function dropAhead(): void {
  ahead?.abort.abort();
  ahead = null;
}

/** The records page after `after`: the one fetched ahead when it is that one, else a request now. */
function recordsPage(after: number, limit: number, signal: AbortSignal): Promise<RecordsPage> {
  const a = ahead;
  ahead = null;
  if (a && a.after === after && a.limit === limit) {
    // The writer's cancel reaches the request made ahead too.
    const onAbort = (): void => a.abort.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    return a.page.finally(() => signal.removeEventListener('abort', onAbort));
  }
  a?.abort.abort();
  return client.authRecordsForStore(after, limit, signal);
}

function fetchAhead(after: number, limit: number): void {
  dropAhead();
  const abort = new AbortController();
  const page = client.authRecordsForStore(after, limit, abort.signal);
  page.catch(() => undefined); // an error is the writer's when it asks for this page; unasked, nobody's
  ahead = { after, limit, page, abort };
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
  let transfer: ArrayBuffer[] = [];
  const call: Promise<WorkerPage> =
    msg.method === 'authRecordBatches'
      ? recordsPage(msg.after, msg.limit, ac.signal).then((p) => {
          // The next page's request goes out before this one is prepared (see above).
          if (p.hasMore && !ac.signal.aborted) fetchAhead(Math.max(msg.after, p.next), msg.limit);
          // Read straight into the batch from the verified bytes, or (a page the direct read leaves) prepared here.
          const items = p.batch ?? prepareRecordBatch(p.items);
          transfer = batchTransferList(items);
          return { items, next: p.next, hasMore: p.hasMore };
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
