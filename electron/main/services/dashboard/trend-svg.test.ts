import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallOutput } from '../../../../shared/contract';
import type { DashboardSummary } from '../../../../shared/contract/dashboard';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { FIXTURE_NOW, loadDashboardExtras, loadFixture } from '../records/testing/fixture';
import { createTestContext, type TestContext } from '../testing/context';
import { rejection } from '../testing/rejection';

let t: TestContext;
let empty: TestContext;

beforeAll(() => {
  t = createTestContext({ now: FIXTURE_NOW });
  loadFixture(t.workspace.db);
  loadDashboardExtras(t.workspace.db);
  empty = createTestContext({ now: FIXTURE_NOW });
});
afterAll(() => {
  t.cleanup();
  empty.cleanup();
});

const input = (over: Partial<CallInput<'dashboard.trendSvg'>> = {}): CallInput<'dashboard.trendSvg'> => ({
  width: 640,
  height: 300,
  theme: 'light',
  labels: { total: '调用', successes: '成功', failures: '失败', partialDay: '今日未完' },
  font: '"Noto Sans SC", system-ui, sans-serif',
  ...over,
});
const trendSvg = (raw: unknown, ctx = t.ctx) => dispatch(handlers, ctx, 'dashboard.trendSvg', raw) as Promise<CallOutput<'dashboard.trendSvg'>>;
const summary = (app?: string) => dispatch(handlers, t.ctx, 'dashboard.summary', app ? { app } : {}) as Promise<DashboardSummary>;

describe('dashboard.trendSvg', () => {
  it("draws the summary's chart (its default app and the same days) at the given size, with the page's words", async () => {
    const s = await summary();
    const out = await trendSvg(input());
    expect(out?.appId).toBe(s.chart.app?.id);
    expect(out?.days).toEqual(s.chart.days);
    expect(out?.svg).toMatch(/^<svg width="640" height="300" /);
    for (const word of ['调用', '成功', '失败', '今日未完']) expect(out?.svg).toContain(word);
    // The x axis: the window's days as the live chart labels them (MM-DD).
    expect(out?.svg).toContain(`>${s.chart.days[0]!.date.slice(5)}<`);
  });

  it('draws another app on request (by appId), in the theme asked for', async () => {
    const s = await summary('B2000002');
    const light = await trendSvg(input({ app: 'B2000002' }));
    const dark = await trendSvg(input({ app: 'B2000002', theme: 'dark' }));
    expect(light?.appId).toBe(s.chart.app?.id);
    expect(light?.days).toEqual(s.chart.days);
    // The lines in each mode's outcome colours (shared/charts/palette.ts).
    expect(light?.svg).toContain('#12a150');
    expect(dark?.svg).toContain('#3dd68c');
    expect(dark?.svg).not.toContain('#12a150');
  });

  it('escapes the words it is given: a label cannot add markup to the page', async () => {
    const out = await trendSvg(input({ labels: { total: '<script>alert(1)</script>', successes: `"quoted" & 'single'`, failures: 'x', partialDay: '<b>' } }));
    expect(out?.svg).not.toContain('<script');
    expect(out?.svg).not.toContain('<b>');
    expect(out?.svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out?.svg).toMatch(/&quot;quoted&quot; &amp; (&#39;|')single(&#39;|')/);
  });

  it('answers null where there is no app to chart', async () => {
    expect(await trendSvg(input(), empty.ctx)).toBeNull();
  });

  it.each([
    [{ ...input(), width: 99 }, 'width'],
    [{ ...input(), width: 4097 }, 'width'],
    [{ ...input(), height: 300.5 }, 'height'],
    [{ ...input(), theme: 'sepia' }, 'theme'],
    [{ ...input(), labels: { ...input().labels, total: 'x'.repeat(65) } }, 'labels.total'],
    [{ ...input(), labels: { ...input().labels, partialDay: '' } }, 'labels.partialDay'],
    [{ ...input(), labels: { ...input().labels, extra: 'x' } }, 'labels'],
    [{ ...input(), font: 'a"></text><script>' }, 'font'],
  ])('refuses %j with INVALID_INPUT naming %s', async (raw, field) => {
    const e = await rejection(trendSvg(raw));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fields).toHaveProperty([field]);
  });

  it('refuses unknown keys', async () => {
    expect((await rejection(trendSvg({ ...input(), colour: 'red' }))).code).toBe('INVALID_INPUT');
  });
});
