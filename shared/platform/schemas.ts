/**
 * Schemas of the platform API (../shared/platform-api.md). The client validates every
 * response with them; the emulator builds its responses to them. One definition, so the
 * two cannot drift apart silently.
 */
import * as z from 'zod';
import { appPlatforms, appStatuses, capabilities, operators, roles, verifyOutcomes } from './domain';

/** An ISO 8601 instant with its offset (also checked by the client's records-page parser, which must accept exactly what the schema does). */
export const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** A masked phone as the platform sends it (as above, shared with the records-page parser). */
export const MASKED_PHONE_RE = /^\d{3}\*{4}\d{4}$/;
const isoInstant = z.string().regex(ISO_INSTANT_RE, 'ISO 8601 with offset');
const yuan = z.string().regex(/^\d+\.\d{2,3}$/, 'decimal yuan string');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const platformErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  requestId: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
});
export type PlatformErrorBody = z.infer<typeof platformErrorSchema>;

export const appSchema = z.object({
  id: z.string(),
  appId: z.string().nullable(),
  appKey: z.string().nullable(),
  name: z.string(),
  platform: z.enum(appPlatforms),
  description: z.string(),
  logo: z.string().nullable(),
  packageName: z.string().nullable(),
  packageSignature: z.string().nullable(),
  bundleId: z.string().nullable(),
  origins: z.array(z.string()),
  ipWhitelist: z.array(z.string()),
  encryption: z.enum(['RSA', 'MD5']),
  rsaPublicKey: z.string().nullable(),
  capabilities: z.array(z.enum(capabilities)),
  status: z.enum(appStatuses),
  rejectReason: z.string().nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  version: z.number().int().nonnegative(),
});
export type PlatformApp = z.infer<typeof appSchema>;

export const appsPageSchema = z.object({
  items: z.array(appSchema),
  nextVersion: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});

/** Body of POST /v1/apps. */
export const appCreateSchema = z.object({
  name: z.string(),
  platform: z.enum(appPlatforms),
  description: z.string().default(''),
  logo: z.string().nullable().default(null),
  packageName: z.string().nullable().default(null),
  packageSignature: z.string().nullable().default(null),
  bundleId: z.string().nullable().default(null),
  origins: z.array(z.string()).default([]),
  ipWhitelist: z.array(z.string()).default([]),
  encryption: z.enum(['RSA', 'MD5']).default('RSA'),
  rsaPublicKey: z.string().nullable().default(null),
  capabilities: z.array(z.enum(capabilities)).min(1).default(['login']),
});
export type PlatformAppCreate = z.input<typeof appCreateSchema>;

/** Body of PATCH /v1/apps/{id}: only the modifiable fields (origins for h5 only). */
export const appPatchSchema = z
  .object({
    name: z.string(),
    ipWhitelist: z.array(z.string()),
    rsaPublicKey: z.string().nullable(),
    origins: z.array(z.string()),
  })
  .partial()
  .strict();
export type PlatformAppPatch = z.infer<typeof appPatchSchema>;

export const reviewActionSchema = z.object({
  action: z.enum(['start', 'approve', 'reject']),
  reason: z.string().max(500).optional(),
});

export const activityKinds = ['app.created', 'app.modified', 'app.deleted', 'app.reviewed'] as const;
export const activitySchema = z.object({
  seq: z.number().int().positive(),
  at: isoInstant,
  kind: z.enum(activityKinds),
  appId: z.string().nullable(),
  id: z.string(),
  name: z.string(),
  detail: z.string(),
});
export type PlatformActivity = z.infer<typeof activitySchema>;
export const activitiesPageSchema = z.object({
  items: z.array(activitySchema),
  nextSeq: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});

export const authRecordSchema = z.object({
  seq: z.number().int().positive(),
  recordId: z.string(),
  id: z.string(),
  appId: z.string(),
  capability: z.enum(capabilities),
  operator: z.enum(operators),
  requestTime: isoInstant,
  resultCode: z.string(),
  success: z.boolean(),
  outcome: z.enum(verifyOutcomes).nullable(),
  carrierCode: z.string().nullable(),
  description: z.string(),
  maskedPhone: z.string().regex(MASKED_PHONE_RE).nullable(),
  authType: z.string().nullable(),
  clientIp: z.string().nullable(),
  traceId: z.string(),
});
export type PlatformAuthRecord = z.infer<typeof authRecordSchema>;
export const authRecordsPageSchema = z.object({
  items: z.array(authRecordSchema),
  nextSeq: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});

export const usageLineSchema = z.object({
  date,
  id: z.string(),
  appId: z.string(),
  capability: z.enum(capabilities),
  operator: z.enum(operators),
  calls: z.number().int().nonnegative(),
  successes: z.number().int().nonnegative(),
  billable: z.number().int().nonnegative(),
});
export type PlatformUsageLine = z.infer<typeof usageLineSchema>;
export const usageStatementSchema = z.object({
  month,
  items: z.array(usageLineSchema),
  generatedAt: isoInstant,
});
export type PlatformUsageStatement = z.infer<typeof usageStatementSchema>;

export const billTierSchema = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().positive().nullable(),
  unitPrice: yuan,
  count: z.number().int().nonnegative(),
  amount: yuan,
});
export const billSchema = z.object({
  month,
  status: z.enum(['open', 'final']),
  billable: z.number().int().nonnegative(),
  packageCovered: z.number().int().nonnegative(),
  charged: z.number().int().nonnegative(),
  tiers: z.array(billTierSchema),
  amount: yuan,
  generatedAt: isoInstant,
});
export type PlatformBill = z.infer<typeof billSchema>;

export const packageSchema = z.object({
  packageId: z.string(),
  kind: z.enum(['trial', 'commercial']),
  quota: z.number().int().nonnegative(),
  used: z.number().int().nonnegative(),
  validFrom: isoInstant,
  validTo: isoInstant,
  status: z.enum(['active', 'exhausted', 'expired']),
});
export type PlatformPackage = z.infer<typeof packageSchema>;
export const packagesSchema = z.object({ subscribed: z.boolean(), items: z.array(packageSchema) });
export type PlatformPackages = z.infer<typeof packagesSchema>;

export const pricingSchema = z.object({
  currency: z.literal('CNY'),
  tiers: z.array(z.object({ from: z.number().int().nonnegative(), to: z.number().int().positive().nullable(), unitPrice: yuan })).min(1),
});
export type PlatformPricing = z.infer<typeof pricingSchema>;

/** GET /v1/whoami: which key and role the caller holds, and the server clock (for skew). Ours, not in the seeds. */
export const whoamiSchema = z.object({
  accessKey: z.string(),
  role: z.enum(roles),
  serverTime: isoInstant,
  account: z.string(),
});
export type PlatformWhoami = z.infer<typeof whoamiSchema>;
