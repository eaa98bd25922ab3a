import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitiesPageSchema, appSchema, appsPageSchema, type PlatformApp } from '../../shared/platform/schemas';
import { startEmulator, type StartedEmulator } from '../index';
import { SignedClient } from '../testing/signed-client';
import { testClock } from '../testing/fixtures';

const clock = testClock();
let emu: StartedEmulator;
let admin: SignedClient;
let reviewer: SignedClient;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let n = 0;
const android = (over: Record<string, unknown> = {}) => ({
  name: `测试应用${++n}`,
  platform: 'android',
  packageName: 'com.example.test',
  packageSignature: '0123456789abcdef0123456789ABCDEF',
  ipWhitelist: ['203.0.113.7', '198.51.100.0/24', '2001:db8::1', '2001:db8::/32'],
  capabilities: ['login', 'verify'],
  encryption: 'MD5',
  ...over,
});
// What every app needs whatever its platform (shared/apps): a whitelist, and MD5 unless an RSA key is given.
const common = { ipWhitelist: ['203.0.113.7'], encryption: 'MD5' };

async function create(body: unknown): Promise<PlatformApp> {
  const r = await admin.request('POST', '/v1/apps', { body });
  expect(r.status, r.text).toBe(201);
  return appSchema.parse(r.json);
}
const review = (id: string, action: string, reason?: string) =>
  reviewer.request('POST', `/v1/apps/${id}/review`, { body: { action, ...(reason ? { reason } : {}) } });
const patch = (id: string, body: unknown) => admin.request('PATCH', `/v1/apps/${id}`, { body });
const del = (id: string) => admin.request('DELETE', `/v1/apps/${id}`);

beforeAll(async () => {
  emu = await startEmulator({ seed: 5, days: 3, daily: 20, now: clock.now });
  admin = new SignedClient(emu.url, emu.key('admin'), clock.now);
  reviewer = new SignedClient(emu.url, emu.key('reviewer'), clock.now);
});
afterAll(() => emu.close());

describe('app validation (platform-api §2.1)', () => {
  it('creates valid apps of each platform in pending, without AppId/AppKey', async () => {
    const a = await create(android({ encryption: 'RSA', rsaPublicKey: PUBLIC_PEM }));
    expect(a).toMatchObject({ status: 'pending', appId: null, appKey: null, rejectReason: null, platform: 'android' });
    const i = await create({ ...common, name: `iOS ${++n}`, platform: 'ios', bundleId: 'com.example.ios-app' });
    expect(i.capabilities).toEqual(['login']);
    const h = await create({ ...common, name: `H5 ${++n}`, platform: 'h5', origins: ['https://m.example.com', 'http://localhost:8080'] });
    expect(h.origins).toHaveLength(2);
    expect(h.version).toBeGreaterThan(i.version);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['empty name', { name: '' }, 'name'],
    ['long name (over 50)', { name: 'x'.repeat(51) }, 'name'],
    ['name of the wrong type', { name: 5 }, 'name'],
    ['missing package name', { packageName: null }, 'packageName'],
    ['bad package name', { packageName: 'com..x' }, 'packageName'],
    ['single-segment package', { packageName: 'app' }, 'packageName'],
    ['short signature', { packageSignature: 'abc123' }, 'packageSignature'],
    ['bundle id on android', { bundleId: 'com.example.x' }, 'bundleId'],
    ['origins on android', { origins: ['https://a.example'] }, 'origins'],
    ['bad IP', { ipWhitelist: ['300.1.1.1'] }, 'ipWhitelist'],
    ['bad prefix', { ipWhitelist: ['10.0.0.0/33'] }, 'ipWhitelist'],
    ['IPv6 bad prefix', { ipWhitelist: ['2001:db8::/129'] }, 'ipWhitelist'],
    ['IPv6 zone id', { ipWhitelist: ['fe80::1%eth0'] }, 'ipWhitelist'],
    ['empty whitelist', { ipWhitelist: [] }, 'ipWhitelist'],
    ['RSA encryption without a public key', { encryption: 'RSA', rsaPublicKey: null }, 'rsaPublicKey'],
    ['whitelist over 4000 chars', { ipWhitelist: Array.from({ length: 400 }, (_, k) => `10.${k >> 8}.${k & 255}.100`) }, 'ipWhitelist'],
    ['whitelist not an array', { ipWhitelist: '203.0.113.1' }, 'ipWhitelist'],
    ['RSA key that is not PEM', { rsaPublicKey: 'MIIBIjANBg' }, 'rsaPublicKey'],
    ['a private key instead of a public one', { rsaPublicKey: PRIVATE_PEM }, 'rsaPublicKey'],
    ['no capabilities', { capabilities: [] }, 'capabilities'],
    ['unknown capability', { capabilities: ['pay'] }, 'capabilities.0'],
    ['status is not settable', { status: 'approved' }, '(body)'],
    ['bad platform', { platform: 'windows' }, 'platform'],
  ];
  for (const [what, over, field] of invalid) {
    it(`refuses ${what} with 422 VALIDATION_FAILED on ${field}`, async () => {
      const before = emu.head();
      const versions = (await admin.get<{ nextVersion: number }>('/v1/apps', { afterVersion: 0, limit: 1000 })).json.nextVersion;
      const r = await admin.request('POST', '/v1/apps', { body: android(over) });
      expect(r.status, r.text).toBe(422);
      expect(r.json).toMatchObject({ code: 'VALIDATION_FAILED', fields: { [field]: expect.any(String) } });
      expect((await admin.get<{ nextVersion: number }>('/v1/apps', { afterVersion: 0, limit: 1000 })).json.nextVersion).toBe(versions);
      expect(emu.head()).toBe(before);
    });
  }

  it('requires the platform’s own identifiers', async () => {
    const ios = await admin.request('POST', '/v1/apps', { body: { name: 'i', platform: 'ios' } });
    expect(ios.json).toMatchObject({ fields: { bundleId: expect.any(String) } });
    const h5 = await admin.request('POST', '/v1/apps', { body: { name: 'h', platform: 'h5', origins: ['https://a.example/path'] } });
    expect(h5.json).toMatchObject({ fields: { origins: expect.any(String) } });
    const h5none = await admin.request('POST', '/v1/apps', { body: { name: 'h', platform: 'h5' } });
    expect(h5none.json).toMatchObject({ fields: { origins: expect.any(String) } });
  });

  it('accepts and normalises what the console accepts (one validation, shared/apps)', async () => {
    const a = await create(
      android({ name: ' 名字 ', packageSignature: '01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef', ipWhitelist: ['203.0.113.1', '203.0.113.1'] }),
    );
    expect(a).toMatchObject({ name: '名字', packageSignature: '0123456789ABCDEF0123456789ABCDEF', ipWhitelist: ['203.0.113.1'] });
  });

  it('de-duplicates names among apps that are not deleted (409 APP_NAME_TAKEN)', async () => {
    const a = await create(android({ name: 'Dedupe App' }));
    for (const name of ['Dedupe App', 'dedupe app', 'Ｄｅｄｕｐｅ Ａｐｐ']) {
      const r = await admin.request('POST', '/v1/apps', { body: android({ name }) });
      expect(r.status).toBe(409);
      expect(r.json).toMatchObject({ code: 'APP_NAME_TAKEN' });
    }
    const other = await create(android());
    expect((await patch(other.id, { name: 'DEDUPE APP' })).json).toMatchObject({ code: 'APP_NAME_TAKEN' });
    expect((await del(a.id)).status).toBe(200);
    await create(android({ name: 'Dedupe App' }));
  });
});

describe('status rules (seeds/000 §3.2, platform-api §2.1–2.2)', () => {
  it('pending: view, modify (stays pending), delete', async () => {
    const a = await create(android());
    const m = await patch(a.id, { name: `${a.name}-改`, ipWhitelist: ['203.0.113.9'], rsaPublicKey: PUBLIC_PEM });
    expect(m.status).toBe(200);
    // The key is stored as the shared rules normalise it (one canonical PEM), the same key.
    expect(appSchema.parse(m.json)).toMatchObject({
      status: 'pending',
      name: `${a.name}-改`,
      ipWhitelist: ['203.0.113.9'],
      rsaPublicKey: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
    });
    expect((await admin.get(`/v1/apps/${a.id}`)).status).toBe(200);
    const d = await del(a.id);
    expect(appSchema.parse(d.json).status).toBe('deleted');
  });

  it('reviewing: view only (409 APP_IN_REVIEW for modify and delete)', async () => {
    const a = await create(android());
    expect((await review(a.id, 'start')).status).toBe(200);
    expect((await admin.get<PlatformApp>(`/v1/apps/${a.id}`)).json.status).toBe('reviewing');
    for (const r of [await patch(a.id, { name: 'nope' }), await del(a.id)]) {
      expect(r.status).toBe(409);
      expect(r.json).toMatchObject({ code: 'APP_IN_REVIEW' });
    }
  });

  it('approved: AppId and AppKey issued; modify keeps it approved; delete leaves a tombstone', async () => {
    const a = await create(android());
    await review(a.id, 'start');
    const asReviewer = appSchema.parse((await review(a.id, 'approve')).json);
    // The reviewer sees the app, not its AppKey.
    expect(asReviewer).toMatchObject({ status: 'approved', appKey: null });
    const ok = appSchema.parse((await admin.get(`/v1/apps/${a.id}`)).json);
    expect(ok.status).toBe('approved');
    expect(ok.appId).toMatch(/^3000\d{8}$/);
    expect(ok.appKey).toMatch(/^[0-9A-F]{32}$/);
    const m = appSchema.parse((await patch(a.id, { ipWhitelist: ['127.0.0.1'] })).json);
    expect(m).toMatchObject({ status: 'approved', appId: ok.appId, appKey: ok.appKey });
    const d = appSchema.parse((await del(a.id)).json);
    expect(d).toMatchObject({ status: 'deleted', appId: ok.appId });
  });

  it('rejected: needs a reason; modify resubmits to pending; delete works', async () => {
    const a = await create(android());
    await review(a.id, 'start');
    const noReason = await review(a.id, 'reject');
    expect(noReason.status).toBe(422);
    expect(noReason.json).toMatchObject({ fields: { reason: expect.any(String) } });
    const rej = appSchema.parse((await review(a.id, 'reject', '签名不符')).json);
    expect(rej).toMatchObject({ status: 'rejected', rejectReason: '签名不符', appId: null });
    const m = appSchema.parse((await patch(a.id, { ipWhitelist: ['203.0.113.10'] })).json);
    expect(m).toMatchObject({ status: 'pending', rejectReason: null });
    await review(a.id, 'start');
    await review(a.id, 'reject', 'again');
    expect(appSchema.parse((await del(a.id)).json).status).toBe('deleted');
  });

  it('deleted: no modify, delete or review (404)', async () => {
    const a = await create(android());
    await del(a.id);
    for (const r of [await patch(a.id, { name: 'x' }), await del(a.id), await review(a.id, 'start')]) {
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await admin.get<PlatformApp>(`/v1/apps/${a.id}`)).json.status).toBe('deleted');
  });

  it('refuses review steps out of order (409 INVALID_TRANSITION)', async () => {
    const a = await create(android());
    for (const action of ['approve', 'reject']) expect((await review(a.id, action, 'r')).json).toMatchObject({ code: 'INVALID_TRANSITION' });
    await review(a.id, 'start');
    expect((await review(a.id, 'start')).json).toMatchObject({ code: 'INVALID_TRANSITION' });
    const bad = await review(a.id, 'publish');
    expect(bad.status).toBe(422);
  });

  it('modifies only the modifiable fields (origins only for H5)', async () => {
    const a = await create(android());
    const r1 = await patch(a.id, { packageName: 'com.other.app' });
    expect(r1.json).toMatchObject({ code: 'VALIDATION_FAILED', fields: { packageName: expect.any(String) } });
    const r2 = await patch(a.id, { origins: ['https://a.example'] });
    expect(r2.json).toMatchObject({ fields: { origins: expect.any(String) } });
    const r3 = await patch(a.id, {});
    expect(r3.status).toBe(422);
    const h = await create({ ...common, name: `H5 patch ${++n}`, platform: 'h5', origins: ['https://a.example'] });
    const r4 = await patch(h.id, { origins: ['https://b.example:8443'] });
    expect(appSchema.parse(r4.json).origins).toEqual(['https://b.example:8443']);
    expect((await admin.request('PATCH', '/v1/apps/app_does_not_exist', { body: { name: 'x' } })).status).toBe(404);
  });
});

describe('listing and activities', () => {
  it('lists changes after a version, oldest first, deleted apps once as tombstones', async () => {
    const start = appsPageSchema.parse((await admin.get('/v1/apps', { afterVersion: 0, limit: 1000 })).json);
    const a = await create(android());
    await patch(a.id, { name: `${a.name}-v2` });
    await del(a.id);
    const since = appsPageSchema.parse((await admin.get('/v1/apps', { afterVersion: start.nextVersion })).json);
    expect(since.items).toHaveLength(1);
    expect(since.items[0]).toMatchObject({ id: a.id, status: 'deleted', name: `${a.name}-v2` });
    expect(since.nextVersion).toBe(since.items[0]!.version);
    const empty = appsPageSchema.parse((await admin.get('/v1/apps', { afterVersion: since.nextVersion })).json);
    expect(empty).toEqual({ items: [], nextVersion: since.nextVersion, hasMore: false });
    // Paging one at a time visits every app once, in version order.
    const all = await admin.all<PlatformApp>('/v1/apps', 'afterVersion', 'nextVersion', 1);
    expect(all.map((x) => x.version)).toEqual([...all.map((x) => x.version)].sort((x, y) => x - y));
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
  });

  it('records every change as an activity, in seq order', async () => {
    const a = await create(android());
    await review(a.id, 'start');
    await review(a.id, 'approve');
    const acts = await new SignedClient(emu.url, emu.key('auditor'), clock.now).all<{
      seq: number;
      kind: string;
      id: string;
      appId: string | null;
      detail: string;
    }>('/v1/activities', 'afterSeq', 'nextSeq', 7);
    acts.forEach((x, i) => expect(x.seq).toBe(i + 1));
    const mine = acts.filter((x) => x.id === a.id);
    expect(mine.map((x) => x.kind)).toEqual(['app.created', 'app.reviewed', 'app.reviewed']);
    expect(mine[2]!.appId).toMatch(/^3000/);
    expect(mine[2]!.detail).toContain('审核通过');
    const seeded = acts.map((x) => x.kind);
    expect(seeded).toContain('app.deleted');
    expect(seeded).toContain('app.modified');
    activitiesPageSchema.parse((await admin.get('/v1/activities', { afterSeq: 0, limit: 1000 })).json);
  });
});
