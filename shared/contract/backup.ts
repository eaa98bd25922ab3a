// Contract entries for the 'backup' area: online backups of a workspace's local store (SQLite's
// backup API, while the console runs) and restore from one. Handlers live in
// electron/main/services/backup/handlers.ts.
import * as z from 'zod';
import { defineCall } from './define';

/** Ids the caller may choose (so it can cancel before the call answers); also the file's name. */
export const backupIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -');

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
const absolutePath = z.string().min(1).max(4096);

/** Written beside every backup as `<file>.json`; a restore checks the file against it first. */
export const backupManifestSchema = z
  .object({
    kind: z.literal('onetap-console/backup'),
    version: z.literal(1),
    backupId: backupIdSchema,
    workspace: z.object({ id: z.string().max(200), name: z.string().max(200) }).strict(),
    /** Schema version (PRAGMA user_version) of the copied store. */
    schemaVersion: z.number().int().nonnegative(),
    /** When the copy finished (epoch ms). */
    createdAt: z.number().int().nonnegative(),
    file: z.object({ name: z.string().max(300), bytes: z.number().int().nonnegative(), sha256: hex64 }).strict(),
    /** Auth records in the copy, as a quick sanity figure for people choosing a backup. */
    records: z.number().int().nonnegative(),
  })
  .strict();
export type BackupManifest = z.output<typeof backupManifestSchema>;

export const backupInfoSchema = backupManifestSchema.extend({
  /** Where the backup file is (on the machine that runs the services). */
  path: z.string(),
});
export type BackupInfo = z.output<typeof backupInfoSchema>;

export const backupProgressSchema = z.object({
  backupId: backupIdSchema,
  phase: z.enum(['copy', 'check', 'restore']),
  /** Database pages copied so far, of `total`. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type BackupProgress = z.output<typeof backupProgressSchema>;

export const backupCalls = {
  'backup.create': defineCall({
    summary:
      "Back up the active workspace's store while the console runs (SQLite online backup), checked and hashed, " +
      'into the data folder (or to `out` from the command line). Reports `backup.progress`; cancel with `backup.cancel`.',
    input: z
      .object({
        backupId: backupIdSchema.optional(),
        /** Absolute path of the copy to write (command line only; the app keeps backups in the data folder). */
        out: absolutePath.optional(),
      })
      .strict(),
    output: backupInfoSchema,
    progressEvent: 'backup.progress',
  }),
  'backup.list': defineCall({
    summary: "The active workspace's backups in the data folder, newest first.",
    input: z.object({}).strict(),
    output: z.object({ items: z.array(backupInfoSchema) }),
  }),
  'backup.restore': defineCall({
    summary:
      "Replace the active workspace's store with a backup (by id from the data folder, or a path from the command line), " +
      'after checking its hash, integrity and schema; a backup of another workspace needs `force`. Reports `backup.progress`.',
    input: z
      .object({
        backupId: backupIdSchema.optional(),
        /** Absolute path of a backup file with its `<file>.json` manifest (command line only). */
        path: absolutePath.optional(),
        force: z.boolean().default(false),
      })
      .strict()
      .refine((v) => (v.backupId === undefined) !== (v.path === undefined), { message: 'give exactly one of backupId and path' }),
    output: z.object({
      restored: backupInfoSchema,
      /** Schema version of the store before the restore, and after (an older backup is migrated forward). */
      schemaBefore: z.number().int().nonnegative(),
      schemaAfter: z.number().int().nonnegative(),
    }),
    progressEvent: 'backup.progress',
  }),
  'backup.cancel': defineCall({
    summary: 'Cancel a running backup; its partial file is removed. `cancelled` is false when no such backup is running.',
    input: z.object({ backupId: backupIdSchema }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
} as const;

export const backupEvents = {
  'backup.progress': backupProgressSchema,
} as const;
