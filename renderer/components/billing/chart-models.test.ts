import { describe, expect, it } from 'vitest';
import { quote } from '../../../shared/billing';
import { monthProgressOption, tierFills, tierLadderOption, tierRange } from './chart-models';

describe('billing chart models', () => {
  it('writes tier ranges as the price table does', () => {
    expect(tierRange({ from: 0, to: 10_000 }, 'en-US')).toBe('(0, 10,000]');
    expect(tierRange({ from: 250_000, to: null }, 'zh-CN')).toBe('(250,000, ∞)');
  });

  it('fills each tier by what the month used and what the forecast adds', () => {
    const now = quote(30_000).tiers;
    const projected = quote(70_000).tiers;
    const fills = tierFills(now, projected);
    expect(fills.map((f) => [f.count, f.projected, f.width])).toEqual([
      [10_000, 0, 10_000],
      [20_000, 20_000, 40_000],
      [0, 20_000, 200_000],
      // The open last tier is drawn as wide as the one before.
      [0, 0, 200_000],
    ]);
    const option = tierLadderOption(fills, 1, { charged: 'c', projected: 'p', remaining: 'r', tier: (f) => `T${f.index}`, tooltip: () => '' }) as {
      yAxis: { data: string[] };
      series: { data: number[] }[];
    };
    expect(option.yAxis.data).toEqual(['T0', '▶ T1', 'T2', 'T3']);
    expect(option.series[0]!.data).toEqual([100, 50, 0, 0]);
    expect(option.series[1]!.data).toEqual([0, 50, 10, 0]);
    expect(option.series[2]!.data).toEqual([0, 0, 90, 100]);
  });

  it('draws a last tier that holds more than the one before at full width', () => {
    const fills = tierFills(quote(700_000).tiers);
    expect(fills[3]).toMatchObject({ count: 450_000, width: 450_000 });
  });

  it('plots days against the tier boundaries the month reaches, and the next one', () => {
    const days = [
      { date: '2026-11-01', billable: 6_000, charged: 6_000, projected: false },
      { date: '2026-11-02', billable: 6_000, charged: 6_000, projected: true },
    ];
    const option = monthProgressOption(days, [{ from: 0 }, { from: 10_000 }, { from: 50_000 }, { from: 250_000 }], {
      billable: 'b',
      projected: 'p',
      cumulative: 'c',
      boundary: (n) => String(n),
    }) as { xAxis: { data: string[] }; series: { data: (number | null)[]; markLine?: { data: { yAxis: number }[] } }[] };
    expect(option.xAxis.data).toEqual(['11-01', '11-02']);
    expect(option.series[0]!.data).toEqual([6_000, null]);
    expect(option.series[1]!.data).toEqual([null, 6_000]);
    expect(option.series[2]!.data).toEqual([6_000, 12_000]);
    expect(option.series[2]!.markLine!.data).toEqual([{ yAxis: 10_000 }, { yAxis: 50_000 }]);
    // The boundary labels sit right of the plot (in the grid's margin), never over the bars.
    const full = option as unknown as { grid: { right: number }; series: { markLine?: { label: { position: string } } }[] };
    expect(full.series[2]!.markLine!.label.position).toBe('end');
    expect(full.grid.right).toBeGreaterThanOrEqual(80);
  });
});
