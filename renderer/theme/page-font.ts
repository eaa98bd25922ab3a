/**
 * The page's font list (base.css), for text ECharts draws: on the live chart's canvas (the registered
 * themes, echarts-themes.ts) and in the host's first frame of the dashboard's trend
 * (DashboardTrendChart.vue). A canvas needs a real family: given 'inherit' it rejected the font and
 * drew and measured every label in its default 10px sans-serif, parsing the rejected font again for
 * each text it measured. Free of ECharts: the dashboard's first view reads it without loading the library.
 */
export function pageFontFamily(): string {
  if (typeof document === 'undefined' || !document.body) return 'sans-serif';
  return getComputedStyle(document.body).fontFamily || 'sans-serif';
}
