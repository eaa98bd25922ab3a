/** The messages between the sync's writer thread and the page worker (page-worker.ts). */
import type { ApiErrorBody } from '../../../../shared/contract/errors';
import type { Page } from './client-types';
import type { RetryPolicy } from './retry';

export interface PageWorkerData {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export type PagedMethod = 'authRecords' | 'activities' | 'listApps';

export type WorkerRequest =
  { type: 'call'; id: number; method: PagedMethod; after: number; limit: number; now: number } | { type: 'cancel'; id: number } | { type: 'close' };

export type WorkerReply =
  | { type: 'page'; id: number; page: Page<unknown> }
  | { type: 'error'; id: number; error: ApiErrorBody }
  | { type: 'retry'; id: number; info: { method: string; path: string; attempt: number; reason: string; delayMs: number } };
