// Contract entries for the 'export' area (审计导出): auditor exports of auth records that are
// masked, streamed, and tamper-evident (a signed manifest beside every file, one hash chain of
// manifests per workspace). Handlers live in electron/main/services/export/handlers.ts.
import * as z from 'zod';
import { defineCall } from './define';
import { exportColumns, exportLocales } from './export-columns';
import { recordsFilterSchema } from './records-filter';

export const exportFormats = ['csv', 'xlsx', 'jsonl'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export { exportColumns, exportLocales, type ExportColumn, type ExportLocale } from './export-columns';

/** Ids the caller may choose (so it can cancel before the call answers). */
export const exportIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -');

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

/**
 * The manifest written as `<file>.manifest.json` and kept in the workspace's export history.
 * `signature.value` is HMAC-SHA256 over the canonical JSON (keys sorted, no spaces) of the
 * manifest without `signature.value`; the chain links each manifest to the SHA-256 of the
 * canonical JSON of the previous one.
 */
export const exportManifestSchema = z
  .object({
    kind: z.literal('onetap-console/export-manifest'),
    version: z.literal(1),
    exportId: exportIdSchema,
    /** Position in the workspace's chain (1 = first export). */
    seq: z.number().int().positive(),
    /** Identity of the workspace's export chain (random, stored in the workspace database). */
    chainId: z.string().regex(/^[0-9a-f]{32}$/),
    workspace: z.object({ id: z.string(), name: z.string() }).strict(),
    /** Access key id of the workspace's platform connection (never the secret); null when it has none. */
    accessKey: z.string().nullable(),
    /** The operating-system account that ran the export. */
    osUser: z.string(),
    /** When the export finished (ISO 8601, +08:00). */
    createdAt: z.string(),
    filter: recordsFilterSchema,
    format: z.enum(exportFormats),
    locale: z.enum(exportLocales),
    columns: z.array(z.enum(exportColumns)),
    /** Data rows in the file (header rows not counted). */
    rows: z.number().int().nonnegative(),
    file: z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: hex64 }).strict(),
    /** SHA-256 of the previous manifest in this workspace's chain (the genesis value for the first). */
    prevHash: hex64,
    signature: z
      .object({
        alg: z.literal('HMAC-SHA256'),
        /** Which key signed (a fingerprint, not the key). */
        keyId: z.string().regex(/^[0-9a-f]{16}$/),
        /** keyring: a random key sealed by the OS keyring; platform-secret: derived from the access key's secret. */
        keySource: z.enum(['keyring', 'platform-secret']),
        value: hex64,
      })
      .strict(),
  })
  .strict();
export type ExportManifest = z.output<typeof exportManifestSchema>;

/** What verification can find wrong, one code per kind of problem. */
export const verifyProblemCodes = [
  /** The file named is not there (or not readable). */
  'FILE_MISSING',
  /** `<file>.manifest.json` is not there. */
  'MANIFEST_MISSING',
  /** The manifest is not valid JSON or not a manifest. */
  'MANIFEST_INVALID',
  /** The file's SHA-256 (or size) differs from the manifest's. */
  'HASH_MISMATCH',
  /** The data rows in the file differ from the manifest's row count. */
  'ROW_COUNT_MISMATCH',
  /** The file cannot be read as its format (a damaged XLSX, say). */
  'FILE_UNREADABLE',
  /** The manifest's HMAC signature is wrong: the manifest was altered or forged. */
  'SIGNATURE_BAD',
  /** The key that signed it is not available in this session, so the signature could not be checked. */
  'SIGNATURE_UNCHECKED',
  /** The manifest belongs to another workspace's export chain. */
  'WRONG_WORKSPACE',
  /** No export with this id in this workspace's history (made elsewhere, or its row was removed). */
  'NOT_IN_HISTORY',
  /** The manifest beside the file differs from the one recorded in the history. */
  'HISTORY_MISMATCH',
  /** The history chain is broken: a row was edited, removed, or inserted. */
  'CHAIN_BROKEN',
  /** Verified by export id, but the manifest found at its path is another export's. */
  'WRONG_EXPORT',
] as const;
export type VerifyProblemCode = (typeof verifyProblemCodes)[number];

export const verifyProblemSchema = z.object({
  code: z.enum(verifyProblemCodes),
  message: z.string(),
  /** History row the problem is about, when there is one. */
  seq: z.number().int().positive().optional(),
});
export type VerifyProblem = z.output<typeof verifyProblemSchema>;

export const exportRecordsInputSchema = z
  .object({
    filter: recordsFilterSchema.default({}),
    format: z.enum(exportFormats),
    locale: z.enum(exportLocales).default('zh-CN'),
    exportId: exportIdSchema.optional(),
    /**
     * Absolute path to write (CLI and scripts). Refused in the desktop app, which asks with a
     * save dialog, and in browser mode, which writes under the data folder and returns download links.
     */
    out: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type ExportRecordsInput = z.input<typeof exportRecordsInputSchema>;

export const exportRecordsOutputSchema = z.object({
  exportId: exportIdSchema,
  /** Absolute path of the file written. */
  file: z.string(),
  /** Absolute path of `<file>.manifest.json`. */
  manifest: z.string(),
  rows: z.number().int().nonnegative(),
  sha256: hex64,
  bytes: z.number().int().nonnegative(),
  format: z.enum(exportFormats),
  /** Browser mode: single-use links (GET) for the file and its manifest; null elsewhere. */
  downloads: z.object({ file: z.string(), manifest: z.string() }).nullable(),
});
export type ExportRecordsOutput = z.output<typeof exportRecordsOutputSchema>;

export const exportPhases = ['counting', 'writing', 'finishing', 'done', 'cancelled', 'failed'] as const;

export const exportProgressSchema = z.object({
  exportId: exportIdSchema,
  phase: z.enum(exportPhases),
  rows: z.number().int().nonnegative(),
  /** Rows matching the filter (known after counting). */
  total: z.number().int().nonnegative().nullable(),
  rowsPerSec: z.number().nonnegative(),
});
export type ExportProgress = z.output<typeof exportProgressSchema>;

export const exportHistoryItemSchema = z.object({
  seq: z.number().int().positive(),
  exportId: z.string(),
  createdAt: z.number().int(),
  filePath: z.string(),
  manifestHash: z.string(),
  prevHash: z.string(),
  /** The manifest as recorded, or null when the row's manifest is not valid JSON any more. */
  manifest: exportManifestSchema.nullable(),
  /** What is wrong with this row (an edit, a broken link, a bad signature); empty when it is intact. */
  problems: z.array(verifyProblemSchema),
});
export type ExportHistoryItem = z.output<typeof exportHistoryItemSchema>;

export const exportHistoryOutputSchema = z.object({
  /** Newest first. */
  items: z.array(exportHistoryItemSchema),
  /** Rows in the history (all of them, not only this page). */
  total: z.number().int().nonnegative(),
  /** The `beforeSeq` of the next (older) page, null on the last. */
  next: z.number().int().positive().nullable(),
  /** The whole chain's verdict: problems anywhere in the history, not only on this page. */
  chain: z.object({ ok: z.boolean(), problems: z.array(verifyProblemSchema) }),
});
export type ExportHistoryOutput = z.output<typeof exportHistoryOutputSchema>;

export const exportVerifyInputSchema = z
  .object({
    /** Path of an export file on this machine (the manifest is looked for beside it). */
    path: z.string().min(1).max(4096).optional(),
    /** Or an export of the history, checked at the path it was written to. */
    exportId: exportIdSchema.optional(),
    /** Or (browser mode) an export and its manifest uploaded with `POST /uploads` (the id it answered). */
    upload: z
      .string()
      .regex(/^[A-Za-z0-9_-]{32}$/, 'an upload id')
      .optional(),
  })
  .strict()
  .refine((v) => [v.path, v.exportId, v.upload].filter((x) => x !== undefined).length === 1, { message: 'give one of path, exportId or upload' });

export const exportVerifyOutputSchema = z.object({
  ok: z.boolean(),
  problems: z.array(verifyProblemSchema),
  file: z.string(),
  manifestPath: z.string(),
  /** The manifest found beside the file, when it could be read. */
  manifest: exportManifestSchema.nullable(),
  /** What the file holds, as measured now (null when it could not be read). */
  measured: z.object({ sha256: z.string(), bytes: z.number().int().nonnegative(), rows: z.number().int().nonnegative().nullable() }).nullable(),
  /** The history row of this export, when found. */
  historySeq: z.number().int().positive().nullable(),
});
export type ExportVerifyOutput = z.output<typeof exportVerifyOutputSchema>;

export const exportCalls = {
  'export.records': defineCall({
    summary:
      'Export the auth records matching a Records filter as CSV (UTF-8 with BOM), XLSX or JSONL, phones masked, ' +
      'streamed to a temporary file renamed into place on success, with `<file>.manifest.json` beside it and a row in ' +
      "the workspace's export history. Reports `export.progress`; cancel with `export.cancel`.",
    input: exportRecordsInputSchema,
    output: exportRecordsOutputSchema,
    progressEvent: 'export.progress',
  }),
  'export.cancel': defineCall({
    summary: 'Cancel a running export; its partial file is removed. `cancelled` is false when no such export is running.',
    input: z.object({ exportId: exportIdSchema }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  }),
  'export.history': defineCall({
    summary: "The workspace's exports with their manifests, newest first, and the verdict of the whole history chain.",
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        beforeSeq: z.number().int().positive().optional(),
        /** Jump to a page: rows to step over from the newest; ignored with `beforeSeq`. */
        offset: z.number().int().min(0).max(1_000_000_000).optional(),
      })
      .strict()
      .default({ limit: 100 }),
    output: exportHistoryOutputSchema,
  }),
  'export.verify': defineCall({
    summary:
      'Verify an export file (by path on this machine, by export id, or in browser mode an upload): its hash and row count against the manifest, ' +
      "the manifest's signature, and the manifest's place in the history chain. Lists exactly what is wrong.",
    input: exportVerifyInputSchema,
    output: exportVerifyOutputSchema,
  }),
} as const;

export const exportEvents = {
  'export.progress': exportProgressSchema,
} as const;
