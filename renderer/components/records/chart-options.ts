/**
 * ECharts options of the records, statistics, dashboard and code screens, built by pure
 * functions from the contract's data (components add the words and the theme's colours), so
 * every chart shows exactly the numbers of the table beside it and can be tested without a canvas.
 */
import type { ChartOption } from '../../charts/echarts';
import { palette } from '../../theme/palette';
import type { ThemeMode } from '../../theme/resolve-theme';

export interface OutcomeColors {
  total: string;
  success: string;
  failure: string;
  rate: string;
  /** Anything folded together ("other"): quiet, so it never reads as a failure colour. */
  other: string;
}

/** Success green and failure red mean the same thing on every chart, in both modes. */
export function outcomeColors(mode: ThemeMode): OutcomeColors {
  const p = palette[mode];
  return { total: p.primary, success: p.success, failure: p.error, rate: p.warning, other: p.textMuted };
}

interface CountsRow {
  calls: number;
  successes: number;
  failures: number;
  successRate?: number | null;
}

/** How much of its colour today's segment keeps: the same line, plainly not finished. */
const PARTIAL_ALPHA = 0.35;

/** `#rrggbb` at `alpha`. */
function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * A line's colour along x: full up to `from` (0–1 of the line's width), faded after it (hard colour
 * stops). ECharts takes one line style per series: the dashed last segment it used to draw needed a
 * second series per line (six to draw three), each with its own data, layout and drawing on the way
 * to the dashboard's first view. Dashes cannot be drawn by colour stops along x (on a steep segment
 * they run together); a fade can.
 */
function fadedFrom(color: string, from: number) {
  const faded = translucent(color, PARTIAL_ALPHA);
  const colorStops = [
    { offset: 0, color },
    { offset: from, color },
    { offset: from, color: faded },
    { offset: 1, color: faded },
  ];
  return { type: 'linear' as const, x: 0, y: 0, x2: 1, y2: 0, colorStops };
}

/**
 * Dashboard: one app's last month, total / successes / failures as lines. When the last day is
 * `partial.date` (today, still counting), its segment is faded and shaded with `partial.label`, so
 * the drop at the end reads as "not over yet" rather than as a collapse.
 */
export function callsTrendOption(
  days: readonly ({ date: string } & CountsRow)[],
  labels: { total: string; successes: string; failures: string },
  colors: OutcomeColors,
  partial?: { date: string; label: string },
): ChartOption {
  const cut = partial && days.length >= 2 && days[days.length - 1]!.date === partial.date ? days.length - 1 : null;
  const x = days.map((d) => d.date.slice(5));
  // The line spans the axis from the first day to the last (no boundary gap), so yesterday sits at
  // this share of its width. ECharts places a gradient on the line's box with its stroke (a pixel
  // or two either side): the fade starts within that of yesterday's point.
  const from = cut === null ? null : (cut - 1) / cut;
  const line = (name: string, color: string, data: number[], withShade = false) => ({
    name,
    type: 'line' as const,
    color,
    showSymbol: false,
    emphasis: { focus: 'series' as const },
    data,
    ...(from === null ? {} : { lineStyle: { color: fadedFrom(color, from) } }),
    ...(withShade && cut !== null && partial
      ? {
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(128, 128, 128, 0.08)' },
            label: { show: true, position: 'insideTopRight' as const, formatter: partial.label },
            data: [[{ xAxis: x[cut - 1]! }, { xAxis: x[cut]! }]] as [{ xAxis: string }, { xAxis: string }][],
          },
        }
      : {}),
  });
  return {
    // The home screen's chart appears with its data at once: ECharts' default entry animation (1 s
    // of lines growing) kept the month's shape from the user for a second after the page was there.
    // Updates (a live refresh, another app) still animate.
    animationDuration: 0,
    // Plain: three names always fit, and the line-chart ECharts the dashboard loads has no scrolling legend.
    // The legend's line in each series' own colour ('auto'), not in its line's fade across today.
    legend: { type: 'plain', data: [labels.total, labels.successes, labels.failures], lineStyle: { color: 'auto' } },
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: x },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      line(
        labels.total,
        colors.total,
        days.map((d) => d.calls),
        true,
      ),
      line(
        labels.successes,
        colors.success,
        days.map((d) => d.successes),
      ),
      line(
        labels.failures,
        colors.failure,
        days.map((d) => d.failures),
      ),
    ],
  };
}

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
