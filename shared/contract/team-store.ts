// Contract entries for the 'store' area: the administrator's steps on a team store on PostgreSQL
// (its writer, its status, copying a workspace into it). Handlers live in
// electron/main/services/team-store/handlers.ts. The door that runs them opens the store first
// (the CLI's `--store postgresql://…`); a console door, which opens no team store for
// administration, answers UNSUPPORTED.
import * as z from 'zod';
import { defineCall } from './define';
import { syncResources } from './sync-resources';
import { syncSummarySchema } from './sync';

const resourcesSchema = z
  .array(z.enum(syncResources))
  .min(1)
  .refine((a) => new Set(a).size === a.length, 'each resource once');

/** How long to wait for the store's current writer instead of being refused (seconds). */
const waitSecondsSchema = z.number().int().min(1).max(86_400);

export const storeWriterStatusSchema = z.object({
  /** The writer's name: command, host and pid. */
  writer: z.string(),
  state: z.enum(['syncing', 'idle', 'stopped']),
  resource: z.string().nullable(),
  done: z.number().int().nonnegative(),
  runStarted: z.number().int().nullable(),
  updatedAt: z.number().int(),
  nextRunAt: z.number().int().nullable(),
  /** The last finished run's summary as the writer stored it. */
  lastSummary: z.unknown(),
  /** The resources whose writer lock the writer's session holds now: empty when it is not running. */
  holding: z.array(z.string()),
});

export const storeResourceStateSchema = z.object({
  resource: z.string(),
  cursor: z.string().nullable(),
  rows: z.number().int().nonnegative(),
  lastAttemptAt: z.number().int().nullable(),
  lastSuccessAt: z.number().int().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const storeStatusSchema = z.object({
  /** The store as shown to people: user, host, port and database, never a password. */
  store: z.string(),
  writers: z.array(storeWriterStatusSchema),
  resources: z.array(storeResourceStateSchema),
});
export type StoreStatus = z.output<typeof storeStatusSchema>;

export const storeMigrationPhases = ['records', 'apps', 'tables', 'history', 'verify'] as const;
export const storeMigrationProgressSchema = z.object({
  phase: z.enum(storeMigrationPhases),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type StoreMigrationProgress = z.output<typeof storeMigrationProgressSchema>;

export const storeMigrationResultSchema = z.object({
  /** The workspace file copied (absolute path): a rerun of the same file resumes. */
  source: z.string(),
  resumed: z.boolean(),
  records: z.object({ count: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  apps: z.number().int().nonnegative(),
  tables: z.record(z.string(), z.number().int().nonnegative()),
  exportHistory: z.number().int().nonnegative(),
  rollupDays: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
});
export type StoreMigrationResult = z.output<typeof storeMigrationResultSchema>;

export const storeDaemonLogSchema = z.object({
  /** When the line was written (epoch ms). */
  at: z.number().int(),
  line: z.string(),
});

export const teamStoreCalls = {
  'store.status': defineCall({
    summary: "The team store's writers (what each is doing, whether it holds the writer lock) and each resource's freshness.",
    input: z.object({}).strict().default({}),
    output: storeStatusSchema,
  }),
  'store.sync': defineCall({
    summary:
      'Sync the platform into the team store as its writer: takes the writer lock (refused with CONFLICT naming the holder, or waits `waitSeconds`), ' +
      'commits page by page; the summary is the same as `sync.run`. Reports `sync.progress`; cancelled at a page boundary.',
    input: z.object({ resources: resourcesSchema.optional(), waitSeconds: waitSecondsSchema.optional() }).strict().default({}),
    output: syncSummarySchema,
    progressEvent: 'sync.progress',
  }),
  'store.daemon': defineCall({
    summary:
      "The team store's writer on a server: holds the writer lock of the resources for its whole run, syncs every `intervalSeconds`, " +
      'reports to writer_status and logs through `store.daemonLog`; runs until cancelled, then releases the lock.',
    input: z
      .object({
        resources: resourcesSchema.optional(),
        waitSeconds: waitSecondsSchema.optional(),
        intervalSeconds: z.number().int().min(1).max(86_400),
      })
      .strict(),
    output: z.object({ runs: z.number().int().nonnegative(), last: syncSummarySchema.nullable() }),
    progressEvent: 'store.daemonLog',
  }),
  'store.migrate': defineCall({
    summary:
      'Copy a SQLite workspace file (records, rollups, apps, usage, bills, packages, cursors, export history) into an empty team store and prove the copy; ' +
      'a copy cancelled half way resumes. Reports `store.migrateProgress`. Command line only: it names a file on the host.',
    input: z
      .object({
        /** Absolute path of the workspace database file to copy. */
        db: z.string().min(1).max(4096),
        /** Records per transaction. */
        pageSize: z.number().int().min(100).max(50_000).default(5000),
      })
      .strict(),
    output: storeMigrationResultSchema,
    progressEvent: 'store.migrateProgress',
  }),
} as const;

export const teamStoreEvents = {
  'store.daemonLog': storeDaemonLogSchema,
  'store.migrateProgress': storeMigrationProgressSchema,
} as const;
