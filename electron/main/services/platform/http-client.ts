/**
 * The management API client (platform-api.md §1–§3): signs every request, verifies every
 * response signature, validates every body with the shared schema, times out, and retries
 * transient failures with jittered backoff — each try with a new nonce and timestamp. A records
 * page is checked as it is read from the verified bytes (records-page-parser.ts, equal to the schema).
 * The secret key lives only in this closure; nothing here logs it or puts it in an error.
 */
import { randomBytes } from 'node:crypto';
import type * as z from 'zod';
import { ApiError } from '../../../../shared/contract/errors';
import type { Role } from '../../../../shared/platform/domain';
import {
  activitiesPageSchema,
  appSchema,
  appsPageSchema,
  authRecordsPageSchema,
  billSchema,
  packagesSchema,
  pricingSchema,
  usageStatementSchema,
  whoamiSchema,
} from '../../../../shared/platform/schemas';
import { signRequest, signResponse, signaturesEqual, sortedQuery } from '../../../../shared/platform/signing';
import { systemClock, type Clock } from '../core/clock';
import type { BatchPage, Page, PlatformClient } from './client-types';
import { failureFromResponse, parseErrorBody, TransientError, type TransientReason } from './errors';
import { cancelled, defaultRetryPolicy, withRetries, type RetryPolicy } from './retry';
import type { PlatformOperation } from './roles';
import { createPageWorkerHost, type PageWorkerHost } from './page-worker-host';
import type { PagedMethod } from './page-worker-protocol';
import { createTransport, TransportError, type Exchange } from './transport';
import { parseRecordsPage, readRecordsBatch } from './records-page-parser';
import type { PlatformAuthRecord } from '../../../../shared/platform/schemas';
import type { RecordBatch } from '../store/record-batch';

export interface PlatformConnection {
  endpoint: string;
  accessKey: string;
  secretKey: string;
}

export interface PlatformClientOptions extends PlatformConnection {
  clock?: Clock;
  /** Per try, from sending the request to the last byte of the body. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  random?: () => number;
  onRetry?: (info: { method: string; path: string; attempt: number; reason: string; delayMs: number }) => void;
  /**
   * Fetch, verify, parse and validate feed pages (records, activities, apps) in a worker thread
   * (page-worker.ts), so a sync's commits on this thread overlap them on the other core. Not with
   * `random`, which cannot cross to the worker.
   */
  pageWorker?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Reasons after which a non-idempotent call (POST, DELETE) may be sent again: the platform surely did not act. */
const SAFE_FOR_WRITES: ReadonlySet<TransientReason> = new Set(['refused', 'throttled', 'nonce-replayed']);

interface RequestSpec<S extends z.ZodType, O = never> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  operation: PlatformOperation;
  schema: S;
  /**
   * A reader of the verified body's bytes that gives exactly what the schema would, or null to leave
   * the body to JSON.parse and the schema (records-page-parser.ts): a shortcut, never a second opinion.
   */
  fromBytes?: (body: Buffer) => z.output<S> | O | null;
  signal?: AbortSignal;
}

export function normaliseEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ApiError('INVALID_INPUT', `endpoint is not a URL: ${JSON.stringify(endpoint).slice(0, 200)}`, { fields: { endpoint: 'not a URL' } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError('INVALID_INPUT', 'endpoint must be an http(s) URL', { fields: { endpoint: 'must be http(s)' } });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ApiError('INVALID_INPUT', 'endpoint must not carry credentials, a query or a fragment', { fields: { endpoint: 'plain base URL only' } });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function newNonce(): string {
  return randomBytes(24).toString('base64url');
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

/** A records page for the store: its batch when read straight from the verified bytes, else its validated records (to prepare). */
export type RecordsForStore =
  { batch: RecordBatch; next: number; hasMore: boolean } | { batch: null; items: PlatformAuthRecord[]; next: number; hasMore: boolean };

/**
 * The client plus what only its owner needs: the role once whoami told it, closing its connections,
 * and (for the page worker) a records page read for the store.
 */
export type HttpPlatformClient = PlatformClient & {
  readonly role: Role | null;
  close(): void;
  authRecordsForStore(afterSeq: number, limit: number, signal?: AbortSignal): Promise<RecordsForStore>;
};

export function createPlatformClient(opts: PlatformClientOptions): HttpPlatformClient {
  const endpoint = normaliseEndpoint(opts.endpoint);
  const { accessKey } = opts;
  const secretKey = opts.secretKey;
  if (!accessKey) throw new ApiError('INVALID_INPUT', 'access key is required', { fields: { accessKey: 'required' } });
  if (!secretKey) throw new ApiError('INVALID_INPUT', 'secret key is required', { fields: { secretKey: 'required' } });
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...opts.retry };
  let role: Role | null = null;
  const transport = createTransport();
  const worker: PageWorkerHost | null =
    opts.pageWorker && !opts.random
      ? createPageWorkerHost(
          {
            endpoint,
            accessKey,
            secretKey,
            ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
            ...(opts.retry ? { retry: opts.retry } : {}),
          },
          opts.onRetry,
        )
      : null;
  const viaWorker = <T>(method: PagedMethod, after: number, limit: number, signal?: AbortSignal): Promise<Page<T>> =>
    worker!.page<Page<T>>(method, after, limit, clock.now(), signal);

  async function attempt<S extends z.ZodType, O = never>(spec: RequestSpec<S, O>): Promise<z.output<S> | O> {
    const url = new URL(endpoint + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, String(v));
    const bodyText = spec.body === undefined ? '' : JSON.stringify(spec.body);
    const timestamp = String(clock.now());
    const nonce = newNonce();
    const where = `${spec.method} ${spec.path}`;
    const headers: Record<string, string> = {
      'X-Access-Key': accessKey,
      'X-Timestamp': timestamp,
      'X-Nonce': nonce,
      'X-Signature': signRequest(secretKey, {
        method: spec.method,
        path: url.pathname,
        query: sortedQuery(url.searchParams),
        timestamp,
        nonce,
        body: bodyText,
      }),
      Accept: 'application/json',
    };
    if (bodyText) headers['Content-Type'] = 'application/json';

    let res: Exchange;
    try {
      res = await transport.send(url, spec.method, headers, bodyText, timeoutMs, spec.signal);
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      const f = e.failure;
      switch (f.kind) {
        case 'cancelled':
          throw cancelled();
        case 'timeout':
          throw new TransientError(
            'timeout',
            new ApiError('PLATFORM_UNREACHABLE', `no answer from ${endpoint} within ${Math.round(timeoutMs / 1000)} s (${where})`),
          );
        case 'truncated':
          throw new TransientError(
            'truncated',
            new ApiError('PLATFORM_ERROR', `the response to ${where} was cut short (${f.received}${f.declared === null ? '' : ` of ${f.declared}`} bytes)`),
          );
        case 'too-large':
          // Not worth another try: the same call would bring the same body.
          throw new ApiError('PLATFORM_ERROR', `the response to ${where} is larger than the ${f.limit / 1024 / 1024} MiB the console accepts`, {
            detail: { limit: f.limit },
          });
        case 'connect':
          throw new TransientError(
            f.code === 'ECONNREFUSED' ? 'refused' : 'network',
            new ApiError('PLATFORM_UNREACHABLE', `cannot reach ${endpoint} (${f.code})`, { detail: { code: f.code } }),
          );
      }
    }
    // The body may be one of the transport's receive buffers: everything below reads it (the signature,
    // the direct read, JSON.parse) and keeps only copies, then gives it back.
    try {
      const raw = res.body;
      const header = (name: string): string | null => {
        const v = res.headers[name];
        return typeof v === 'string' ? v : null;
      };
      const given = header('x-signature') ?? '';
      const signed = given !== '' && signaturesEqual(given, signResponse(secretKey, res.status, nonce, raw));

      if (res.status < 200 || res.status > 299) {
        const dateHeader = header('date');
        const serverDate = dateHeader ? Date.parse(dateHeader) : NaN;
        throw failureFromResponse(res.status, parseErrorBody(raw.toString('utf8')), signed, {
          method: spec.method,
          path: spec.path,
          accessKey,
          operation: spec.operation,
          role,
          sentAt: Number(timestamp),
          serverDate: Number.isNaN(serverDate) ? null : serverDate,
        });
      }
      if (!signed) {
        throw new TransientError(
          'bad-signature',
          new ApiError('PLATFORM_ERROR', `the response to ${where} is ${given ? 'wrongly' : 'not'} signed; refusing it`),
        );
      }
      const direct = spec.fromBytes?.(raw);
      if (direct !== null && direct !== undefined) return direct;
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new TransientError('bad-json', new ApiError('PLATFORM_ERROR', `the response to ${where} is not valid JSON (cut short?)`));
      }
      // A signed body that breaks the schema is the platform's considered answer, not noise on
      // the wire: another try would get the same, so fail now and let the caller commit nothing.
      const parsed = spec.schema.safeParse(json);
      if (!parsed.success) {
        throw new ApiError('PLATFORM_ERROR', `the response to ${where} does not match the platform API: ${describeIssues(parsed.error)}`, {
          detail: { schema: true },
        });
      }
      return parsed.data;
    } finally {
      res.release();
    }
  }

  function request<S extends z.ZodType, O = never>(spec: RequestSpec<S, O>): Promise<z.output<S> | O> {
    const idempotent = spec.method === 'GET' || spec.method === 'PATCH';
    return withRetries(
      policy,
      async () => {
        try {
          return await attempt(spec);
        } catch (e) {
          if (e instanceof TransientError && !idempotent && !SAFE_FOR_WRITES.has(e.reason)) throw e.final;
          throw e;
        }
      },
      {
        ...(opts.random ? { random: opts.random } : {}),
        ...(spec.signal ? { signal: spec.signal } : {}),
        onRetry: (i) => opts.onRetry?.({ method: spec.method, path: spec.path, ...i }),
      },
    );
  }

  const page = <T>(p: { items: T[]; hasMore: boolean }, next: number): Page<T> => ({ items: p.items, next, hasMore: p.hasMore });

  return {
    endpoint,
    accessKey,
    get role() {
      return role;
    },
    close: () => {
      worker?.close();
      transport.close();
    },
    async whoami(signal) {
      worker?.warm();
      const me = await request({ method: 'GET', path: '/v1/whoami', operation: 'whoami', schema: whoamiSchema, signal });
      role = me.role;
      return me;
    },
    async listApps(afterVersion, limit, signal) {
      if (worker) return viaWorker('listApps', afterVersion, limit, signal);
      const p = await request({ method: 'GET', path: '/v1/apps', query: { afterVersion, limit }, operation: 'apps.read', schema: appsPageSchema, signal });
      return page(p, p.nextVersion);
    },
    createApp: (body, signal) => request({ method: 'POST', path: '/v1/apps', body, operation: 'apps.write', schema: appSchema, signal }),
    updateApp: (id, patch, signal) =>
      request({ method: 'PATCH', path: `/v1/apps/${encodeURIComponent(id)}`, body: patch, operation: 'apps.write', schema: appSchema, signal }),
    deleteApp: (id, signal) => request({ method: 'DELETE', path: `/v1/apps/${encodeURIComponent(id)}`, operation: 'apps.write', schema: appSchema, signal }),
    reviewApp: (id, action, reason, signal) =>
      request({
        method: 'POST',
        path: `/v1/apps/${encodeURIComponent(id)}/review`,
        body: reason === undefined ? { action } : { action, reason },
        operation: 'apps.review',
        schema: appSchema,
        signal,
      }),
    async activities(afterSeq, limit, signal) {
      if (worker) return viaWorker('activities', afterSeq, limit, signal);
      const p = await request({
        method: 'GET',
        path: '/v1/activities',
        query: { afterSeq, limit },
        operation: 'activities.read',
        schema: activitiesPageSchema,
        signal,
      });
      return page(p, p.nextSeq);
    },
    async authRecords(afterSeq, limit, signal) {
      if (worker) return viaWorker('authRecords', afterSeq, limit, signal);
      const p = await request({
        method: 'GET',
        path: '/v1/auth-records',
        query: { afterSeq, limit },
        operation: 'records.read',
        schema: authRecordsPageSchema,
        fromBytes: parseRecordsPage,
        signal,
      });
      return page(p, p.nextSeq);
    },
    // The same checks as authRecords (signature over the exact bytes, then the schema's), the page read
    // straight into the store's batch when the direct read answers (records-page-parser.ts readRecordsBatch).
    async authRecordsForStore(afterSeq, limit, signal) {
      const p = await request({
        method: 'GET',
        path: '/v1/auth-records',
        query: { afterSeq, limit },
        operation: 'records.read',
        schema: authRecordsPageSchema,
        fromBytes: (body) => readRecordsBatch(body, limit),
        signal,
      });
      return 'batch' in p ? { batch: p.batch, next: p.nextSeq, hasMore: p.hasMore } : { batch: null, ...page(p, p.nextSeq) };
    },
    // Only with the page worker: prepared there, off the writer's thread (the sync prepares pages itself otherwise).
    ...(worker
      ? {
          authRecordBatches: (afterSeq: number, limit: number, signal?: AbortSignal) =>
            worker.page<BatchPage>('authRecordBatches', afterSeq, limit, clock.now(), signal),
        }
      : {}),
    usage: (month, signal) =>
      request({ method: 'GET', path: '/v1/usage/daily', query: { month }, operation: 'usage.read', schema: usageStatementSchema, signal }),
    bill: (month, signal) => request({ method: 'GET', path: '/v1/bills', query: { month }, operation: 'bills.read', schema: billSchema, signal }),
    packages: (signal) => request({ method: 'GET', path: '/v1/packages', operation: 'packages.read', schema: packagesSchema, signal }),
    pricing: (signal) => request({ method: 'GET', path: '/v1/pricing', operation: 'pricing.read', schema: pricingSchema, signal }),
  };
}
