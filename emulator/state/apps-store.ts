/**
 * The emulated platform's apps, their change counter (`version`) and the activity feed
 * (最近动态), with the status rules of seeds/000 §3.2 and platform-api §2.1–§2.3. Seeded
 * history goes through the same methods as API calls, so both obey the same rules.
 */
import type { PlatformActivity, PlatformApp } from '../../shared/platform/schemas';
import { toShanghaiIso } from '../../shared/time/shanghai';
import { EmulatorError, validationFailed } from '../server/errors';
import { checkAppCreate, checkAppPatch, nameKey, type AppCreateInput } from './app-validation';
import type { IdIssuer } from './ids';
import { IpWhitelist } from './ip-whitelist';

export type ReviewAction = 'start' | 'approve' | 'reject';

const PLATFORM_LABEL = { android: 'Android', ios: 'iOS', h5: 'H5' } as const;
const FIELD_LABEL: Record<string, string> = { name: '应用名称', ipWhitelist: 'IP 白名单', rsaPublicKey: 'RSA 加密公钥', origins: '请求来源' };
export const REJECT_REASON_MAX = 500;

export class AppsStore {
  private readonly apps = new Map<string, PlatformApp>();
  private readonly idByAppId = new Map<string, string>();
  private readonly whitelists = new Map<string, { version: number; list: IpWhitelist }>();
  private readonly activityLog: PlatformActivity[] = [];
  private versionCounter = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly ids: IdIssuer) {}

  /** Called after every change (the live-traffic pump re-reads which apps may call). */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  get currentVersion(): number {
    return this.versionCounter;
  }

  get activityCount(): number {
    return this.activityLog.length;
  }

  get(id: string): PlatformApp | undefined {
    return this.apps.get(id);
  }

  /** The app that holds this AppId (approved or deleted), if any. */
  byAppId(appId: string): PlatformApp | undefined {
    const id = this.idByAppId.get(appId);
    return id === undefined ? undefined : this.apps.get(id);
  }

  all(): PlatformApp[] {
    return [...this.apps.values()];
  }

  whitelistOf(app: PlatformApp): IpWhitelist {
    const cached = this.whitelists.get(app.id);
    if (cached && cached.version === app.version) return cached.list;
    const list = new IpWhitelist(app.ipWhitelist);
    this.whitelists.set(app.id, { version: app.version, list });
    return list;
  }

  /** Apps whose version is after `afterVersion`, oldest change first. */
  list(afterVersion: number, limit: number): { items: PlatformApp[]; nextVersion: number; hasMore: boolean } {
    const changed = [...this.apps.values()].filter((a) => a.version > afterVersion).sort((a, b) => a.version - b.version);
    const items = changed.slice(0, limit);
    return { items, nextVersion: items.length ? items[items.length - 1]!.version : afterVersion, hasMore: changed.length > items.length };
  }

  activities(afterSeq: number, limit: number): { items: PlatformActivity[]; nextSeq: number; hasMore: boolean } {
    const from = Math.min(Math.max(0, afterSeq), this.activityLog.length);
    const items = this.activityLog.slice(from, from + limit);
    return { items, nextSeq: items.length ? items[items.length - 1]!.seq : afterSeq, hasMore: from + items.length < this.activityLog.length };
  }

  create(body: unknown, at: number): PlatformApp {
    const checked = checkAppCreate(body);
    if (!checked.ok) throw validationFailed(checked.fields);
    return this.createChecked(checked.value, at);
  }

  createChecked(v: AppCreateInput, at: number): PlatformApp {
    this.assertNameFree(v.name, null);
    const iso = toShanghaiIso(at);
    const app: PlatformApp = {
      id: this.ids.appInternalId(),
      appId: null,
      appKey: null,
      name: v.name,
      platform: v.platform,
      description: v.description,
      logo: v.logo,
      packageName: v.packageName,
      packageSignature: v.packageSignature,
      bundleId: v.bundleId,
      origins: [...v.origins],
      ipWhitelist: [...v.ipWhitelist],
      encryption: v.encryption,
      rsaPublicKey: v.rsaPublicKey,
      capabilities: [...v.capabilities],
      status: 'pending',
      rejectReason: null,
      createdAt: iso,
      updatedAt: iso,
      version: 0,
    };
    this.commit(app, at, 'app.created', `创建应用「${app.name}」（${PLATFORM_LABEL[app.platform]}）`);
    return app;
  }

  modify(id: string, body: unknown, at: number): PlatformApp {
    const app = this.live(id);
    if (app.status === 'reviewing') throw new EmulatorError('APP_IN_REVIEW', 'the app is in review and can only be viewed');
    const checked = checkAppPatch(body, app);
    if (!checked.ok) throw validationFailed(checked.fields);
    const patch = checked.value;
    if (patch.name !== undefined) this.assertNameFree(patch.name, app.id);
    const next: PlatformApp = { ...app };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.ipWhitelist !== undefined) next.ipWhitelist = [...patch.ipWhitelist];
    if (patch.rsaPublicKey !== undefined) next.rsaPublicKey = patch.rsaPublicKey;
    if (patch.origins !== undefined) next.origins = [...patch.origins];
    const resubmitted = app.status === 'rejected';
    if (resubmitted) {
      next.status = 'pending';
      next.rejectReason = null;
    }
    next.updatedAt = toShanghaiIso(at);
    const changed = Object.keys(patch).map((k) => FIELD_LABEL[k] ?? k);
    this.commit(next, at, 'app.modified', `修改应用「${next.name}」：${changed.join('、')}${resubmitted ? '，重新提交审核' : ''}`);
    return next;
  }

  remove(id: string, at: number): PlatformApp {
    const app = this.live(id);
    if (app.status === 'reviewing') throw new EmulatorError('APP_IN_REVIEW', 'the app is in review and cannot be deleted');
    const next: PlatformApp = { ...app, status: 'deleted', updatedAt: toShanghaiIso(at) };
    this.commit(next, at, 'app.deleted', `删除应用「${next.name}」`);
    return next;
  }

  review(id: string, action: ReviewAction, reason: string | undefined, at: number): PlatformApp {
    const app = this.live(id);
    const next: PlatformApp = { ...app, updatedAt: toShanghaiIso(at) };
    let detail: string;
    if (action === 'start') {
      if (app.status !== 'pending') throw new EmulatorError('INVALID_TRANSITION', `cannot start a review of a ${app.status} app (only pending apps)`);
      next.status = 'reviewing';
      detail = `应用「${app.name}」开始审核`;
    } else {
      if (app.status !== 'reviewing') throw new EmulatorError('INVALID_TRANSITION', `cannot ${action} a ${app.status} app (only apps in review)`);
      if (action === 'approve') {
        next.status = 'approved';
        next.rejectReason = null;
        if (next.appId === null) {
          next.appId = this.ids.appId();
          next.appKey = this.ids.appKey();
        }
        detail = `应用「${app.name}」审核通过，AppId ${next.appId}`;
      } else {
        const r = (reason ?? '').trim();
        if (r === '') throw validationFailed({ reason: 'a reason is required to reject' });
        if (r.length > REJECT_REASON_MAX) throw validationFailed({ reason: `must be at most ${REJECT_REASON_MAX} characters` });
        next.status = 'rejected';
        next.rejectReason = r;
        detail = `应用「${app.name}」审核驳回：${r}`;
      }
    }
    this.commit(next, at, 'app.reviewed', detail);
    return next;
  }

  /** An app that exists and is not deleted, or 404. */
  private live(id: string): PlatformApp {
    const app = this.apps.get(id);
    if (!app || app.status === 'deleted') throw new EmulatorError('NOT_FOUND', `no app ${JSON.stringify(id)}`);
    return app;
  }

  private assertNameFree(name: string, exceptId: string | null): void {
    const key = nameKey(name);
    for (const a of this.apps.values()) {
      if (a.id !== exceptId && a.status !== 'deleted' && nameKey(a.name) === key) {
        throw new EmulatorError('APP_NAME_TAKEN', `an app named ${JSON.stringify(a.name)} already exists`, { name: 'is already taken' });
      }
    }
  }

  private commit(app: PlatformApp, at: number, kind: PlatformActivity['kind'], detail: string): void {
    app.version = ++this.versionCounter;
    this.apps.set(app.id, app);
    if (app.appId !== null) this.idByAppId.set(app.appId, app.id);
    this.activityLog.push({ seq: this.activityLog.length + 1, at: toShanghaiIso(at), kind, appId: app.appId, id: app.id, name: app.name, detail });
    for (const fn of this.listeners) fn();
  }
}
