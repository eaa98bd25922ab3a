/**
 * The 'sync' area: copying the platform into the workspace database, resumably and exactly.
 * `sync.run` is the same run as `onetap sync`; its summary is the CLI's `--json` output.
 */
import * as z from 'zod';
import { defineCall } from './define';

import { syncResources } from './sync-resources';
export { syncResources, type SyncResource } from './sync-resources';

/** An ApiError's code (see errors.ts) and message. */
const errorInfoSchema = z.object({ code: z.string(), message: z.string() });

/** apps: version; activities, records: seq; usage, bills: the last month known final; packages, pricing: month of the snapshot. */
export const syncCursorSchema = z.union([z.number().int().nonnegative(), z.string()]).nullable();

export const syncResourceSummarySchema = z.object({
  /** Rows (or months / snapshots) received from the platform in this run. */
  fetched: z.number().int().nonnegative(),
  /** Rows inserted, changed or removed locally in this run (0 when nothing was new). */
  written: z.number().int().nonnegative(),
  cursor: syncCursorSchema,
  /** Why the resource was not synced (the key's role may not read it), when it was not. */
  skipped: z.string().optional(),
  error: errorInfoSchema.optional(),
});
export type SyncResourceSummary = z.output<typeof syncResourceSummarySchema>;

export const syncSummarySchema = z.object({
  resources: z.partialRecord(z.enum(syncResources), syncResourceSummarySchema),
  durationMs: z.number().int().nonnegative(),
  /** True when every resource asked for was synced or skipped for its role. */
  ok: z.boolean(),
  cancelled: z.boolean(),
});
export type SyncSummary = z.output<typeof syncSummarySchema>;

export const syncPhases = ['start', 'page', 'retry', 'done', 'skipped', 'error'] as const;
export const syncProgressSchema = z.object({
  workspaceId: z.string(),
  resource: z.enum(syncResources),
  phase: z.enum(syncPhases),
  /** Rows (months, snapshots) fetched so far in this run. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  rowsPerSec: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  message: z.string().optional(),
});
export type SyncProgress = z.output<typeof syncProgressSchema>;

export const syncResourceStatusSchema = z.object({
  resource: z.enum(syncResources),
  cursor: syncCursorSchema,
  rows: z.number().int().nonnegative(),
  lastAttemptAt: z.number().int().nullable(),
  lastSuccessAt: z.number().int().nullable(),
  lastError: errorInfoSchema.nullable(),
  /** False when the connection's role may not read this resource. */
  readable: z.boolean(),
});

export const syncStatusSchema = z.object({
  workspaceId: z.string(),
  running: z.boolean(),
  /** The run in progress: which resources, started when. */
  current: z.object({ resources: z.array(z.enum(syncResources)), startedAt: z.number().int() }).nullable(),
  /** The workspace has a usable platform connection (false: no secret key in this session). */
  connected: z.boolean(),
  /** null until the platform was tried in this session. */
  online: z.boolean().nullable(),
  /** Why the console is working offline (unreachable, no connection, refused key …). */
  offlineReason: errorInfoSchema.nullable(),
  lastContactAt: z.number().int().nullable(),
  /** The oldest last-success among readable resources: the local data is at least this fresh. */
  dataAsOf: z.number().int().nullable(),
  staleMs: z.number().int().nonnegative().nullable(),
  intervalMinutes: z.number().int().nonnegative(),
  nextRunAt: z.number().int().nullable(),
  resources: z.array(syncResourceStatusSchema),
  /**
   * A team-store workspace: this console only reads it; the team's writer syncs it. Its latest
   * report (who, what, when, whether it holds the writer lock now); null elsewhere.
   */
  team: z
    .object({
      /** The store, without anything secret (postgresql://user@host:port/db). */
      store: z.string(),
      writer: z
        .object({
          name: z.string(),
          state: z.enum(['syncing', 'idle', 'stopped']),
          resource: z.string().nullable(),
          done: z.number().int().nonnegative(),
          /** It holds a writer lock now (alive); false: its last report is all there is. */
          alive: z.boolean(),
          reportedAt: z.number().int(),
          nextRunAt: z.number().int().nullable(),
        })
        .nullable(),
      /** When this console last looked at the store (writer status and freshness are polled). */
      checkedAt: z.number().int(),
    })
    .nullable()
    .default(null),
});
export type SyncStatus = z.output<typeof syncStatusSchema>;

export const syncRunInputSchema = z
  .object({
    resources: z
      .array(z.enum(syncResources))
      .min(1)
      .refine((a) => new Set(a).size === a.length, 'each resource once')
      .optional(),
  })
  .strict()
  .default({});

export const syncCalls = {
  'sync.run': defineCall({
    summary: 'Sync now (all resources, or the ones named); joins a run already in progress. Resumable, exact, cancellable.',
    input: syncRunInputSchema,
    output: syncSummarySchema,
    progressEvent: 'sync.progress',
  }),
  'sync.cancel': defineCall({
    summary: 'Cancel the sync in progress; pages already committed stay, the next run resumes after them.',
    input: z.object({}).strict().default({}),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'sync.status': defineCall({
    summary: 'Per resource: cursor, rows, last attempt and success, last error; online/offline and how stale the data is.',
    input: z.object({}).strict().default({}),
    output: syncStatusSchema,
  }),
} as const;

export const syncEvents = {
  'sync.progress': syncProgressSchema,
  'sync.state': syncStatusSchema,
} as const;
