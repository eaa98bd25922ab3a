import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract';
import type { CallInput, CallName, CallOutput } from '../../../../shared/contract';
import type { AppStatus, Role } from '../../../../shared/platform/domain';
import { dispatch, type Handlers } from '../core/dispatch';
import { runSync } from '../sync/engine';
import { createTestContext, type TestContext } from '../testing/context';
import { appsHandlers } from './handlers';
import { APPS_SYNC_EXTENSION } from './sync-trigger';
import { fakePlatform, type FakePlatform } from './testing/fake-platform';

const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PEM2 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

const drafts = {
  android: {
    name: '鲸选商城',
    platform: 'android' as const,
    packageName: 'com.example.jingxuan',
    packageSignature: 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89',
    ipWhitelist: ['203.0.113.10', '2001:db8::/48'],
    rsaPublicKey: PEM,
    capabilities: ['login' as const, 'verify' as const],
  },
  ios: { name: '速达出行', platform: 'ios' as const, bundleId: 'com.example.suda', ipWhitelist: ['203.0.113.11'], encryption: 'MD5' as const },
  h5: { name: '青柠阅读 H5', platform: 'h5' as const, origins: ['https://m.qingning.example'], ipWhitelist: ['203.0.113.0/24'], rsaPublicKey: PEM },
};

interface Env {
  t: TestContext;
  platform: FakePlatform;
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  fail<N extends CallName>(name: N, input: CallInput<N>): Promise<ApiError>;
  setRole(role: Role): void;
  syncDown(down: boolean): void;
  events: string[][];
}

let current: Env | null = null;
afterEach(() => {
  current?.t.cleanup();
  current = null;
});

function setup(role: Role = 'admin'): Env {
  const t = createTestContext({ workspace: { role } });
  const platform = fakePlatform(t.clock);
  t.workspace.platform = platform;
  let down = false;
  t.ctx.extensions.set(APPS_SYNC_EXTENSION, async (_ctx: unknown, signal: AbortSignal) => {
    if (down) throw new ApiError('PLATFORM_UNREACHABLE', 'sync is down');
    await runSync({ db: t.workspace.db, client: platform, secrets: t.ctx.secrets, clock: t.clock, resources: ['apps', 'activities'], role: 'admin', signal });
  });
  const events: string[][] = [];
  t.ctx.events.subscribe((name, payload) => {
    if (name === 'apps.changed') events.push((payload as { ids: string[] }).ids);
  });
  const call = async <N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> =>
    (await dispatch(appsHandlers as unknown as Handlers, t.ctx, name, input)) as CallOutput<N>;
  const env: Env = {
    t,
    platform,
    call,
    async fail(name, input) {
      try {
        await call(name, input);
      } catch (e) {
        if (e instanceof ApiError) return e;
        throw e;
      }
      throw new Error(`${name} did not fail`);
    },
    setRole(r) {
      t.workspace.role = r;
    },
    syncDown(d) {
      down = d;
    },
    events,
  };
  current = env;
  return env;
}

/** Drives an app to a status through the platform, as a reviewer would. */
async function appIn(env: Env, status: Exclude<AppStatus, 'deleted'>, name = `app-${status}`): Promise<string> {
  const { id } = await env.call('apps.create', { draft: { ...drafts.ios, name } });
  if (status === 'pending') return id!;
  env.setRole('reviewer');
  await env.call('apps.review', { id: id!, action: 'start' });
  if (status === 'approved') await env.call('apps.review', { id: id!, action: 'approve' });
  if (status === 'rejected') await env.call('apps.review', { id: id!, action: 'reject', reason: '名称与上架名称不一致' });
  env.setRole('admin');
  return id!;
}

describe('apps.create', () => {
  it('creates Android, iOS and H5 apps that come back by sync as pending', async () => {
    const env = setup();
    for (const d of Object.values(drafts)) {
      const r = await env.call('apps.create', { draft: d });
      expect(r.confirmed).toBe(true);
      expect(r.app?.status).toBe('pending');
    }
    const list = await env.call('apps.list', {});
    expect(list.items.map((i) => [i.platform, i.status, i.confirmed, i.appId])).toEqual(
      expect.arrayContaining([
        ['android', 'pending', true, null],
        ['ios', 'pending', true, null],
        ['h5', 'pending', true, null],
      ]),
    );
    const android = [...env.platform.apps.values()].find((a) => a.platform === 'android')!;
    // Normalised before it was sent: upper case, no colons.
    expect(android.packageSignature).toBe('ABCDEF0123456789ABCDEF0123456789');
    expect(list.items.every((i) => i.actions.join() === 'view,modify,delete')).toBe(true);
    expect(list.access).toMatchObject({ role: 'admin', manage: true, review: false, online: true });
  });

  it('refuses every invalid field with VALIDATION_FAILED and field messages, sending nothing', async () => {
    const env = setup();
    const bad: [Record<string, unknown>, string][] = [
      [{ ...drafts.android, name: ' ' }, 'name'],
      [{ ...drafts.android, name: 'x'.repeat(60) }, 'name'],
      [{ ...drafts.android, packageName: 'nodots' }, 'packageName'],
      [{ ...drafts.android, packageSignature: '12345' }, 'packageSignature'],
      [{ ...drafts.ios, bundleId: 'bad id' }, 'bundleId'],
      [{ ...drafts.h5, origins: ['ftp://x.example'] }, 'origins'],
      [{ ...drafts.android, ipWhitelist: ['300.1.1.1'] }, 'ipWhitelist'],
      [{ ...drafts.android, ipWhitelist: Array.from({ length: 400 }, (_, i) => `198.51.${i >> 8}.${i & 255}`) }, 'ipWhitelist'],
      [{ ...drafts.android, rsaPublicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }, 'rsaPublicKey'],
      [{ ...drafts.android, logo: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }, 'logo'],
      [{ ...drafts.android, capabilities: [] }, 'capabilities'],
      [{ ...drafts.ios, packageName: 'com.example.x' }, 'packageName'],
    ];
    for (const [draft, field] of bad) {
      const e = await env.fail('apps.create', { draft: draft as never, locale: 'en-US' });
      expect(e.code, field).toBe('VALIDATION_FAILED');
      expect(Object.keys(e.fields ?? {}), field).toEqual([field]);
    }
    const zh = await env.fail('apps.create', { draft: { ...drafts.android, packageSignature: 'xyz' } });
    expect(zh.fields?.packageSignature).toContain('32 位十六进制');
    expect(env.platform.calls.filter((c) => c === 'createApp')).toEqual([]);
  });

  it('refuses a name already used by a live app, but not by a deleted one', async () => {
    const env = setup();
    await env.call('apps.create', { draft: drafts.ios });
    const e = await env.fail('apps.create', { draft: { ...drafts.android, name: ' 速达出行 ' } });
    expect(e.code).toBe('APP_NAME_TAKEN');
    expect(e.fields?.name).toBeTruthy();
    const id = (await env.call('apps.list', {})).items[0]!.id;
    await env.call('apps.remove', { id, confirmName: '速达出行' });
    await expect(env.call('apps.create', { draft: { ...drafts.android, name: '速达出行' } })).resolves.toMatchObject({ confirmed: true });
  });
});

describe('status rules', () => {
  it('offers and accepts exactly what each status allows', async () => {
    const env = setup();
    const ids = {
      pending: await appIn(env, 'pending'),
      reviewing: await appIn(env, 'reviewing'),
      approved: await appIn(env, 'approved'),
      rejected: await appIn(env, 'rejected'),
    };
    const rows = Object.fromEntries((await env.call('apps.list', {})).items.map((r) => [r.status, r.actions.join()]));
    expect(rows).toEqual({ pending: 'view,modify,delete', reviewing: 'view', approved: 'view,modify,delete', rejected: 'view,modify,delete' });

    const inReview = await env.fail('apps.update', { id: ids.reviewing, patch: { name: 'renamed' } });
    expect(inReview.code).toBe('APP_IN_REVIEW');
    expect(inReview.message).toBe('应用审核中，仅支持查看');
    expect((await env.fail('apps.remove', { id: ids.reviewing, confirmName: 'app-reviewing' })).code).toBe('APP_IN_REVIEW');
    expect(env.platform.calls.filter((c) => c === 'updateApp' || c === 'deleteApp')).toEqual([]);

    await env.call('apps.update', { id: ids.pending, patch: { name: 'pending renamed' } });
    await env.call('apps.update', { id: ids.approved, patch: { ipWhitelist: ['198.51.100.7'] } });
    expect(env.platform.apps.get(ids.approved)!.status).toBe('approved');
    // A modify of a rejected app resubmits it.
    await env.call('apps.update', { id: ids.rejected, patch: { name: 'fixed' } });
    expect((await env.call('apps.get', { id: ids.rejected })).app.status).toBe('pending');

    await env.call('apps.remove', { id: ids.pending, confirmName: 'pending renamed' });
    expect((await env.fail('apps.update', { id: ids.pending, patch: { name: 'again' } })).code).toBe('NOT_FOUND');
    expect((await env.call('apps.list', {})).items.map((r) => r.id)).not.toContain(ids.pending);
    expect((await env.call('apps.list', { includeDeleted: true })).items.find((r) => r.id === ids.pending)?.actions).toEqual([]);
  });

  it('allows only the modifiable fields per platform', async () => {
    const env = setup();
    const { id } = await env.call('apps.create', { draft: drafts.android });
    const e = await env.fail('apps.update', { id: id!, patch: { origins: ['https://a.example'] } });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(e.fields!)).toEqual(['origins']);
    // Identity fields are not part of the patch schema at all.
    expect((await env.fail('apps.update', { id: id!, patch: { packageName: 'com.x.y' } as never })).code).toBe('INVALID_INPUT');
    const h5 = await env.call('apps.create', { draft: drafts.h5 });
    await env.call('apps.update', { id: h5.id!, patch: { origins: ['https://www.qingning.example/'], rsaPublicKey: PEM2 } });
    const got = await env.call('apps.get', { id: h5.id! });
    expect(got.app.origins).toEqual(['https://www.qingning.example']);
    expect(got.modifiable).toEqual(['name', 'ipWhitelist', 'rsaPublicKey', 'origins']);
    expect((await env.fail('apps.update', { id: h5.id!, patch: { name: '青柠阅读 H5' } })).code).toBe('VALIDATION_FAILED');
  });

  it('deletes only after the exact name is typed', async () => {
    const env = setup();
    const { id } = await env.call('apps.create', { draft: drafts.ios });
    const e = await env.fail('apps.remove', { id: id!, confirmName: '速达' });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields?.confirmName).toBeTruthy();
    expect(env.platform.apps.get(id!)!.status).toBe('pending');
    const r = await env.call('apps.remove', { id: id!, confirmName: '速达出行' });
    expect(r.confirmed).toBe(true);
    expect(env.platform.apps.get(id!)!.status).toBe('deleted');
  });
});

describe('roles', () => {
  for (const role of ['finance', 'auditor'] as const) {
    it(`a ${role} key sees apps read-only`, async () => {
      const env = setup();
      const approved = await appIn(env, 'approved');
      env.setRole(role);
      const list = await env.call('apps.list', {});
      expect(list.access).toMatchObject({ role, manage: false, review: false });
      expect(list.items.every((i) => i.actions.join() === 'view' && i.reviewActions.length === 0)).toBe(true);
      for (const e of [
        await env.fail('apps.create', { draft: drafts.android }),
        await env.fail('apps.update', { id: approved, patch: { name: 'x' } }),
        await env.fail('apps.remove', { id: approved, confirmName: 'app-approved' }),
        await env.fail('apps.review', { id: approved, action: 'start' }),
        await env.fail('apps.revealKey', { id: approved }),
      ]) {
        expect(e.code).toBe('FORBIDDEN');
      }
      expect((await env.call('apps.get', { id: approved })).app.appId).toMatch(/^3000/);
    });
  }

  it('only a reviewer key reviews, in order, and a rejection needs a reason', async () => {
    const env = setup();
    const id = await appIn(env, 'pending');
    expect((await env.fail('apps.review', { id, action: 'start' })).code).toBe('FORBIDDEN');
    env.setRole('reviewer');
    const list = await env.call('apps.list', {});
    expect(list.items[0]).toMatchObject({ actions: ['view'], reviewActions: ['start'] });
    expect((await env.fail('apps.review', { id, action: 'approve' })).code).toBe('CONFLICT');
    await env.call('apps.review', { id, action: 'start' });
    expect((await env.call('apps.list', {})).items[0]!.reviewActions).toEqual(['approve', 'reject']);
    const noReason = await env.fail('apps.review', { id, action: 'reject', reason: '  ' });
    expect(noReason.code).toBe('VALIDATION_FAILED');
    expect(noReason.fields?.reason).toBeTruthy();
  });
});

describe('review round trip, timeline and history', () => {
  it('submit → start → reject → modify → pending again → start → approve → appId and key', async () => {
    const env = setup();
    const { id } = await env.call('apps.create', { draft: drafts.android });
    env.t.clock.advance(60_000);
    env.setRole('reviewer');
    await env.call('apps.review', { id: id!, action: 'start' });
    env.t.clock.advance(60_000);
    await env.call('apps.review', { id: id!, action: 'reject', reason: 'Android 应用签名与包名不匹配' });
    env.setRole('admin');
    let got = await env.call('apps.get', { id: id! });
    expect(got.row).toMatchObject({ status: 'rejected', rejectReason: 'Android 应用签名与包名不匹配', actions: ['view', 'modify', 'delete'] });
    env.t.clock.advance(60_000);
    await env.call('apps.update', { id: id!, patch: { name: '鲸选商城 Android' } });
    got = await env.call('apps.get', { id: id! });
    expect(got.app.status).toBe('pending');
    env.setRole('reviewer');
    env.t.clock.advance(60_000);
    await env.call('apps.review', { id: id!, action: 'start' });
    env.t.clock.advance(60_000);
    await env.call('apps.review', { id: id!, action: 'approve' });
    env.setRole('admin');
    got = await env.call('apps.get', { id: id! });
    expect(got.app.appId).toMatch(/^3000/);
    expect(got.app.hasKey).toBe(true);
    expect(JSON.stringify(got)).not.toContain('secret');
    expect(got.timeline.map((e) => e.kind)).toEqual([
      'created',
      'submitted',
      'reviewStarted',
      'rejected',
      'modified',
      'submitted',
      'reviewStarted',
      'approved',
    ]);
    expect(got.timeline.find((e) => e.kind === 'rejected')!.reason).toBe('Android 应用签名与包名不匹配');
    expect(got.timeline.find((e) => e.kind === 'modified')!.fields).toEqual(['name']);
    const rename = got.history.find((h) => h.changes.some((c) => c.field === 'name'))!;
    expect(rename.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', before: '鲸选商城', after: '鲸选商城 Android' },
        { field: 'status', before: 'rejected', after: 'pending' },
      ]),
    );
    // Reveal and copy, each recorded locally.
    const shown = await env.call('apps.revealKey', { id: id! });
    expect(shown.appKey).toBe(`key-${got.app.appId}-secret`);
    await env.call('apps.revealKey', { id: got.app.appId!, purpose: 'copy' });
    const reveals = (await env.call('apps.get', { id: id! })).reveals;
    expect(reveals.map((r) => r.purpose)).toEqual(['copy', 'reveal']);
    expect(reveals[0]).toMatchObject({ mode: 'cli' });
    expect(reveals[0]!.osUser.length).toBeGreaterThan(0);
    const row = env.t.workspace.db.prepare('SELECT * FROM app_key_reveals').all();
    expect(JSON.stringify(row)).not.toContain('secret');
  });
});

describe('pending changes', () => {
  it('shows a change as pending until sync brings it back', async () => {
    const env = setup();
    env.syncDown(true);
    const r = await env.call('apps.create', { draft: drafts.ios });
    expect(r.confirmed).toBe(false);
    let list = await env.call('apps.list', {});
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ confirmed: false, pending: { op: 'create', state: 'sent' }, actions: ['view'] });
    expect((await env.call('apps.get', { id: r.id! })).row.confirmed).toBe(false);
    // Another change to it waits for the first to be confirmed.
    expect((await env.fail('apps.create', { draft: { ...drafts.android, name: '速达出行' } })).code).toBe('APP_NAME_TAKEN');
    env.syncDown(false);
    expect((await env.fail('apps.update', { id: r.id!, patch: { name: 'x' } })).code).toBe('CONFLICT');
    await runSync({ db: env.t.workspace.db, client: env.platform, secrets: env.t.ctx.secrets, clock: env.t.clock, resources: ['apps'], role: 'admin' });
    list = await env.call('apps.list', {});
    expect(list.items[0]).toMatchObject({ confirmed: true, pending: null, actions: ['view', 'modify', 'delete'] });

    env.syncDown(true);
    await env.call('apps.update', { id: r.id!, patch: { name: '速达出行 iOS' } });
    list = await env.call('apps.list', {});
    expect(list.items[0]).toMatchObject({ name: '速达出行', pending: { op: 'update', fields: ['name'] }, actions: ['view'] });
    expect((await env.fail('apps.remove', { id: r.id!, confirmName: '速达出行' })).code).toBe('CONFLICT');
    env.syncDown(false);
    await runSync({ db: env.t.workspace.db, client: env.platform, secrets: env.t.ctx.secrets, clock: env.t.clock, resources: ['apps'], role: 'admin' });
    expect((await env.call('apps.list', {})).items[0]).toMatchObject({ name: '速达出行 iOS', pending: null });
    expect(env.events.length).toBeGreaterThan(0);
  });

  it('keeps a change whose outcome is unknown as failed until discarded; a refusal leaves nothing', async () => {
    const env = setup();
    env.platform.failNext(new ApiError('PLATFORM_UNREACHABLE', 'connection reset'));
    expect((await env.fail('apps.create', { draft: drafts.ios })).code).toBe('PLATFORM_UNREACHABLE');
    const row = (await env.call('apps.list', {})).items[0]!;
    expect(row).toMatchObject({ confirmed: false, pending: { state: 'failed', error: { code: 'PLATFORM_UNREACHABLE' } } });
    await env.call('apps.discardPending', { pendingId: row.pending!.pendingId });
    expect((await env.call('apps.list', {})).items).toHaveLength(0);

    env.platform.failNext(new ApiError('APP_NAME_TAKEN', 'taken on the platform'));
    expect((await env.fail('apps.create', { draft: drafts.ios })).code).toBe('APP_NAME_TAKEN');
    expect((await env.call('apps.list', {})).items).toHaveLength(0);
  });
});

describe('review queue age', () => {
  it('flags apps waiting more than one working day (Mon–Fri, Shanghai)', async () => {
    const env = setup();
    env.t.clock.set(Date.parse('2026-11-13T15:00:00+08:00')); // a Friday
    await env.call('apps.create', { draft: drafts.ios });
    env.t.clock.set(Date.parse('2026-11-16T14:00:00+08:00')); // Monday, 23 working hours later
    let row = (await env.call('apps.list', { status: ['pending'] })).items[0]!;
    expect(row).toMatchObject({ overdue: false, waitingSince: Date.parse('2026-11-13T15:00:00+08:00'), waitingWorkMs: 23 * 3_600_000 });
    env.t.clock.set(Date.parse('2026-11-16T16:00:00+08:00'));
    row = (await env.call('apps.list', { status: ['pending'] })).items[0]!;
    expect(row.overdue).toBe(true);
    expect((await env.call('apps.list', { status: ['approved'] })).items).toHaveLength(0);
  });
});

describe('apps.validate', () => {
  it('runs the checklist without saving', async () => {
    const env = setup();
    const bad = await env.call('apps.validate', { target: { draft: { ...drafts.android, packageSignature: 'no' } }, locale: 'en-US' });
    expect(bad.valid).toBe(false);
    expect(bad.checklist.find((i) => i.id === 'field.packageSignature')).toMatchObject({ state: 'fail', message: expect.stringContaining('32 hex') });
    expect(bad.checklist.filter((i) => i.kind === 'confirm').map((i) => i.state)).toEqual(['unconfirmed', 'unconfirmed', 'unconfirmed', 'unconfirmed']);
    const good = await env.call('apps.validate', {
      target: { draft: drafts.android },
      confirmations: { loginButtonText: true, carrierTerms: true, maskedNumber: true, notHidden: true },
      loginButtonText: '本机号码一键登录',
    });
    expect(good).toMatchObject({ valid: true, ready: true });
    const lure = await env.call('apps.validate', {
      target: { draft: drafts.android },
      confirmations: { loginButtonText: true, carrierTerms: true, maskedNumber: true, notHidden: true },
      loginButtonText: '领取红包',
    });
    expect(lure.ready).toBe(false);
    // Verify-only apps show no authorization page: no page items.
    const verify = await env.call('apps.validate', { target: { draft: { ...drafts.ios, capabilities: ['verify'] } } });
    expect(verify).toMatchObject({ valid: true, ready: true });
    expect(env.platform.calls.filter((c) => c !== 'listApps')).toEqual([]);
    // A modify is checked as the whole app with the patch applied.
    const { id } = await env.call('apps.create', { draft: drafts.ios });
    const patch = await env.call('apps.validate', { target: { id: id!, patch: { ipWhitelist: ['nope'] } } });
    expect(patch.fields.ipWhitelist).toContain('nope');
  });
});
