/**
 * The 'apps' area: app management and review (seeds/000 §3.1.4, §3.2; platform-api §2.1–§2.3).
 * Reads come from the workspace database (what sync copied); changes go to the platform and
 * come back by sync. Until sync has brought a change back, it is a pending change, shown as such.
 */
import * as z from 'zod';
import { defineCall } from './define';
import { appPlatforms, appStatuses, roles } from '../platform/domain';
import { appSchema } from '../platform/schemas';
import { appActions, reviewActions } from '../apps/status-rules';
import { appDraftSchema, appFields, appPatchDraftSchema } from '../apps/validation';
import { appLocales } from '../apps/messages';
import { authPageChecks } from '../apps/checklist';
import { diffedFields } from '../apps/diff';

const ms = z.number().int();
const localeSchema = z.enum(appLocales).default('zh-CN');
const appRef = z.string().min(1).max(64);

/** The platform App as the console shows it: the appKey never travels in it (see apps.revealKey). */
export const appViewSchema = appSchema.omit({ appKey: true }).extend({
  /** True when an appKey is held locally (approved apps) and can be revealed. */
  hasKey: z.boolean(),
});
export type AppView = z.output<typeof appViewSchema>;

export const pendingOps = ['create', 'update', 'delete', 'review'] as const;
export const pendingStates = ['sending', 'sent', 'failed'] as const;

/** A change sent (or being sent) to the platform that sync has not brought back yet. */
export const pendingChangeSchema = z.object({
  pendingId: z.number().int().positive(),
  /** Platform id of the app; null for a create the platform has not answered. */
  id: z.string().nullable(),
  op: z.enum(pendingOps),
  /** sending: the call is in flight; sent: accepted, waiting for sync; failed: outcome unknown (network). */
  state: z.enum(pendingStates),
  /** Name the change is about (a create's new name, or the app's name). */
  name: z.string(),
  /** Fields the change sets (update), or the review action. */
  fields: z.array(z.string()),
  reviewAction: z.enum(reviewActions).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: ms,
  updatedAt: ms,
});
export type PendingChange = z.output<typeof pendingChangeSchema>;

/** One line of the app list and of the review queue. */
export const appRowSchema = z.object({
  /** Platform id, or `pending:<n>` for a create not answered yet. */
  id: z.string(),
  appId: z.string().nullable(),
  name: z.string(),
  platform: z.enum(appPlatforms),
  status: z.enum(appStatuses),
  rejectReason: z.string().nullable(),
  createdAt: ms,
  updatedAt: ms,
  /** Actions offered now: status rules ∩ role ∩ no change pending. */
  actions: z.array(z.enum(appActions)),
  reviewActions: z.array(z.enum(reviewActions)),
  /** False while the row exists only as a pending create. */
  confirmed: z.boolean(),
  pending: pendingChangeSchema.nullable(),
  /** When the app entered its current wait for review (pending/reviewing), else null. */
  waitingSince: ms.nullable(),
  /** Mon–Fri Shanghai milliseconds waited so far. */
  waitingWorkMs: ms.nullable(),
  /** Pending longer than one working day (seeds/000 §4.5). */
  overdue: z.boolean(),
});
export type AppRow = z.output<typeof appRowSchema>;

export const accessSchema = z.object({
  role: z.enum(roles).nullable(),
  /** admin (or role not known yet): create / modify / delete offered. */
  manage: z.boolean(),
  /** reviewer key: start review / approve / reject offered. */
  review: z.boolean(),
  /** False when the workspace has no platform connection (changes cannot be sent). */
  online: z.boolean(),
});

export const timelineKinds = ['created', 'submitted', 'reviewStarted', 'approved', 'rejected', 'modified', 'deleted'] as const;
export const timelineEntrySchema = z.object({
  at: ms,
  kind: z.enum(timelineKinds),
  reason: z.string().nullable(),
  /** Modified fields, when known (from the version history). */
  fields: z.array(z.string()),
  source: z.enum(['activity', 'version']),
});
export type TimelineEntry = z.output<typeof timelineEntrySchema>;

export const fieldChangeSchema = z.object({ field: z.enum(diffedFields), before: z.unknown(), after: z.unknown() });
export const historyEntrySchema = z.object({
  version: z.number().int().nonnegative(),
  seenAt: ms,
  updatedAt: ms,
  status: z.enum(appStatuses),
  /** Differences from the previous version seen (all set fields for the first one). */
  changes: z.array(fieldChangeSchema),
});
export type HistoryEntry = z.output<typeof historyEntrySchema>;

export const keyRevealSchema = z.object({
  at: ms,
  purpose: z.enum(['reveal', 'copy']),
  mode: z.string(),
  osUser: z.string(),
});

export const fieldIssueSchema = z.object({
  field: z.enum(appFields),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const checklistItemSchema = z.object({
  id: z.string(),
  kind: z.enum(['field', 'confirm']),
  state: z.enum(['pass', 'fail', 'unconfirmed']),
  label: z.string(),
  message: z.string().nullable(),
});

export const mutationResultSchema = z.object({
  /** Platform id of the app (null only if a create was not answered). */
  id: z.string().nullable(),
  pendingId: z.number().int().positive(),
  /** True when sync has already brought the change back (the pending change is resolved). */
  confirmed: z.boolean(),
  /** The app as the platform answered (before sync confirms it). */
  app: appViewSchema.nullable(),
});
export type MutationResult = z.output<typeof mutationResultSchema>;

const validateTargetSchema = z.union([z.object({ draft: appDraftSchema }).strict(), z.object({ id: appRef, patch: appPatchDraftSchema.strict() }).strict()]);

export const appsCalls = {
  'apps.list': defineCall({
    summary: 'Apps of the workspace with the actions each status allows for this key, pending changes and review age.',
    input: z
      .object({
        status: z.array(z.enum(appStatuses)).max(appStatuses.length).optional(),
        platform: z.enum(appPlatforms).optional(),
        /** Substring of name or appId. */
        q: z.string().max(100).optional(),
        /** Deleted apps (tombstones) are hidden unless asked for. */
        includeDeleted: z.boolean().default(false),
      })
      .strict()
      .default({ includeDeleted: false }),
    output: z.object({ items: z.array(appRowSchema), access: accessSchema, now: ms }),
  }),
  'apps.get': defineCall({
    summary: 'One app: details, allowed actions, pending changes, status timeline, field-by-field change history, key reveals.',
    input: z.object({ id: appRef }).strict(),
    output: z.object({
      app: appViewSchema,
      row: appRowSchema,
      access: accessSchema,
      modifiable: z.array(z.string()),
      pending: z.array(pendingChangeSchema),
      timeline: z.array(timelineEntrySchema),
      history: z.array(historyEntrySchema),
      reveals: z.array(keyRevealSchema),
    }),
  }),
  'apps.create': defineCall({
    summary: 'Create an app on the platform (it starts pending review); validated with the shared schema first.',
    input: z.object({ draft: appDraftSchema, locale: localeSchema }).strict(),
    output: mutationResultSchema,
  }),
  'apps.update': defineCall({
    summary: "Modify an app's modifiable fields (name, IP whitelist, RSA key; H5 also origins). A rejected app is resubmitted.",
    input: z.object({ id: appRef, patch: appPatchDraftSchema.strict(), locale: localeSchema }).strict(),
    output: mutationResultSchema,
  }),
  'apps.remove': defineCall({
    summary: 'Delete an app for good; `confirmName` must repeat the app name exactly.',
    input: z.object({ id: appRef, confirmName: z.string().max(200), locale: localeSchema }).strict(),
    output: mutationResultSchema,
  }),
  'apps.review': defineCall({
    summary: 'Reviewer key only: start review, approve, or reject with a reason.',
    input: z.object({ id: appRef, action: z.enum(reviewActions), reason: z.string().max(500).optional(), locale: localeSchema }).strict(),
    output: mutationResultSchema,
  }),
  'apps.validate': defineCall({
    summary: 'The pre-submission checklist without saving: field checks plus the authorization-page items the admin confirms.',
    input: z
      .object({
        target: validateTargetSchema,
        confirmations: z.partialRecord(z.enum(authPageChecks), z.boolean()).default({}),
        loginButtonText: z.string().max(100).optional(),
        locale: localeSchema,
      })
      .strict(),
    output: z.object({
      /** Every field check passes. */
      valid: z.boolean(),
      /** Field checks pass and every authorization-page item is confirmed. */
      ready: z.boolean(),
      fields: z.record(z.string(), z.string()),
      issues: z.array(fieldIssueSchema),
      checklist: z.array(checklistItemSchema),
    }),
  }),
  'apps.revealKey': defineCall({
    summary: "Reveal (or copy) an approved app's appKey; every reveal is recorded locally (when, mode, OS user).",
    input: z.object({ id: appRef, purpose: z.enum(['reveal', 'copy']).default('reveal') }).strict(),
    output: z.object({ appKey: z.string(), at: ms }),
  }),
  'apps.discardPending': defineCall({
    summary: 'Stop showing a pending change that sync has not confirmed (e.g. its call failed on the network).',
    input: z.object({ pendingId: z.number().int().positive() }).strict(),
    output: z.object({ discarded: z.boolean() }),
  }),
} as const;

export const appsEvents = {
  /** Apps or their pending changes changed locally (after a change or a sync that touched apps). */
  'apps.changed': z.object({ ids: z.array(z.string()) }),
} as const;
