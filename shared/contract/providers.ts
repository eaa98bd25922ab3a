/**
 * The 'providers' area: what a workspace of a provider without our platform API offers through
 * its own API (Alibaba Cloud 号码认证服务): its schemes (apps, kept by code since there is no list
 * call), the statistics sync into the daily rollups, the month's bill priced with a price book,
 * and reconciliation with the provider's billing lines. Plus the price books themselves.
 */
import * as z from 'zod';
import { defineCall } from './define';
import { billingMonthSchema } from './billing';
import { aliyunRegion } from './workspaces';
import { capabilities, operators } from '../platform/domain';
import { providers } from '../providers/capabilities';
import { pricingModels } from '../billing/ladder';

const count = z.number().int().nonnegative();
const yuan = z.string();
const schemeCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a scheme code such as FC100000038194004');

export const schemeSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  appName: z.string().nullable(),
  osType: z.string().nullable(),
  origin: z.enum(['created', 'added']),
  addedAt: z.number().int(),
  deletedAt: z.number().int().nullable(),
});

const bookTierSchema = z.object({ from: count, to: count.nullable(), unitPrice: yuan });
export const priceBookOutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.string(),
  model: z.enum(pricingModels),
  tiers: z.array(bookTierSchema),
  packages: z.array(z.object({ calls: count, price: yuan, months: count })),
  source: z.string(),
  effectiveDate: z.string(),
});

/** `providers.overview` item `error` of a workspace that has no local data yet (shown in the reader's language). */
export const WORKSPACE_NOT_SYNCED = 'not synced yet';

export const providersCalls = {
  'providers.test': defineCall({
    summary: 'Test the active Alibaba Cloud workspace: one signed statistics call through the official SDK.',
    input: z.object({}).strict().default({}),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), latencyMs: count }),
      z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), detail: z.record(z.string(), z.unknown()).optional() }) }),
    ]),
  }),
  'providers.schemes.list': defineCall({
    summary: 'The scheme codes this workspace knows (created here or added by code).',
    input: z.object({}).strict().default({}),
    output: z.object({ items: z.array(schemeSchema) }),
  }),
  'providers.schemes.add': defineCall({
    summary: 'Add an existing scheme by its code (checked with DescribeVerifyScheme).',
    input: z.object({ code: schemeCode, name: z.string().trim().min(1).max(40).optional() }).strict(),
    output: schemeSchema,
  }),
  'providers.schemes.create': defineCall({
    summary: 'Create a scheme (CreateVerifyScheme) and keep its code.',
    input: z
      .object({
        schemeName: z.string().trim().min(1).max(20),
        appName: z.string().trim().min(1).max(20),
        osType: z.enum(['Android', 'iOS']),
        packName: z.string().trim().max(128).optional(),
        packSign: z
          .string()
          .trim()
          .regex(/^[0-9a-fA-F]{32}$/, '32 hex digits (MD5 of the signing certificate)')
          .optional(),
        bundleId: z.string().trim().max(128).optional(),
        email: z.string().trim().email().optional(),
      })
      .strict()
      .refine((v) => (v.osType === 'Android' ? !!v.packName && !!v.packSign : !!v.bundleId), {
        message: 'Android needs packName and packSign; iOS needs bundleId',
      }),
    output: schemeSchema,
  }),
  'providers.schemes.describe': defineCall({
    summary: 'DescribeVerifyScheme: the scheme’s app encryption info.',
    input: z.object({ code: schemeCode }).strict(),
    output: z.object({ code: z.string(), appEncryptInfo: z.string().nullable() }),
  }),
  'providers.schemes.delete': defineCall({
    summary: 'DeleteVerifyScheme; the code stays listed as deleted (its history still counts).',
    input: z.object({ code: schemeCode }).strict(),
    output: z.object({ deleted: z.literal(true) }),
  }),
  'providers.sync': defineCall({
    summary: 'Sync the daily statistics into the rollups (re-reading today and yesterday).',
    input: z
      .object({ firstSyncDays: z.number().int().min(1).max(730).optional() })
      .strict()
      .default({}),
    output: z.object({ from: z.string(), to: z.string(), windows: count, calls: count, rowsWritten: count, unlistedSuccesses: count }),
  }),
  'providers.bill': defineCall({
    summary: "A month's bill of an Alibaba Cloud workspace from its synced statistics, priced with a book.",
    input: z.object({ month: billingMonthSchema, book: z.string().min(1).max(64).optional() }).strict(),
    output: z.object({
      month: z.string(),
      book: z.string(),
      model: z.enum(pricingModels),
      calls: count,
      billable: count,
      billableByCapability: z.object({ login: count, verify: count }),
      unitPrice: yuan.nullable(),
      amount: yuan,
      lines: z.array(z.object({ id: z.string(), capability: z.enum(capabilities), billable: count, amount: yuan })),
    }),
  }),
  'providers.reconcile': defineCall({
    summary: 'Compare the local month with QueryGateVerifyBillingPublic line by line.',
    input: z.object({ month: billingMonthSchema, book: z.string().min(1).max(64).optional() }).strict(),
    output: z.object({
      month: z.string(),
      status: z.enum(['matched', 'mismatched']),
      book: z.string(),
      model: z.enum(pricingModels),
      totalBillable: count,
      unitPrice: yuan.nullable(),
      lineCount: count,
      matchedLines: count,
      differences: z.array(
        z.object({
          id: z.string(),
          capability: z.enum(capabilities),
          name: z.string().nullable(),
          presence: z.enum(['both', 'local-only', 'provider-only']),
          localAdd: count,
          providerAdd: count,
          delta: z.number().int(),
          localAmount: yuan,
          providerAmount: yuan,
          localPrice: yuan,
          providerPrice: yuan,
        }),
      ),
      amountLocal: yuan,
      amountProvider: yuan,
      deltaAmount: yuan,
      lines: z.array(z.object({ id: z.string(), capability: z.enum(capabilities), add: count, amount: yuan })),
      unknownItems: count,
    }),
  }),
  'providers.reconcileLine': defineCall({
    summary: 'The drill-down behind one reconciliation line: the synced daily statistics of a scheme and capability in the month.',
    input: z.object({ month: billingMonthSchema, id: schemeCode, capability: z.enum(capabilities) }).strict(),
    output: z.object({
      month: z.string(),
      id: z.string(),
      capability: z.enum(capabilities),
      totals: z.object({ calls: count, successes: count, billable: count }),
      days: z.array(z.object({ date: z.string(), calls: count, successes: count, billable: count })),
    }),
  }),
  'providers.packages.add': defineCall({
    summary:
      "Record a resource package bought from the provider (its API does not list them): calls, the Shanghai day it was bought, months valid (the book's package term when absent). Billing uses it before pay-as-you-go.",
    input: z
      .object({
        calls: z.number().int().min(1).max(1e10),
        purchasedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
        months: z.number().int().min(1).max(120).optional(),
      })
      .strict(),
    output: z.object({ packageId: z.string(), quota: count, validFrom: z.number().int(), validTo: z.number().int() }),
  }),
  'providers.packages.remove': defineCall({
    summary: 'Forget a recorded resource package.',
    input: z
      .object({
        packageId: z
          .string()
          .min(1)
          .max(64)
          .regex(/^manual-[0-9a-z-]+$/, 'a recorded package id'),
      })
      .strict(),
    output: z.object({ removed: z.boolean() }),
  }),
  'providers.testConnection': defineCall({
    summary: 'Test an Alibaba Cloud connection before saving it: one signed statistics call through the official SDK.',
    input: z
      .object({
        endpoint: z.string().trim().max(500).optional(),
        protocol: z.enum(['http', 'https']).optional(),
        region: aliyunRegion.optional(),
        accessKey: z.string().trim().min(1).max(128),
        secretKey: z.string().min(1).max(512),
      })
      .strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), latencyMs: count }),
      z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), detail: z.record(z.string(), z.unknown()).optional() }) }),
    ]),
  }),
  'providers.overview': defineCall({
    // `error` is WORKSPACE_NOT_SYNCED for a workspace with no local data yet, else the reason it could not be read.
    summary: 'Every saved workspace side by side for a month: calls, success rate, cost and forecast in CNY, per-operator split where given.',
    input: z.object({ month: billingMonthSchema.optional() }).strict().default({}),
    output: z.object({
      month: z.string(),
      currency: z.literal('CNY'),
      items: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          provider: z.enum(providers),
          active: z.boolean(),
          calls: count,
          successes: count,
          successRate: z.number().min(0).max(1).nullable(),
          billable: count,
          amount: yuan,
          forecastAmount: yuan.nullable(),
          book: z.string(),
          operators: z.partialRecord(z.enum(operators), count).nullable(),
          error: z.string().nullable(),
        }),
      ),
      total: z.object({ calls: count, successes: count, billable: count, amount: yuan, forecastAmount: yuan }),
    }),
  }),
  'billing.books': defineCall({
    summary: 'The price books: built-in list prices of every provider (model, tiers, packages, source, effective date).',
    input: z.object({}).strict().default({}),
    output: z.object({ books: z.array(priceBookOutputSchema) }),
  }),
  'billing.compare': defineCall({
    summary: 'A volume priced on every book, package alternatives, and where two books break even.',
    input: z.object({ calls: z.number().int().min(0).max(1e12) }).strict(),
    output: z.object({
      calls: count,
      items: z.array(z.object({ book: z.string(), name: z.string(), model: z.enum(pricingModels), amount: yuan, packagesAmount: yuan.nullable() })),
      breakEven: z.array(z.object({ a: z.string(), b: z.string(), calls: z.array(count) })),
    }),
  }),
} as const;
