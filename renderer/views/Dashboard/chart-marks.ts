/**
 * The performance marks the dashboard's trend chart leaves on the page's timeline: when its drawing
 * starts (the host's frame asked for at the box's first layout, or else the live ECharts chart set up)
 * and when it is drawn (the frame in the page's next paint, or ECharts' first paint). The first-view
 * benchmark reads them to show the chart's own share of "URL → dashboard drawn".
 */
export const CHART_MARKS = {
  start: 'onetap:dashboard-chart-start',
  drawn: 'onetap:dashboard-chart-drawn',
} as const;
/**
 * The Element Timing identifier on the first KPI card's figure (`elementtiming`): the browser reports
 * when that text was first painted, which the first-view benchmark reads as the card's own paint. On
 * the figure, not the card: Chromium times text on the block that holds it, so the card's `section`
 * itself would never be reported.
 */
export const FIRST_CARD_TIMING = 'onetap:dashboard-first-card';
