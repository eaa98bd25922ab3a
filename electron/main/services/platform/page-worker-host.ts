/**
 * The writer thread's side of the page worker: starts page-worker on first use, sends it page
 * calls and turns its replies back into pages or ApiErrors. A call's AbortSignal cancels the
 * request in the worker. The worker holds the process open only while a call is pending, so a
 * finished CLI run exits even if nobody closes the client. It lives as long as its client: the app's
 * client lives while its workspace is open, so its periodic syncs find the worker started and its code
 * compiled. A worker that fails or stops takes the calls it had with it, and the next call starts a new one.
 *
 * The worker's file: next to the bundle that runs this code (out/main/page-worker.js from
 * electron-vite, out/cli/page-worker.mjs from scripts/build-cli.mjs), or the TypeScript source
 * beside this file, run through tsx (vitest, `npm run bench`, the CLI from its sources).
 */
import { Worker } from 'node:worker_threads';
import { ApiError, type ApiErrorBody } from '../../../../shared/contract/errors';
import type { PagedMethod, PageWorkerData, WorkerPage, WorkerReply, WorkerRequest } from './page-worker-protocol';
import { cancelled } from './retry';
import { workerEntry, type WorkerEntry } from '../core/worker-entry';

export interface PageWorkerHost {
  /** Starts the thread ahead of the first page (a sync asks whoami first): its start-up overlaps that call. */
  warm(): void;
  page<P extends WorkerPage>(method: PagedMethod, after: number, limit: number, now: number, signal?: AbortSignal): Promise<P>;
  close(): void;
}

/** How to start the worker: its built file, or a bootstrap that registers tsx and imports the source. */
export function pageWorkerEntry(base: string = import.meta.url): WorkerEntry {
  return workerEntry('page-worker', base, 'the sync page worker');
}

function errorFrom(body: ApiErrorBody): ApiError {
  return new ApiError(body.code, body.message, { ...(body.fields ? { fields: body.fields } : {}), ...(body.detail ? { detail: body.detail } : {}) });
}

export function createPageWorkerHost(
  data: PageWorkerData,
  onRetry?: (info: Extract<WorkerReply, { type: 'retry' }>['info']) => void,
  /** Where the worker's code is (tests give a worker of their own). */
  entry: () => WorkerEntry = pageWorkerEntry,
): PageWorkerHost {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { limit: number; resolve(p: WorkerPage): void; reject(e: unknown): void }>();
  // Records pages the worker sent ahead of being asked (page-worker.ts), in feed order, with the limit they were read at.
  let ready: { after: number; limit: number; page: WorkerPage }[] = [];

  const settleAll = (e: unknown): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const start = (): Worker => {
    if (worker) return worker;
    const where = entry();
    const w = where.kind === 'built' ? new Worker(where.url, { workerData: data }) : new Worker(where.code, { eval: true, workerData: data });
    w.unref();
    w.on('message', (msg: WorkerReply) => {
      if (msg.type === 'retry') return onRetry?.(msg.info);
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (pending.size === 0) w.unref();
      if (msg.type === 'page') {
        const { ahead, ...page } = msg.page;
        ready = ahead ? ahead.map((a) => ({ after: a.after, limit: p.limit, page: a.page })) : [];
        p.resolve(page);
      } else p.reject(errorFrom(msg.error));
    });
    // A worker that failed is dropped with the calls it had: the sync they belong to fails, and the next
    // call starts a fresh worker (a workspace's client lives while it is open: one crash must not
    // fail every later sync of that session).
    // Only the current worker's end settles the calls: one closed earlier has had its calls settled by close().
    let failed: ApiError | null = null;
    const drop = (e: ApiError): void => {
      if (worker !== w) return;
      worker = null;
      ready = [];
      settleAll(e);
    };
    w.on('error', (e) => drop((failed = new ApiError('INTERNAL', `the sync page worker failed: ${e.message}`))));
    w.on('exit', (code) => drop(failed ?? new ApiError('INTERNAL', `the sync page worker stopped (exit ${code})`)));
    worker = w;
    return w;
  };
  const post = (w: Worker, msg: WorkerRequest): void => w.postMessage(msg);

  return {
    warm() {
      try {
        start();
      } catch {
        // Reported by the first page call.
      }
    },
    page<P extends WorkerPage>(method: PagedMethod, after: number, limit: number, now: number, signal?: AbortSignal): Promise<P> {
      if (signal?.aborted) return Promise.reject(cancelled());
      if (method === 'authRecordBatches') {
        // A page sent ahead answers exactly this call; any other call means the feed went elsewhere.
        const head = ready[0];
        if (head && head.after === after && head.limit === limit) {
          ready.shift();
          return Promise.resolve(head.page as P);
        }
        ready = [];
      }
      let w: Worker;
      try {
        w = start();
      } catch (e) {
        return Promise.reject(e);
      }
      const id = nextId++;
      return new Promise<P>((resolve, reject) => {
        const onAbort = (): void => {
          if (!pending.delete(id)) return;
          if (pending.size === 0) w.unref();
          post(w, { type: 'cancel', id });
          reject(cancelled());
        };
        pending.set(id, {
          limit,
          resolve: (p) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(p as P);
          },
          reject: (e) => {
            signal?.removeEventListener('abort', onAbort);
            reject(e);
          },
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        w.ref();
        post(w, { type: 'call', id, method, after, limit, now });
      });
    },
    close() {
      const w = worker;
      worker = null;
      ready = [];
      if (!w) return;
      settleAll(cancelled());
      post(w, { type: 'close' });
      // The worker ends once its port closes; terminate as a backstop if it does not.
      const t = setTimeout(() => void w.terminate(), 2000);
      t.unref();
      w.once('exit', () => clearTimeout(t));
    },
  };
}
