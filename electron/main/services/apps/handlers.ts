import type { Handlers } from '../core/dispatch';
import { getApp, listApps } from './apps-read';
import { appsEnv } from './env';
import { revealAppKey } from './key-reveal';
import { createApp, discardPending, removeApp, reviewApp, updateApp } from './mutations';
import { validateForSubmission } from './validate';

// Handlers of the 'apps' contract entries (shared/contract/apps.ts): thin doors onto the modules above.
export const appsHandlers: Pick<
  Handlers,
  'apps.list' | 'apps.get' | 'apps.create' | 'apps.update' | 'apps.remove' | 'apps.review' | 'apps.validate' | 'apps.revealKey' | 'apps.discardPending'
> = {
  'apps.list': (ctx, input) => listApps(appsEnv(ctx), input),
  'apps.get': (ctx, input) => getApp(appsEnv(ctx), input.id),
  'apps.create': (ctx, input, signal) => createApp(appsEnv(ctx), input.draft, input.locale, signal),
  'apps.update': (ctx, input, signal) => updateApp(appsEnv(ctx), input.id, input.patch, input.locale, signal),
  'apps.remove': (ctx, input, signal) => removeApp(appsEnv(ctx), input.id, input.confirmName, input.locale, signal),
  'apps.review': (ctx, input, signal) => reviewApp(appsEnv(ctx), input.id, input.action, input.reason, input.locale, signal),
  'apps.validate': (ctx, input) => validateForSubmission(appsEnv(ctx), input),
  'apps.revealKey': (ctx, input, signal) => revealAppKey(appsEnv(ctx), input.id, input.purpose, signal),
  'apps.discardPending': (ctx, input) => ({ discarded: discardPending(appsEnv(ctx), input.pendingId) }),
};
