/**
 * The console's ECharts theme of each mode, matching naive-ui's light and dark modes. Plain data, no
 * ECharts: the page registers it (renderer/theme/echarts-themes.ts) and the host draws the dashboard's
 * trend with it (electron/main/services/dashboard/trend-svg.ts), so both draw alike. `fontFamily`: a
 * real family list (a canvas rejects 'inherit').
 */
import { palette, seriesColors, type ThemeMode } from './palette';

export function chartTheme(mode: ThemeMode, fontFamily = 'sans-serif'): Record<string, unknown> {
  const p = palette[mode];
  const axis = {
    axisLine: { show: true, lineStyle: { color: p.border } },
    axisTick: { show: false, lineStyle: { color: p.border } },
    axisLabel: { color: p.textMuted },
    splitLine: { show: true, lineStyle: { color: p.gridLine } },
    splitArea: { show: false },
    nameTextStyle: { color: p.textMuted },
  };
  return {
    color: [...seriesColors[mode]],
    // Transparent so a chart takes the colour of the card it sits on.
    backgroundColor: 'transparent',
    textStyle: { color: p.textSecondary, fontFamily },
    // ECharts 6 centres the title and puts the legend at the bottom; a console reads better with
    // the title top-left and the legend top-right, leaving the bottom to a dataZoom slider.
    title: {
      left: 0,
      top: 0,
      textStyle: { color: p.text, fontWeight: 600, fontSize: 14 },
      subtextStyle: { color: p.textMuted },
    },
    legend: {
      type: 'scroll',
      top: 0,
      right: 0,
      left: 'auto',
      bottom: 'auto',
      itemWidth: 14,
      itemHeight: 8,
      textStyle: { color: p.textSecondary },
      pageTextStyle: { color: p.textMuted },
      pageIconColor: p.textSecondary,
      pageIconInactiveColor: p.border,
      inactiveColor: p.border,
    },
    tooltip: {
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
      axisPointer: { lineStyle: { color: p.textMuted }, crossStyle: { color: p.textMuted } },
    },
    // With a slider dataZoom, a chart sets `grid.bottom` to about 56 to make room for it.
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    categoryAxis: { ...axis, splitLine: { show: false } },
    valueAxis: { ...axis, axisLine: { show: false } },
    timeAxis: { ...axis, splitLine: { show: false } },
    logAxis: axis,
    line: { symbol: 'circle', symbolSize: 5, smooth: false, lineStyle: { width: 2 } },
    bar: { itemStyle: { borderRadius: [3, 3, 0, 0] } },
    pie: {
      itemStyle: { borderColor: p.surface, borderWidth: 2 },
      label: { color: p.textSecondary, textBorderWidth: 0, textBorderColor: 'transparent' },
    },
    dataZoom: {
      bottom: 8,
      height: 24,
      borderColor: p.border,
      textStyle: { color: p.textMuted },
      fillerColor: mode === 'dark' ? 'rgba(91,140,255,0.18)' : 'rgba(47,107,255,0.12)',
      handleStyle: { color: p.surface, borderColor: p.primary },
      moveHandleStyle: { color: p.border },
      dataBackground: { lineStyle: { color: p.border }, areaStyle: { color: p.gridLine } },
    },
    markLine: { lineStyle: { color: p.textMuted }, label: { color: p.textSecondary } },
    // A marked period is a quiet band behind the data, not a block in the series' colour.
    markArea: {
      itemStyle: { color: mode === 'dark' ? 'rgba(255,255,255,0.06)' : 'rgba(31,35,41,0.05)' },
      label: { color: p.textMuted },
    },
  };
}
