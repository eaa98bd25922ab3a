/** The dashboard trend's first frame, drawn by the host (DashboardTrendChart.vue). */
import type { DashboardSummary } from '../../../shared/contract/dashboard';

/**
 * How long the chart waits for the host's frame (from asking) before it draws itself live, as it
 * did before there was a frame: the host warms its drawing up as it starts (warm-first-view.ts) and
 * answers in tens of milliseconds; a host that takes longer is busy, and the page's own ECharts
 * is then the surer way to the chart on screen.
 */
export const FRAME_WAIT_MS = 400;

type Days = DashboardSummary['chart']['days'];

/** The frame was drawn from the days the page shows (the summary's): same dates, same counts. */
export function sameDays(a: Days, b: Days): boolean {
  return (
    a.length === b.length &&
    a.every((d, i) => {
      const e = b[i]!;
      return d.date === e.date && d.calls === e.calls && d.successes === e.successes && d.failures === e.failures;
    })
  );
}
