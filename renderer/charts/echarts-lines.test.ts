// @vitest-environment happy-dom
/**
 * The dashboard draws with the line-chart ECharts only (echarts-lines.ts): its option must need
 * nothing that build leaves out. Rendered server-side to SVG (no canvas here); ECharts reports an
 * unregistered series or component on the console, or throws, and either fails the test.
 */
import { describe, expect, it } from 'vitest';
import './echarts-lines';
import { callsTrendOption, outcomeBarsOption, outcomeColors } from '../components/records/chart-options';
import { drawSvg as draw } from './testing/draw-svg';
import { LINE_CHARTS_EVALUATED_MARK } from './marks';

const days = Array.from({ length: 5 }, (_, i) => ({ date: `2026-12-0${i + 1}`, calls: 10 * (i + 1), successes: 9 * (i + 1), failures: i + 1 }));

describe('line-chart ECharts (the dashboard’s)', () => {
  it('leaves its mark on the page once evaluated (the first-view benchmark reads it)', () => {
    expect(performance.getEntriesByName(LINE_CHARTS_EVALUATED_MARK, 'mark')).toHaveLength(1);
  });

  it('draws the dashboard trend, partial day shaded, without anything missing', () => {
    const labels = { total: '调用', successes: '成功', failures: '失败' };
    const { svg, complaints } = draw(callsTrendOption(days, labels, outcomeColors('light'), { date: '2026-12-05', label: '今日未完' }));
    expect(complaints).toEqual([]);
    expect(svg).toContain('<path'); // the lines
    expect(svg).toContain('今日未完'); // the mark area's label
    expect(svg).toContain('调用'); // the legend
  });

  it("draws today's segment faded on each line, and the legend in the lines' full colours", () => {
    const colors = outcomeColors('light');
    const { svg, complaints } = draw(
      callsTrendOption(days, { total: '调用', successes: '成功', failures: '失败' }, colors, { date: '2026-12-05', label: '今日未完' }),
    );
    expect(complaints).toEqual([]);
    const gradients = new Map([...svg.matchAll(/<linearGradient[^>]*id="([^"]+)"[^>]*>([\s\S]*?)<\/linearGradient>/g)].map((m) => [m[1]!, m[2]!]));
    const strokes = [...svg.matchAll(/<path[^>]*stroke="([^"]+)"[^>]*>/g)].map((m) => m[1]!);
    for (const color of [colors.total, colors.success, colors.failure]) {
      const rgb = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16)).join(',');
      // One line drawn in a gradient: full colour over the first four days (3 of 4 gaps), faded after.
      const used = [...gradients].filter(([id, stops]) => stops.includes(color) && strokes.includes(`url(#${id})`));
      expect(used).toHaveLength(1);
      const stops = [...used[0]![1].matchAll(/<stop offset="([\d.]+)%" stop-color="([^"]+)"(?: stop-opacity="([\d.]+)")?/g)].map((m) => [m[1], m[2], m[3]]);
      expect(stops).toEqual([
        ['0', color, undefined],
        ['75', color, undefined],
        ['75', `rgb(${rgb})`, '0.35'],
        ['100', `rgb(${rgb})`, '0.35'],
      ]);
      // The legend's line: the plain colour.
      expect(svg).toMatch(new RegExp(`<path d="M0 4L14 4"[^>]*stroke="${color}"`));
    }
  });

  it('draws its text in a real font (a canvas rejects "inherit" and falls back to 10px)', () => {
    const { svg } = draw(callsTrendOption(days, { total: '调用', successes: '成功', failures: '失败' }, outcomeColors('light')));
    expect(svg).not.toContain('inherit');
  });

  it('is not enough for bars (those come with echarts.ts)', () => {
    const rows = days.map((d) => ({ calls: d.calls, successes: d.successes, failures: d.failures, successRate: 0.9 }));
    const { complaints } = draw(
      outcomeBarsOption(['a', 'b', 'c', 'd', 'e'], rows, { successes: 's', failures: 'f', successRate: 'r' }, outcomeColors('light')),
    );
    expect(complaints.length).toBeGreaterThan(0);
  });
});
