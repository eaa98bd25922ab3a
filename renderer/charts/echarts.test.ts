// @vitest-environment happy-dom
/**
 * The full ECharts of the other areas (echarts.ts) draws every option they build, including the
 * theme's scrolling legend, which the dashboard's line-chart base leaves out.
 */
import { describe, expect, it } from 'vitest';
import './echarts';
import { outcomeBarsOption, outcomeColors, paretoOption } from '../components/records/chart-options';
import { drawSvg } from './testing/draw-svg';

const rows = Array.from({ length: 40 }, (_, i) => ({ calls: 10 + i, successes: 9 + i, failures: 1, successRate: 0.9 }));

describe('full ECharts (statistics, codes, billing)', () => {
  it('draws bars with zoom and the scrolling legend without anything missing', () => {
    const categories = rows.map((_, i) => `c${i}`);
    const { svg, complaints } = drawSvg(
      outcomeBarsOption(categories, rows, { successes: '成功', failures: '失败', successRate: '成功率' }, outcomeColors('light'), { zoom: true }),
    );
    expect(complaints).toEqual([]);
    expect(svg).toContain('成功率');
  });

  it('draws a Pareto of many groups (a legend that scrolls)', () => {
    const groups = Array.from({ length: 12 }, (_, g) => ({ key: `g${g}`, label: `分组${g}`, byCode: [3, 2, 1] }));
    const data = {
      codes: [
        { resultCode: '10500', carrierCode: '103111', failures: 36, cumulativeShare: 0.5 },
        { resultCode: '10501', carrierCode: '', failures: 24, cumulativeShare: 0.83 },
        { resultCode: '10502', carrierCode: '', failures: 12, cumulativeShare: 1 },
      ],
      other: 0,
      total: 72,
      groups,
    };
    const labels = { failures: '失败', cumulative: '累计', other: '其他', group: (_key: string, label: string) => label };
    const { complaints } = drawSvg(paretoOption(data, labels, outcomeColors('dark')));
    expect(complaints).toEqual([]);
  });
});
