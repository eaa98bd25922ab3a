// Contract entries for the 'dashboard' area (首页). Handlers live in electron/main/services/dashboard/handlers.ts.
import * as z from 'zod';
import { defineCall } from './define';
import { appOptionSchema } from './records';
import { failureCodeSchema } from './stats';
import { activityKinds } from '../platform/schemas';
import { operators } from '../platform/domain';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const dashboardSummarySchema = z.object({
  /** Shanghai date the figures are for, and the instant they were computed. */
  today: date,
  asOf: z.string(),
  /** Apps not deleted, and how many of them are in each status. */
  appCount: z.number().int().nonnegative(),
  appStatusCounts: z.object({
    pending: z.number().int().nonnegative(),
    reviewing: z.number().int().nonnegative(),
    approved: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
  }),
  /** Calls (auth records) today, this Shanghai month, this year, and ever. */
  calls: z.object({
    today: z.number().int().nonnegative(),
    month: z.number().int().nonnegative(),
    year: z.number().int().nonnegative(),
    all: z.number().int().nonnegative(),
  }),
  /** The window of the chart, the operator rates and the top failure codes: the last month (today and the 29 days before). */
  window: z.object({ from: date, to: date }),
  chart: z.object({
    app: appOptionSchema.nullable(),
    days: z.array(z.object({ date, calls: z.number().int(), successes: z.number().int(), failures: z.number().int() })),
  }),
  apps: z.array(appOptionSchema),
  activities: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      kind: z.enum(activityKinds),
      id: z.string(),
      appId: z.string().nullable(),
      name: z.string(),
      detail: z.string(),
      /** Which review step an `app.reviewed` activity was (start, approve, reject); null for other kinds or an unreadable detail. */
      review: z.enum(['reviewStarted', 'approved', 'rejected']).nullable().default(null),
    }),
  ),
  operators: z.array(
    z.object({
      operator: z.enum(operators),
      calls: z.number().int().nonnegative(),
      successes: z.number().int().nonnegative(),
      successRate: z.number().min(0).max(1).nullable(),
    }),
  ),
  topFailures: z.array(failureCodeSchema),
  packages: z.array(
    z.object({
      packageId: z.string(),
      kind: z.string(),
      quota: z.number().int(),
      used: z.number().int(),
      remaining: z.number().int(),
      validFrom: z.string(),
      validTo: z.string(),
      status: z.string(),
    }),
  ),
  /** Platform bills of this month and the month before, when synced. */
  bills: z.array(z.object({ month: z.string(), status: z.string(), billable: z.number().int(), charged: z.number().int(), amount: z.string() })),
  lastSync: z.object({
    /** Latest successful sync of any resource. */
    at: z.string().nullable(),
    /** The newest error of a resource whose last attempt failed, else null. */
    error: z.object({ resource: z.string(), code: z.string(), message: z.string() }).nullable(),
  }),
});
export type DashboardSummary = z.output<typeof dashboardSummarySchema>;

/** A word the page puts on the chart (from its locale): short, one line. */
const chartLabel = z.string().min(1).max(64);

export const trendSvgInputSchema = z
  .object({
    /** The chart's app (internal id or appId); default: the summary's (the busiest of the window). */
    app: z.string().min(1).max(64).optional(),
    /** The chart's box in CSS pixels. */
    width: z.number().int().min(100).max(4096),
    height: z.number().int().min(100).max(2048),
    theme: z.enum(['light', 'dark']),
    labels: z.object({ total: chartLabel, successes: chartLabel, failures: chartLabel, partialDay: chartLabel }).strict(),
    /** The page's font list, for the chart's text: family names, quotes and commas only. */
    font: z
      .string()
      .min(1)
      .max(300)
      .regex(/^[\p{L}\p{N} ,'"._-]+$/u),
  })
  .strict();

export const dashboardCalls = {
  'dashboard.summary': defineCall({
    summary:
      "Home screen figures: app count, calls today / this month / this year / all time, one app's last month " +
      '(default: the busiest), recent activities, success rate by operator, top failure codes, packages, bills, last sync.',
    input: z
      .object({
        /** The app of the chart (internal id or appId); default: the app with most calls in the window. */
        app: z.string().min(1).max(64).optional(),
      })
      .strict()
      .default({}),
    output: dashboardSummarySchema,
  }),
  'dashboard.trendSvg': defineCall({
    summary:
      "The dashboard trend's first frame: one app's last month drawn by ECharts as SVG at the given size, theme, words and font " +
      "(the same option and theme as the page's live chart), with the days it shows; null when there is no app.",
    input: trendSvgInputSchema,
    output: z
      .object({
        /** The chart's app (internal id). */
        appId: z.string(),
        /** The days drawn (the summary's chart days of that app): the page shows the frame only for the data it holds. */
        days: dashboardSummarySchema.shape.chart.shape.days,
        svg: z.string(),
      })
      .nullable(),
  }),
} as const;
export const dashboardEvents = {} as const;
