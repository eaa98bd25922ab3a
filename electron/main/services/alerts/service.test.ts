/**
 * The alerts service end to end under Node: each robot's message checked by a loopback
 * receiver implementing its documented verification, retries with backoff, delivery that
 * never holds up the caller, quiet hours, repeats, acknowledgement, desktop notifications.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract';
import { DIGEST_FROM, DIGEST_TOP } from '../../../../shared/alerts/digest';
import { DESKTOP_EXTENSION_KEYS, type DesktopNotice } from '../core/capabilities';
import { dispatch } from '../core/dispatch';
import { KEY_FILE_NAME, KEY_FILE_PREFIX } from '../core/key-file-sealer';
import { handlers } from '../handlers';
import { syncStateRepo } from '../store/sync-state-repo';
import { createTestContext, type TestContext } from '../testing/context';
import { startRobotReceiver, type RobotReceiver } from './channels/testing/robot-receiver';
import { memorySecretStore } from '../core/secrets';
import { appsWriter } from '../store/apps-repo';
import { platformApp } from './testing/apps';
import { episodesRepo } from './episodes-repo';
import { rulesRepo } from './rules-repo';
import { ALERTS_EXTENSION, AlertsService } from './service';

const NOW = Date.parse('2026-11-16T12:00:00+08:00');
const SECRET = 'SEC0123456789abcdef';
const TOKEN = 'tok_0123456789abcdef0123';

let t: TestContext;
let svc: AlertsService;
let rx: RobotReceiver;
const call = (name: string, input: unknown = {}) => dispatch(handlers, t.ctx, name, input);

beforeEach(async () => {
  t = createTestContext({ now: NOW });
  rx = await startRobotReceiver({ secret: SECRET, token: TOKEN, now: () => t.clock.now() });
  svc = new AlertsService(t.ctx, { delivery: { attempts: 4, baseMs: 30, maxMs: 200, timeoutMs: 2000 } });
  t.ctx.extensions.set(ALERTS_EXTENSION, svc);
  // Only the sync rule is on: its condition is set by hand below.
  for (const r of rulesRepo(t.workspace.db).all()) rulesRepo(t.workspace.db).put({ ...r, enabled: r.rule === 'syncStale' }, NOW);
});

afterEach(async () => {
  await svc.stop();
  await rx.close();
  t.cleanup();
});

const stale = () => syncStateRepo(t.workspace.db).succeeded('records', t.clock.now() - 3 * 3_600_000);

describe('channels', () => {
  it.each([
    ['dingtalk', true],
    ['wecom', false],
    ['feishu', true],
    ['webhook', true],
  ] as const)('%s: the test message passes the robot’s own verification', async (kind, signed) => {
    const ch = (await call('alerts.channelAdd', { kind, url: rx.urls[kind], ...(signed ? { secret: SECRET } : {}), name: `team-${kind}` })) as {
      url: string;
      secretAvailable: boolean;
    };
    expect(ch.url).not.toContain(TOKEN);
    expect(ch.secretAvailable).toBe(true);
    const r = (await call('alerts.channelTest', { name: `team-${kind}` })) as { ok: boolean; attempts: number };
    expect(r).toMatchObject({ ok: true, attempts: 1 });
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]).toMatchObject({ robot: kind, verified: true });
    expect(JSON.stringify(rx.received[0]!.body)).toContain('team-');
  });

  it('a wrong secret is refused by the robot and not retried; a missing channel is NOT_FOUND', async () => {
    await call('alerts.channelAdd', { kind: 'dingtalk', url: rx.urls.dingtalk, secret: 'wrong', name: 'bad' });
    const r = (await call('alerts.channelTest', { name: 'bad' })) as { ok: boolean; attempts: number; error: string };
    expect(r).toMatchObject({ ok: false, attempts: 1 });
    expect(r.error).toContain('310000');
    await expect(call('alerts.channelTest', { name: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' } satisfies Partial<ApiError>);
    await expect(call('alerts.channelAdd', { kind: 'sms', url: rx.urls.dingtalk })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('alerts.channelAdd', { kind: 'webhook', url: 'ftp://x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('a failing webhook is retried with backoff until it answers', async () => {
    await call('alerts.channelAdd', { kind: 'webhook', url: rx.urls.webhook, secret: SECRET, name: 'hook' });
    rx.failNext(2);
    const r = (await call('alerts.channelTest', { name: 'hook' })) as { ok: boolean; attempts: number; ms: number };
    expect(r).toMatchObject({ ok: true, attempts: 3 });
    expect(r.ms).toBeGreaterThanOrEqual(30 + 60);
    expect(rx.hits()).toBe(3);
  });

  it('secrets are kept like platform secrets: never in the console database in plain text', async () => {
    await call('alerts.channelAdd', { kind: 'feishu', url: rx.urls.feishu, secret: SECRET, name: 'fs' });
    const dump = JSON.stringify(t.ctx.consoleDb.prepare('SELECT * FROM alert_channels').all());
    expect(dump).not.toContain(SECRET);
    const list = (await call('alerts.channels')) as { items: { name: string; secretStored: boolean; secretAvailable: boolean }[] };
    // Outside Electron (this context is the CLI's) the secret is sealed with the console's key file, owner-only.
    expect(list.items).toEqual([expect.objectContaining({ name: 'fs', secretStored: true, secretAvailable: true })]);
    const sealed = t.ctx.consoleDb.prepare("SELECT secret_sealed FROM alert_channels WHERE name = 'fs'").pluck().get() as string;
    expect(sealed.startsWith(KEY_FILE_PREFIX)).toBe(true);
    const keyFile = join(t.ctx.dataDir, KEY_FILE_NAME);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(dump).not.toContain(readFileSync(keyFile, 'utf8').trim());
    // Bound to its channel: the same ciphertext moved to another channel's row does not open.
    t.ctx.consoleDb.prepare("UPDATE alert_channels SET name = 'other' WHERE name = 'fs'").run();
    const moved = (await call('alerts.channels')) as { items: { name: string; secretAvailable: boolean }[] };
    expect(moved.items).toEqual([expect.objectContaining({ name: 'other', secretAvailable: false })]);
  });
});

describe('notifications', () => {
  it('fires once, delivers without holding up the evaluation, and shows the result on the alert', async () => {
    await call('alerts.channelAdd', { kind: 'webhook', url: rx.urls.webhook, secret: SECRET, name: 'hook' });
    await call('alerts.ruleSet', { rule: 'syncStale', enabled: true, channels: ['hook'] });
    await svc.flush();
    stale();
    rx.failNext(100);
    const before = rx.hits();
    // The evaluation is synchronous and returns with the delivery still queued: no request has
    // reached the receiver (which is set to fail and would be retried with backoff).
    const { fired } = svc.evaluate();
    expect(rx.hits()).toBe(before);
    const [open] = episodesRepo(t.workspace.db).inbox({ state: 'open', limit: 10, offset: 0 }, t.clock.now()).items;
    expect(open!.deliveries).toMatchObject([{ channel: 'hook', status: 'pending', event: 'fired' }]);
    // What the evaluation tells of it (made as written, not read back) is what reading it gives.
    expect(fired).toEqual([open]);
    await svc.flush();
    expect(rx.hits() - before).toBe(4);
    const after = episodesRepo(t.workspace.db).alert(open!.id)!;
    expect(after.deliveries).toMatchObject([{ status: 'failed', attempts: 4 }]);
    expect(after.deliveries[0]!.error).toContain('503');
    // Evaluated again: the same episode, no second firing.
    svc.evaluate();
    await svc.flush();
    expect(rx.hits() - before).toBe(4);
    expect((await call('alerts.history')) as { events: unknown[] }).toMatchObject({ events: [{ kind: 'fired', rule: 'syncStale' }] });
  });

  it('tells each fired alert with the deliveries just recorded for it, as reading it back gives them', async () => {
    await call('alerts.channelAdd', { kind: 'webhook', url: rx.urls.webhook, secret: SECRET, name: 'hook' });
    // A channel that was removed: its delivery fails at once.
    await call('alerts.ruleSet', { rule: 'syncStale', enabled: true, channels: ['hook', 'gone'] });
    await svc.flush();
    stale();
    const changed: { fired: unknown[] }[] = [];
    t.ctx.events.subscribe((name, payload) => name === 'alerts.changed' && changed.push(payload as { fired: unknown[] }));
    const { fired } = svc.evaluate();
    const read = episodesRepo(t.workspace.db).alert(fired[0]!.id)!;
    expect(read.deliveries).toMatchObject([
      { channel: 'hook', status: 'pending', attempts: 0, error: null },
      { channel: 'gone', status: 'failed', attempts: 0, error: 'no channel named gone' },
    ]);
    expect(fired).toEqual([read]);
    expect(changed[0]!.fired).toEqual([read]);
    await svc.flush();
  });

  describe('a digest for many at once', () => {
    /** `n` apps in review since a week before NOW: the review rule opens one episode each. */
    const inReview = (n: number) =>
      t.workspace.db.transaction(() =>
        appsWriter(t.workspace.db, memorySecretStore()).upsert(
          Array.from({ length: n }, (_, i) => platformApp(`app-${i}`, 'reviewing', NOW - 7 * 86_400_000)),
          NOW,
        ),
      )();
    const setUp = async () => {
      const shown: DesktopNotice[] = [];
      t.ctx.extensions.set(DESKTOP_EXTENSION_KEYS.notify, (n: DesktopNotice) => (shown.push(n), true));
      await call('alerts.channelAdd', { kind: 'dingtalk', url: rx.urls.dingtalk, secret: SECRET, name: 'ding' });
      await call('alerts.channelAdd', { kind: 'webhook', url: rx.urls.webhook, secret: SECRET, name: 'hook' });
      await call('alerts.ruleSet', { rule: 'syncStale', enabled: false });
      await call('alerts.ruleSet', { rule: 'reviewPending', enabled: true, channels: ['ding', 'hook'] });
      await svc.flush();
      return shown;
    };

    it(`from ${DIGEST_FROM} alerts in one evaluation, one desktop notification and one message per robot, every alert with its delivery`, async () => {
      const shown = await setUp();
      const opened: unknown[] = [];
      t.ctx.events.subscribe((name, payload) => name === 'alerts.open' && opened.push(payload));
      inReview(DIGEST_TOP + 2);
      const { fired } = svc.evaluate();
      expect(fired).toHaveLength(DIGEST_TOP + 2);
      await svc.flush();
      // One message per robot, each passing the robot's own verification.
      expect(rx.received.map((r) => [r.robot, r.verified])).toEqual([
        ['dingtalk', true],
        ['webhook', true],
      ]);
      const ding = JSON.stringify(rx.received[0]!.body);
      expect(ding).toContain(`[告警摘要] ${DIGEST_TOP + 2} 条告警`);
      expect(ding).toContain('另有 2 条');
      // The webhook's data names every alert.
      const data = rx.received[1]!.body as { event: string; count: number; alerts: { id: number; event: string; rule: string; detail: string }[] };
      expect(data).toMatchObject({ event: 'digest', count: DIGEST_TOP + 2 });
      expect(data.alerts.map((a) => a.id).sort((x, y) => x - y)).toEqual(fired.map((a) => a.id).sort((x, y) => x - y));
      expect(data.alerts.every((a) => a.event === 'fired' && a.rule === 'reviewPending')).toBe(true);
      // One desktop notification; clicking it opens the inbox.
      expect(shown).toHaveLength(1);
      expect(shown[0]!.title).toBe(`[告警摘要] ${DIGEST_TOP + 2} 条告警`);
      shown[0]!.onClick?.();
      expect(opened).toEqual([{ id: expect.any(Number), link: { view: 'alerts', query: {} } }]);
      // Every alert shows its delivery to each channel, with the digest's result.
      for (const a of fired) {
        expect(a.deliveries.map((d) => [d.channel, d.status])).toEqual([
          ['ding', 'pending'],
          ['hook', 'pending'],
        ]);
        expect(
          episodesRepo(t.workspace.db)
            .alert(a.id)!
            .deliveries.map((d) => [d.channel, d.status, d.attempts]),
        ).toEqual([
          ['ding', 'sent', 1],
          ['hook', 'sent', 1],
        ]);
      }
    });

    it(`fewer than ${DIGEST_FROM}: each told on its own`, async () => {
      const shown = await setUp();
      inReview(DIGEST_FROM - 1);
      const { fired } = svc.evaluate();
      await svc.flush();
      expect(shown).toHaveLength(DIGEST_FROM - 1);
      expect(rx.received).toHaveLength(2 * (DIGEST_FROM - 1));
      expect(rx.received.every((r) => r.verified)).toBe(true);
      const hooked = rx.received.filter((r) => r.robot === 'webhook').map((r) => (r.body as { event: string; alert: { id: number } }).alert.id);
      expect(hooked.sort((x, y) => x - y)).toEqual(fired.map((a) => a.id).sort((x, y) => x - y));
    });
  });

  it('quiet hours hold the notification until they end; repeats stop once acknowledged', async () => {
    const shown: DesktopNotice[] = [];
    t.ctx.extensions.set(DESKTOP_EXTENSION_KEYS.notify, (n: DesktopNotice) => (shown.push(n), true));
    const opened: unknown[] = [];
    t.ctx.events.subscribe((name, payload) => name === 'alerts.open' && opened.push(payload));
    await call('alerts.channelAdd', { kind: 'dingtalk', url: rx.urls.dingtalk, secret: SECRET, name: 'ding' });
    await call('alerts.ruleSet', { rule: 'syncStale', channels: ['ding'], quietHours: { from: '11:30', to: '12:30' }, repeatMinutes: 30 });
    await svc.flush();
    stale();
    svc.evaluate();
    await svc.flush();
    const inbox = () => episodesRepo(t.workspace.db).inbox({ state: 'all', limit: 10, offset: 0 }, t.clock.now());
    expect(inbox().items).toHaveLength(1);
    expect(rx.received).toHaveLength(0);
    expect(shown).toHaveLength(0);

    t.clock.advance(31 * 60_000); // 12:31: quiet hours over
    stale();
    svc.evaluate();
    await svc.flush();
    expect(rx.received.map((r) => r.verified)).toEqual([true]);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toContain('数据同步滞后或失败');
    // The detail in the console's language too (the stored line is English, for the CLI and the webhook's data).
    expect(shown[0]!.body).toMatch(/^本地数据已 \d+ 分钟未更新（上限 60 分钟）$/);
    expect(JSON.stringify(rx.received[0]!.body)).toContain('本地数据已');
    expect(JSON.stringify(rx.received[0]!.body)).not.toContain('local data is');
    shown[0]!.onClick?.();
    expect(opened).toEqual([{ id: inbox().items[0]!.id, link: { view: 'settings', query: {} } }]);

    t.clock.advance(10 * 60_000);
    svc.evaluate();
    await svc.flush();
    expect(rx.received).toHaveLength(1);
    t.clock.advance(25 * 60_000); // 30 min since the last notification
    svc.evaluate();
    await svc.flush();
    expect(rx.received).toHaveLength(2);
    expect(JSON.stringify(rx.received[1]!.body)).toContain('告警持续');

    await call('alerts.acknowledge', { id: inbox().items[0]!.id });
    expect(((await call('alerts.inbox')) as { counts: { open: number; attention: number } }).counts).toEqual({ open: 1, attention: 0 });
    t.clock.advance(60 * 60_000);
    svc.evaluate();
    await svc.flush();
    expect(rx.received).toHaveLength(2);

    // Fresh data: the episode resolves and the robot hears the end of it.
    syncStateRepo(t.workspace.db).succeeded('records', t.clock.now());
    const check = (await call('alerts.check')) as { open: unknown[] };
    expect(check.open).toEqual([]);
    await svc.flush();
    expect(rx.received).toHaveLength(3);
    expect(JSON.stringify(rx.received[2]!.body)).toContain('已恢复');
    expect(inbox().items[0]).toMatchObject({ state: 'resolved', durationMs: t.clock.now() - NOW });
  });

  it('a snooze silences the repeats and the bell until it ends, then the repeats come back', async () => {
    await call('alerts.channelAdd', { kind: 'dingtalk', url: rx.urls.dingtalk, secret: SECRET, name: 'ding' });
    await call('alerts.ruleSet', { rule: 'syncStale', channels: ['ding'], repeatMinutes: 30 });
    stale();
    svc.evaluate();
    await svc.flush();
    expect(rx.received).toHaveLength(1);
    const id = episodesRepo(t.workspace.db).inbox({ state: 'all', limit: 10, offset: 0 }, t.clock.now()).items[0]!.id;
    const counts = async () => ((await call('alerts.inbox')) as { counts: { open: number; attention: number } }).counts;
    expect(await counts()).toEqual({ open: 1, attention: 1 });

    await call('alerts.snooze', { id, minutes: 90 });
    expect(await counts()).toEqual({ open: 1, attention: 0 });
    for (let i = 0; i < 2; i++) {
      t.clock.advance(40 * 60_000); // past the 30-minute repeat, twice, within the snooze
      stale();
      svc.evaluate();
      await svc.flush();
    }
    expect(rx.received).toHaveLength(1);

    t.clock.advance(15 * 60_000); // 95 minutes: the snooze is over
    stale();
    svc.evaluate();
    await svc.flush();
    expect(await counts()).toEqual({ open: 1, attention: 1 });
    expect(rx.received).toHaveLength(2);
    expect(JSON.stringify(rx.received[1]!.body)).toContain('告警持续');
  });

  it('alerts.check returns the exact CLI shape', async () => {
    stale();
    const out = await call('alerts.check');
    expect(out).toEqual({ open: [{ rule: 'syncStale', scope: {}, since: '2026-11-16T12:00:00.000+08:00', detail: expect.stringContaining('min old') }] });
  });

  it('rule changes are validated: unknown thresholds and bad quiet hours are refused', async () => {
    await expect(call('alerts.ruleSet', { rule: 'failureSpike', params: { nope: 1 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('alerts.ruleSet', { rule: 'failureSpike', params: { factor: 0.5 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(call('alerts.ruleSet', { rule: 'failureSpike', quietHours: { from: '25:00', to: '08:00' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const r = (await call('alerts.ruleSet', { rule: 'failureSpike', params: { factor: 4 }, scope: { apps: ['A1'], operators: ['CUCC'] } })) as {
      params: Record<string, number>;
    };
    expect(r.params).toMatchObject({ factor: 4, windowMinutes: 30, minCalls: 100 });
    const all = (await call('alerts.rules')) as { items: { rule: string; params: Record<string, number> }[] };
    expect(all.items.find((x) => x.rule === 'failureSpike')!.params.factor).toBe(4);
  });
});
