/**
 * The 'billing' area (seed 000 §2.1, §4.2–4.3; platform-api §2.5, §3): the month's bill computed
 * from local data, its forecast, reconciliation with the platform's statement and bill, the
 * account's packages, and exports. Amounts are decimal strings in 元: totals to the fen
 * ("500.00"), tier and difference amounts exact to the mill ("0.120"). The engine behind it is
 * shared/billing (pure), so the renderer previews what-ifs with the very same code.
 */
import * as z from 'zod';
import { defineCall } from './define';
import { recordItemSchema } from './record-item';
import { capabilities, operators } from '../platform/domain';
import { pricingModels } from '../billing/ladder';
import { calendarDateSchema, calendarMonthSchema } from './calendar';

export const billingMonthSchema = calendarMonthSchema;
const dateSchema = calendarDateSchema;
const yuan = z.string();
const count = z.number().int().nonnegative();

export const quoteTierSchema = z.object({
  /** Exclusive lower bound of the tier's call ordinals: (from, to]. */
  from: count,
  to: count.nullable(),
  unitPrice: yuan,
  count,
  amount: yuan,
});

/** The shape of `onetap bill quote --json`: billable calls, package coverage, the tier breakdown, the total. */
export const quoteSchema = z.object({
  calls: count,
  packageCovered: count,
  charged: count,
  tiers: z.array(quoteTierSchema),
  amount: yuan,
});

export const ladderTierSchema = z.object({ from: count, to: count.nullable(), unitPrice: yuan });
export const ladderSchema = z.object({
  /** 'platform' when GET /v1/pricing was synced; 'book' when a price book prices the workspace (a provider's list price or the user's own); else the seed's table built in. */
  source: z.enum(['platform', 'default', 'book']),
  tiers: z.array(ladderTierSchema),
  /** How the tiers price a month; progressive when absent. */
  model: z.enum(pricingModels).optional(),
  /** The price book on source 'book': its id, name, where its figures come from, and from when. */
  book: z.object({ id: z.string(), name: z.string(), source: z.string(), effectiveDate: z.string(), custom: z.boolean() }).optional(),
});
export type LadderInfo = z.output<typeof ladderSchema>;

export const forecastSchema = z.object({
  asOf: z.number().int(),
  basis: z.literal('month-to-date-rate'),
  dailyRate: z.number().nonnegative(),
  chargedSoFar: count,
  currentTierIndex: count,
  projectedCalls: count,
  projectedPackageCovered: count,
  projectedCharged: count,
  projectedTiers: z.array(quoteTierSchema),
  projectedAmount: yuan,
  nextTier: z.object({ index: count, from: count, unitPrice: yuan, reachedOn: z.string().nullable() }).nullable(),
  days: z.array(z.object({ date: z.string(), billable: count, projected: z.boolean(), charged: count, cumulativeCharged: count })),
});
export type BillingForecast = z.output<typeof forecastSchema>;

/**
 * What the local bill is computed from: synced auth records, the platform's usage statement (the
 * key cannot read auth records, or none were synced), the provider's daily statistics (a provider
 * without record-level data, e.g. Alibaba Cloud), or nothing (no bill can be shown, not ¥0).
 */
export const billBasisSchema = z.enum(['records', 'statement', 'statistics', 'none']);
export type BillBasis = z.output<typeof billBasisSchema>;

export const monthBillSchema = quoteSchema.extend({
  month: billingMonthSchema,
  /** open: the current Shanghai month; closed: before it; future: after it (always empty). */
  status: z.enum(['open', 'closed', 'future']),
  billableByCapability: z.object({ login: count, verify: count }),
  allocation: z.object({
    apps: z.array(z.object({ id: z.string(), appId: z.string().nullable(), name: z.string().nullable(), billable: count, amount: yuan })),
    operators: z.array(z.object({ operator: z.enum(operators), billable: count, amount: yuan })),
  }),
  packageCoverage: z.array(z.object({ packageId: z.string(), covered: count })),
  days: z.array(z.object({ date: z.string(), billable: count, covered: count, charged: count })),
  /** Where the month stands: the tier the next charged call falls in, and calls left in the current one. */
  position: z.object({ tierIndex: count, toNext: count.nullable() }),
  ladder: ladderSchema,
  forecast: forecastSchema.nullable(),
  basis: billBasisSchema,
  /** When the data behind this bill was last synced (auth records, or the statement on that basis; epoch ms), null if never. */
  dataAsOf: z.number().int().nullable(),
  generatedAt: z.number().int(),
});
export type MonthBillOutput = z.output<typeof monthBillSchema>;

export const lineDifferenceSchema = z.object({
  date: z.string(),
  /** Platform internal app id and issued appId. */
  id: z.string(),
  appId: z.string().nullable(),
  appName: z.string().nullable(),
  capability: z.enum(capabilities),
  operator: z.enum(operators),
  /** Billable calls: ours, the platform's, platform − ours. */
  local: z.number().int(),
  platform: z.number().int(),
  delta: z.number().int(),
  localCalls: count,
  platformCalls: count,
  localSuccesses: count,
  platformSuccesses: count,
  presence: z.enum(['both', 'local-only', 'platform-only']),
  /** Money effect of the delta, signed, exact to the mill (the parts add up to the whole gap). */
  amount: yuan,
});
export type LineDifferenceOutput = z.output<typeof lineDifferenceSchema>;

export const reconcileSchema = z.object({
  month: billingMonthSchema,
  /** The local side: 'statement' compares only the bill with the statement (no lines: nothing independent to compare them with). */
  basis: billBasisSchema,
  status: z.enum(['matched', 'mismatched']),
  /** Platform documents not synced for the month: it cannot match without them. */
  missing: z.array(z.enum(['statement', 'bill'])),
  differences: z.array(lineDifferenceSchema),
  billDifferences: z.array(z.object({ field: z.string(), local: z.string(), platform: z.string() })),
  totals: z.object({
    local: z.object({ calls: count, successes: count, billable: count }),
    platform: z.object({ calls: count, successes: count, billable: count }).nullable(),
  }),
  lineCount: count,
  matchedLines: count,
  amountLocal: yuan,
  amountPlatform: yuan.nullable(),
  /** The platform's statement priced by the same rules. */
  amountFromStatement: yuan.nullable(),
  /** Platform bill − ours, fen. */
  deltaAmount: yuan.nullable(),
  billStatus: z.enum(['open', 'final']).nullable(),
  statementGeneratedAt: z.number().int().nullable(),
  statementFetchedAt: z.number().int().nullable(),
  billFetchedAt: z.number().int().nullable(),
});
export type ReconcileOutput = z.output<typeof reconcileSchema>;

export const RECONCILE_RECORDS_PAGE_MAX = 500;

export const reconcileRecordsInputSchema = z
  .object({
    /** The difference's line: Shanghai day × app (internal id) × capability × operator. */
    date: dateSchema,
    id: z.string().min(1).max(64),
    capability: z.enum(capabilities),
    operator: z.enum(operators),
    /** Only billable (true) or only non-billable (false) records; all when absent. */
    billable: z.boolean().optional(),
    limit: z.number().int().min(1).max(RECONCILE_RECORDS_PAGE_MAX).default(100),
    after: z.string().min(1).max(200).optional(),
  })
  .strict();

export const reconcileRecordsSchema = z.object({
  /** What we hold for the line (from the rollups): the counts the difference compares. */
  totals: z.object({ calls: count, successes: count, billable: count }),
  items: z.array(recordItemSchema),
  next: z.string().nullable(),
});

export const packageWarningSchema = z.enum(['used80', 'used100', 'expiring', 'expired']);
export const packagesSchema = z.object({
  /** Subscription to the on-demand service (seed 000 §4.3); null until synced. */
  subscribed: z.boolean().nullable(),
  fetchedAt: z.number().int().nullable(),
  items: z.array(
    z.object({
      packageId: z.string(),
      kind: z.enum(['trial', 'commercial']),
      quota: count,
      /** As the platform reports it. */
      used: count,
      remaining: count,
      /** As our synced records count it (covered billable calls in the package's validity). */
      usedLocal: count,
      validFrom: z.number().int(),
      validTo: z.number().int(),
      /** The platform's status. */
      status: z.string(),
      warnings: z.array(packageWarningSchema),
      daysToExpiry: z.number().int(),
    }),
  ),
  /** Calls the platform refused for want of a package or subscription (10301–10304), in the month asked. */
  refusals: z.array(
    z.object({ code: z.enum(['10301', '10302', '10303', '10304']), reason: z.enum(['noResource', 'unsubscribed', 'exhausted', 'expired']), count }),
  ),
  month: billingMonthSchema,
});
export type PackagesOutput = z.output<typeof packagesSchema>;

/** How a produced file reached the user: a one-time link (browser), a saved path (Electron), or not at all. */
export const deliverySchema = z.discriminatedUnion('delivery', [
  z.object({ delivery: z.literal('download'), url: z.string(), filename: z.string() }),
  /** `files`: every file written when the content is several files (CSV tables from the command line). */
  z.object({ delivery: z.literal('saved'), path: z.string(), filename: z.string(), files: z.array(z.string()).optional() }),
  z.object({ delivery: z.literal('cancelled') }),
]);
export type DeliveryOutput = z.output<typeof deliverySchema>;

export const exportLocales = ['zh-CN', 'en-US'] as const;

export const billingCalls = {
  'billing.month': defineCall({
    summary:
      "A month's bill from local data: billable calls by capability, package coverage, progressive tiers, the total to the fen, " +
      'its allocation to apps and operators, where the month stands on the ladder, and a forecast when the month is open.',
    input: z.object({ month: billingMonthSchema }).strict(),
    output: monthBillSchema,
  }),
  'billing.quote': defineCall({
    summary: 'What-if: calls → amount with the tier breakdown under the workspace ladder, and the same calls under an all-units model.',
    input: z
      .object({
        calls: z.number().int().min(0).max(1e12),
        packageRemaining: z.number().int().min(0).max(1e12).default(0),
        /** A price book (id or name, built-in or the user's) instead of the one this month is billed with. */
        book: z.string().trim().min(1).max(80).optional(),
      })
      .strict(),
    output: z.object({
      progressive: quoteSchema,
      allUnits: z.object({ charged: count, tierIndex: count, unitPrice: yuan, amount: yuan }),
      /** allUnits − progressive, fen. */
      difference: yuan,
      ladder: ladderSchema,
    }),
  }),
  'billing.reconcile': defineCall({
    summary:
      "Local usage against the platform's usage statement (day × app × capability × operator) and bill: every differing line with its size " +
      'in calls and money, bill field differences, and "matched" only when everything agrees.',
    input: z.object({ month: billingMonthSchema }).strict(),
    output: reconcileSchema,
  }),
  'billing.reconcileRecords': defineCall({
    summary: 'The auth records behind one reconciliation line (day × app × capability × operator), newest first, keyset-paged.',
    input: reconcileRecordsInputSchema,
    output: reconcileRecordsSchema,
  }),
  'billing.packages': defineCall({
    summary: 'Packages with quota, used (platform and local), remaining, expiry and warnings; subscription state; refusals 10301–10304 of the month.',
    input: z.object({ month: billingMonthSchema.optional() }).strict().default({}),
    output: packagesSchema,
  }),
  'billing.export': defineCall({
    summary:
      'The bill or the reconciliation of a month as XLSX (one sheet per table) or CSV (one UTF-8 file with BOM per table; a zip of them through a ' +
      'download link in browser mode or the save dialog in Electron, separate files beside `out` from the command line).',
    input: z
      .object({
        month: billingMonthSchema,
        kind: z.enum(['bill', 'reconciliation']),
        format: z.enum(['csv', 'xlsx']),
        locale: z.enum(exportLocales).default('zh-CN'),
        /** Path to write (command line only; refused elsewhere). */
        out: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    output: deliverySchema,
  }),
  'billing.statementPdf': defineCall({
    summary:
      "The month's statement as an A4 PDF made in the main process (tiers, packages, total in words, allocation, reconciliation, page numbers, " +
      'document id): the same bytes for the same data from every door — a download link (browser), the save dialog (Electron), `out` (command line).',
    input: z
      .object({
        month: billingMonthSchema,
        locale: z.enum(exportLocales).default('zh-CN'),
        /** Path to write (command line only; refused elsewhere). */
        out: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    output: deliverySchema,
  }),
} as const;

export const billingEvents = {} as const;
