/**
 * The dashboard's trend chart option (one app's last month) and the outcome colours every chart
 * shares, built by pure functions from the contract's data. Shared: the page draws this option live
 * with ECharts, and the host draws the same option once to SVG as the chart's first frame
 * (electron/main/services/dashboard/trend-svg.ts), so both are the same chart.
 */
import type { ComposeOption } from 'echarts/core';
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkAreaComponentOption, TooltipComponentOption } from 'echarts/components';
import { palette, type ThemeMode } from './palette';

/** What the trend's option uses of ECharts (the line-chart build: echarts-lines-core.ts, trend-svg.ts). */
export type TrendOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | MarkAreaComponentOption>;

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

export interface CountsRow {
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
): TrendOption {
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
