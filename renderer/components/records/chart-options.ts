/**
 * ECharts options of the records, statistics, dashboard and code screens, built by pure
 * functions from the contract's data (components add the words and the theme's colours), so
 * every chart shows exactly the numbers of the table beside it and can be tested without a canvas.
 * The dashboard's trend and the outcome colours are shared with the host (shared/charts/trend-option.ts).
 */
import type { ChartOption } from '../../charts/echarts';
import { type CountsRow, type OutcomeColors } from '../../../shared/charts/trend-option';

export { callsTrendOption, outcomeColors, type OutcomeColors } from '../../../shared/charts/trend-option';

/**
 * Statistics: successes and failures stacked per category (day or hour), the success rate as a
 * line on a 0–100 % axis. Clicking a bar reports its category index (the view drills into it).
 */
export function outcomeBarsOption(
  categories: readonly string[],
  rows: readonly CountsRow[],
  labels: { successes: string; failures: string; successRate: string },
  colors: OutcomeColors,
  opts: { zoom?: boolean } = {},
): ChartOption {
  const zoom = opts.zoom === true && categories.length > 31;
  return {
    legend: { data: [labels.successes, labels.failures, labels.successRate] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 8, top: 36, bottom: zoom ? 56 : 8, containLabel: true },
    xAxis: { type: 'category', data: [...categories] },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    ...(zoom ? { dataZoom: [{ type: 'slider', start: 0, end: 100 }, { type: 'inside' }] } : {}),
    series: [
      { name: labels.successes, type: 'bar', stack: 'calls', color: colors.success, data: rows.map((r) => r.successes), barMaxWidth: 28 },
      { name: labels.failures, type: 'bar', stack: 'calls', color: colors.failure, data: rows.map((r) => r.failures), barMaxWidth: 28 },
      {
        name: labels.successRate,
        type: 'line',
        yAxisIndex: 1,
        color: colors.rate,
        showSymbol: false,
        connectNulls: false,
        data: rows.map((r) => (r.successRate === null || r.successRate === undefined ? null : Math.round(r.successRate * 10_000) / 100)),
      },
    ],
  };
}

export interface ParetoData {
  codes: { resultCode: string; carrierCode: string; failures: number; cumulativeShare: number }[];
  other: number;
  total: number;
  groups: { key: string; label: string; byCode: number[] }[];
}

/** The bar label of a failure code: the carrier code under its platform code ("10500/103111"). */
export function codeLabel(c: { resultCode: string; carrierCode: string }): string {
  return c.carrierCode ? `${c.resultCode}/${c.carrierCode}` : c.resultCode;
}

/**
 * Pareto: failures per code, most frequent first (stacked by group when split), and the
 * cumulative share as a line on a 0–100 % axis; the codes beyond the top N form one last bar.
 */
export function paretoOption(
  data: ParetoData,
  labels: { failures: string; cumulative: string; other: string; group: (key: string, label: string) => string },
  colors: OutcomeColors,
): ChartOption {
  const categories = data.codes.map(codeLabel);
  const withOther = data.other > 0;
  if (withOther) categories.push(labels.other);
  const cumulative = data.codes.map((c) => Math.round(c.cumulativeShare * 10_000) / 100);
  if (withOther) cumulative.push(100);
  interface Bar {
    name: string;
    type: 'bar';
    stack?: string;
    color?: string;
    barMaxWidth: number;
    data: (number | null)[];
  }
  const bars: Bar[] =
    data.groups.length > 0
      ? data.groups.map((g) => ({
          name: labels.group(g.key, g.label),
          type: 'bar',
          stack: 'failures',
          // '*' is the groups folded together: quiet like the folded codes.
          ...(g.key === '*' ? { color: colors.other } : {}),
          barMaxWidth: 36,
          data: withOther ? [...g.byCode, null] : [...g.byCode],
        }))
      : [{ name: labels.failures, type: 'bar', stack: 'failures', color: colors.failure, barMaxWidth: 36, data: data.codes.map((c) => c.failures) }];
  // The folded rest is one neutral bar, whatever the split.
  if (withOther)
    bars.push({ name: labels.other, type: 'bar', stack: 'failures', color: colors.other, barMaxWidth: 36, data: [...data.codes.map(() => null), data.other] });
  return {
    legend: { data: [...bars.map((b) => b.name), labels.cumulative] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: categories.length > 8 ? 30 : 0, interval: 0 } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [...bars, { name: labels.cumulative, type: 'line', yAxisIndex: 1, color: colors.rate, data: cumulative, symbolSize: 6 }],
  };
}
