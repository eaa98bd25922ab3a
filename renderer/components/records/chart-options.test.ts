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

  it("marks today's partial day: three lines, each faded over today's segment, shaded and labelled", () => {
    const days = [
      { date: '2026-11-12', calls: 9, successes: 8, failures: 1 },
      { date: '2026-11-13', calls: 10, successes: 8, failures: 2 },
      { date: '2026-11-14', calls: 12, successes: 9, failures: 3 },
      { date: '2026-11-15', calls: 3, successes: 3, failures: 0 },
    ];
    type Stop = { offset: number; color: string };
    type Line = Series & { color: string; lineStyle?: { color: { type: string; x: number; x2: number; y: number; y2: number; colorStops: Stop[] } } };
    type Shade = { markArea?: { label: { formatter: string; show: boolean }; data: { xAxis: string }[][] } };
    const o = callsTrendOption(days, { total: 'T', successes: 'S', failures: 'F' }, colors, { date: '2026-11-15', label: 'today so far' });
    const series = (o as { series: (Line & Shade)[] }).series;
    // One series per line: today's point is drawn by the same series as the full days.
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['T', [9, 10, 12, 3]],
      ['S', [8, 8, 9, 3]],
      ['F', [1, 2, 3, 0]],
    ]);
    for (const s of series) {
      const g = s.lineStyle!.color;
      // Left to right across the line (it spans the axis: no boundary gap), full colour up to
      // yesterday's point, 3 of the 4 days' width (3 gaps of 3), today's segment faded.
      expect([g.type, g.x, g.y, g.x2, g.y2]).toEqual(['linear', 0, 0, 1, 0]);
      expect((o as { xAxis: { boundaryGap: boolean } }).xAxis.boundaryGap).toBe(false);
      const full = g.colorStops.filter((c) => c.color === s.color).map((c) => c.offset);
      const faded = g.colorStops.filter((c) => c.color !== s.color);
      expect(full).toEqual([0, 2 / 3]);
      expect(faded.map((c) => c.offset)).toEqual([2 / 3, 1]);
      // The same hue, a third of its strength (an independent reading of the hex colour).
      const hex = s.color.slice(1);
      const rgb = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ');
      for (const c of faded) expect(c.color).toBe(`rgba(${rgb}, 0.35)`);
    }
    expect(series[0]!.markArea?.label).toMatchObject({ show: true, formatter: 'today so far' });
    expect(series[0]!.markArea?.data[0]!.map((p) => p.xAxis)).toEqual(['11-14', '11-15']);
    expect(series.slice(1).map((s) => s.markArea)).toEqual([undefined, undefined]);
    // A last day that is not today is a full day: nothing marked.
    const past = (
      callsTrendOption(days, { total: 'T', successes: 'S', failures: 'F' }, colors, { date: '2026-11-16', label: 'x' }) as { series: (Line & Shade)[] }
    ).series;
    expect(past).toHaveLength(3);
    expect(past.map((s) => [s.lineStyle, s.markArea])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
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
