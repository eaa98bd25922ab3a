/**
 * A stand-in page worker for page-worker-host's lifecycle tests (page-worker-host.test.ts): it speaks
 * the page worker's protocol without a platform. workerData.endpoint names a marker file: while it is
 * absent, the first call creates it and throws (the worker fails, as an uncaught error would end the
 * real one); once present, every call is answered with a one-item page (the item: the call's `after`).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { PageWorkerData, WorkerReply, WorkerRequest } from '../page-worker-protocol';

const port = parentPort;
if (!port) throw new Error('scripted-page-worker runs only as a worker thread');
const marker = (workerData as PageWorkerData).endpoint;

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'close') return port.close();
  if (msg.type !== 'call') return;
  if (!existsSync(marker)) {
    writeFileSync(marker, '');
    throw new Error('scripted failure');
  }
  port.postMessage({ type: 'page', id: msg.id, page: { items: [msg.after], next: msg.after + 1, hasMore: false } } satisfies WorkerReply);
});
