// Contract entries for the 'archive' area: retention of raw auth records and month archives of the
// local store. Rollups are kept forever, so dashboards, statistics and bills of an archived month are
// unchanged; a month's raw records go to one compressed, hashed file and come back exactly when
// imported. Handlers live in electron/main/services/archive/handlers.ts.
import * as z from 'zod';
import { calendarMonthSchema } from './calendar';
import { defineCall } from './define';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
const absolutePath = z.string().min(1).max(4096);

/** Written beside every archive as `<file>.manifest.json`; verify and import check the file against it. */
export const archiveManifestSchema = z
  .object({
    kind: z.literal('onetap-console/archive'),
    version: z.literal(1),
    workspace: z.object({ id: z.string().max(200), name: z.string().max(200) }).strict(),
    /** The Shanghai month whose raw records the file holds. */
    month: calendarMonthSchema,
    /** Records in the file, one canonical JSON line each (the content digest's line), ordered by time then seq. */
    records: z.number().int().nonnegative(),
    /** SHA-256 of the uncompressed lines: equal to the store's digest of the same month. */
    contentSha256: hex64,
    file: z.object({ name: z.string().max(300), bytes: z.number().int().nonnegative(), sha256: hex64 }).strict(),
    createdAt: z.number().int().nonnegative(),
  })
  .strict();
export type ArchiveManifest = z.output<typeof archiveManifestSchema>;

export const archiveMonthSchema = z.object({
  month: calendarMonthSchema,
  /** Calls of the month by the rollups (kept forever, archived or not). */
  calls: z.number().int().nonnegative(),
  /** Raw records of the month in the store now. */
  storedRecords: z.number().int().nonnegative(),
  /** `live`: only in the store; `archived`: in the store and in a file; `dropped`: only in the file. */
  state: z.enum(['live', 'archived', 'dropped']),
  archive: archiveManifestSchema.extend({ path: z.string() }).nullable(),
  /** Whether the retention window puts this month out of the store (archived and dropped on the next apply). */
  dueByRetention: z.boolean(),
});
export type ArchiveMonth = z.output<typeof archiveMonthSchema>;

/** Months of raw records the store keeps (the current month counts as one); null keeps everything. */
export const retentionSchema = z.object({ rawMonths: z.number().int().min(1).max(1200).nullable() }).strict();
export type Retention = z.output<typeof retentionSchema>;

export const archiveProgressSchema = z.object({
  month: calendarMonthSchema,
  phase: z.enum(['write', 'check', 'drop', 'import']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type ArchiveProgress = z.output<typeof archiveProgressSchema>;

export const archiveVerifySchema = z.object({
  ok: z.boolean(),
  month: calendarMonthSchema,
  records: z.number().int().nonnegative(),
  /** What is wrong, each a code and a sentence; empty when ok. */
  problems: z.array(
    z.object({
      code: z.enum(['MISSING_FILE', 'BAD_MANIFEST', 'FILE_HASH', 'CONTENT_HASH', 'RECORD_COUNT', 'BAD_LINE', 'WRONG_MONTH', 'WRONG_WORKSPACE', 'NOT_RECORDED']),
      message: z.string(),
    }),
  ),
});
export type ArchiveVerify = z.output<typeof archiveVerifySchema>;

export const archiveCalls = {
  'archive.list': defineCall({
    summary:
      "The active workspace's months with records: calls (from the rollups), raw records in the store, and the month's archive; " +
      "plus the retention window. `only: 'dropped'` lists just the months whose raw records were removed (cheap: no month is counted " +
      'but those).',
    input: z.object({ only: z.enum(['dropped']).optional() }).strict(),
    output: z.object({ retention: retentionSchema, months: z.array(archiveMonthSchema) }),
  }),
  'archive.create': defineCall({
    summary:
      "Write a closed month's raw records to a compressed archive with a manifest, check it by reading it back, and with `drop` " +
      'remove them from the store (rollups stay). Reports `archive.progress`; cancel with `archive.cancel`.',
    input: z.object({ month: calendarMonthSchema, drop: z.boolean().default(false) }).strict(),
    output: archiveMonthSchema,
    progressEvent: 'archive.progress',
  }),
  'archive.import': defineCall({
    summary:
      "Bring a month's raw records back into the store from its archive (by month, or a file from the command line), after " +
      'checking it; rollups are not counted twice. Records already present are skipped.',
    input: z
      .object({ month: calendarMonthSchema.optional(), path: absolutePath.optional() })
      .strict()
      .refine((v) => (v.month === undefined) !== (v.path === undefined), { message: 'give exactly one of month and path' }),
    output: z.object({ month: calendarMonthSchema, imported: z.number().int().nonnegative(), skipped: z.number().int().nonnegative() }),
    progressEvent: 'archive.progress',
  }),
  'archive.verify': defineCall({
    summary: "Check a month's archive (or a file from the command line) against its manifest and the workspace's record of it.",
    input: z
      .object({ month: calendarMonthSchema.optional(), path: absolutePath.optional() })
      .strict()
      .refine((v) => (v.month === undefined) !== (v.path === undefined), { message: 'give exactly one of month and path' }),
    output: archiveVerifySchema,
  }),
  'archive.setRetention': defineCall({
    summary: 'Set how many months of raw records the store keeps (null: all). Applied by `archive.apply` and after each sync run.',
    input: retentionSchema,
    output: retentionSchema,
  }),
  'archive.apply': defineCall({
    summary: 'Archive and drop every month the retention window puts out of the store; months already archived are only dropped.',
    input: z.object({}).strict(),
    output: z.object({ months: z.array(archiveMonthSchema) }),
    progressEvent: 'archive.progress',
  }),
  'archive.cancel': defineCall({
    summary: 'Cancel a running archive or import of a month; a partial file is removed and the store is unchanged.',
    input: z.object({ month: calendarMonthSchema }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
} as const;

export const archiveEvents = {
  'archive.progress': archiveProgressSchema,
} as const;
