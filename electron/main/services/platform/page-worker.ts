/**
 * The page worker (a node:worker_threads entry): fetches, verifies (response signature), parses
 * and validates (zod) feed pages on its own thread, so the sync's writer thread only commits.
 * It runs the same client as the main thread (http-client.ts), so retries, timeouts and error
 * meanings are the same; only the results cross the thread boundary. Started by page-worker-host.ts.
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

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'cancel') {
    inflight.get(msg.id)?.abort();
    return;
  }
  if (msg.type === 'close') {
    for (const c of inflight.values()) c.abort();
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
      ? client.authRecords(msg.after, msg.limit, ac.signal).then((p) => {
          const items = prepareRecordBatch(p.items);
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
