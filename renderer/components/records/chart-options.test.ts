import { describe, expect, it } from 'vitest';
import { callsTrendOption, codeLabel, outcomeBarsOption, outcomeColors, paretoOption } from './chart-options';

const colors = outcomeColors('light');

type Series = { name: string; data: (number | null)[]; yAxisIndex?: number; stack?: string };
const seriesOf = (o: unknown): Series[] => (o as { series: Series[] }).series;

describe('chart options', () => {
  it('puts the dashboard numbers on the chart as they are', () => {
    const o = callsTrendOption(
      [
        { date: '2026-11-14', calls: 10, successes: 8, failures: 2 },
        { date: '2026-11-15', calls: 4, successes: 4, failures: 0 },
      ],
      { total: 'T', successes: 'S', failures: 'F' },
      colors,
    );
    expect(seriesOf(o).map((s) => [s.name, s.data])).toEqual([
      ['T', [10, 4]],
      ['S', [8, 4]],
      ['F', [2, 0]],
    ]);
    expect((o as { xAxis: { data: string[] } }).xAxis.data).toEqual(['11-14', '11-15']);
  });

  it('draws the dashboard trend at once (no entry animation) and keeps animating updates', () => {
    const o = callsTrendOption([{ date: '2026-11-14', calls: 1, successes: 1, failures: 0 }], { total: 'T', successes: 'S', failures: 'F' }, colors) as {
      animation?: boolean;
      animationDuration?: number;
      animationDurationUpdate?: number;
    };
    expect(o.animationDuration).toBe(0);
    expect(o.animation).not.toBe(false);
    expect(o.animationDurationUpdate).toBeUndefined();
  });

  it("marks today's partial day: its segment dashed and shaded, the full days solid", () => {
    const days = [
      { date: '2026-11-13', calls: 10, successes: 8, failures: 2 },
      { date: '2026-11-14', calls: 12, successes: 9, failures: 3 },
      { date: '2026-11-15', calls: 3, successes: 3, failures: 0 },
    ];
    const o = callsTrendOption(days, { total: 'T', successes: 'S', failures: 'F' }, colors, { date: '2026-11-15', label: 'today so far' });
    const series = (o as { series: (Series & { lineStyle?: { type: string }; markArea?: { label: { formatter: string }; data: { xAxis: string }[][] } })[] })
      .series;
    expect(series.map((s) => s.name)).toEqual(['T', 'T', 'S', 'S', 'F', 'F']);
    expect(series[0]!.data).toEqual([10, 12, null]);
    expect(series[1]!.data).toEqual([null, 12, 3]);
    expect(series[1]!.lineStyle?.type).toBe('dashed');
    expect(series[0]!.lineStyle).toBeUndefined();
    expect(series[1]!.markArea?.label.formatter).toBe('today so far');
    expect(series[1]!.markArea?.data[0]!.map((p) => p.xAxis)).toEqual(['11-14', '11-15']);
    // A last day that is not today is a full day: nothing marked.
    const past = callsTrendOption(days, { total: 'T', successes: 'S', failures: 'F' }, colors, { date: '2026-11-16', label: 'x' });
    expect(seriesOf(past)).toHaveLength(3);
  });

  it('stacks successes and failures and draws the success rate in percent, gaps for days without calls', () => {
    const o = outcomeBarsOption(
      ['a', 'b'],
      [
        { calls: 4, successes: 3, failures: 1, successRate: 0.75 },
        { calls: 0, successes: 0, failures: 0, successRate: null },
      ],
      { successes: 'S', failures: 'F', successRate: 'R' },
      colors,
    );
    const [s, f, r] = seriesOf(o);
    expect(s!.stack).toBe(f!.stack);
    expect(r!.data).toEqual([75, null]);
    expect(r!.yAxisIndex).toBe(1);
  });

  it('orders the Pareto bars as given, adds the folded rest, and ends the cumulative line at 100 %', () => {
    const data = {
      codes: [
        { resultCode: '10500', carrierCode: '103111', failures: 6, cumulativeShare: 0.6 },
        { resultCode: '10105', carrierCode: '', failures: 3, cumulativeShare: 0.9 },
      ],
      other: 1,
      total: 10,
      groups: [],
    };
    const o = paretoOption(data, { failures: 'F', cumulative: 'C', other: 'O', group: (_k, l) => l }, colors);
    expect((o as { xAxis: { data: string[] } }).xAxis.data).toEqual(['10500/103111', '10105', 'O']);
    const series = seriesOf(o);
    expect(series.at(-1)!.data).toEqual([60, 90, 100]);
    expect(series.find((s) => s.name === 'O')!.data).toEqual([null, null, 1]);
    expect(codeLabel({ resultCode: '10105', carrierCode: '' })).toBe('10105');
  });

  it('stacks one bar series per group when the Pareto is split', () => {
    const data = {
      codes: [{ resultCode: '10500', carrierCode: '1', failures: 5, cumulativeShare: 1 }],
      other: 0,
      total: 5,
      groups: [
        { key: 'CMCC', label: 'CMCC', byCode: [3] },
        { key: 'CUCC', label: 'CUCC', byCode: [2] },
      ],
    };
    const series = seriesOf(paretoOption(data, { failures: 'F', cumulative: 'C', other: 'O', group: (k) => `op ${k}` }, colors));
    expect(series.map((s) => s.name)).toEqual(['op CMCC', 'op CUCC', 'C']);
    expect(series[0]!.stack).toBe('failures');
  });
});
