/** Browser-mode notifications: one per alert for a few, one digest (opening the inbox) for many. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Router } from 'vue-router';
import type { Alert } from '../../../shared/contract/alerts';
import { DIGEST_FROM } from '../../../shared/alerts/digest';
import { browserNotifier } from './browser-notifier';

interface Shown {
  title: string;
  body: string;
  tag: string;
  onclick: (() => void) | null;
  close: () => void;
}
let shown: Shown[];

beforeEach(() => {
  shown = [];
  class FakeNotification {
    static permission = 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, opts: { body: string; tag: string }) {
      shown.push(Object.assign(this, { title, body: opts.body, tag: opts.tag, close: () => {} }) as unknown as Shown);
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  vi.stubGlobal('window', { Notification: FakeNotification, focus: () => {} });
});
afterEach(() => vi.unstubAllGlobals());

const alert = (id: number, factor: number): Alert => ({
  id,
  rule: 'failureSpike',
  scope: { app: `app_${id}` },
  subject: {},
  state: 'open',
  since: 0,
  resolvedAt: null,
  durationMs: null,
  lastNotifiedAt: 0,
  notifications: 1,
  detail: '',
  numbers: { factor },
  topCodes: [],
  acknowledgedAt: null,
  snoozedUntil: null,
  link: { view: 'records', query: { app: `app_${id}` } },
  deliveries: [],
});

const setUp = () => {
  const pushed: unknown[] = [];
  const router = { push: (to: unknown) => (pushed.push(to), Promise.resolve()) } as unknown as Router;
  const notify = browserNotifier(router, {
    title: (a) => `spike ${a.id}`,
    body: (a) => `×${String(a.numbers.factor)}`,
    digestTitle: (n) => `${n} alerts`,
    digestMore: (n) => `${n} more`,
  });
  return { pushed, notify };
};

it(`fewer than ${DIGEST_FROM}: one notification each, opening its view`, () => {
  const { pushed, notify } = setUp();
  notify([alert(1, 2), alert(2, 3)]);
  expect(shown.map((n) => [n.title, n.body, n.tag])).toEqual([
    ['spike 1', '×2', 'onetap-alert-1'],
    ['spike 2', '×3', 'onetap-alert-2'],
  ]);
  shown[1]!.onclick!();
  expect(pushed).toEqual([{ path: '/records', query: { app: 'app_2' } }]);
});

it(`from ${DIGEST_FROM}: one digest naming the steepest three and how many more, opening the inbox`, () => {
  const { pushed, notify } = setUp();
  notify([alert(1, 2), alert(2, 9), alert(3, 4), alert(4, 1.5), alert(5, 6)]);
  expect(shown).toHaveLength(1);
  expect(shown[0]).toMatchObject({ title: '5 alerts', body: 'spike 2: ×9\nspike 5: ×6\nspike 3: ×4\n2 more', tag: 'onetap-alert-digest' });
  shown[0]!.onclick!();
  expect(pushed).toEqual([{ path: '/alerts' }]);
});

it('nothing without permission', () => {
  (Notification as unknown as { permission: string }).permission = 'denied';
  setUp().notify([alert(1, 2)]);
  expect(shown).toEqual([]);
});
