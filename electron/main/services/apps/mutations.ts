/**
 * apps.create / update / remove / review. Each change is checked locally with the shared rules
 * (role, status, validation), recorded as pending, sent to the platform, and then confirmed by
 * an apps + activities sync; the view shows it as pending until that sync has stored it.
 */
import { ApiError } from '../../../../shared/contract/errors';
import type { MutationResult } from '../../../../shared/contract/apps';
import type { AppLocale } from '../../../../shared/apps/messages';
import { refuseAction, refuseReview, roleCanManage, type ReviewAction } from '../../../../shared/apps/status-rules';
import { changedPatch, validateAppCreate, validateAppPatch, type AppDraftInput, type AppPatchDraft } from '../../../../shared/apps/validation';
import type { PlatformApp } from '../../../../shared/platform/schemas';
import type { PlatformClient } from '../platform/client-types';
import { appsQuery, type StoredApp } from './apps-query';
import type { AppsEnv } from './env';
import { appsError, refusalError, validationError } from './errors';
import { nameTakenCheck } from './name-check';
import { pendingRepo, type PendingOp } from './pending-repo';
import { settlePending } from './settle';

/** Failures after which the platform may or may not have applied the change. */
const OUTCOME_UNKNOWN = new Set(['PLATFORM_UNREACHABLE', 'PLATFORM_ERROR', 'CANCELLED', 'INTERNAL']);

function requirePlatform(env: AppsEnv): PlatformClient {
  if (!env.platform) throw new ApiError('PLATFORM_UNREACHABLE', 'this workspace has no platform connection (working offline); changes cannot be sent');
  return env.platform;
}

function loadApp(env: AppsEnv, id: string, locale: AppLocale): StoredApp {
  const app = appsQuery(env.db).resolve(id);
  if (app) return app;
  // Created, but sync has not brought it back yet: it exists, it just cannot be changed yet.
  if (pendingRepo(env.db).forApp(id).length > 0) throw appsError('CONFLICT', 'pendingChange', locale);
  throw appsError('NOT_FOUND', 'notFound', locale);
}

function refuseIfPending(env: AppsEnv, id: string, locale: AppLocale): void {
  settlePending(env);
  if (pendingRepo(env.db).forApp(id).length > 0) throw appsError('CONFLICT', 'pendingChange', locale);
}

/**
 * Records the change as pending, sends it, and waits for sync to bring it back. A refusal by
 * the platform removes the pending record (nothing changed there); a failure whose outcome is
 * unknown keeps it as "failed" so the admin sees it and can discard it.
 */
async function send(
  env: AppsEnv,
  change: { id: string | null; op: PendingOp; name: string; payload: unknown; baseVersion: number | null },
  call: (signal: AbortSignal) => Promise<PlatformApp>,
  signal: AbortSignal,
): Promise<MutationResult> {
  const repo = pendingRepo(env.db);
  const pendingId = repo.add({ ...change, now: env.clock.now() });
  env.events.emit('apps.changed', { ids: change.id ? [change.id] : [] });
  let answered: PlatformApp;
  try {
    answered = await call(signal);
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
    if (OUTCOME_UNKNOWN.has(err.code) || signal.aborted) repo.markFailed(pendingId, { code: err.code, message: err.message }, env.clock.now());
    else repo.remove(pendingId);
    env.events.emit('apps.changed', { ids: change.id ? [change.id] : [] });
    throw err;
  }
  repo.markSent(pendingId, answered, env.clock.now());
  env.events.emit('apps.changed', { ids: [answered.id] });
  const confirmed = await withinWait(confirmBySync(env, pendingId), CONFIRM_WAIT_MS);
  const { appKey: _k, ...rest } = answered;
  return { id: answered.id, pendingId, confirmed, app: { ...rest, hasKey: false } };
}

/** How long a change call waits for sync to confirm it before answering "accepted, pending". */
export const CONFIRM_WAIT_MS = 10_000;

/**
 * Asks for an apps + activities sync until it has brought the change back. Two tries: a run
 * already in progress is joined, and it may have passed apps before the change was made.
 * Never throws: a change the platform took stays pending until some later sync confirms it.
 * It outlives the call that started it (its own signal), so a slow sync still confirms.
 */
async function confirmBySync(env: AppsEnv, pendingId: number): Promise<boolean> {
  const repo = pendingRepo(env.db);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      await env.syncNow(new AbortController().signal);
      settlePending(env);
      if (repo.get(pendingId) === null) return true;
    }
  } catch {
    // Offline, or the workspace was closed meanwhile: the pending change waits for a later sync.
  }
  return false;
}

async function withinWait(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function createApp(env: AppsEnv, draft: AppDraftInput, locale: AppLocale, signal: AbortSignal): Promise<MutationResult> {
  if (!roleCanManage(env.access.role)) throw refusalError({ code: 'FORBIDDEN', reason: 'readOnlyRole' }, locale);
  const platform = requirePlatform(env);
  settlePending(env);
  const r = validateAppCreate(draft, nameTakenCheck(env));
  if (!r.ok) throw validationError(r.issues, locale);
  const body = r.value;
  return send(env, { id: null, op: 'create', name: body.name, payload: body, baseVersion: null }, (s) => platform.createApp(body, s), signal);
}

export async function updateApp(env: AppsEnv, id: string, patch: AppPatchDraft, locale: AppLocale, signal: AbortSignal): Promise<MutationResult> {
  const app = loadApp(env, id, locale);
  const refusal = refuseAction(app.status, 'modify', env.access.role);
  if (refusal) throw refusalError(refusal, locale);
  const platform = requirePlatform(env);
  refuseIfPending(env, app.data.id, locale);
  const r = validateAppPatch(app.data, patch, nameTakenCheck(env, app.data.id));
  if (!r.ok) throw validationError(r.issues, locale);
  let changes = changedPatch(app.data, r.value);
  if (Object.keys(changes).length === 0) {
    // A rejected app may be resubmitted unchanged (the reviewer may have been wrong); the
    // platform refuses an empty PATCH, so the unchanged name is sent. Otherwise say so.
    if (app.status !== 'rejected') throw appsError('VALIDATION_FAILED', 'nothingChanged', locale);
    changes = { name: app.data.name };
  }
  return send(
    env,
    { id: app.data.id, op: 'update', name: changes.name ?? app.data.name, payload: changes, baseVersion: app.version },
    (s) => platform.updateApp(app.data.id, changes, s),
    signal,
  );
}

export async function removeApp(env: AppsEnv, id: string, confirmName: string, locale: AppLocale, signal: AbortSignal): Promise<MutationResult> {
  const app = loadApp(env, id, locale);
  const refusal = refuseAction(app.status, 'delete', env.access.role);
  if (refusal) throw refusalError(refusal, locale);
  // Deletion cannot be undone (seeds/000 §3.2.4, §4.5): the admin types the exact name.
  if (confirmName !== app.data.name) throw appsError('VALIDATION_FAILED', 'confirmName', locale, 'confirmName');
  const platform = requirePlatform(env);
  refuseIfPending(env, app.data.id, locale);
  return send(
    env,
    { id: app.data.id, op: 'delete', name: app.data.name, payload: {}, baseVersion: app.version },
    (s) => platform.deleteApp(app.data.id, s),
    signal,
  );
}

export async function reviewApp(
  env: AppsEnv,
  id: string,
  action: ReviewAction,
  reason: string | undefined,
  locale: AppLocale,
  signal: AbortSignal,
): Promise<MutationResult> {
  const app = loadApp(env, id, locale);
  const refusal = refuseReview(app.status, action, env.access.role, reason);
  if (refusal) {
    const err = refusalError(refusal, locale);
    if (refusal.reason === 'reasonRequired') throw new ApiError('VALIDATION_FAILED', err.message, { fields: { reason: err.message } });
    throw err;
  }
  const platform = requirePlatform(env);
  refuseIfPending(env, app.data.id, locale);
  const why = action === 'reject' ? reason!.trim() : undefined;
  return send(
    env,
    { id: app.data.id, op: 'review', name: app.data.name, payload: { action, ...(why ? { reason: why } : {}) }, baseVersion: app.version },
    (s) => platform.reviewApp(app.data.id, action, why, s),
    signal,
  );
}

export function discardPending(env: AppsEnv, pendingId: number): boolean {
  const repo = pendingRepo(env.db);
  const p = repo.get(pendingId);
  if (!p) return false;
  // A change still on the wire cannot be taken back; only its answer can be waited for.
  if (p.state === 'sending') throw new ApiError('CONFLICT', 'the change is being sent; wait for the platform to answer');
  repo.remove(pendingId);
  env.events.emit('apps.changed', { ids: p.id ? [p.id] : [] });
  return true;
}
