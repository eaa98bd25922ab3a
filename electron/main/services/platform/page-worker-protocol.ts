/** The messages between the sync's writer thread and the page worker (page-worker.ts). */
import type { ApiErrorBody } from '../../../../shared/contract/errors';
import type { RetryPolicy } from './retry';

export interface PageWorkerData {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** authRecordBatches: the records page prepared for the store (store/record-batch.ts), its buffers transferred. */
export type PagedMethod = 'authRecords' | 'authRecordBatches' | 'activities' | 'listApps';

/** A page as it crosses: its items (an array, or a record batch) and where the feed goes on. */
export interface WorkerPage {
  items: unknown;
  next: number;
  hasMore: boolean;
  /** Records pages after this one, already read (each with the cursor it answers), for the writer to take without asking. */
  ahead?: { after: number; page: WorkerPage }[];
}

export type WorkerRequest =
  { type: 'call'; id: number; method: PagedMethod; after: number; limit: number; now: number } | { type: 'cancel'; id: number } | { type: 'close' };

export type WorkerReply =
  | { type: 'page'; id: number; page: WorkerPage }
  | { type: 'error'; id: number; error: ApiErrorBody }
  | { type: 'retry'; id: number; info: { method: string; path: string; attempt: number; reason: string; delayMs: number } };
