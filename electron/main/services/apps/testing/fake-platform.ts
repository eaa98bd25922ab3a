/**
 * An in-memory platform for the apps service's unit tests: the apps and activities part of
 * platform-api §2.1–§2.3 and nothing else. It applies the shared status rules and validation,
 * like the emulator does; the end-to-end round trip runs against the real emulator instead.
 */
import { ApiError } from '../../../../../shared/contract/errors';
import { allowedActions, allowedReviewActions, statusAfterReview } from '../../../../../shared/apps/status-rules';
import { nameKey } from '../../../../../shared/apps/validation';
import type { PlatformActivity, PlatformApp, PlatformAppCreate, PlatformAppPatch } from '../../../../../shared/platform/schemas';
import { toShanghaiIso } from '../../../../../shared/time/shanghai';
import type { Clock } from '../../core/clock';
import type { Page, PlatformClient } from '../../platform/client-types';

export interface FakePlatform extends PlatformClient {
  apps: Map<string, PlatformApp>;
  activityLog: PlatformActivity[];
  /** The next call fails with this error (then the fake works again). */
  failNext(e: ApiError, opts?: { afterApplying?: boolean }): void;
  calls: string[];
}

export function fakePlatform(clock: Clock): FakePlatform {
  const apps = new Map<string, PlatformApp>();
  const activityLog: PlatformActivity[] = [];
  const calls: string[] = [];
  let version = 0;
  let ids = 0;
  let pendingFailure: { e: ApiError; afterApplying: boolean } | null = null;

  const commit = (app: PlatformApp, kind: PlatformActivity['kind'], detail: string): PlatformApp => {
    app.version = ++version;
    app.updatedAt = toShanghaiIso(clock.now());
    apps.set(app.id, app);
    activityLog.push({ seq: activityLog.length + 1, at: app.updatedAt, kind, appId: app.appId, id: app.id, name: app.name, detail });
    return { ...app };
  };
  const live = (id: string): PlatformApp => {
    const a = apps.get(id);
    if (!a || a.status === 'deleted') throw new ApiError('NOT_FOUND', `no app ${id}`);
    return a;
  };
  const nameFree = (name: string, except: string | null): void => {
    for (const a of apps.values()) {
      if (a.id !== except && a.status !== 'deleted' && nameKey(a.name) === nameKey(name))
        throw new ApiError('APP_NAME_TAKEN', 'name taken', { fields: { name: 'is already taken' } });
    }
  };
  async function guarded<T>(name: string, fn: () => T): Promise<T> {
    calls.push(name);
    const f = pendingFailure;
    pendingFailure = null;
    if (f && !f.afterApplying) throw f.e;
    const out = fn();
    if (f) throw f.e;
    return out;
  }
  const page = <T>(items: T[], next: number, hasMore: boolean): Page<T> => ({ items, next, hasMore });
  const unsupported = (): never => {
    throw new ApiError('UNSUPPORTED', 'not in the fake');
  };

  return {
    endpoint: 'fake://platform',
    accessKey: 'AK-fake',
    apps,
    activityLog,
    calls,
    failNext(e, opts = {}) {
      pendingFailure = { e, afterApplying: opts.afterApplying ?? false };
    },
    whoami: async () => ({ accessKey: 'AK-fake', role: 'admin', serverTime: toShanghaiIso(clock.now()), account: 'fake' }),
    listApps: async (after, limit) => {
      calls.push('listApps');
      const changed = [...apps.values()].filter((a) => a.version > after).sort((a, b) => a.version - b.version);
      const items = changed.slice(0, limit).map((a) => ({ ...a }));
      return page(items, items.length ? items[items.length - 1]!.version : after, changed.length > items.length);
    },
    activities: async (after, limit) => {
      const items = activityLog.slice(after, after + limit);
      return page(items, items.length ? items[items.length - 1]!.seq : after, after + items.length < activityLog.length);
    },
    createApp: (body: PlatformAppCreate) =>
      guarded('createApp', () => {
        nameFree(body.name, null);
        const iso = toShanghaiIso(clock.now());
        const app: PlatformApp = {
          id: `app-${++ids}`,
          appId: null,
          appKey: null,
          name: body.name,
          platform: body.platform,
          description: body.description ?? '',
          logo: body.logo ?? null,
          packageName: body.packageName ?? null,
          packageSignature: body.packageSignature ?? null,
          bundleId: body.bundleId ?? null,
          origins: body.origins ?? [],
          ipWhitelist: body.ipWhitelist ?? [],
          encryption: body.encryption ?? 'RSA',
          rsaPublicKey: body.rsaPublicKey ?? null,
          capabilities: body.capabilities ?? ['login'],
          status: 'pending',
          rejectReason: null,
          createdAt: iso,
          updatedAt: iso,
          version: 0,
        };
        return commit(app, 'app.created', `创建应用「${app.name}」`);
      }),
    updateApp: (id: string, patch: PlatformAppPatch) =>
      guarded('updateApp', () => {
        const a = live(id);
        if (!allowedActions(a.status).includes('modify')) throw new ApiError('APP_IN_REVIEW', 'in review');
        if (patch.name !== undefined) nameFree(patch.name, id);
        const next: PlatformApp = { ...a, ...patch };
        if (a.status === 'rejected') {
          next.status = 'pending';
          next.rejectReason = null;
        }
        return commit(next, 'app.modified', `修改应用「${next.name}」`);
      }),
    deleteApp: (id: string) =>
      guarded('deleteApp', () => {
        const a = live(id);
        if (!allowedActions(a.status).includes('delete')) throw new ApiError('APP_IN_REVIEW', 'in review');
        return commit({ ...a, status: 'deleted' }, 'app.deleted', `删除应用「${a.name}」`);
      }),
    reviewApp: (id, action, reason) =>
      guarded('reviewApp', () => {
        const a = live(id);
        if (!allowedReviewActions(a.status).includes(action)) throw new ApiError('CONFLICT', `cannot ${action} a ${a.status} app`);
        const next: PlatformApp = { ...a, status: statusAfterReview(action), rejectReason: action === 'reject' ? (reason ?? null) : null };
        if (action === 'approve' && next.appId === null) {
          next.appId = `3000${String(++ids).padStart(8, '0')}`;
          next.appKey = `key-${next.appId}-secret`;
        }
        const detail =
          action === 'start' ? `应用「${a.name}」开始审核` : action === 'approve' ? `应用「${a.name}」审核通过` : `应用「${a.name}」审核驳回：${reason}`;
        return commit(next, 'app.reviewed', detail);
      }),
    authRecords: unsupported,
    usage: unsupported,
    bill: unsupported,
    packages: unsupported,
    pricing: unsupported,
  };
}
