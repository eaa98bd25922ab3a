/**
 * The 'alerts' area: rules evaluated on the local rollups, episodes (an alert fires once when
 * its condition starts and resolves when it ends), the inbox, and the chat-robot channels.
 * `alerts.check` is `onetap alerts check --json`; `alerts.history` is `onetap alerts list --json`.
 */
import * as z from 'zod';
import { calendarDateOrInstantSchema } from './calendar';
import { defineCall } from './define';
import { capabilities, operators } from '../platform/domain';

export const alertRules = [
  'failureSpike',
  'successBelow',
  'volumeDrop',
  'codeSurge',
  'packageUsage',
  'packageExpiry',
  'spendBudget',
  'tierCrossing',
  'reviewPending',
  'syncStale',
] as const;
export type AlertRule = (typeof alertRules)[number];

export const channelKinds = ['dingtalk', 'wecom', 'feishu', 'webhook'] as const;
export type ChannelKind = (typeof channelKinds)[number];

const num = (min: number, max: number, def: number) => z.number().min(min).max(max).default(def);

/** Thresholds of each rule with their defaults; unknown keys are refused. */
export const ruleParamSchemas = {
  failureSpike: z
    .object({
      /** The recent window; read from ten-minute slots, from the one holding now − windowMinutes to the current one (so it covers at least this long). */
      windowMinutes: num(10, 24 * 60, 30),
      baselineDays: num(1, 28, 7),
      minCalls: num(1, 1e9, 100),
      minFailures: num(1, 1e9, 20),
      /** Window failure rate at least this many times the baseline rate … */
      factor: num(1, 1000, 3),
      /** … and at least this many percentage points above it. */
      minRisePercent: num(0, 100, 5),
    })
    .strict(),
  successBelow: z.object({ windowMinutes: num(10, 24 * 60, 60), thresholdPercent: num(0, 100, 80), minCalls: num(1, 1e9, 100) }).strict(),
  volumeDrop: z
    .object({ windowHours: num(1, 24, 2), baselineDays: num(1, 28, 7), dropToPercent: num(0, 100, 30), minBaselineCalls: num(1, 1e9, 200) })
    .strict(),
  codeSurge: z.object({ factor: num(1, 1000, 5), minFailures: num(1, 1e9, 30), baselineDays: num(1, 28, 7) }).strict(),
  packageUsage: z.object({ warnPercent: num(1, 100, 80) }).strict(),
  packageExpiry: z.object({ daysBefore: num(0, 366, 7) }).strict(),
  /** 0 = no budget set (the rule stays quiet). */
  spendBudget: z.object({ budgetYuan: num(0, 1e12, 0) }).strict(),
  tierCrossing: z.object({ daysAhead: num(0, 31, 7) }).strict(),
  reviewPending: z.object({ workingDays: num(0.1, 30, 1) }).strict(),
  syncStale: z.object({ staleMinutes: num(1, 100_000, 60) }).strict(),
} as const satisfies Record<AlertRule, z.ZodType>;
export type RuleParams<R extends AlertRule> = z.output<(typeof ruleParamSchemas)[R]>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
export const quietHoursSchema = z.object({ from: hhmm, to: hhmm }).strict();
export type QuietHours = z.output<typeof quietHoursSchema>;

export const ruleScopeSchema = z
  .object({
    /** Platform internal ids or appIds; null = all apps. */
    apps: z.array(z.string().min(1).max(64)).max(500).nullable().default(null),
    operators: z.array(z.enum(operators)).nullable().default(null),
  })
  .strict();

const channelName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\s/\\]+$/, 'a name without spaces or slashes');

export const ruleConfigSchema = z
  .object({
    rule: z.enum(alertRules),
    enabled: z.boolean(),
    params: z.record(z.string(), z.number()),
    scope: ruleScopeSchema,
    /** Shanghai time; notifications wait until it ends (the alert is still recorded). Wraps midnight when from > to. */
    quietHours: quietHoursSchema.nullable(),
    /** Names of the channels notified; desktop notifications are always on. */
    channels: z.array(channelName).max(20),
    /** Repeat the notification while the alert lasts; 0 = once. */
    repeatMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
    /** The condition must stay clear this long before the alert resolves (no flapping). */
    resolveAfterMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
  })
  .strict();
export type RuleConfig = z.output<typeof ruleConfigSchema>;

export const ruleConfigPatchSchema = z
  .object({
    rule: z.enum(alertRules),
    enabled: z.boolean().optional(),
    params: z.record(z.string(), z.number()).optional(),
    scope: ruleScopeSchema.optional(),
    quietHours: quietHoursSchema.nullable().optional(),
    channels: z.array(channelName).max(20).optional(),
    repeatMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional(),
    resolveAfterMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
  })
  .strict();

export const alertScopeSchema = z.object({
  app: z.string().optional(),
  operator: z.enum(operators).optional(),
  capability: z.enum(capabilities).optional(),
});
export type AlertScope = z.output<typeof alertScopeSchema>;

/** Where an alert's link leads ('alerts': the inbox itself, for a digest of many). */
export const alertViews = ['records', 'statistics', 'billing', 'apps', 'settings', 'alerts'] as const;
export const alertLinkSchema = z.object({ view: z.enum(alertViews), query: z.record(z.string(), z.string()) });
export type AlertLink = z.output<typeof alertLinkSchema>;

export const topCodeSchema = z.object({ code: z.string(), carrierCode: z.string().nullable(), failures: z.number().int(), meaning: z.string().nullable() });
export type TopCode = z.output<typeof topCodeSchema>;

export const deliveryStatuses = ['pending', 'sent', 'failed'] as const;
export const alertDeliverySchema = z.object({
  channel: z.string(),
  event: z.enum(['fired', 'repeated', 'resolved', 'test']),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  error: z.string().nullable(),
  at: z.number().int(),
});

export const alertNumbersSchema = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

export const alertSchema = z.object({
  id: z.number().int(),
  rule: z.enum(alertRules),
  scope: alertScopeSchema,
  /** Other things the alert is about (return code, package id, app name …). */
  subject: z.record(z.string(), z.string()),
  state: z.enum(['open', 'resolved']),
  since: z.number().int(),
  resolvedAt: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  lastNotifiedAt: z.number().int().nullable(),
  notifications: z.number().int(),
  /** One English line (CLI, the webhook's data); the UI, notifications and robots' text word it from rule + numbers in the user's language (shared/alerts/detail-text.ts). */
  detail: z.string(),
  /** The numbers that triggered the alert (latest evaluation while open). */
  numbers: alertNumbersSchema,
  topCodes: z.array(topCodeSchema),
  acknowledgedAt: z.number().int().nullable(),
  snoozedUntil: z.number().int().nullable(),
  link: alertLinkSchema,
  deliveries: z.array(alertDeliverySchema),
});
export type Alert = z.output<typeof alertSchema>;

export const alertEventSchema = z.object({
  at: z.number().int(),
  kind: z.enum(['fired', 'repeated', 'resolved']),
  alertId: z.number().int(),
  rule: z.enum(alertRules),
  scope: alertScopeSchema,
  subject: z.record(z.string(), z.string()),
  detail: z.string(),
  numbers: alertNumbersSchema,
});
export type AlertEvent = z.output<typeof alertEventSchema>;

/** The exact shape `onetap alerts check --json` prints. */
export const alertsCheckSchema = z.object({
  open: z.array(z.object({ rule: z.enum(alertRules), scope: alertScopeSchema, since: z.string(), detail: z.string() })),
});
export type AlertsCheck = z.output<typeof alertsCheckSchema>;

export const channelSchema = z.object({
  name: z.string(),
  kind: z.enum(channelKinds),
  /** The URL with its access token masked (the token is as sensitive as a secret). */
  url: z.string(),
  hasSecret: z.boolean(),
  /** The secret is sealed on disk (safeStorage); false: kept for this session only. */
  secretStored: z.boolean(),
  secretAvailable: z.boolean(),
  createdAt: z.number().int(),
});
export type Channel = z.output<typeof channelSchema>;

export const channelTestSchema = z.object({
  ok: z.boolean(),
  attempts: z.number().int(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  ms: z.number().int(),
});
export type ChannelTestResult = z.output<typeof channelTestSchema>;

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'an http(s) URL');

export const inboxInputSchema = z
  .object({
    state: z.enum(['open', 'resolved', 'all']).default('all'),
    rule: z.enum(alertRules).optional(),
    app: z.string().min(1).max(64).optional(),
    operator: z.enum(operators).optional(),
    unacknowledged: z.boolean().optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict()
  .default({ state: 'all', limit: 100, offset: 0 });

export const alertsCountSchema = z.object({
  open: z.number().int(),
  /** Open, not acknowledged and not snoozed: the bell's number. */
  attention: z.number().int(),
});

export const alertsCalls = {
  'alerts.check': defineCall({
    summary: 'Evaluate every enabled rule now and return the open alerts (onetap alerts check).',
    input: z.object({}).strict().default({}),
    output: alertsCheckSchema,
  }),
  'alerts.inbox': defineCall({
    summary: 'Alerts (episodes), newest first, with filters; and the bell counts.',
    input: inboxInputSchema,
    output: z.object({ items: z.array(alertSchema), total: z.number().int(), counts: alertsCountSchema }),
  }),
  'alerts.history': defineCall({
    summary: 'Every firing, repeat and resolution since an instant (onetap alerts list).',
    input: z.object({ since: calendarDateOrInstantSchema.optional() }).strict().default({}),
    output: z.object({ events: z.array(alertEventSchema) }),
  }),
  'alerts.acknowledge': defineCall({
    summary: 'Acknowledge an alert: it leaves the bell count and stops repeating.',
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: alertSchema,
  }),
  'alerts.snooze': defineCall({
    summary: 'Snooze an alert for some minutes (0 un-snoozes).',
    input: z
      .object({
        id: z.number().int().positive(),
        minutes: z
          .number()
          .int()
          .min(0)
          .max(30 * 24 * 60),
      })
      .strict(),
    output: alertSchema,
  }),
  'alerts.rules': defineCall({
    summary: 'Every rule with its configuration (defaults filled in).',
    input: z.object({}).strict().default({}),
    output: z.object({ items: z.array(ruleConfigSchema) }),
  }),
  'alerts.ruleSet': defineCall({
    summary: 'Change one rule (enabled, thresholds, scope, quiet hours, channels, repeat).',
    input: ruleConfigPatchSchema,
    output: ruleConfigSchema,
  }),
  'alerts.channels': defineCall({
    summary: 'Chat-robot channels of this console (shared by its workspaces).',
    input: z.object({}).strict().default({}),
    output: z.object({ items: z.array(channelSchema) }),
  }),
  'alerts.channelAdd': defineCall({
    summary: 'Add (or replace) a channel: DingTalk, WeCom, Feishu/Lark robot or a signed JSON webhook.',
    input: z.object({ kind: z.enum(channelKinds), url: httpUrl, secret: z.string().min(1).max(512).optional(), name: channelName.optional() }).strict(),
    output: channelSchema,
  }),
  'alerts.channelRemove': defineCall({
    summary: 'Remove a channel.',
    input: z.object({ name: channelName }).strict(),
    output: z.object({ removed: z.boolean() }),
  }),
  'alerts.channelTest': defineCall({
    summary: 'Send a test message through a channel (with retries) and report the outcome.',
    input: z.object({ name: channelName }).strict(),
    output: channelTestSchema,
  }),
} as const;

export const alertsEvents = {
  /** Counts changed and/or alerts fired (the renderer's bell and desktop notifications in browser mode). */
  'alerts.changed': z.object({ counts: alertsCountSchema, fired: z.array(alertSchema) }),
  /** A desktop notification was clicked (Electron): the renderer opens the alert's view. */
  'alerts.open': z.object({ id: z.number().int(), link: alertLinkSchema }),
} as const;
