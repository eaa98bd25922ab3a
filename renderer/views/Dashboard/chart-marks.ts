/**
 * The performance marks the dashboard's trend chart leaves on the page's timeline: when its drawing
 * starts (the cards painted, ECharts about to be set up) and when ECharts reported it drawn. The
 * first-view benchmark reads them to show the chart's own share of "URL → dashboard drawn".
 */
export const CHART_MARKS = {
  start: 'onetap:dashboard-chart-start',
  drawn: 'onetap:dashboard-chart-drawn',
} as const;
