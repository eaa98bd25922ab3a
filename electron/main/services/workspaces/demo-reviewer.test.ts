/**
 * The demo's reviewer (审核员（演示）) through the contract, against the real in-process
 * emulator: the demo lists no reviewer key, switching to the reviewer offers the review actions
 * the status rules allow, approving the app stuck in review (审核中 超时) and rejecting a pending
 * one go to the emulator with its reviewer key, and the admin sees both after the sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, type CallName, type CallOutput } from '../../../../shared/contract';
import { emulatorKeys } from '../../../../emulator/keys';
import { bootServices, type Booted } from '../boot';
import { manualClock } from '../core/clock';
import { createContext } from '../core/create-context';
import type { ServiceContext } from '../core/context';
import { memorySecretStore } from '../core/secrets';
import type { Handler } from '../core/dispatch';
import { appsHandlers } from '../apps/handlers';
import { syncHandlers } from '../sync/handlers';
import { DEMO_SEED } from './demo';
import { demoStarter } from './demo-emulator';
import { workspacesHandlers } from './handlers';

// A Wednesday noon in Shanghai: the demo's app in review has waited past one working day.
const T0 = Date.parse('2026-11-18T04:00:00Z');
const handlers = { ...syncHandlers, ...workspacesHandlers, ...appsHandlers } as Record<string, Handler<CallName>>;

let ctx: ServiceContext;
let booted: Booted;
let dir: string;

async function call<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> {
  const parsed = calls[name].input.parse(input);
  const out = await handlers[name]!(ctx, parsed as never, new AbortController().signal);
  return calls[name].output.parse(out) as CallOutput<N>;
}

async function failure(name: CallName, input: unknown): Promise<{ code: string }> {
  try {
    await call(name, input);
  } catch (e) {
    return e as { code: string };
  }
  throw new Error(`${name} succeeded`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-demo-reviewer-'));
  ctx = createContext({ mode: 'cli', dataDir: dir, clock: manualClock(T0), secrets: memorySecretStore() });
  booted = await bootServices(ctx, {
    testing: { startDemo: demoStarter({ daily: 60, apps: 3 }), client: { timeoutMs: 3000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } } },
  });
  expect((await call('sync.run', {})).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await booted?.shutdown();
  ctx?.consoleDb.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the demo reviewer', () => {
  it('is offered on the demo only, and its key is never listed', async () => {
    const list = await call('workspaces.list', {});
    const demo = list.items.find((w) => w.id === 'demo')!;
    expect(demo.demoRole).toBe('admin');
    expect(list.items.find((w) => w.id === 'demo-aliyun')!.demoRole).toBeNull();
    const reviewer = emulatorKeys(DEMO_SEED).find((k) => k.role === 'reviewer')!;
    const text = JSON.stringify(list);
    expect(text).not.toContain(reviewer.accessKey);
    expect(text).not.toContain(reviewer.secretKey);
  });

  it('lets the reviewer decide the app stuck in review and reject a pending one; the admin sees both after the sync', async () => {
    const before = await call('apps.list', {});
    expect(before.access).toMatchObject({ role: 'admin', manage: true, review: false });
    const stuck = before.items.find((r) => r.status === 'reviewing')!;
    const pending = before.items.find((r) => r.status === 'pending')!;
    expect(stuck).toBeDefined();
    expect(stuck.overdue).toBe(true); // 审核中 超时
    expect(stuck.reviewActions).toEqual([]);
    // The admin cannot review.
    expect((await failure('apps.review', { id: stuck.id, action: 'approve' })).code).toBe('FORBIDDEN');

    const switched = await call('workspaces.demoRole', { role: 'reviewer' });
    expect(switched).toMatchObject({ id: 'demo', demoRole: 'reviewer', role: 'admin' });
    const asReviewer = await call('apps.list', {});
    expect(asReviewer.access).toMatchObject({ role: 'reviewer', manage: false, review: true });
    const row = asReviewer.items.find((r) => r.id === stuck.id)!;
    // A timed-out review may end as the seeds' rules allow a review to end: approved or rejected.
    expect(row.reviewActions.sort()).toEqual(['approve', 'reject']);
    expect(row.actions).not.toContain('modify');
    expect(asReviewer.items.find((r) => r.id === pending.id)!.reviewActions).toEqual(['start']);
    // A reviewer manages nothing.
    expect((await failure('apps.remove', { id: pending.id, confirmName: pending.name })).code).toBe('FORBIDDEN');

    const approved = await call('apps.review', { id: stuck.id, action: 'approve' });
    expect(approved.confirmed).toBe(true);
    expect(approved.app?.status).toBe('approved');
    await call('apps.review', { id: pending.id, action: 'start' });
    const rejected = await call('apps.review', { id: pending.id, action: 'reject', reason: '应用签名与包名不匹配' });
    expect(rejected.confirmed).toBe(true);

    await call('workspaces.demoRole', { role: 'admin' });
    await call('sync.run', {});
    const after = await call('apps.list', {});
    expect(after.access.role).toBe('admin');
    const a = after.items.find((r) => r.id === stuck.id)!;
    expect(a).toMatchObject({ status: 'approved', overdue: false });
    expect(a.appId).toMatch(/\S/);
    const r = after.items.find((x) => x.id === pending.id)!;
    expect(r).toMatchObject({ status: 'rejected', rejectReason: '应用签名与包名不匹配' });
    // The admin may resubmit a rejected app (modify) again.
    expect(r.actions).toContain('modify');
    const detail = await call('apps.get', { id: stuck.id });
    expect(detail.timeline.map((e) => e.kind)).toContain('approved');
    const rejectedDetail = await call('apps.get', { id: pending.id });
    expect(rejectedDetail.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['reviewStarted', 'rejected']));
  });

  it('is refused on a workspace that is not the demo platform', async () => {
    await call('workspaces.activate', { id: 'demo-aliyun' });
    expect((await failure('workspaces.demoRole', { role: 'reviewer' })).code).toBe('UNSUPPORTED');
    await call('workspaces.activate', { id: 'demo' });
  });
});
