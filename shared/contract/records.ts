// Contract entries for the 'records' area (认证记录): search and detail of auth records.
// Handlers live in electron/main/services/records/handlers.ts.
import * as z from 'zod';
import { calendarMonthSchema } from './calendar';
import { defineCall } from './define';
import { recordsFilterSchema } from './records-filter';
import { codeEntrySchema } from './code-entry';
import { appPlatforms, appStatuses } from '../platform/domain';
import { recordItemSchema } from './record-item';

/** Page size bounds of `records.search` (and the `--limit` flag of `onetap records search`). */
export const RECORDS_PAGE_MAX = 500;
export const RECORDS_PAGE_DEFAULT = 50;

/**
 * Orders `records.search` offers: by request time, newest or oldest first — the orders the
 * record indexes hand rows in (each has request_ms right after its equality columns), so both
 * page by keyset at the same cost. Other columns have no index to page on.
 */
export const recordOrders = ['desc', 'asc'] as const;
export type RecordOrder = (typeof recordOrders)[number];

/**
 * Input of `records.search`: the shared auth-record filter plus keyset paging. `after` is the
 * opaque `next` of the previous page; pages run on (request time, seq), newest first unless
 * `order` is 'asc'.
 */
export const recordsSearchInputSchema = recordsFilterSchema.extend({
  limit: z.number().int().min(1).max(RECORDS_PAGE_MAX).default(RECORDS_PAGE_DEFAULT),
  after: z.string().min(1).max(200).optional(),
  /**
   * Jump to a page: the number of matches to step over from the first (page n of size s is
   * offset (n - 1) * s). Ignored when `after` is given; the answer's `next` continues by keyset.
   */
  offset: z.number().int().min(0).max(1_000_000_000).optional(),
  /** Request-time order: 'desc' newest first (default), 'asc' oldest first. A cursor continues only its own order. */
  order: z.enum(recordOrders).default('desc'),
});
export type RecordsSearchInput = z.input<typeof recordsSearchInputSchema>;

// The record item lives in its own module so the billing contract can use it without building
// this area's filter and code schemas (issue 13: `onetap bill quote`'s start); re-exported here.
export { recordItemSchema, type RecordItem } from './record-item';

/** A team store month whose raw records are in an archive file, not in the store. */
export const archivedMonthNoticeSchema = z.object({
  month: calendarMonthSchema,
  /** Records the archive holds (the whole month). */
  records: z.number().int().nonnegative(),
  file: z.string(),
  location: z.string(),
});
export type ArchivedMonthNotice = z.output<typeof archivedMonthNoticeSchema>;

export const recordsSearchOutputSchema = z.object({
  /** Every record matching the filter (not only this page). */
  total: z.number().int().nonnegative(),
  items: z.array(recordItemSchema),
  /** Cursor of the next page, null on the last one. */
  next: z.string().nullable(),
  /**
   * Team store only, and only when there are some: months in the filter's range whose raw records
   * were archived and their partition dropped (onetap archive create MONTH --drop --store …). Their
   * records are counted in `total` (the rollups keep them) but not listed; `file` is the archive
   * (its writer put it at `location`, host:path), and `onetap archive import MONTH --store …` brings them back.
   */
  archived: z.array(archivedMonthNoticeSchema).optional(),
});
export type RecordsSearchOutput = z.output<typeof recordsSearchOutputSchema>;

/** The app a record names, as a record's detail and the toolkit's triage show it. */
export const recordAppSchema = z.object({
  id: z.string(),
  appId: z.string().nullable(),
  name: z.string(),
  platform: z.enum(appPlatforms),
  status: z.enum(appStatuses),
});

export const recordDetailSchema = recordItemSchema.extend({
  /** Every dictionary entry for the platform result code, best first (links into the code dictionary). */
  resultCodeEntries: z.array(codeEntrySchema),
  /** Every dictionary entry for the carrier code in this operator's context, best first. */
  carrierCodeEntries: z.array(codeEntrySchema),
  app: recordAppSchema.nullable(),
});
export type RecordDetail = z.output<typeof recordDetailSchema>;

export const appOptionSchema = z.object({
  id: z.string(),
  appId: z.string().nullable(),
  name: z.string(),
  status: z.enum(appStatuses),
});
export type AppOption = z.output<typeof appOptionSchema>;

/**
 * Quick ranges of the record and statistics screens (seed 000 §3.3/§3.4: 近三天 / 近一周 / 近一月).
 * Whole Asia/Shanghai days ending with today, so totals come from rollups:
 *   last3days = today and the 2 days before, lastWeek = today and the 6 before,
 *   lastMonth = today and the 29 before; `from` is that first day's 00:00 +08:00 and `to`
 *   (exclusive) is tomorrow's 00:00 +08:00. Both are bare dates, as the filter accepts them.
 */
export { quickRange, quickRanges, type QuickRange } from '../time/quick-range';

export const recordsCalls = {
  'records.search': defineCall({
    summary:
      'Auth records matching the filter, newest first (or oldest first with order asc), one keyset page at a time, with the total of all matches. ' +
      'The `code` filter matches failed records whose platform result code or carrier code equals it.',
    input: recordsSearchInputSchema,
    output: recordsSearchOutputSchema,
  }),
  'records.get': defineCall({
    summary: 'One auth record by seq, with its app and every dictionary entry for its codes.',
    input: z.object({ seq: z.number().int().positive() }).strict(),
    output: recordDetailSchema,
  }),
  'records.apps': defineCall({
    summary: 'Apps of the workspace for the app pickers of records, statistics and the dashboard (deleted apps last).',
    input: z.object({}).strict().default({}),
    output: z.array(appOptionSchema),
  }),
} as const;
export const recordsEvents = {} as const;
