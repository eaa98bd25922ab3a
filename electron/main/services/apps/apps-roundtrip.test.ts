/**
 * The review round trip end to end: the real emulator over HTTP, the real signed client, the
 * real sync coordinator. An admin workspace submits; a reviewer workspace (its own database,
 * as a reviewer's console would have) starts, rejects and approves; every change comes back
 * to each console by sync, and the admin finally sees the AppId and can reveal the AppKey.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type CallInput, type CallName, type CallOutput } from '../../../../shared/contract';
import type { Role } from '../../../../shared/platform/domain';
import { startEmulator, type StartedEmulator } from '../../../../emulator';
import { createContext } from '../core/create-context';
import { dispatch, type Handlers } from '../core/dispatch';
import type { ServiceContext } from '../core/context';
import { createPlatformClient } from '../platform/http-client';
import { SYNC_EXTENSION, SyncCoordinator } from '../sync/coordinator';
import { openTestWorkspaceDb } from '../testing/context';
import { readAppKey, sealAppKey } from '../store/app-keys';
import { WORKSPACES_EXTENSION, type ActiveWorkspace } from '../workspaces/active';
import { appsHandlers } from './handlers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

let emu: StartedEmulator;
let ctx: ServiceContext;
let dataDir: string;
const workspaces: Partial<Record<Role, ActiveWorkspace>> = {};
let active: ActiveWorkspace;

function workspace(role: Role): ActiveWorkspace {
  const key = emu.key(role);
  return {
    id: `ws-${role}`,
    name: role,
    kind: 'remote',
    db: openTestWorkspaceDb(),
    accessKey: key.accessKey,
    role: null, // learned from whoami by the first sync, as in the real console
    platform: createPlatformClient({ endpoint: emu.url, accessKey: key.accessKey, secretKey: key.secretKey }),
  };
}

function use(role: Role): void {
  active = workspaces[role] ??= workspace(role);
}

async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  return (await dispatch(appsHandlers as unknown as Handlers, ctx, name, input)) as CallOutput<N>;
}
async function refusal<N extends CallName>(name: N, input: CallInput<N>): Promise<ApiError> {
  try {
    await call(name, input);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`${name} succeeded`);
}
async function syncApps(): Promise<void> {
  await (ctx.extensions.get(SYNC_EXTENSION) as SyncCoordinator).run(['apps', 'activities']);
}

beforeAll(async () => {
  emu = await startEmulator({ seed: 11, days: 1, daily: 20, apps: 2 });
  dataDir = mkdtempSync(join(tmpdir(), 'onetap-apps-rt-'));
  ctx = createContext({ mode: 'cli', dataDir });
  ctx.extensions.set(WORKSPACES_EXTENSION, { active: () => active });
  ctx.extensions.set(SYNC_EXTENSION, new SyncCoordinator(ctx));
  use('admin');
  await syncApps();
});

afterAll(async () => {
  await (ctx?.extensions.get(SYNC_EXTENSION) as SyncCoordinator | undefined)?.stop();
  for (const w of Object.values(workspaces)) w.db.close();
  ctx?.consoleDb.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await emu?.close();
});

describe('review round trip against the emulator', () => {
  it('submit → start → reject → modify → pending again → start → approve → AppId shown', async () => {
    use('admin');
    expect(active.role).toBe('admin');
    const name = `往返测试 ${emu.seed}`;
    const created = await call('apps.create', {
      draft: {
        name,
        platform: 'android',
        packageName: 'com.example.roundtrip',
        packageSignature: '0a:1b:2c:3d:4e:5f:60:71:82:93:a4:b5:c6:d7:e8:f9',
        ipWhitelist: ['127.0.0.1'],
        rsaPublicKey: PEM,
        capabilities: ['login'],
      },
    });
    expect(created.confirmed).toBe(true);
    const id = created.id!;
    let row = (await call('apps.list', {})).items.find((r) => r.id === id)!;
    expect(row).toMatchObject({ status: 'pending', appId: null, actions: ['view', 'modify', 'delete'], pending: null });
    expect((await call('apps.get', { id })).app.packageSignature).toBe('0A1B2C3D4E5F60718293A4B5C6D7E8F9');

    // The reviewer's console learns of the app by its own sync.
    use('reviewer');
    await syncApps();
    expect(active.role).toBe('reviewer');
    row = (await call('apps.list', {})).items.find((r) => r.id === id)!;
    expect(row).toMatchObject({ status: 'pending', actions: ['view'], reviewActions: ['start'] });
    expect((await refusal('apps.update', { id, patch: { name: 'x' } })).code).toBe('FORBIDDEN');
    expect((await call('apps.review', { id, action: 'start' })).confirmed).toBe(true);
    expect((await call('apps.list', {})).items.find((r) => r.id === id)!.reviewActions).toEqual(['approve', 'reject']);
    await call('apps.review', { id, action: 'reject', reason: 'Android 应用签名与包名不匹配' });

    use('admin');
    await syncApps();
    let got = await call('apps.get', { id });
    expect(got.row).toMatchObject({ status: 'rejected', rejectReason: 'Android 应用签名与包名不匹配', actions: ['view', 'modify', 'delete'] });
    expect((await refusal('apps.review', { id, action: 'start' })).code).toBe('FORBIDDEN');
    const resubmitted = await call('apps.update', { id, patch: { ipWhitelist: ['127.0.0.1', '::1'] } });
    expect(resubmitted.confirmed).toBe(true);
    got = await call('apps.get', { id });
    expect(got.app.status).toBe('pending');
    expect(got.app.ipWhitelist).toEqual(['127.0.0.1', '::1']);

    use('reviewer');
    await syncApps();
    await call('apps.review', { id, action: 'start' });
    // In review: nobody may change it; the platform agrees with the console.
    use('admin');
    await syncApps();
    expect((await refusal('apps.update', { id, patch: { name: 'renamed' } })).code).toBe('APP_IN_REVIEW');
    expect((await refusal('apps.remove', { id, confirmName: name })).code).toBe('APP_IN_REVIEW');
    use('reviewer');
    await call('apps.review', { id, action: 'approve' });

    use('admin');
    await syncApps();
    got = await call('apps.get', { id });
    expect(got.app.status).toBe('approved');
    expect(got.app.appId).toBeTruthy();
    expect(got.row.appId).toBe(got.app.appId);
    expect(got.app.hasKey).toBe(true);
    const { appKey } = await call('apps.revealKey', { id });
    expect(appKey.length).toBeGreaterThan(8);
    // Outside Electron the key lives only in this process: after a restart (memory forgotten,
    // column NULL) the reveal asks the platform for this one app again and gets the same key.
    sealAppKey(active.db, ctx.secrets, got.app.id, null);
    expect(readAppKey(active.db, ctx.secrets, got.app.id)).toBeNull();
    expect((await call('apps.revealKey', { id })).appKey).toBe(appKey);
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
    expect(got.timeline.every((e) => e.source === 'activity')).toBe(true);

    // A reviewer's console cannot read activities: its timeline comes from the versions it saw.
    use('reviewer');
    await syncApps();
    const seen = await call('apps.get', { id });
    expect(seen.timeline.at(-1)).toMatchObject({ kind: 'approved', source: 'version' });
    expect(seen.app.hasKey).toBe(false);
  });

  it('a finance or auditor key sees the same apps read-only', async () => {
    for (const role of ['finance', 'auditor'] as const) {
      use(role);
      await syncApps();
      const list = await call('apps.list', {});
      expect(list.items.length).toBeGreaterThan(0);
      expect(list.access).toMatchObject({ role, manage: false, review: false });
      expect(list.items.every((r) => r.actions.join() === 'view' && r.reviewActions.length === 0)).toBe(true);
      const target = list.items.find((r) => r.status === 'approved') ?? list.items[0]!;
      expect((await refusal('apps.update', { id: target.id, patch: { name: 'nope' } })).code).toBe('FORBIDDEN');
      expect((await refusal('apps.remove', { id: target.id, confirmName: target.name })).code).toBe('FORBIDDEN');
    }
  });

  it('delete asks for the exact name, then the tombstone comes back by sync', async () => {
    use('admin');
    const { id } = await call('apps.create', {
      draft: { name: '待删除应用', platform: 'h5', origins: ['https://del.example'], ipWhitelist: ['127.0.0.1'], encryption: 'MD5' },
    });
    expect((await refusal('apps.remove', { id: id!, confirmName: '待删除' })).code).toBe('VALIDATION_FAILED');
    const r = await call('apps.remove', { id: id!, confirmName: '待删除应用' });
    expect(r.confirmed).toBe(true);
    expect((await call('apps.list', {})).items.some((x) => x.id === id)).toBe(false);
    expect((await call('apps.list', { includeDeleted: true })).items.find((x) => x.id === id)?.status).toBe('deleted');
    expect((await call('apps.get', { id: id! })).timeline.at(-1)?.kind).toBe('deleted');
  });
});
