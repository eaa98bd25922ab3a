import { computed, type ComputedRef } from 'vue';
import { useSettingsStore } from '../stores/settings';
import { CHART_THEME_NAMES } from './chart-theme-names';

/** The registered ECharts theme name for the mode on screen: `<VChart :theme="chartTheme" />`. */
export function useChartTheme(): ComputedRef<string> {
  const settings = useSettingsStore();
  return computed(() => CHART_THEME_NAMES[settings.effectiveTheme]);
}
