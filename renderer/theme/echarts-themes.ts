/**
 * Two ECharts themes, registered once, that match naive-ui's light and dark modes. Charts pick
 * one by name (`useChartTheme()`).
 */
import { registerTheme } from 'echarts/core';
import { chartTheme } from '../../shared/charts/chart-theme';
import { CHART_THEME_NAMES } from './chart-theme-names';
import { pageFontFamily } from './page-font';

export { CHART_THEME_NAMES, chartTheme };

let registered = false;
export function registerChartThemes(): void {
  if (registered) return;
  const font = pageFontFamily();
  registerTheme(CHART_THEME_NAMES.light, chartTheme('light', font));
  registerTheme(CHART_THEME_NAMES.dark, chartTheme('dark', font));
  registered = true;
}
