/** The digest's message: what it counts, which alerts it names first, and what the webhook's data carries. */
import { expect, it } from 'vitest';
import type { Alert } from '../../../../shared/contract/alerts';
import { DIGEST_TOP, rankTold, type Told } from '../../../../shared/alerts/digest';
import { digestMessage, digestNotice } from './digest';

const alert = (id: number, rule: Alert['rule'], factor: number | null): Alert => ({
  id,
  rule,
  scope: { app: `app_${id}` },
  subject: {},
  state: 'open',
  since: Date.parse('2026-11-20T09:00:00+08:00'),
  resolvedAt: null,
  durationMs: null,
  lastNotifiedAt: null,
  notifications: 1,
  detail: `detail ${id}`,
  numbers: factor === null ? {} : { factor },
  topCodes: [],
  acknowledgedAt: null,
  snoozedUntil: null,
  link: { view: 'records', query: {} },
  deliveries: [],
});

// 9 notices: 5 new (spikes of several steepnesses and a review without any), 2 continuing, 2 resolved, told in this order.
const told: Told[] = [
  { kind: 'resolved', alert: alert(1, 'failureSpike', 9) },
  { kind: 'fired', alert: alert(2, 'failureSpike', 2) },
  { kind: 'repeated', alert: alert(3, 'codeSurge', 50) },
  { kind: 'fired', alert: alert(4, 'reviewPending', null) },
  { kind: 'fired', alert: alert(5, 'failureSpike', 7.5) },
  { kind: 'fired', alert: alert(6, 'codeSurge', 3) },
  { kind: 'resolved', alert: alert(7, 'volumeDrop', null) },
  { kind: 'repeated', alert: alert(8, 'failureSpike', 4) },
  { kind: 'fired', alert: alert(9, 'failureSpike', 2) },
];

it('names new alerts first, the steepest first, then continuing ones, then resolutions, else in the order told', () => {
  expect(rankTold(told).map((x) => x.alert.id)).toEqual([5, 6, 2, 9, 4, 3, 8, 1, 7]);
});

it('a robot digest: the counts, the top alerts, how many more; the data names every alert', () => {
  const m = digestMessage(told, 'en-US');
  expect(m.title).toBe('[Alert digest] 9 alerts');
  expect(m.lines[0]).toBe('Alert 5 · Still alerting 2 · Resolved 2');
  expect(m.lines.slice(1, 1 + DIGEST_TOP)).toEqual([
    'Alert · Failure-rate spike: detail 5',
    'Alert · Return code surge: detail 6',
    'Alert · Failure-rate spike: detail 2',
    'Alert · Failure-rate spike: detail 9',
    'Alert · Review overdue: detail 4',
  ]);
  expect(m.lines.at(-1)).toBe(`and ${9 - DIGEST_TOP} more: see the alerts inbox in onetap-console`);
  const data = m.data as { event: string; count: number; alerts: { id: number; event: string; since: string }[] };
  expect(data.event).toBe('digest');
  expect(data.count).toBe(9);
  expect(data.alerts.map((a) => [a.id, a.event])).toEqual(rankTold(told).map((x) => [x.alert.id, x.kind]));
  expect(data.alerts[0]!.since).toBe('2026-11-20T09:00:00.000+08:00');
  // In Chinese, and with nothing left over when all fit.
  const zh = digestMessage(told.slice(0, 4), 'zh-CN');
  expect(zh.title).toBe('[告警摘要] 4 条告警');
  expect(zh.lines).toHaveLength(5);
  expect(zh.lines[0]).toBe('告警 2 · 告警持续 1 · 已恢复 1');
});

it('a desktop digest names the top three and opens on the steepest', () => {
  const d = digestNotice(told, 'zh-CN');
  expect(d.title).toBe('[告警摘要] 9 条告警');
  expect(d.body.split('\n')).toEqual([
    '告警 5 · 告警持续 2 · 已恢复 2',
    '失败率突增: detail 5',
    '返回码激增: detail 6',
    '失败率突增: detail 2',
    '另有 6 条，请在 onetap-console 的告警收件箱查看',
  ]);
  expect(d.top.id).toBe(5);
});
