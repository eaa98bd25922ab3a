// Contract entries for the 'stats' area (认证统计): per-day and per-hour statistics and the failure-code
// Pareto. Handlers live in electron/main/services/stats/handlers.ts.
import * as z from 'zod';
import { defineCall } from './define';
import { calendarDateSchema } from './calendar';
import { recordsFilterSchema } from './records-filter';
import { capabilities, operators } from '../platform/domain';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** The counts every statistics row carries. `successRate` is successes / calls, null when there were no calls. */
export const statsCountsSchema = z.object({
  calls: z.number().int().nonnegative(),
  successes: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  successRate: z.number().min(0).max(1).nullable(),
  billable: z.number().int().nonnegative(),
});
export type StatsCounts = z.output<typeof statsCountsSchema>;

/** One failure code (the platform result code with the carrier code under it), decoded from the dictionary. */
export const failureCodeSchema = z.object({
  resultCode: z.string(),
  /** '' when the failure carried no carrier code. */
  carrierCode: z.string(),
  /** Whose carrier code it is (carrier codes mean different things per operator); null without one. */
  operator: z.enum(operators).nullable(),
  failures: z.number().int().nonnegative(),
  resultMeaning: z.string().nullable(),
  resultMeaningEn: z.string().nullable(),
  carrierMeaning: z.string().nullable(),
  carrierMeaningEn: z.string().nullable(),
});
export type FailureCode = z.output<typeof failureCodeSchema>;

/** The longest span the per-day statistics cover in one call. */
export const STATS_MAX_DAYS = 731;

export const statsDailyInputSchema = recordsFilterSchema;
export const statsDayInputSchema = recordsFilterSchema.omit({ from: true, to: true }).extend({ date: calendarDateSchema });
export const paretoGroupings = ['app', 'operator', 'day'] as const;
export type ParetoGrouping = (typeof paretoGroupings)[number];
export const statsFailuresInputSchema = recordsFilterSchema.extend({
  /** Split each code's bar by app, operator or day (stacked); omitted = one series. */
  groupBy: z.enum(paretoGroupings).optional(),
  /** How many codes get their own bar; the rest are summed into `other`. */
  top: z.number().int().min(1).max(100).default(15),
});

export const statsCalls = {
  'stats.daily': defineCall({
    summary:
      'Per Shanghai day: calls, successes, failures, success rate and billable calls for the filter. Without from/to: ' +
      'the last month (today and the 29 days before). Every day of the range is listed, zeros included.',
    input: statsDailyInputSchema,
    output: z.object({
      /** First day listed. */
      from: date,
      /** Day after the last day listed. */
      to: date,
      days: z.array(statsCountsSchema.extend({ date })),
      totals: statsCountsSchema,
    }),
  }),
  'stats.day': defineCall({
    summary: 'One Shanghai day in detail: by hour, by operator, by capability, and its failure codes.',
    input: statsDayInputSchema,
    output: z.object({
      date,
      totals: statsCountsSchema,
      hours: z.array(statsCountsSchema.extend({ hour: z.number().int().min(0).max(23) })),
      operators: z.array(statsCountsSchema.extend({ operator: z.enum(operators) })),
      capabilities: z.array(statsCountsSchema.extend({ capability: z.enum(capabilities) })),
      failureCodes: z.array(failureCodeSchema),
    }),
  }),
  'stats.failures': defineCall({
    summary:
      'Pareto of failure codes for the filter: codes by failures (descending) with their cumulative share, ' + 'optionally split by app, operator or day.',
    input: statsFailuresInputSchema,
    output: z.object({
      total: z.number().int().nonnegative(),
      codes: z.array(failureCodeSchema.extend({ share: z.number(), cumulativeShare: z.number() })),
      /** Failures of the codes beyond `top`. */
      other: z.number().int().nonnegative(),
      groupBy: z.enum(paretoGroupings).nullable(),
      /** The groups of the split (at most 8, the rest folded into key '*'), each with its per-code counts aligned with `codes`. */
      groups: z.array(
        z.object({ key: z.string(), label: z.string(), failures: z.number().int().nonnegative(), byCode: z.array(z.number().int().nonnegative()) }),
      ),
    }),
  }),
} as const;
export const statsEvents = {} as const;
