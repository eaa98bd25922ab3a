/**
 * ECharts options of the billing view, built by pure functions from the contract's data (the
 * components only add the words and the theme), so the shapes can be tested without a canvas.
 */
import type { ChartOption } from '../../charts/echarts';

export interface TierInfo {
  from: number;
  to: number | null;
  unitPrice: string;
  count: number;
}

export interface TierFill {
  index: number;
  from: number;
  to: number | null;
  unitPrice: string;
  /** Calls charged in the tier so far. */
  count: number;
  /** Calls the forecast adds in the tier by month end. */
  projected: number;
  /** The tier's size on the chart (the open last tier is drawn as wide as the one before, or as what it holds). */
  width: number;
}

/** "(0, 10,000]" / "(250,000, ∞)": the tier's call ordinals, as the price table writes them. */
export function tierRange(t: { from: number; to: number | null }, locale: string): string {
  const f = new Intl.NumberFormat(locale);
  return t.to === null ? `(${f.format(t.from)}, ∞)` : `(${f.format(t.from)}, ${f.format(t.to)}]`;
}

export function tierFills(tiers: readonly TierInfo[], projectedTiers?: readonly { count: number }[] | null): TierFill[] {
  return tiers.map((t, i) => {
    const projectedTotal = Math.max(t.count, projectedTiers?.[i]?.count ?? t.count);
    const prev = tiers[i - 1];
    const nominal = t.to !== null ? t.to - t.from : prev && prev.to !== null ? prev.to - prev.from : 1;
    return {
      index: i,
      from: t.from,
      to: t.to,
      unitPrice: t.unitPrice,
      count: t.count,
      projected: projectedTotal - t.count,
      width: Math.max(nominal, projectedTotal, 1),
    };
  });
}

const pct = (n: number, of: number): number => Math.round((n / of) * 10_000) / 100;

export interface LadderLabels {
  charged: string;
  projected: string;
  remaining: string;
  tier: (fill: TierFill) => string;
  tooltip: (fill: TierFill) => string;
}

/**
 * One horizontal bar per tier, filled by the share of the tier the month has used (solid),
 * what the forecast adds by month end (light), and what is left (track). The tier the next
 * call falls in is marked, so "where the month stands" reads at a glance.
 */
export function tierLadderOption(fills: readonly TierFill[], currentIndex: number, labels: LadderLabels): ChartOption {
  const categories = fills.map((f) => `${f.index === currentIndex ? '▶ ' : ''}${labels.tier(f)}`);
  return {
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, data: [labels.charged, labels.projected] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = Array.isArray(params) ? (params[0] as { dataIndex?: number } | undefined) : undefined;
        const fill = fills[first?.dataIndex ?? -1];
        return fill ? labels.tooltip(fill) : '';
      },
    },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    yAxis: { type: 'category', inverse: true, data: categories, axisTick: { show: false } },
    series: [
      { name: labels.charged, type: 'bar', stack: 'tier', barWidth: 18, data: fills.map((f) => pct(f.count, f.width)) },
      { name: labels.projected, type: 'bar', stack: 'tier', data: fills.map((f) => pct(f.projected, f.width)), itemStyle: { opacity: 0.35 } },
      {
        name: labels.remaining,
        type: 'bar',
        stack: 'tier',
        silent: true,
        data: fills.map((f) => Math.max(0, 100 - pct(f.count, f.width) - pct(f.projected, f.width))),
        itemStyle: { color: 'rgba(128,128,128,0.12)' },
      },
    ],
  };
}

/** Pixels right of the plot for the tier boundary labels ("第 10,000 次", "call 250,000"). */
export const BOUNDARY_LABEL_SPACE = 84;

export interface ProgressDay {
  date: string;
  billable: number;
  charged: number;
  projected: boolean;
}

export interface ProgressLabels {
  billable: string;
  projected: string;
  cumulative: string;
  boundary: (from: number) => string;
}

/**
 * The month day by day: billable calls per day (projected days lighter) and the running total
 * of charged calls against the tier boundaries it crosses.
 */
export function monthProgressOption(days: readonly ProgressDay[], tiers: readonly { from: number }[], labels: ProgressLabels): ChartOption {
  let cum = 0;
  const cumulative = days.map((d) => (cum += d.charged));
  const top = Math.max(0, ...cumulative);
  // Boundaries up to the first one above the curve, so the next tier is always in view.
  const boundaries = tiers.map((t) => t.from).filter((f) => f > 0);
  const shown = boundaries.filter((b, i) => b <= top || i === boundaries.findIndex((x) => x > top));
  return {
    // The right margin holds the boundary labels, outside the plot, so they never sit on the bars.
    grid: { left: 8, right: BOUNDARY_LABEL_SPACE, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: [labels.billable, labels.projected, labels.cumulative] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
    // Axis names would repeat the legend; the boundary lines carry their own labels.
    yAxis: [
      { type: 'value', splitLine: { show: false } },
      { type: 'value', max: (v: { max: number }) => Math.max(v.max, ...shown) },
    ],
    series: [
      { name: labels.billable, type: 'bar', stack: 'day', data: days.map((d) => (d.projected ? null : d.billable)) },
      { name: labels.projected, type: 'bar', stack: 'day', data: days.map((d) => (d.projected ? d.billable : null)), itemStyle: { opacity: 0.35 } },
      {
        name: labels.cumulative,
        type: 'line',
        yAxisIndex: 1,
        // Above the bars, so the boundary labels stay readable.
        z: 5,
        showSymbol: false,
        data: cumulative,
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', opacity: 0.6 },
          label: { position: 'end', fontSize: 11, formatter: (p: { value?: unknown }) => labels.boundary(Number(p.value)) },
          data: shown.map((b) => ({ yAxis: b })),
        },
      },
    ],
  };
}
